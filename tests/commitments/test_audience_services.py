"""Who is kept informed: the services (a hidden working group, agreement or stakeholder cannot be named; one
process per member; once per process), "last informed" read only from the engagements the reader may see, the
dates and the overdue flag as the clock moves, and the audience the stakeholder map proposes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from commitments import selectors, services
from commitments.choices import InformMeans, Process
from commitments.models import Audience
from shrhub.roles import Role
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, OrganisationFactory
from tests.workinggroups.factories import WorkingGroupFactory

from .factories import AgreementFactory, AudienceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def actor(make_user):
    return make_user(Role.COMMUNITY)


@pytest.fixture
def on_a_known_day():
    with time_machine.travel(datetime.datetime(2026, 5, 12, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def row(member, user):
    return selectors.audience_list(user=user).get(pk=member.pk)


# Writes ---------------------------------------------------------------------------------------------------------


def test_a_member_is_recorded_with_its_author(actor):
    group = WorkingGroupFactory()
    member = services.audience_create(
        actor=actor,
        process=Process.WORKING_GROUP,
        working_group=group,
        stakeholder=OrganisationFactory(),
        means=InformMeans.MINUTES,
        every_days=90,
    )
    assert member.working_group == group and member.country is None
    assert member.history.order_by("-history_id").first().history_user == actor


@pytest.mark.parametrize("field", ["working_group", "agreement", "stakeholder"])
def test_a_hidden_target_is_not_found(actor, field):
    """A group the actor cannot see (none can be hidden today, so the rule is checked through a confidential
    agreement and stakeholder, and an id that does not exist for the group) is refused as "not found"."""
    hidden = {
        "working_group": WorkingGroupFactory.build(pk=999_999),
        "agreement": AgreementFactory(confidentiality="confidential"),
        "stakeholder": OrganisationFactory(confidentiality="confidential"),
    }[field]
    data = {
        "process": Process.IN_COUNTRY,
        "country": NationalFactory(),
        "stakeholder": OrganisationFactory(),
        "means": InformMeans.BRIEFING,
        "every_days": 30,
    }
    if field != "stakeholder":
        data.update(process=field, country=None)
    data[field] = hidden
    with pytest.raises(ValidationError) as refused:
        services.audience_create(actor=actor, **data)
    assert refused.value.message_dict == {field: ["Not found."]}
    assert not Audience.objects.exists()


def test_the_process_needs_its_record_and_clears_the_others(actor):
    with pytest.raises(ValidationError) as refused:
        services.audience_create(
            actor=actor,
            process=Process.AGREEMENT,
            stakeholder=OrganisationFactory(),
            means=InformMeans.LETTER,
            every_days=30,
        )
    assert "agreement" in refused.value.message_dict
    member = AudienceFactory()
    mou = AgreementFactory()
    services.audience_update(actor=actor, instance=member, process=Process.AGREEMENT, agreement=mou)
    member.refresh_from_db()
    assert (member.agreement, member.country) == (mou, None)


def test_once_per_process(actor):
    member = AudienceFactory()
    with pytest.raises(ValidationError):
        services.audience_create(
            actor=actor,
            process=Process.IN_COUNTRY,
            country=member.country,
            stakeholder=member.stakeholder,
            means=InformMeans.LETTER,
            every_days=30,
        )
    assert Audience.objects.count() == 1


# Last informed, next due, overdue -------------------------------------------------------------------------------


def test_last_informed_is_the_latest_engagement_the_reader_may_see(make_user):
    """A confidential engagement moves the date only for those who may see it: for the others it does not exist,
    and neither does its date (nor the overdue flag it would clear)."""
    community, admin = make_user(Role.COMMUNITY), make_user(Role.ADMINISTRATOR)
    member = AudienceFactory(every_days=30)
    EngagementFactory(stakeholders=[member.stakeholder], occurred_on=datetime.date(2026, 1, 10))
    secret = EngagementFactory(
        stakeholders=[member.stakeholder, OrganisationFactory()],
        occurred_on=datetime.date(2026, 4, 1),
        confidentiality="confidential",
    )
    EngagementFactory(occurred_on=datetime.date(2026, 4, 20))  # with someone else
    assert row(member, community).last_informed_on == datetime.date(2026, 1, 10)
    assert row(member, admin).last_informed_on == secret.occurred_on
    secret.cleared_users.add(community)
    assert row(member, community).last_informed_on == secret.occurred_on


def test_next_due_and_overdue_follow_the_clock(actor):
    member = AudienceFactory(every_days=30)
    EngagementFactory(stakeholders=[member.stakeholder], occurred_on=datetime.date(2026, 4, 1))
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC), tick=False):
        due = row(member, actor)
        assert due.next_due_on == datetime.date(2026, 5, 1) and not due.overdue  # due today: not yet overdue
    with time_machine.travel(datetime.datetime(2026, 5, 2, 9, tzinfo=datetime.UTC), tick=False):
        assert row(member, actor).overdue


def test_never_informed_is_due_now_and_overdue(actor, on_a_known_day):
    member = row(AudienceFactory(), actor)
    assert member.last_informed_on is None
    assert member.next_due_on == on_a_known_day
    assert member.overdue


# Proposed from the map ------------------------------------------------------------------------------------------


def assessed(jurisdiction, influence, interest, **extra):
    stakeholder = OrganisationFactory(jurisdiction=jurisdiction, **extra)
    AssessmentFactory(stakeholder=stakeholder, influence=influence, interest=interest)
    return stakeholder


def test_the_map_proposes_the_keep_informed_cell_of_the_whole_country(actor):
    """Low influence, high interest, anywhere in the country; not the other cells, not another country, not the
    unassessed, not who is already kept informed."""
    country = NationalFactory()
    region = RegionFactory(parent=country)
    national = assessed(country, 2, 5, name="Civic Observatory")
    local = assessed(LocalityFactory(parent=region), 3, 4, name="Village Committee")
    assessed(country, 5, 5)  # manage closely
    assessed(country, 4, 2)  # keep satisfied
    assessed(country, 2, 2)  # monitor
    assessed(NationalFactory(name="Republic of Ostrevia", code="ostrevia"), 2, 5)  # another country
    OrganisationFactory(jurisdiction=country)  # not assessed
    taken = assessed(country, 1, 5)
    AudienceFactory(country=country, stakeholder=taken)
    assert selectors.proposed_audience(country, user=actor) == [national, local]


def test_the_map_reads_the_assessment_the_reader_may_see(make_user):
    """A confidential reassessment moving a stakeholder out of the cell counts only for those who may see it."""
    country = NationalFactory()
    stakeholder = assessed(country, 2, 5)
    AssessmentFactory(
        stakeholder=stakeholder,
        influence=5,
        interest=5,
        assessed_on=datetime.date(2026, 3, 1),
        confidentiality="confidential",
    )
    assert selectors.proposed_audience(country, user=make_user(Role.COMMUNITY)) == [stakeholder]
    assert selectors.proposed_audience(country, user=make_user(Role.ADMINISTRATOR)) == []


def test_hidden_stakeholders_are_never_proposed(actor):
    country = NationalFactory()
    assessed(country, 2, 5, confidentiality="confidential")
    assert selectors.proposed_audience(country, user=actor) == []


def test_a_group_proposes_from_its_jurisdiction_and_an_agreement_from_its_tree(actor):
    country = NationalFactory()
    region = RegionFactory(parent=country)
    locality = LocalityFactory(parent=region)
    in_region, in_locality = assessed(region, 2, 5), assessed(locality, 2, 5)
    assessed(country, 2, 5)
    group = WorkingGroupFactory(jurisdiction=region)
    assert selectors.proposed_audience(group, user=actor) == [in_region]
    mou = AgreementFactory(jurisdiction=region)
    assert {s.pk for s in selectors.proposed_audience(mou, user=actor)} == {in_region.pk, in_locality.pk}


def test_adding_the_proposals_briefs_them_every_90_days(actor):
    group = WorkingGroupFactory()
    first, second = assessed(group.jurisdiction, 2, 5), assessed(group.jurisdiction, 3, 4)
    added = services.audience_add_proposed(actor=actor, target=group, stakeholders=[second])
    assert [(m.stakeholder, m.means, m.every_days, m.working_group) for m in added] == [
        (second, InformMeans.BRIEFING, 90, group)
    ]
    added = services.audience_add_proposed(actor=actor, target=group)
    assert [m.stakeholder for m in added] == [first]
    assert selectors.proposed_audience(group, user=actor) == []


def test_a_stakeholder_not_proposed_is_refused_whole(actor):
    group = WorkingGroupFactory()
    proposed = assessed(group.jurisdiction, 2, 5)
    with pytest.raises(ValidationError):
        services.audience_add_proposed(actor=actor, target=group, stakeholders=[proposed, OrganisationFactory()])
    assert not Audience.objects.exists()
