"""What the registry's page suites (``test_views.py``) and API suites (``test_api.py``) share for each model: the
model, who writes it, one record and rows for the constant-query checks. Each suite adds only its own input
(form data for pages, JSON for the API)."""

from __future__ import annotations

from shrhub.roles import Role
from stakeholders.models import Assessment, Engagement, MappingRound, Position, Relationship, Stakeholder, Tenure

from .factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)

REGISTRY_WRITERS = frozenset({Role.SECURITY, Role.ADMINISTRATOR})
ROUND_WRITERS = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})


class StakeholderData:
    model = Stakeholder
    writers = REGISTRY_WRITERS

    def make_object(self):
        return OrganisationFactory()

    def make_rows(self, n):
        for _ in range(n):
            AssessmentFactory(stakeholder=OrganisationFactory(parent=OrganisationFactory()))


class PositionData:
    model = Position
    writers = REGISTRY_WRITERS

    def make_object(self):
        return PositionFactory()

    def make_rows(self, n):
        for _ in range(n):
            TenureFactory()


class TenureData:
    model = Tenure
    writers = REGISTRY_WRITERS

    def make_object(self):
        return TenureFactory()


class AssessmentData:
    model = Assessment
    writers = REGISTRY_WRITERS

    def make_object(self):
        return AssessmentFactory()


class MappingRoundData:
    model = MappingRound
    writers = ROUND_WRITERS

    def make_object(self):
        return MappingRoundFactory()

    def make_rows(self, n):
        for _ in range(n):
            AssessmentFactory(mapping_round=MappingRoundFactory())


class RelationshipData:
    model = Relationship
    writers = REGISTRY_WRITERS

    def make_object(self):
        return RelationshipFactory()


class EngagementData:
    model = Engagement
    writers = REGISTRY_WRITERS

    def make_object(self):
        return EngagementFactory()

    def make_rows(self, n):
        for _ in range(n):
            EngagementFactory(stakeholders=[OrganisationFactory(), PersonFactory()])
