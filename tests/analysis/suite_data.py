"""What the page suites (``test_views.py``) and API suites (``test_api.py``) of the situation analyses and the
risk register share for each model: the model, who writes and deletes it, one record and rows for the
constant-query checks (``MANY`` of them)."""

from __future__ import annotations

import datetime

from analysis.models import CoordinationRisk, Finding, Mitigation, SituationAnalysis
from shrhub.roles import Role
from tests.followups.factories import OwnerFactory
from tests.shrhub.factories import RegionFactory
from tests.stakeholders.factories import OrganisationFactory

from .factories import (
    AgreementFactory,
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    MitigationFactory,
    MitigationProgressFactory,
    SituationAnalysisFactory,
    area,
)

# Security staff, managers and administrators write the analyses and keep the register; every page role records
# risks and keeps mitigations up to date (the route table holds the whole matrix).
ANALYSIS_WRITERS = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})
RISK_RECORDERS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.MANAGER, Role.ADMINISTRATOR})
MANY = 14
LONG_AGO = datetime.date(2020, 1, 1)
FAR_AHEAD = datetime.date(2099, 1, 1)


class SituationAnalysisData:
    model = SituationAnalysis
    writers = ANALYSIS_WRITERS
    many = MANY

    def make_object(self):
        return SituationAnalysisFactory(stakeholders=[OrganisationFactory()])

    def make_rows(self, n):
        """Drafts with findings and stakeholders, approved editions, and editions revising another."""
        for index in range(n):
            if index % 3 == 0:
                FindingFactory(analysis=SituationAnalysisFactory(stakeholders=[OrganisationFactory()]))
            elif index % 3 == 1:
                ApprovedAnalysisFactory()
            else:
                SituationAnalysisFactory(previous=ApprovedAnalysisFactory(), jurisdiction=RegionFactory())

    def change_for_history(self, obj, index):
        obj.stakeholders.add(OrganisationFactory())


class FindingData:
    model = Finding
    writers = ANALYSIS_WRITERS
    many = MANY

    def make_object(self):
        return FindingFactory(stakeholders=[OrganisationFactory()], sources=["security"])

    def make_rows(self, n):
        for index in range(n):
            FindingFactory(
                heading=["political", "security", "legal"][index % 3],
                stakeholders=[OrganisationFactory()] if index % 2 else [],
                sources=["security", "legal"],
                mandate_areas=["judicial-accountability"],
            )

    def change_for_history(self, obj, index):
        obj.stakeholders.add(OrganisationFactory())


class CoordinationRiskData:
    model = CoordinationRisk
    writers = ANALYSIS_WRITERS  # who edit; every page role records a risk (``creators``)
    creators = RISK_RECORDERS
    many = MANY

    def make_object(self):
        return CoordinationRiskFactory(stakeholders=[OrganisationFactory()], vulnerable_groups=["women"])

    def make_rows(self, n):
        """Owned and unowned, linked or not, with open, overdue and closed mitigations."""
        for index in range(n):
            risk = CoordinationRiskFactory(
                owner=OwnerFactory() if index % 2 else None,
                likelihood=1 + index % 5,
                impact=1 + (index * 2) % 5,
                area=None if index % 4 == 0 else area(),
                other_area="Customary land courts" if index % 4 == 0 else "",
                stakeholders=[OrganisationFactory()],
                agreements=[AgreementFactory()] if index % 3 == 0 else [],
                vulnerable_groups=["women", "youth"],
                analysis=SituationAnalysisFactory() if index % 3 == 1 else None,
            )
            MitigationFactory(risk=risk, due_on=LONG_AGO if index % 2 else FAR_AHEAD)

    def change_for_history(self, obj, index):
        obj.owner = OwnerFactory()


class MitigationData:
    model = Mitigation
    writers = RISK_RECORDERS
    deleters = ANALYSIS_WRITERS
    many = MANY

    def make_object(self):
        return MitigationFactory()

    def make_rows(self, n):
        for index in range(n):
            if index % 3 == 0:
                MitigationProgressFactory(mitigation=MitigationFactory())
            elif index % 3 == 1:
                MitigationFactory(due_on=LONG_AGO, owner=None)
            else:
                MitigationFactory(status="done", closed_on=datetime.date(2026, 3, 3))

    def change_for_history(self, obj, index):
        obj.owner = OwnerFactory()
