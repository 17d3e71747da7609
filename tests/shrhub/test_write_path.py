"""Every write to a versioned record goes through one path (``shrhub.services.write_fields`` / ``save_object``):
its version and ``updated_at`` move, its history gains an entry, and ``?updated_since=`` returns it (issue 12).

Each test writes at a later moment than the data was made, then asks the API for what changed since just
before that moment: the written row must be in the answer.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
import yaml

from practices.catalogue import DEFAULT_PATH, load_catalogue, parse_catalogue
from practices.models import Practice
from shrhub.roles import Role
from shrhub.services import write_fields
from stakeholders import services as registry
from stakeholders.models import Relationship, Stakeholder, Tenure
from stakeholders.personal_data import person_erase
from tests.practices.factories import AdoptionFactory
from tests.stakeholders.factories import (
    AssessmentFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
)
from tests.workinggroups.factories import MembershipFactory
from workinggroups.models import Membership

pytestmark = pytest.mark.django_db

MADE = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
WRITTEN = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)
SINCE = (WRITTEN - datetime.timedelta(minutes=1)).isoformat()


def changed_since(client, endpoint: str, key: str = "id", **params) -> set:
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": SINCE, **params})
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


def state(row) -> tuple[int, datetime.datetime, int]:
    """(version, updated_at, number of history entries) as stored."""
    row.refresh_from_db()
    return row.version, row.updated_at, row.history.count()


def assert_moved(before: tuple, after: tuple, *, audited: bool = True) -> None:
    assert after[0] == before[0] + 1, "version"
    assert after[1] >= WRITTEN > before[1], "updated_at"
    assert after[2] == before[2] + audited, "history"


# The current assessment is part of the stakeholder -------------------------------------------------------


def assess(ministry, users, level: str) -> None:
    registry.assessment_create(
        actor=users[Role.ADMINISTRATOR],
        stakeholder=ministry,
        assessed_on=datetime.date(2026, 3, 5),
        confidentiality=level,
        stance="champion",
        influence=3,
        interest=3,
    )


def test_a_new_internal_assessment_is_seen_by_incremental_sync(api_client_for, users):
    """The internal pointer is what every reader of the stakeholder sees: ``updated_at`` moves with it. The
    version does not (the pointer is derived, not an edit: an open edit form is not made stale by it), nor does
    the history (it leaves the pointers out; the assessment's own history has the change)."""
    with time_machine.travel(MADE, tick=False):
        ministry = OrganisationFactory(name="Ministry of Mines")
    before = state(ministry)
    with time_machine.travel(WRITTEN, tick=False):
        assess(ministry, users, "internal")
    after = state(ministry)
    assert (after[0], after[2]) == (before[0], before[2])
    assert after[1] >= WRITTEN > before[1]
    assert ministry.current_internal_assessment_id is not None
    for role in (Role.COMMUNITY, Role.ADMINISTRATOR):
        assert ministry.pk in changed_since(api_client_for(role), "stakeholders")


@pytest.mark.parametrize("level", ["restricted", "confidential"])
def test_a_hidden_assessment_leaves_no_trace_on_the_stakeholder(api_client_for, users, level):
    """Moving ``updated_at`` for a restricted or confidential assessment would tell every reader of the
    stakeholder, by its timing, that one they may not see was just made."""
    with time_machine.travel(MADE, tick=False):
        ministry = OrganisationFactory(name="Ministry of Mines")
    before = state(ministry)
    with time_machine.travel(WRITTEN, tick=False):
        assess(ministry, users, level)
    assert state(ministry) == before
    assert getattr(ministry, f"current_{level}_assessment_id") is not None
    assert ministry.pk not in changed_since(api_client_for(Role.COMMUNITY), "stakeholders")
    assert changed_since(api_client_for(Role.ADMINISTRATOR), "assessments") != set()  # where its readers sync it


def test_deleting_the_current_assessment_moves_the_pointer_and_updated_at(api_client_for, users):
    admin = users[Role.ADMINISTRATOR]
    with time_machine.travel(MADE, tick=False):
        ministry = OrganisationFactory()
        older = AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2025, 1, 1), stance="sceptic")
        latest = AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2026, 1, 1), stance="champion")
    ministry.refresh_from_db()
    assert ministry.current_internal_assessment_id == latest.pk
    before = state(ministry)
    with time_machine.travel(WRITTEN, tick=False):
        registry.assessment_delete(actor=admin, instance=latest)
    after = state(ministry)
    assert (after[0], after[2]) == (before[0], before[2]) and after[1] >= WRITTEN
    assert ministry.current_internal_assessment_id == older.pk
    assert ministry.pk in changed_since(api_client_for(Role.ADMINISTRATOR), "stakeholders")

    with time_machine.travel(WRITTEN + datetime.timedelta(hours=1), tick=False):
        registry.assessment_delete(actor=admin, instance=older)  # the only one left: the pointer goes empty
    ministry.refresh_from_db()
    assert ministry.current_internal_assessment_id is None


def test_an_assessment_made_while_an_edit_form_is_open_does_not_make_it_stale(client_for, users):
    ministry = OrganisationFactory(name="Ministry of Mines")
    client = client_for(Role.SECURITY)
    version = ministry.version
    assess(ministry, users, "internal")
    data = {
        "kind": "organisation",
        "name": "Ministry of Mines and Energy",
        "sector": ministry.sector,
        "level": ministry.level,
        "jurisdiction": ministry.jurisdiction_id,
        "confidentiality": ministry.confidentiality,
        "version": version,
    }
    response = client.post(f"/stakeholders/{ministry.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of Mines and Energy"


def test_an_assessment_that_is_not_the_latest_leaves_the_stakeholder_alone(users):
    with time_machine.travel(MADE, tick=False):
        ministry = OrganisationFactory()
        AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2026, 1, 1))
    before = state(ministry)
    registry.assessment_create(
        actor=users[Role.SECURITY],
        stakeholder=ministry,
        assessed_on=datetime.date(2024, 1, 1),
        stance="neutral",
        influence=2,
        interest=2,
    )
    assert state(ministry) == before


# Erasure ---------------------------------------------------------------------------------------------------


def test_erasure_moves_every_row_it_blanks(api_client_for, users):
    with time_machine.travel(MADE, tick=False):
        person = PersonFactory(name="Zorava Quillentine")
        AssessmentFactory(stakeholder=person)
        tenure = Tenure.objects.create(
            position=PositionFactory(), holder=person, started_on="2024-01-01", notes="appointed"
        )
        relationship = RelationshipFactory(source=person, notes="close to the commander")
        seat = MembershipFactory(stakeholder=person, notes="speaks for the council")
    rows = {"stakeholders": person, "tenures": tenure, "relationships": relationship, "memberships": seat}
    before = {endpoint: state(row) for endpoint, row in rows.items()}
    with time_machine.travel(WRITTEN, tick=False):
        person_erase(actor=users[Role.ADMINISTRATOR], person=person, reason="Data subject's request")
    client = api_client_for(Role.ADMINISTRATOR)
    for endpoint, row in rows.items():
        assert_moved(before[endpoint], state(row))
        assert row.pk in changed_since(client, endpoint), endpoint
    assert Tenure.objects.get(pk=tenure.pk).notes == ""
    assert Relationship.objects.get(pk=relationship.pk).notes == ""
    assert Membership.objects.get(pk=seat.pk).notes == ""
    assert Stakeholder.objects.get(pk=person.pk).current_internal_assessment_id is None


# The catalogue's withdrawals -------------------------------------------------------------------------------


def test_a_withdrawn_practice_is_seen_by_incremental_sync(api_client_for):
    with time_machine.travel(MADE, tick=False):
        load_catalogue()
        adopted = Practice.objects.get(key="2016-b-right-person")
        AdoptionFactory(practice=adopted)
    before = Practice.objects.get(pk=adopted.pk).updated_at
    spec = _without_practice("2016-b-right-person")
    with time_machine.travel(WRITTEN, tick=False):
        report = load_catalogue(spec)
    assert report.counts["practices"]["withdrawn"] == 1
    adopted.refresh_from_db()
    assert adopted.withdrawn
    assert adopted.updated_at >= WRITTEN > before
    keys = changed_since(api_client_for(Role.INTEGRATION), "practices", key="key", withdrawn="true")
    assert "2016-b-right-person" in keys


def _without_practice(key: str):
    """The shipped catalogue file with one practice removed."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    for edition in data["editions"]:
        for section in edition["sections"]:
            for challenge in section["challenges"]:
                challenge["practices"] = [p for p in challenge["practices"] if p["key"] != key]
    spec, problems = parse_catalogue(data)
    assert not problems, problems
    return spec


# The helper itself -----------------------------------------------------------------------------------------


def test_write_fields_leaves_rows_that_already_hold_the_values(users):
    with time_machine.travel(MADE, tick=False):
        quiet = RelationshipFactory(notes="")
        noisy = RelationshipFactory(notes="something")
    before_quiet, before_noisy = state(quiet), state(noisy)
    with time_machine.travel(WRITTEN, tick=False):
        changed = write_fields(
            Relationship.objects.filter(pk__in=[quiet.pk, noisy.pk]), {"notes": ""}, actor=users[Role.SECURITY]
        )
    assert [row.pk for row in changed] == [noisy.pk]
    assert state(quiet) == before_quiet
    assert_moved(before_noisy, state(noisy))
    assert noisy.history.latest().history_user == users[Role.SECURITY]
