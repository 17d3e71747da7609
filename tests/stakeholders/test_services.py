"""Registry rules that span rows: tenures, hand-overs, the current assessment, engagements."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from shrhub.roles import Role
from stakeholders import selectors, services
from stakeholders.models import InformationSource, MappingAnswer, Tenure
from tests.shrhub.factories import NationalFactory

from .factories import (
    AssessmentFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(make_user):
    return make_user(Role.SECURITY)


def test_tenures_of_one_position_never_overlap(actor):
    position = PositionFactory()
    services.tenure_create(
        actor=actor,
        position=position,
        holder=PersonFactory(),
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2022, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.tenure_create(
            actor=actor,
            position=position,
            holder=PersonFactory(),
            started_on=datetime.date(2022, 6, 1),
            ended_on=datetime.date(2023, 1, 1),
        )
    assert "started_on" in error.value.message_dict
    services.tenure_create(actor=actor, position=position, holder=PersonFactory(), started_on=datetime.date(2023, 1, 1))
    assert position.tenures.count() == 2


def test_hand_over_ends_the_current_tenure_and_starts_the_next(actor):
    first = TenureFactory(started_on=datetime.date(2021, 3, 1))
    successor = PersonFactory(name="Rima Solt")
    new = services.tenure_hand_over(
        actor=actor, position=first.position, new_holder=successor, on=datetime.date(2026, 2, 1)
    )
    first.refresh_from_db()
    assert first.ended_on == datetime.date(2026, 1, 31)
    assert new.is_current
    assert new.holder == successor
    with pytest.raises(ValidationError):
        services.tenure_hand_over(
            actor=actor, position=first.position, new_holder=PersonFactory(), on=datetime.date(2025, 1, 1)
        )
    assert Tenure.objects.filter(position=first.position, ended_on__isnull=True).count() == 1


def test_latest_assessment_is_current_and_follows_edits_and_deletes(actor):
    stakeholder = OrganisationFactory()
    sources = list(InformationSource.objects.filter(code="security"))
    old = services.assessment_create(
        actor=actor,
        stakeholder=stakeholder,
        assessed_on=datetime.date(2025, 1, 1),
        stance="spoiler",
        influence=5,
        interest=2,
        sources=sources,
    )
    new = services.assessment_create(
        actor=actor,
        stakeholder=stakeholder,
        assessed_on=datetime.date(2026, 1, 1),
        stance="champion",
        influence=5,
        interest=4,
        sources=sources,
    )
    stakeholder.refresh_from_db()
    assert stakeholder.current_confidential_assessment == new
    assert new.author == actor
    services.assessment_update(actor=actor, instance=old, assessed_on=datetime.date(2026, 6, 1))
    stakeholder.refresh_from_db()
    assert stakeholder.current_confidential_assessment == old
    services.assessment_delete(actor=actor, instance=old)
    stakeholder.refresh_from_db()
    assert stakeholder.current_confidential_assessment == new


def test_round_answers_are_saved_once_and_updated(actor):
    from practices.models import Challenge, Edition, MappingQuestion, Method, Section

    edition = Edition.objects.create(key="e", title="T", short_title="T")
    section = Section.objects.create(key="s", edition=edition, chapter="C", title="S")
    challenge = Challenge.objects.create(key="c", section=section, code="1.1.a", ref="1.1.a", problem="P")
    method = Method.objects.create(key="m", challenge=challenge, name="Questions", source="test")
    question = MappingQuestion.objects.create(method=method, number=1, text="Who?", asked_in_rounds=True)
    mapping_round = services.mappinground_create(
        actor=actor,
        name="R1",
        jurisdiction=NationalFactory(),
        started_on=datetime.date(2026, 1, 1),
        answers={question.pk: "The ministries of interior and mines."},
    )
    assert MappingAnswer.objects.get(mapping_round=mapping_round).answer.startswith("The ministries")
    services.mappinground_update(actor=actor, instance=mapping_round, answers={question.pk: "Updated."})
    assert MappingAnswer.objects.get(mapping_round=mapping_round).answer == "Updated."
    assert MappingAnswer.objects.get(mapping_round=mapping_round).history.count() == 2


def test_engagement_needs_a_stakeholder(actor):
    with pytest.raises(ValidationError) as error:
        services.engagement_create(
            actor=actor,
            occurred_on=datetime.date(2026, 1, 1),
            kind="meeting",
            title="Empty",
            jurisdiction=NationalFactory(),
            stakeholders=[],
        )
    assert "stakeholders" in error.value.message_dict


def test_vacant_key_positions_and_overdue_reviews(make_user):
    manager = make_user(Role.MANAGER)
    vacant = PositionFactory(title="Governor")
    TenureFactory(position=PositionFactory(title="Commander"))
    TenureFactory(position=PositionFactory(title="Former"), ended_on=datetime.date(2025, 1, 1))
    assert {p.title for p in selectors.vacant_key_positions(user=manager)} == {"Governor", "Former"}
    assert vacant in selectors.vacant_key_positions(user=manager)
    overdue = AssessmentFactory(review_due_on=datetime.date(2026, 3, 1))
    AssessmentFactory(review_due_on=datetime.date(2999, 1, 1))
    assert list(selectors.assessments_due_for_review(user=manager, today=datetime.date(2026, 6, 1))) == [overdue]


def test_user_without_role_sees_nothing(make_user):
    OrganisationFactory()
    assert not selectors.stakeholder_list(user=make_user(None)).exists()
