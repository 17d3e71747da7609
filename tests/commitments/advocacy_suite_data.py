"""What the page suites (``test_advocacy_views.py``) and API suites (``test_advocacy_api.py``) of the case for the
VPs share: the models, who writes and who deletes them, one record and rows for the constant-query checks."""

from __future__ import annotations

from commitments.choices import CommitmentLevel, Response
from commitments.models import Advocacy, BenefitArgument, CommitmentAssessment
from shrhub.roles import Role
from tests.stakeholders.factories import EngagementFactory, OrganisationFactory

from .advocacy_factories import (
    AdvocacyFactory,
    ArgumentPutFactory,
    BenefitArgumentFactory,
    CommitmentAssessmentFactory,
)
from .factories import AgreementFactory

# Standards raised and commitment assessments: every page role records them; security staff and administrators
# delete them. The arguments are the team's vocabulary: security staff, managers and administrators keep it.
WRITERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
DELETERS = frozenset({Role.SECURITY, Role.ADMINISTRATOR})
ARGUMENT_WRITERS = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})
MANY = 15


class BenefitArgumentData:
    model = BenefitArgument
    writers = ARGUMENT_WRITERS
    many = MANY

    def make_object(self):
        return BenefitArgumentFactory()

    def make_rows(self, n):
        for index in range(n):
            argument = BenefitArgumentFactory(retired=bool(index % 2))
            if index % 3 == 0:
                ArgumentPutFactory(argument=argument, response=Response.REJECTED)


class AdvocacyData:
    model = Advocacy
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return AdvocacyFactory()

    def make_rows(self, n):
        for index in range(n):
            advocacy = AdvocacyFactory()
            if index % 2:
                ArgumentPutFactory(advocacy=advocacy)
                ArgumentPutFactory(advocacy=advocacy, response=Response.REJECTED)


class CommitmentAssessmentData:
    model = CommitmentAssessment
    writers = WRITERS
    deleters = DELETERS
    many = MANY

    def make_object(self):
        return CommitmentAssessmentFactory()

    def make_rows(self, n):
        for index in range(n):
            if index % 2:
                CommitmentAssessmentFactory(
                    level=CommitmentLevel.COMMITTED_IN_WRITING,
                    engagements=[EngagementFactory()],
                    agreements=[AgreementFactory()],
                )
            else:
                CommitmentAssessmentFactory(stakeholder=OrganisationFactory(level="regional"))
