"""The follow-up services: closing dates the item, reopening clears the date, a progress note may move the
status; every write is audited with its author and refused whole when invalid."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from followups import services
from followups.models import FollowUp, FollowUpProgress, FollowUpStatus
from shrhub.roles import Role
from shrhub.services import StaleVersion
from tests.stakeholders.factories import EngagementFactory

from .factories import FollowUpFactory, OwnerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def actor(make_user):
    return make_user(Role.COMMUNITY)


@pytest.fixture
def on_a_known_day():
    with time_machine.travel(datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def test_a_follow_up_is_created_open_and_audited_with_its_author(actor):
    owner = OwnerFactory(role=Role.COMMUNITY)
    item = services.followup_create(
        actor=actor,
        engagement=EngagementFactory(),
        description="Share the grievance procedure",
        owner=owner,
        due_on=datetime.date(2026, 6, 1),
    )
    assert (item.status, item.closed_on, item.owner) == (FollowUpStatus.OPEN, None, owner)
    assert item.history.get().history_user == actor


def test_an_owner_must_be_someone_who_uses_the_pages(actor):
    common = {
        "actor": actor,
        "engagement": EngagementFactory(),
        "description": "x",
        "due_on": datetime.date(2026, 6, 1),
    }
    with pytest.raises(ValidationError) as error:
        services.followup_create(**common, owner=OwnerFactory())  # no page role
    assert "owner" in error.value.message_dict
    assert not FollowUp.objects.exists()
    assert services.followup_create(**common, owner=None).owner is None  # unowned is allowed


def test_closing_dates_it_today_and_reopening_clears_the_date(actor, on_a_known_day):
    item = FollowUpFactory()
    services.followup_update(actor=actor, instance=item, status=FollowUpStatus.DONE)
    assert item.closed_on == on_a_known_day
    services.followup_update(actor=actor, instance=item, status=FollowUpStatus.IN_PROGRESS)
    assert item.closed_on is None
    services.followup_update(
        actor=actor, instance=item, status=FollowUpStatus.DROPPED, closed_on=datetime.date(2026, 3, 20)
    )
    assert item.closed_on == datetime.date(2026, 3, 20)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (FollowUpStatus.DROPPED, datetime.date(2026, 3, 20))


def test_a_change_that_keeps_the_status_keeps_the_closing_date(actor):
    item = FollowUpFactory(status=FollowUpStatus.DONE, closed_on=datetime.date(2026, 3, 3))
    services.followup_update(actor=actor, instance=item, description="Reworded")
    assert item.closed_on == datetime.date(2026, 3, 3)


def test_an_open_follow_up_with_a_closing_date_is_refused(actor):
    with pytest.raises(ValidationError) as error:
        services.followup_create(
            actor=actor,
            engagement=EngagementFactory(),
            description="x",
            due_on=datetime.date(2026, 6, 1),
            closed_on=datetime.date(2026, 5, 1),
        )
    assert "closed_on" in error.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_stale_edit_is_refused(actor):
    item = FollowUpFactory()
    with pytest.raises(StaleVersion):
        services.followup_update(actor=actor, instance=item, expected_version=item.version + 1, description="y")
    item.refresh_from_db()
    assert item.description != "y"


def test_delete_removes_the_follow_up_with_its_notes(actor):
    item = FollowUpFactory()
    services.followupprogress_create(actor=actor, follow_up=item, note="Called")
    services.followup_delete(actor=actor, instance=item)
    assert not FollowUp.objects.exists()
    assert not FollowUpProgress.objects.exists()


def test_a_progress_note_can_move_the_follow_up_and_says_so(actor, on_a_known_day):
    item = FollowUpFactory()
    note = services.followupprogress_create(actor=actor, follow_up=item, note="Letter sent", new_status="done")
    item.refresh_from_db()
    assert (item.status, item.closed_on) == (FollowUpStatus.DONE, on_a_known_day)
    assert (note.new_status, note.author) == ("done", actor)
    same = services.followupprogress_create(actor=actor, follow_up=item, note="Receipt confirmed", new_status="done")
    assert same.new_status == ""  # no move: not recorded as one
    reopened = services.followupprogress_create(actor=actor, follow_up=item, note="Not received", new_status="open")
    item.refresh_from_db()
    assert (reopened.new_status, item.status, item.closed_on) == ("open", FollowUpStatus.OPEN, None)


def test_a_note_without_a_move_leaves_the_status(actor):
    item = FollowUpFactory(status=FollowUpStatus.IN_PROGRESS)
    services.followupprogress_create(actor=actor, follow_up=item, note="Still waiting")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_PROGRESS
    assert item.history.count() == 1  # the follow-up itself was not written


def test_an_empty_progress_note_writes_nothing(actor):
    item = FollowUpFactory()
    with pytest.raises(ValidationError) as error:
        services.followupprogress_create(actor=actor, follow_up=item, note="", new_status="done")
    assert "note" in error.value.message_dict
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN
    assert not FollowUpProgress.objects.exists()


def test_unknown_fields_of_a_note_are_refused(actor):
    with pytest.raises(ValidationError) as error:
        services.followupprogress_create(actor=actor, follow_up=FollowUpFactory(), note="x", author=actor)
    assert "author" in error.value.message_dict
    assert not FollowUpProgress.objects.exists()
