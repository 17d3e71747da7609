"""Model rules of the catalogue and adoptions: constraints in the database, ``clean()`` for one row, and
the small computations selectors rely on."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from practices.catalogue import load_catalogue, practice_label
from practices.choices import AdoptionStatus
from practices.models import Adoption, Practice
from practices.selectors import review_cutoff
from practices.services import adoption_create, adoption_update
from shrhub import clock
from shrhub.clock import months_before
from tests.shrhub.factories import NationalFactory

from .factories import AdoptionFactory, PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_database_refuses_not_applicable_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(
            practice=PracticeFactory(), jurisdiction=NationalFactory(), status=AdoptionStatus.NOT_APPLICABLE
        )


def test_clean_refuses_not_applicable_with_a_blank_reason():
    adoption = Adoption(
        practice=PracticeFactory(),
        jurisdiction=NationalFactory(),
        status=AdoptionStatus.NOT_APPLICABLE,
        not_applicable_reason="   ",
    )
    with pytest.raises(ValidationError) as caught:
        adoption.full_clean()
    assert caught.value.message_dict["not_applicable_reason"] == ["Say why the practice is not applicable."]


def test_database_refuses_a_second_adoption_of_a_practice_in_one_place():
    first = AdoptionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.create(practice=first.practice, jurisdiction=first.jurisdiction)


def test_the_same_practice_may_be_adopted_in_two_places():
    first = AdoptionFactory()
    second = AdoptionFactory(practice=first.practice, jurisdiction=NationalFactory(code="other", name="Other"))
    assert second.pk != first.pk


def test_a_review_date_cannot_be_in_the_future():
    adoption = AdoptionFactory.build(
        practice=PracticeFactory(),
        jurisdiction=NationalFactory(),
        last_reviewed_on=clock.today() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        adoption.full_clean()
    assert "last_reviewed_on" in caught.value.message_dict


@pytest.mark.parametrize(
    ("status", "target", "overdue"),
    [
        (AdoptionStatus.IN_PROGRESS, datetime.date(2020, 1, 1), True),
        (AdoptionStatus.NOT_STARTED, datetime.date(2020, 1, 1), True),
        (AdoptionStatus.IMPLEMENTED, datetime.date(2020, 1, 1), False),
        (AdoptionStatus.PLANNED, datetime.date(2999, 1, 1), False),
        (AdoptionStatus.PLANNED, None, False),
    ],
)
def test_overdue(status, target, overdue):
    adoption = Adoption(status=status, target_date=target)
    assert adoption.is_overdue(today=datetime.date(2026, 6, 1)) is overdue


def test_services_version_and_audit_every_change(users):
    actor = users["manager"]
    adoption = adoption_create(
        actor=actor, practice=PracticeFactory(), jurisdiction=NationalFactory(), status=AdoptionStatus.PLANNED
    )
    assert adoption.version == 1
    adoption = adoption_update(actor=actor, instance=adoption, expected_version=1, status=AdoptionStatus.IN_PROGRESS)
    assert adoption.version == 2
    assert [h.history_user for h in adoption.history.all()] == [actor, actor]


def test_update_service_refuses_moving_onto_an_existing_adoption(users):
    first = AdoptionFactory()
    second = AdoptionFactory(practice=first.practice, jurisdiction=NationalFactory(code="b", name="B"))
    with pytest.raises(ValidationError) as caught:
        adoption_update(actor=users["manager"], instance=second, jurisdiction=first.jurisdiction)
    assert "jurisdiction" in caught.value.message_dict


def test_update_service_refuses_moving_onto_a_withdrawn_practice_and_keeps_one_already_there(users):
    adoption = AdoptionFactory()
    withdrawn = PracticeFactory(withdrawn=True)
    with pytest.raises(ValidationError) as caught:
        adoption_update(actor=users["manager"], instance=adoption, practice=withdrawn)
    assert caught.value.message_dict == {"practice": ["This practice is no longer in the catalogue."]}
    assert Adoption.objects.get(pk=adoption.pk).practice_id != withdrawn.pk
    kept = AdoptionFactory(practice=withdrawn)
    kept = adoption_update(actor=users["manager"], instance=kept, practice=withdrawn, notes="still on it")
    assert kept.notes == "still on it"


def test_practice_names():
    catalogue = load_catalogue()
    assert catalogue.changed
    assert str(Practice.objects.get(key="2016-b-promote-the-vps")) == "Promote the VPs"
    hub = Practice.objects.get(key="hub-b-good-practices")
    assert str(hub).startswith("Good Practices: Raise good practices like the Voluntary Principles")
    assert str(hub).endswith("…")
    assert len(hub.label) <= 200
    assert str(Practice.objects.get(key="hub-a-key-resource")) == "Key Resource"
    assert str(Practice.objects.get(key="hub-b-key-resource-working-groups")).startswith(
        "Key Resource: Work with other companies"
    )


def test_practice_label_for_an_item_with_only_text():
    from practices.catalogue import PracticeSpec

    spec = PracticeSpec("k", "key_resource", "Key Resource", "", "(see in-country working groups).", 1, [], [])
    assert practice_label(spec) == "Key Resource: (see in-country working groups)."


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 8, 31), 6, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 15), 6, datetime.date(2025, 9, 15)),
        (datetime.date(2024, 8, 29), 6, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 10), 0, datetime.date(2026, 1, 10)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_review_cutoff_follows_the_setting(settings):
    settings.SHRHUB_REVIEW_MONTHS = 3
    assert review_cutoff(datetime.date(2026, 6, 15)) == datetime.date(2026, 3, 15)
