"""The French and Spanish catalogues are complete and sound: every message translated, none fuzzy, the same
placeholders as the English, and msgfmt accepts them. (Pages rendered in each language are checked for English
left behind in ``tests/test_languages.py``.)"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")


def catalogue(code: str) -> polib.POFile:
    path = LOCALE / code / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing: run `make messages` and translate it"
    return polib.pofile(str(path))


def label(entry: polib.POEntry) -> str:
    where = ", ".join(f"{file}:{line}" for file, line in entry.occurrences[:2])
    return f"{entry.msgid[:70]!r} ({where})"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    po = catalogue(code)
    untranslated = [label(entry) for entry in po.untranslated_entries()]
    fuzzy = [label(entry) for entry in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {code}:\n" + "\n".join(untranslated[:40])
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {code} (check them, then drop the flag):\n" + "\n".join(fuzzy[:40])
    assert po.metadata.get("Language") == code


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code):
    wrong = []
    for entry in catalogue(code).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        found = [sorted(PLACEHOLDER.findall(text)) for text in (entry.msgstr_plural or {0: entry.msgstr}).values()]
        if entry.msgid_plural:
            # a plural's singular may say "one" instead of the count; every other placeholder stays
            found = [[name for name in names if name != "count"] for names in found]
            expected = [name for name in expected if name != "count"]
        if any(names != expected for names in found):
            wrong.append(label(entry))
    assert not wrong, f"placeholders differ in {code}:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("code", TRANSLATED)
def test_msgfmt_accepts_the_catalogue(code):
    path = LOCALE / code / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
