"""Each filter of the agreement FilterSets keeps the rows it must and drops the others (see
tests/helpers/filters.py)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commitments.choices import AgreementKind, AgreementStatus, InformMeans, Process, RolloutState
from commitments.filtersets import (
    AgreementFilterSet,
    AudienceFilterSet,
    ObligationFilterSet,
    ObligationProgressFilterSet,
    RolloutFilterSet,
)
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.helpers.filters import FilterCase
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory
from tests.workinggroups.factories import HeldMeetingFactory, WorkingGroupFactory

from .factories import (
    AgreementFactory,
    AudienceFactory,
    ObligationFactory,
    ObligationProgressFactory,
    RegionalBodyFactory,
    RolloutFactory,
)

LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)
CLOSED = {"status": "done", "closed_on": datetime.date(2026, 3, 3)}


class TestAgreementFilters(FilterCase):
    basename = "agreement"
    filterset = AgreementFilterSet

    def make(self, **kwargs):
        return AgreementFactory(**kwargs)

    def make_found(self, word):
        return AgreementFactory(title=f"MoU on the {word} concession")

    def test_kind(self):
        mou, clause = AgreementFactory(), AgreementFactory(kind=AgreementKind.CONCESSION)
        other = AgreementFactory(kind=AgreementKind.OTHER)
        self.assert_keeps({"kind": ["security_mou", "concession"]}, [mou, clause], [other])

    def test_status(self):
        in_force, draft = AgreementFactory(), AgreementFactory(status=AgreementStatus.DRAFT)
        lapsed = AgreementFactory(status=AgreementStatus.LAPSED)
        self.assert_keeps({"status": ["in_force", "draft"]}, [in_force, draft], [lapsed])

    def test_live(self):
        in_force, breached = AgreementFactory(), AgreementFactory(status=AgreementStatus.BREACHED)
        draft, lapsed = AgreementFactory(status=AgreementStatus.DRAFT), AgreementFactory(status=AgreementStatus.LAPSED)
        self.assert_keeps({"live": "true"}, [in_force, breached], [draft, lapsed])
        self.assert_keeps({"live": "false"}, [draft, lapsed], [in_force, breached])

    def test_level(self):
        national, regional = AgreementFactory(), AgreementFactory(jurisdiction=RegionFactory())
        local = AgreementFactory(jurisdiction=LocalityFactory())
        self.assert_keeps({"level": ["regional", "local"]}, [regional, local], [national])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = AgreementFactory(jurisdiction=region)
        below = AgreementFactory(jurisdiction=LocalityFactory(parent=region))
        elsewhere = AgreementFactory(jurisdiction=RegionFactory())
        self.assert_keeps({"jurisdiction": region.pk}, [inside, below], [elsewhere])

    def test_party(self):
        ministry = OrganisationFactory()
        bound, other = AgreementFactory(parties=[ministry, OrganisationFactory()]), AgreementFactory()
        self.assert_keeps({"party": ministry.pk}, [bound], [other])

    def test_incorporates_vps(self):
        with_vps, without = AgreementFactory(), AgreementFactory(incorporates_vps=False)
        self.assert_keeps({"incorporates_vps": "true"}, [with_vps], [without])
        self.assert_keeps({"incorporates_vps": "false"}, [without], [with_vps])

    def test_meeting(self):
        meeting = HeldMeetingFactory()
        decided, other = AgreementFactory(meetings=[meeting]), AgreementFactory(meetings=[HeldMeetingFactory()])
        self.assert_keeps({"meeting": meeting.pk}, [decided], [other])

    def test_engagement(self):
        talks = EngagementFactory()
        made, other = AgreementFactory(engagements=[talks]), AgreementFactory()
        self.assert_keeps({"engagement": talks.pk}, [made], [other])

    def test_rollout_gap(self):
        """A gap: a body not aware or contradicting, or a live agreement above the local level with nobody listed.
        No gap: every body listed knows of it, a draft or a local agreement with nobody listed."""
        unaware, contradicted, unlisted = AgreementFactory(), AgreementFactory(), AgreementFactory()
        RolloutFactory(agreement=unaware, state=RolloutState.UNAWARE)
        RolloutFactory(agreement=unaware, state=RolloutState.IMPLEMENTING)
        RolloutFactory(agreement=contradicted, state=RolloutState.CONTRADICTING)
        known = AgreementFactory()
        RolloutFactory(agreement=known, state=RolloutState.AWARE)
        draft = AgreementFactory(status=AgreementStatus.DRAFT)
        local = AgreementFactory(jurisdiction=LocalityFactory())
        gaps, none = [unaware, contradicted, unlisted], [known, draft, local]
        self.assert_keeps({"rollout_gap": "true"}, gaps, none)
        self.assert_keeps({"rollout_gap": "false"}, none, gaps)

    def test_made_after(self):
        before, on, after = (AgreementFactory(made_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"made_after": "2026-04-02"}, [on, after], [before])

    def test_made_before(self):
        before, on, after = (AgreementFactory(made_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"made_before": "2026-04-02"}, [before, on], [after])


@pytest.mark.django_db
def test_a_hidden_body_neither_opens_nor_closes_a_gap(api_client_for):
    """For a reader who may not see a body, its roll-out row does not count: a hidden body not aware opens no gap,
    and a hidden body aware does not close the gap of an agreement nobody (visible) below knows of."""
    hidden_unaware = AgreementFactory()
    RolloutFactory(agreement=hidden_unaware, state=RolloutState.AWARE)
    RolloutFactory(
        agreement=hidden_unaware, state=RolloutState.UNAWARE, body=RegionalBodyFactory(confidentiality="confidential")
    )
    hidden_aware = AgreementFactory()
    RolloutFactory(
        agreement=hidden_aware, state=RolloutState.AWARE, body=RegionalBodyFactory(confidentiality="confidential")
    )

    def gaps(role):
        response = api_client_for(role).get(reverse("agreement-list"), {"rollout_gap": "true"})
        return {row["id"] for row in response.json()["results"]}

    assert gaps(Role.COMMUNITY) == {hidden_aware.pk}
    assert gaps(Role.ADMINISTRATOR) == {hidden_unaware.pk}


class TestObligationFilters(FilterCase):
    basename = "obligation"
    filterset = ObligationFilterSet

    def make(self, **kwargs):
        return ObligationFactory(**kwargs)

    def make_found(self, word):
        return ObligationFactory(description=f"Train the {word} units")

    def test_agreement(self):
        item, other = ObligationFactory(), ObligationFactory()
        self.assert_keeps({"agreement": item.agreement_id}, [item], [other])

    def test_owner_stakeholder(self):
        police = OrganisationFactory()
        theirs = ObligationFactory(owner=None, owner_stakeholder=police)
        others = ObligationFactory(owner=None, owner_stakeholder=OrganisationFactory())
        staff = ObligationFactory()
        self.assert_keeps({"owner_stakeholder": police.pk}, [theirs], [others, staff])

    def test_status(self):
        open_, done = ObligationFactory(), ObligationFactory(**CLOSED)
        dropped = ObligationFactory(status="dropped", closed_on=datetime.date(2026, 3, 3))
        self.assert_keeps({"status": ["open", "done"]}, [open_, done], [dropped])

    def test_open(self):
        open_, going, done = ObligationFactory(), ObligationFactory(status="in_progress"), ObligationFactory(**CLOSED)
        self.assert_keeps({"open": "true"}, [open_, going], [done])
        self.assert_keeps({"open": "false"}, [done], [open_, going])

    @pytest.mark.dates
    def test_overdue(self):
        late, due_later = ObligationFactory(due_on=LONG_AGO), ObligationFactory(due_on=FAR_AHEAD)
        late_but_done = ObligationFactory(due_on=LONG_AGO, **CLOSED)
        self.assert_keeps({"overdue": "true"}, [late], [due_later, late_but_done])
        self.assert_keeps({"overdue": "false"}, [due_later, late_but_done], [late])

    def test_owner(self):
        item, other, unowned = ObligationFactory(), ObligationFactory(), ObligationFactory(owner=None)
        self.assert_keeps({"owner": item.owner_id}, [item], [other, unowned])

    def test_mine(self, users):
        me = users[self.role]
        mine, theirs = ObligationFactory(owner=me), ObligationFactory()
        party = ObligationFactory(owner=None, owner_stakeholder=OrganisationFactory())
        self.assert_keeps({"mine": "true"}, [mine], [theirs, party])
        self.assert_keeps({"mine": "false"}, [theirs, party], [mine])

    def test_owned(self):
        """``owned`` is about a staff owner: an obligation a party holds has none (nobody at the company is
        reminded of it)."""
        owned, unowned = ObligationFactory(), ObligationFactory(owner=None)
        party = ObligationFactory(owner=None, owner_stakeholder=OrganisationFactory())
        self.assert_keeps({"owned": "false"}, [unowned, party], [owned])
        self.assert_keeps({"owned": "true"}, [owned], [unowned, party])

    def test_due_after(self):
        before, on, after = (ObligationFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_after": "2026-04-02"}, [on, after], [before])

    def test_due_before(self):
        before, on, after = (ObligationFactory(due_on=datetime.date(2026, 4, d)) for d in (1, 2, 3))
        self.assert_keeps({"due_before": "2026-04-02"}, [before, on], [after])


class TestObligationProgressFilters(FilterCase):
    basename = "obligationprogress"
    filterset = ObligationProgressFilterSet

    def make(self, **kwargs):
        return ObligationProgressFactory(**kwargs)

    def make_found(self, word):
        return ObligationProgressFactory(note=f"Met the {word} commander")

    def test_obligation(self):
        note, other = ObligationProgressFactory(), ObligationProgressFactory()
        self.assert_keeps({"obligation": note.obligation_id}, [note], [other])

    def test_agreement(self):
        note, other = ObligationProgressFactory(), ObligationProgressFactory()
        self.assert_keeps({"agreement": note.obligation.agreement_id}, [note], [other])


class TestRolloutFilters(FilterCase):
    basename = "rollout"
    filterset = RolloutFilterSet

    def make(self, **kwargs):
        return RolloutFactory(**kwargs)

    def make_found(self, word):
        return RolloutFactory(evidence=f"Directive read at the {word} council")

    def test_agreement(self):
        row, other = RolloutFactory(), RolloutFactory()
        self.assert_keeps({"agreement": row.agreement_id}, [row], [other])

    def test_body(self):
        row, other = RolloutFactory(), RolloutFactory()
        self.assert_keeps({"body": row.body_id}, [row], [other])

    def test_state(self):
        aware, committed = RolloutFactory(), RolloutFactory(state=RolloutState.COMMITTED)
        contra = RolloutFactory(state=RolloutState.CONTRADICTING)
        self.assert_keeps({"state": ["aware", "committed"]}, [aware, committed], [contra])

    def test_level(self):
        regional = RolloutFactory()
        local = RolloutFactory(body=OrganisationFactory(level="local", jurisdiction=LocalityFactory()))
        self.assert_keeps({"level": "local"}, [local], [regional])

    def test_jurisdiction(self):
        region = RegionFactory()
        inside = RolloutFactory(body=RegionalBodyFactory(jurisdiction=region))
        below = RolloutFactory(body=OrganisationFactory(level="local", jurisdiction=LocalityFactory(parent=region)))
        elsewhere = RolloutFactory()
        self.assert_keeps({"jurisdiction": region.pk}, [inside, below], [elsewhere])


class TestAudienceFilters(FilterCase):
    basename = "audience"
    filterset = AudienceFilterSet

    def make(self, **kwargs):
        return AudienceFactory(**kwargs)

    def make_found(self, word):
        return AudienceFactory(notes=f"Send them the {word} report")

    def test_process(self):
        country = AudienceFactory()
        group = AudienceFactory(process=Process.WORKING_GROUP, country=None, working_group=WorkingGroupFactory())
        agreement = AudienceFactory(process=Process.AGREEMENT, country=None, agreement=AgreementFactory())
        self.assert_keeps({"process": ["in_country", "agreement"]}, [country, agreement], [group])

    def test_country(self):
        varantia = NationalFactory()
        here = AudienceFactory(country=varantia)
        elsewhere = AudienceFactory(country=NationalFactory(name="Republic of Ostrevia", code="ostrevia"))
        self.assert_keeps({"country": varantia.pk}, [here], [elsewhere])

    def test_working_group(self):
        group = WorkingGroupFactory()
        kept = AudienceFactory(process=Process.WORKING_GROUP, country=None, working_group=group)
        other = AudienceFactory(process=Process.WORKING_GROUP, country=None, working_group=WorkingGroupFactory())
        self.assert_keeps({"working_group": group.pk}, [kept], [other, AudienceFactory()])

    def test_agreement(self):
        mou = AgreementFactory()
        kept = AudienceFactory(process=Process.AGREEMENT, country=None, agreement=mou)
        other = AudienceFactory(process=Process.AGREEMENT, country=None, agreement=AgreementFactory())
        self.assert_keeps({"agreement": mou.pk}, [kept], [other])

    def test_stakeholder(self):
        kept, other = AudienceFactory(), AudienceFactory()
        self.assert_keeps({"stakeholder": kept.stakeholder_id}, [kept], [other])

    def test_means(self):
        briefed, written = AudienceFactory(), AudienceFactory(means=InformMeans.LETTER)
        mailed = AudienceFactory(means=InformMeans.EMAIL)
        self.assert_keeps({"means": ["briefing", "letter"]}, [briefed, written], [mailed])

    def test_overdue(self):
        """Overdue: never informed, or the last engagement plus the interval is past; on time otherwise."""
        on_time = AudienceFactory(every_days=3650)
        EngagementFactory(stakeholders=[on_time.stakeholder], occurred_on=LONG_AGO.replace(year=2025))
        late = AudienceFactory(every_days=30)
        EngagementFactory(stakeholders=[late.stakeholder], occurred_on=LONG_AGO)
        never = AudienceFactory()
        self.assert_keeps({"overdue": "true"}, [late, never], [on_time])
        self.assert_keeps({"overdue": "false"}, [on_time], [late, never])

    def test_never_informed(self):
        informed, never = AudienceFactory(), AudienceFactory()
        EngagementFactory(stakeholders=[informed.stakeholder])
        self.assert_keeps({"never_informed": "true"}, [never], [informed])
        self.assert_keeps({"never_informed": "false"}, [informed], [never])

    def test_owner(self):
        owner = OwnerFactory()
        kept, other = AudienceFactory(owner=owner), AudienceFactory(owner=OwnerFactory())
        self.assert_keeps({"owner": owner.pk}, [kept], [other, AudienceFactory()])

    def test_mine(self, users):
        mine, theirs = AudienceFactory(owner=users[self.role]), AudienceFactory(owner=OwnerFactory())
        nobodys = AudienceFactory()
        self.assert_keeps({"mine": "true"}, [mine], [theirs, nobodys])
        self.assert_keeps({"mine": "false"}, [theirs, nobodys], [mine])


@pytest.mark.django_db
def test_owner_names_an_active_account_only(api_client_for):
    gone = OwnerFactory(is_active=False)
    ObligationFactory(owner=gone)
    response = api_client_for(Role.ADMINISTRATOR).get(reverse("obligation-list"), {"owner": gone.pk})
    assert response.status_code == 400
