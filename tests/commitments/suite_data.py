"""What the agreement page suites (``test_views.py``) and API suites (``test_api.py``) share: the models, who writes
and who deletes them, one record and rows for the constant-query checks (``MANY`` of them)."""

from __future__ import annotations

import datetime

from commitments.choices import AgreementKind, AgreementStatus, Process, RolloutState
from commitments.models import Agreement, Audience, Obligation, Rollout
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import RegionFactory
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory
from tests.workinggroups.factories import HeldMeetingFactory, WorkingGroupFactory

from .factories import AgreementFactory, AudienceFactory, ObligationFactory, ObligationProgressFactory, RolloutFactory

# Who adds and changes agreements, obligations and roll-outs among the roles the suites log in as (every page role
# keeps them up to date); only security staff and administrators delete them.
WRITERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
DELETERS = frozenset({Role.SECURITY, Role.ADMINISTRATOR})
MANY = 15


class AgreementData:
    model = Agreement
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return AgreementFactory()

    def make_rows(self, n):
        """Each kind of row the list shows: with parties, evidence, obligations and a roll-out gap; a draft from a
        meeting superseded by another; a regional agreement that a body below contradicts."""
        for index in range(n):
            if index % 3 == 0:
                agreement = AgreementFactory(
                    parties=[OrganisationFactory(), OrganisationFactory()], engagements=[EngagementFactory()]
                )
                ObligationFactory(agreement=agreement)
                ObligationFactory(agreement=agreement, owner=None, owner_stakeholder=OrganisationFactory())
                RolloutFactory(agreement=agreement, state=RolloutState.UNAWARE, engagements=[EngagementFactory()])
                RolloutFactory(agreement=agreement, state=RolloutState.IMPLEMENTING)
            elif index % 3 == 1:
                AgreementFactory(
                    kind=AgreementKind.WORKING_GROUP,
                    status=AgreementStatus.SUPERSEDED,
                    superseded_by=AgreementFactory(),
                    meetings=[HeldMeetingFactory()],
                    incorporates_vps=False,
                )
            else:
                agreement = AgreementFactory(jurisdiction=RegionFactory(), parties=[OrganisationFactory()])
                RolloutFactory(
                    agreement=agreement,
                    body=OrganisationFactory(level="local", jurisdiction=agreement.jurisdiction),
                    state=RolloutState.CONTRADICTING,
                )


class ObligationData:
    model = Obligation
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return ObligationFactory()

    def make_rows(self, n):
        """Owned by staff with a progress note, owned by a stakeholder and overdue, or unowned and done."""
        for index in range(n):
            if index % 3 == 0:
                ObligationProgressFactory(obligation=ObligationFactory())
            elif index % 3 == 1:
                ObligationFactory(
                    owner=None, owner_stakeholder=OrganisationFactory(), due_on=datetime.date(2020, 3, 30)
                )
            else:
                ObligationFactory(owner=None, status="done", closed_on=datetime.date(2026, 3, 3))


class RolloutData:
    model = Rollout
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return RolloutFactory()

    def make_rows(self, n):
        for index in range(n):
            if index % 2:
                RolloutFactory(engagements=[EngagementFactory(), EngagementFactory()])
            else:
                RolloutFactory(state=RolloutState.CONTRADICTING)


class AudienceData:
    """Who is kept informed (``test_audience_views.py``, ``test_audience_api.py``)."""

    model = Audience
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return AudienceFactory()

    def make_rows(self, n):
        """Of each process, with an owner and engagements (one hidden), or never informed."""
        for index in range(n):
            if index % 3 == 0:
                member = AudienceFactory(owner=OwnerFactory())
                EngagementFactory(stakeholders=[member.stakeholder])
                EngagementFactory(stakeholders=[member.stakeholder], confidentiality="confidential")
            elif index % 3 == 1:
                AudienceFactory(process=Process.WORKING_GROUP, country=None, working_group=WorkingGroupFactory())
            else:
                member = AudienceFactory(process=Process.AGREEMENT, country=None, agreement=AgreementFactory())
                EngagementFactory(stakeholders=[member.stakeholder, OrganisationFactory()])
