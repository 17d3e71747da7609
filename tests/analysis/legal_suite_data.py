"""What the page suites (``test_legal_views.py``) and API suites (``test_legal_api.py``) of the legal framework
share for each kind of entry: the model, who writes and deletes it, one record and rows for the constant-query
checks (``MANY`` of them), each row with an expert and someone who prepared it."""

from __future__ import annotations

from analysis.models import ActionPlan, IhlAssessment, InitiativeCommitment, InstrumentStatus, NationalLaw
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.stakeholders.factories import OrganisationFactory

from .legal_factories import (
    ActionPlanFactory,
    IhlAssessmentFactory,
    InitiativeCommitmentFactory,
    InstrumentStatusFactory,
    NationalLawFactory,
)

# Every page role prepares and updates entries (community relations and external affairs for their legal and
# external-affairs colleagues); security staff, managers and administrators delete them.
LEGAL_WRITERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
LEGAL_DELETERS = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})
MANY = 14


def expert() -> object:
    return OrganisationFactory(sector="nhri", name="National Human Rights Commission")


class LegalData:
    writers = LEGAL_WRITERS
    deleters = LEGAL_DELETERS
    many = MANY
    factory: type

    def make_object(self):
        return self.factory(experts=[expert()], prepared_by=OwnerFactory())

    def make_rows(self, n):
        for index in range(n):
            self.factory(experts=[expert()] if index % 2 else [], prepared_by=OwnerFactory() if index % 3 else None)

    def change_for_history(self, obj, index):
        obj.prepared_by = OwnerFactory()


class NationalLawData(LegalData):
    model = NationalLaw
    factory = NationalLawFactory


class InstrumentStatusData(LegalData):
    model = InstrumentStatus
    factory = InstrumentStatusFactory


class IhlAssessmentData(LegalData):
    model = IhlAssessment
    factory = IhlAssessmentFactory


class ActionPlanData(LegalData):
    model = ActionPlan
    factory = ActionPlanFactory


class InitiativeCommitmentData(LegalData):
    model = InitiativeCommitment
    factory = InitiativeCommitmentFactory
