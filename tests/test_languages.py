"""Every page of the route table, opened in French and in Spanish by a user who may see it, has no English
interface text left: none of the catalogue's English messages appears in the page's text or in its labels
(aria-label, title, placeholder). Data stays as it was typed (names, the toolkit's English edition), so the
messages looked for are the interface's own.

The pages are the route table's (``tests/test_route_access.py``), with its demo country and users.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import models
from django.test import Client

from tests.helpers.project import project_app_configs
from tests.test_route_access import (  # noqa: F401 - world is the route table's fixture
    ADMINISTRATOR,
    EXPECTED,
    MANAGER,
    ROUTES,
    Page,
    url_of,
    world,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates, pytest.mark.crawl]

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>|<[^>]+>", re.S)
LABELS = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')
# Interface fragments that are also data the product shows as typed (the demo's names, the toolkit's English
# edition), so finding them proves nothing: each with the reason.
SAME_IN_BOTH: dict[str, str] = {}


def _fragments(msgid: str) -> list[str]:
    """The literal parts of a message long enough to be unmistakably the interface's own words."""
    parts = (part.strip(" .,:;·…—-()") for part in PLACEHOLDER.split(msgid))
    return [part for part in parts if len(part) >= 12 and " " in part]


@cache
def english_messages(code: str) -> tuple[str, ...]:
    po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
    found: set[str] = set()
    for entry in po.translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for fragment in _fragments(msgid):
                if fragment not in SAME_IN_BOTH and not any(fragment in text for text in translations):
                    found.add(fragment)
    return tuple(sorted(found, key=len, reverse=True))


@cache
def data_strings() -> tuple[str, ...]:
    """Every text the records hold (the demo country's English names and notes, the toolkit's English edition):
    data is shown as typed, so it is taken out of a page before looking for the interface's English."""
    found: set[str] = set()
    for config in project_app_configs():
        for model in config.get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
            for row in model._base_manager.values_list(*fields) if fields else ():
                found.update(" ".join(value.split()) for value in row if value and len(value) >= 4)
    return tuple(sorted(found, key=len, reverse=True))


def visible_text(content: str) -> str:
    labels = " ".join(LABELS.findall(content))
    text = " ".join(html.unescape(f"{TAGS.sub(' ', content)} {labels}").split())
    for value in data_strings():
        if value in text:
            text = text.replace(value, " ")
    return text


# Swagger UI's page is the API's documentation, generated from the schema in English like the API's keys.
NOT_INTERFACE = {"api-docs": "the API documentation (Swagger UI), English like the schema it shows"}
PAGES = sorted(
    name
    for name, access in EXPECTED.items()
    if isinstance(access, Page)
    and access.read
    and {ADMINISTRATOR, MANAGER} & access.read
    and name in ROUTES
    and name not in NOT_INTERFACE
)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_english_is_left_on_the_page(world, name, code):  # noqa: F811 - the imported fixture
    access = EXPECTED[name]
    reader = ADMINISTRATOR if ADMINISTRATOR in access.read else MANAGER
    client = Client(HTTP_ACCEPT_LANGUAGE=code)
    client.force_login(world.users[reader])
    url, _obj = url_of(world, ROUTES[name], access)
    response = client.get(url)
    assert response.status_code in {200, 302}, f"{url}: {response.status_code}"
    if response.status_code == 302 or not response["Content-Type"].startswith("text/html"):
        return
    assert response["Content-Language"] == code
    content = response.content.decode()
    if "<html" in content:  # a whole page; an htmx fragment (the header's bell) is part of one
        assert f'<html lang="{code}"' in content
    text = visible_text(content)
    left = [fragment for fragment in english_messages(code) if fragment in text]
    assert not left, f"{url} in {code} still says, in English:\n" + "\n".join(left[:20])
