"""The registry's own rules: database constraints and one-row validation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stakeholders.models import Assessment, Relationship, Stakeholder, Tenure
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory

from .factories import AssessmentFactory, OrganisationFactory, PersonFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db


def integrity_error(callable_) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_tenure_end_before_start_is_refused_by_the_database():
    tenure = TenureFactory()
    tenure.ended_on = tenure.started_on - datetime.timedelta(days=1)
    integrity_error(lambda: Tenure.objects.filter(pk=tenure.pk).update(ended_on=tenure.ended_on))


def test_one_current_holder_per_position_in_the_database():
    tenure = TenureFactory()
    integrity_error(
        lambda: Tenure.objects.create(
            position=tenure.position, holder=PersonFactory(), started_on=datetime.date(2025, 1, 1)
        )
    )


def test_influence_and_interest_are_1_to_5_in_the_database():
    assessment = AssessmentFactory()
    integrity_error(lambda: Assessment.objects.filter(pk=assessment.pk).update(influence=6))
    integrity_error(lambda: Assessment.objects.filter(pk=assessment.pk).update(interest=0))


def test_no_self_relationship_in_the_database():
    org = OrganisationFactory()
    integrity_error(lambda: Relationship.objects.create(source=org, target=org, kind="influences"))


def test_organisations_carry_no_contact_details():
    org = OrganisationFactory()
    integrity_error(lambda: Stakeholder.objects.filter(pk=org.pk).update(email="x@example.org"))
    org.phone = "+1 555"
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "phone" in error.value.message_dict


def test_child_never_above_parent_level():
    regional = OrganisationFactory(level="regional", jurisdiction=RegionFactory())
    national_child = OrganisationFactory.build(level="national", parent=regional, jurisdiction=NationalFactory())
    with pytest.raises(ValidationError) as error:
        national_child.full_clean()
    assert "parent" in error.value.message_dict


def test_parent_chain_cannot_loop():
    ministry = OrganisationFactory()
    directorate = OrganisationFactory(parent=ministry, level="regional", jurisdiction=RegionFactory())
    office = OrganisationFactory(parent=directorate, level="local", jurisdiction=LocalityFactory())
    assert office.chain() == [ministry, directorate]
    ministry.parent = office
    ministry.level = "local"
    with pytest.raises(ValidationError, match="part of itself"):
        ministry.full_clean()


def test_person_cannot_be_a_parent_or_hold_positions_as_organisation():
    person = PersonFactory()
    child = OrganisationFactory.build(parent=person, jurisdiction=NationalFactory())
    with pytest.raises(ValidationError):
        child.full_clean()
    position = PositionFactory.build(organisation=person)
    with pytest.raises(ValidationError):
        position.full_clean()


def test_only_persons_hold_positions():
    tenure = TenureFactory.build(position=PositionFactory(), holder=OrganisationFactory())
    with pytest.raises(ValidationError) as error:
        tenure.full_clean()
    assert "holder" in error.value.message_dict


def test_jurisdiction_levels_nest():
    national = NationalFactory()
    local_under_national = LocalityFactory.build(parent=national)
    with pytest.raises(ValidationError):
        local_under_national.full_clean()
    integrity_error(lambda: type(national).objects.create(name="Loose", code="loose", level="regional"))
    assert RegionFactory(parent=national).ancestors() == [national]
