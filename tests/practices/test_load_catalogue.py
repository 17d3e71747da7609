"""The catalogue file against its sources, and ``load_catalogue`` against the file.

Three directions are proven: every string of the file is printed in its edition's source (nothing
invented); every line of each source is in the file unless it is page furniture (nothing left out); and
the loaded tables hold exactly what the file says, item by item. Reloads are idempotent, update in place
and never lose what refers to the catalogue.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from practices.catalogue import DEFAULT_PATH, CatalogueError, load_catalogue, parse_catalogue, read_catalogue
from practices.models import Challenge, Citation, Edition, MappingQuestion, Method, Practice, Reference, Step
from practices.selectors import round_questions
from stakeholders.models import MappingAnswer
from tests.stakeholders.factories import EngagementFactory, MappingRoundFactory

from .factories import AdoptionFactory

SOURCES = Path(DEFAULT_PATH).parent / "sources"
SOURCE_OF = {"toolkit-2016": "000_7bfcbb282ed4d62e.txt", "hub": "002_89e2d80b37e56fff.txt"}
# Lines of the sources that are page furniture, not toolkit content (each documented in catalogue.yaml).
FURNITURE = {
    "toolkit-2016": {"Skip to main content", "Toolkit", "Click on the tabs below to access the language versions"},
    "hub": {"View Content", "https://www.securityhumanrightshub.org/inner.php/ajax"},
}
COOKIE_NOTICE = "This Website uses Matomo Analytics cookies"
# The only strings of the file that are not printed in a source: names for lists the sources print without
# one (each marked as an editorial label in catalogue.yaml).
EDITORIAL = {"2016-mapping-questions.name", "hub-mapping-questions.name"}
MARKER = re.compile(r"^(•|\d+\.|[a-z]\)|[A-Z]\.)\s+")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def source_text(edition_key: str) -> str:
    return norm((SOURCES / SOURCE_OF[edition_key]).read_text(encoding="utf-8"))


def source_lines(edition_key: str) -> list[str]:
    lines = (SOURCES / SOURCE_OF[edition_key]).read_text(encoding="utf-8").split("\n")
    return [norm(line) for line in lines if norm(line)]


@pytest.fixture(scope="module")
def spec():
    return read_catalogue()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(Path(DEFAULT_PATH).read_text(encoding="utf-8"))


@pytest.fixture
def catalogue(db):
    return load_catalogue()


def content_strings(spec, edition_key: str) -> list[tuple[str, str]]:
    """(where, text) for every string the file says is printed in the edition's source."""
    found = []
    for edition in spec.editions:
        if edition.key != edition_key:
            continue
        for section in edition.sections:
            found.append((f"{section.key}.title", section.title))
            for challenge in section.challenges:
                found += [(f"{challenge.key}.title", challenge.title), (f"{challenge.key}.problem", challenge.problem)]
                for practice in challenge.practices:
                    found += [(f"{practice.key}.group_heading", practice.group_heading)]
                    found += [(f"{practice.key}.heading", practice.heading)]
                    found += [(f"{practice.key}.text", paragraph) for paragraph in practice.text.split("\n")]
                    found += [(f"{practice.key}.{step.key}", step.text) for step in practice.steps]
                for method in challenge.methods:
                    found += [(f"{method.key}.name", method.name), (f"{method.key}.description", method.description)]
                    found += [(f"{method.key}.{q.key}", q.text) for q in method.questions]
    return [(where, text) for where, text in found if text]


# The file against its sources --------------------------------------------------------------------------


@pytest.mark.parametrize("edition_key", sorted(SOURCE_OF))
def test_every_string_of_the_file_is_printed_in_its_source(spec, edition_key):
    text = source_text(edition_key)
    strings = content_strings(spec, edition_key)
    assert len(strings) > 50
    missing = [where for where, value in strings if value not in text and where not in EDITORIAL]
    assert not missing, f"not verbatim in {SOURCE_OF[edition_key]}: {missing}"


@pytest.mark.parametrize("edition_key", sorted(SOURCE_OF))
def test_every_line_of_the_source_is_in_the_file(spec, edition_key):
    """Each source line equals one item of the file (or a heading joined to its text), or is furniture."""
    items = {value.casefold() for _, value in content_strings(spec, edition_key)}
    for edition in spec.editions:
        if edition.key != edition_key:
            continue
        items.add(edition.title.casefold())
        items |= {line.casefold() for line in edition.description.split("\n")}
        for section in edition.sections:
            items.add(f"{section.number}. {section.title}".casefold())
            for challenge in section.challenges:
                for practice in challenge.practices:
                    items.add(f"{practice.heading} {practice.text}".casefold())
    left_out = []
    for line in source_lines(edition_key):
        if line in FURNITURE[edition_key] or line.startswith(COOKIE_NOTICE):
            continue
        if line.casefold() not in items and MARKER.sub("", line).casefold() not in items:
            left_out.append(line)
    assert not left_out, f"lines of {SOURCE_OF[edition_key]} missing from the catalogue: {left_out}"


def test_spot_checks_against_the_2016_text(spec):
    practices = {p.key: p for _, _, _, p in spec.practices()}
    working_group = practices["2016-a-security-working-group"]
    assert working_group.heading == "Establish a broad-based security working group at the local level"
    assert working_group.steps[-1].text == (
        "Consider co-chairing of meetings (e.g. one company and one civil society representative) to highlight "
        "the legitimacy of the group."
    )
    engage = practices["2016-a-engage-widely"]
    assert engage.heading == "Engage widely within government."
    assert engage.text.startswith("There will always be differing attitudes within the host government;")
    assert [c.printed for c in engage.steps[0].citations] == ["CSBP, Flashpoint Issue 1: 3"]
    commitment = practices["2016-b-commitment-all-levels"].steps[0]
    assert commitment.text.startswith("Foster top level commitment to the VPs within the host government")
    assert [c.printed for c in commitment.citations] == ["MIGA: VI-4"]
    ownership = practices["2016-b-national-ownership"].steps[0]
    assert [c.printed for c in ownership.citations] == ["ITGNs: 13-16"]
    cme = practices["2016-b-colombia-cme"]
    assert cme.kind == "case_study"
    assert cme.heading == "CASE STUDY: COLOMBIA MINING AND ENERGY COMMITTEE (CME)[1]"
    assert len(cme.steps) == 9
    assert cme.steps[-1].text == "The presence of a “champion” for the VPs within the Colombian Government."
    assert [s.depth for s in cme.steps] == [0, 0, 0, 1, 1, 1, 0, 0, 0]
    assert "Key factors that have made the CME successful:" in cme.text
    methods = {m.key: m for _, _, c in spec.challenges() for m in c.methods}
    questions = methods["2016-mapping-questions"].questions
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6]
    assert questions[2].text == "Who has the necessary influence to foster change?"
    assert all(q.asked_in_rounds for q in questions)
    assert methods["2016-pestles"].name.startswith("PESTLES (Political, Economic, Social, Technological, Legal,")
    assert "macro-level assessment tool" in methods["2016-pestles"].description


def test_spot_checks_against_the_hub_text(spec):
    practices = {p.key: p for _, _, _, p in spec.practices()}
    hub_a = practices["hub-a-good-practices"]
    assert hub_a.heading == ""
    assert hub_a.group_heading == "Good Practices"
    assert hub_a.steps[-1].text == "Identify which relevant host government actors to establish first contact with."
    assert "(i.e. host government contacts who are sceptical to business and human rights initiatives)" in (
        hub_a.steps[3].text
    )
    tools = practices["hub-a-practical-tools"]
    assert tools.kind == "practical_tool"
    assert tools.steps[3].text.startswith(
        "Encourage the working group to meet regularly and support the appointment of a neutral facilitator to "
        "serve as the Secretariat—a clear focal point"
    )
    assert practices["hub-a-key-resource"].steps == []
    assert practices["hub-b-practical-tools"].steps == []
    assert practices["hub-b-key-resource-working-groups"].text == "(see in-country working groups)."
    risks = practices["hub-c-good-practices"].steps[1].text
    assert risks.startswith("Indicate where coordination challenges between national and local bodies can lead to")
    methods = {m.key: m for _, _, c in spec.challenges() for m in c.methods}
    hub_questions = methods["hub-mapping-questions"].questions
    assert len(hub_questions) == 5
    assert hub_questions[1].text == (
        "What are the economic and social agendas and interests of key actors?Who has the necessary influence to "
        "foster change?"
    )
    assert not any(q.asked_in_rounds for q in hub_questions)


def test_challenges_map_across_editions(spec):
    refs = {c.key: (c.code, c.ref) for _, _, c in spec.challenges()}
    assert refs == {
        "toolkit-2016-1-1-a": ("1.1.a", "1.1.a"),
        "toolkit-2016-1-1-b": ("1.1.b", "1.1.b"),
        "toolkit-2016-1-1-c": ("1.1.c", "1.1.c"),
        "hub-a": ("A", "1.1.a"),
        "hub-b": ("B", "1.1.b"),
        "hub-c": ("C", "1.1.c"),
    }


def test_references_have_a_title_only_where_certain(spec):
    titles = {r.short_form: r.title for r in spec.references}
    assert titles == {
        "IGTs": "Voluntary Principles on Security and Human Rights: Implementation Guidance Tools",
        "ITGNs": "",
        "CSBP, Flashpoint Issue 1": "",
        "MIGA": "",
    }


def test_every_printed_citation_of_the_2016_text_is_recorded(spec):
    printed = Counter(
        re.findall(r"\((IGTs|ITGNs|MIGA|CSBP, Flashpoint Issue 1): ([^)]+)\)", source_text("toolkit-2016"))
    )
    recorded = Counter(
        (c.short_form, c.locator) for _, _, _, p in spec.practices() for s in p.steps for c in s.citations
    )
    assert sum(printed.values()) == 16
    assert recorded == printed


# The tables against the file -----------------------------------------------------------------------------


def test_loaded_catalogue_matches_the_file_item_by_item(spec, catalogue):
    expected_counts = Counter()
    for edition, _, challenge, p_spec in spec.practices():
        expected_counts[(challenge.key, p_spec.kind)] += 1
        practice = Practice.objects.select_related("challenge__section__edition").get(key=p_spec.key)
        assert practice.challenge.key == challenge.key
        assert practice.challenge.section.edition.key == edition.key
        assert (practice.kind, practice.group_heading, practice.heading, practice.text, practice.order) == (
            p_spec.kind,
            p_spec.group_heading,
            p_spec.heading,
            p_spec.text,
            p_spec.order,
        )
        assert edition.short_title in practice.source
        assert f"challenge {challenge.code}" in practice.source
        assert practice.withdrawn is False
        steps = list(practice.steps.order_by("order").values_list("key", "order", "depth", "text"))
        assert steps == [(s.key, s.order, s.depth, s.text) for s in p_spec.steps]
        cited = sorted(
            (c.step.key if c.step else None, c.reference.short_form, c.locator)
            for c in practice.citations.select_related("step", "reference")
        )
        wanted = sorted(
            [(None, c.short_form, c.locator) for c in p_spec.citations]
            + [(s.key, c.short_form, c.locator) for s in p_spec.steps for c in s.citations]
        )
        assert cited == wanted
    actual_counts = Counter(Practice.objects.values_list("challenge__key", "kind"))
    assert actual_counts == expected_counts
    assert Practice.objects.count() == sum(1 for _ in spec.practices())
    assert Step.objects.count() == sum(len(p.steps) for _, _, _, p in spec.practices())
    for citation in Citation.objects.select_related("reference", "step"):
        assert Reference.objects.filter(pk=citation.reference_id, short_form=citation.reference.short_form).exists()
        assert citation.step is None or citation.step.practice_id == citation.practice_id
        printed = f"{citation.reference.short_form}: {citation.locator}"
        assert printed in (citation.step.text if citation.step else citation.practice.text)
    for _, _, c_spec in spec.challenges():
        challenge = Challenge.objects.get(key=c_spec.key)
        assert (challenge.code, challenge.ref, challenge.title, challenge.problem) == (
            c_spec.code,
            c_spec.ref,
            c_spec.title,
            c_spec.problem,
        )
        for m_spec in c_spec.methods:
            method = Method.objects.get(key=m_spec.key)
            assert method.challenge_id == challenge.pk
            assert (method.practice.key if method.practice else None) == m_spec.practice
            questions = list(method.questions.values_list("key", "number", "text", "asked_in_rounds"))
            assert questions == [(q.key, q.number, q.text, q.asked_in_rounds) for q in m_spec.questions]


def test_expected_shape_of_the_catalogue(catalogue):
    per_challenge = dict(Counter(Practice.objects.values_list("challenge__code", flat=True)))
    assert per_challenge == {"1.1.a": 5, "1.1.b": 8, "1.1.c": 6, "A": 4, "B": 5, "C": 4}
    kinds = Counter(Practice.objects.values_list("kind", flat=True))
    assert kinds == {"good_practice": 22, "practical_tool": 3, "key_resource": 6, "case_study": 1}
    assert Citation.objects.count() == 16
    assert Edition.objects.count() == 2
    assert MappingQuestion.objects.count() == 11


def test_round_questions_are_the_six_2016_questions_in_order(catalogue):
    questions = list(round_questions())
    assert [q.number for q in questions] == [1, 2, 3, 4, 5, 6]
    assert questions[0].text.startswith("Who are the national stakeholders")
    assert {q.method.key for q in questions} == {"2016-mapping-questions"}


# Loading behaviour --------------------------------------------------------------------------------------


def test_second_load_changes_nothing(catalogue):
    assert catalogue.changed
    stamps = dict(Practice.objects.values_list("key", "updated_at"))
    step_ids = set(Step.objects.values_list("id", flat=True))
    again = load_catalogue()
    assert not again.changed
    assert again.counts["practices"]["unchanged"] == Practice.objects.count()
    assert dict(Practice.objects.values_list("key", "updated_at")) == stamps
    assert set(Step.objects.values_list("id", flat=True)) == step_ids


def test_command_reports_counts_and_then_no_changes(db):
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert "practices: 32 created" in out.getvalue()
    out = StringIO()
    call_command("load_catalogue", stdout=out)
    assert ": no changes." in out.getvalue()
    assert "practices: 32 unchanged" in out.getvalue()


def test_check_and_dry_run_write_nothing(db):
    out = StringIO()
    call_command("load_catalogue", "--check", stdout=out)
    assert "no problems (32 practices)" in out.getvalue()
    call_command("load_catalogue", "--dry-run", stdout=StringIO())
    assert not Practice.objects.exists()


def edited(raw, change) -> object:
    data = copy.deepcopy(raw)
    change(data)
    spec, problems = parse_catalogue(data)
    assert not problems, problems
    return spec


def find_practice(data, key):
    for edition in data["editions"]:
        for section in edition["sections"]:
            for challenge in section["challenges"]:
                for index, practice in enumerate(challenge["practices"]):
                    if practice["key"] == key:
                        return challenge, index, practice
    raise KeyError(key)


def test_edited_file_updates_rows_in_place_and_keeps_links(raw, catalogue):
    practice = Practice.objects.get(key="2016-a-security-working-group")
    adoption = AdoptionFactory(practice=practice)
    engagement = EngagementFactory()
    engagement.practices.add(practice)
    mapping_round = MappingRoundFactory()
    mapping_round.practices.add(practice)
    step_ids = dict(practice.steps.values_list("key", "id"))

    def change(data):
        _, _, item = find_practice(data, "2016-a-security-working-group")
        item["heading"] = "Establish a broad-based security working group (edited)"
        item["steps"][0]["text"] = "An edited first step."
        item["steps"][1], item["steps"][2] = item["steps"][2], item["steps"][1]  # reorder two steps

    report = load_catalogue(edited(raw, change))
    practice.refresh_from_db()
    assert practice.heading == "Establish a broad-based security working group (edited)"
    assert report.counts["practices"]["updated"] == 1
    assert dict(practice.steps.values_list("key", "id")) == step_ids
    keys_in_order = list(practice.steps.order_by("order").values_list("key", flat=True))
    assert keys_in_order[:3] == ["establish-working-group", "invite-civil-society", "invite-security-and-government"]
    assert practice.steps.get(key="establish-working-group").text == "An edited first step."
    adoption.refresh_from_db()
    assert adoption.practice_id == practice.pk
    assert list(engagement.practices.all()) == [practice]
    assert list(mapping_round.practices.all()) == [practice]
    assert not load_catalogue(edited(raw, change)).changed


def test_removed_items_are_deleted_unless_referenced(raw, catalogue):
    adopted = Practice.objects.get(key="2016-b-right-person")
    AdoptionFactory(practice=adopted)
    tagged = Practice.objects.get(key="2016-b-be-creative")
    EngagementFactory().practices.add(tagged)
    mapping_round = MappingRoundFactory()
    answered = MappingQuestion.objects.get(key="2016-q-influence")
    MappingAnswer.objects.create(mapping_round=mapping_round, question=answered, answer="The governor.")

    def change(data):
        for key in ("2016-b-right-person", "2016-b-be-creative", "2016-b-national-laws"):
            challenge, index, _ = find_practice(data, key)
            del challenge["practices"][index]
        method = data["editions"][0]["sections"][0]["challenges"][0]["methods"][0]
        method["questions"] = [q for q in method["questions"] if q["key"] != "2016-q-influence"]
        for number, question in enumerate(method["questions"], start=1):
            question["number"] = number

    report = load_catalogue(edited(raw, change))
    assert not Practice.objects.filter(key="2016-b-national-laws").exists()
    assert Practice.objects.get(key="2016-b-right-person").withdrawn
    assert Practice.objects.get(key="2016-b-be-creative").withdrawn
    assert report.counts["practices"]["deleted"] == 1
    assert report.counts["practices"]["withdrawn"] == 2
    answered.refresh_from_db()
    assert answered.withdrawn
    assert not answered.asked_in_rounds
    assert [q.number for q in round_questions()] == [1, 2, 3, 4, 5]
    # Put back, they are current again at their place.
    load_catalogue()
    restored = Practice.objects.get(key="2016-b-right-person")
    assert not restored.withdrawn
    assert restored.order == 7
    answered.refresh_from_db()
    assert (answered.withdrawn, answered.asked_in_rounds, answered.number) == (False, True, 3)


def test_a_broken_file_reports_every_problem_and_writes_nothing(raw, db, tmp_path):
    data = copy.deepcopy(raw)
    _, _, practice = find_practice(data, "2016-a-stakeholder-mapping-exercise")
    practice["steps"][1]["citations"] = ["IGT: 21"]  # unknown short form
    practice["steps"][2]["citations"] = []  # printed but not recorded
    practice["colour"] = "red"  # unknown field
    _, _, other = find_practice(data, "2016-a-engage-widely")
    other["key"] = "2016-a-stakeholder-mapping-exercise"  # duplicate key
    del find_practice(data, "hub-a-practical-tools")[2]["kind"]  # missing kind
    data["editions"][1]["sections"][0]["challenges"][0]["ref"] = "9.9.z"  # maps to nothing
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)
    problems = "\n".join(caught.value.problems)
    assert "'IGT' is not the short form of a reference" in problems
    assert "the text prints (IGTs: 21) but `citations` does not record it" in problems
    assert "unknown field 'colour'" in problems
    assert "duplicate practice key '2016-a-stakeholder-mapping-exercise'" in problems
    assert "missing field 'kind'" in problems
    assert "ref '9.9.z'" in problems
    assert len(caught.value.problems) >= 6
    with pytest.raises(CommandError, match="problem"):
        call_command("load_catalogue", "--file", str(path), stdout=StringIO())
    assert not Practice.objects.exists()
    assert not Reference.objects.exists()


def test_unreadable_and_invalid_yaml_are_reported(tmp_path):
    with pytest.raises(CatalogueError, match="cannot be read"):
        read_catalogue(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("editions: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid YAML"):
        read_catalogue(bad)
