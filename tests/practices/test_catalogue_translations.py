"""Official editions in other languages: the catalogue file may carry a practice's text in French or Spanish
with its source named; the loader checks it against the English (same parts, same steps, a known language)
and loads it, and the practice page shows it to a reader of that language, with the English a click away.
The product ships none: without one, the page says the text is the English edition."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from practices.catalogue import DEFAULT_PATH, load_catalogue, parse_catalogue
from practices.models import Practice, PracticeTranslation
from shrhub.models import Preferences
from shrhub.roles import Role

from .test_load_catalogue import find_practice

KEY = "2016-a-security-working-group"
SOURCE = "Relever les défis de sécurité et de droits humains dans des environnements complexes (2016), 1.1.a"


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(Path(DEFAULT_PATH).read_text(encoding="utf-8"))


def with_translation(raw, **translation):
    data = copy.deepcopy(raw)
    _, _, item = find_practice(data, KEY)
    item["translations"] = {"fr": translation}
    return data


def french(item) -> dict:
    return {
        "source": SOURCE,
        "heading": "Créer un groupe de travail sur la sécurité",
        "steps": {step["key"]: f"Étape : {step['key']}" for step in item["steps"]},
    }


def test_the_shipped_catalogue_holds_no_translation(db):
    load_catalogue()
    assert not PracticeTranslation.objects.exists()


def test_a_translation_is_loaded_with_its_source_and_replaced_in_place(raw, db):
    _, _, item = find_practice(raw, KEY)
    spec, problems = parse_catalogue(with_translation(raw, **french(item)))
    assert not problems
    report = load_catalogue(spec)
    assert report.counts["translations"]["created"] == 1
    translation = PracticeTranslation.objects.get(practice__key=KEY, language="fr")
    assert translation.source == SOURCE
    step = Practice.objects.get(key=KEY).steps.order_by("order").first()
    assert translation.step_text(step) == f"Étape : {step.key}"
    assert not load_catalogue(spec).changed
    spec_without, _ = parse_catalogue(raw)
    assert load_catalogue(spec_without).counts["translations"]["deleted"] == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: t.pop("source"), "source"),
        (lambda t: t.update(heading=""), "translate the heading and text the English has"),
        (lambda t: t["steps"].pop(next(iter(t["steps"]))), "steps must match the English"),
        (lambda t: t["steps"].update({"invented-step": "Une étape inventée"}), "steps must match the English"),
    ],
)
def test_a_translation_that_does_not_match_the_english_is_refused(raw, db, change, problem):
    _, _, item = find_practice(raw, KEY)
    translation = french(item)
    change(translation)
    _, problems = parse_catalogue(with_translation(raw, **translation))
    assert any(problem in message for message in problems), problems


def test_english_and_unknown_languages_are_refused(raw, db):
    _, _, item = find_practice(raw, KEY)
    for language in ("en", "de"):
        data = copy.deepcopy(raw)
        _, _, target = find_practice(data, KEY)
        target["translations"] = {language: french(item)}
        _, problems = parse_catalogue(data)
        assert any("is not one of the product's other languages" in message for message in problems), problems


def test_the_practice_page_shows_the_readers_edition_or_says_it_is_english(raw, client, make_user):
    load_catalogue()
    user = make_user(Role.SECURITY)
    Preferences.objects.create(user=user, language="es")
    client.force_login(user)
    url = reverse("practices:practice_detail", args=[KEY])
    page = client.get(url).content.decode()
    assert 'id="english-edition-notice"' in page
    _, _, item = find_practice(raw, KEY)
    data = with_translation(raw, **french(item))
    data_es = copy.deepcopy(data)
    _, _, target = find_practice(data_es, KEY)
    target["translations"] = {"es": {**french(item), "heading": "Crear una mesa de trabajo de seguridad"}}
    spec, problems = parse_catalogue(data_es)
    assert not problems
    load_catalogue(spec)
    page = client.get(url).content.decode()
    assert "Crear una mesa de trabajo de seguridad" in page
    assert SOURCE in page
    assert 'id="english-edition-notice"' not in page
    assert Practice.objects.get(key=KEY).heading in page  # the English original stays on the page
