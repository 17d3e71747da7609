"""What the registry's page suites (``test_views.py``) and API suites (``test_api.py``) share for each model: the
model, who writes it, one record and rows for the constant-query checks. Each suite adds only its own input
(form data for pages, JSON for the API)."""

from __future__ import annotations

from shrhub.roles import Role
from stakeholders.models import (
    Assessment,
    Engagement,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
)
from tests.practices.factories import MappingQuestionFactory

from .factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingAnswerFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)

REGISTRY_WRITERS = frozenset({Role.SECURITY, Role.ADMINISTRATOR})
ROUND_WRITERS = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})
# Every corporate function logs engagements and records assessments (README, "Roles").
CONTRIBUTORS = frozenset({Role.SECURITY, Role.COMMUNITY, Role.EXTERNAL, Role.ADMINISTRATOR})


class StakeholderData:
    model = Stakeholder
    writers = REGISTRY_WRITERS

    def make_object(self):
        return OrganisationFactory()

    def make_rows(self, n):
        for _ in range(n):
            AssessmentFactory(stakeholder=OrganisationFactory(parent=OrganisationFactory()))

    def change_for_history(self, obj, index):
        """Each entry moves the organisation under another parent: the history names as many records as entries."""
        obj.parent = OrganisationFactory()


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
    writers = REGISTRY_WRITERS  # correct
    creators = CONTRIBUTORS

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
    writers = CONTRIBUTORS
    deleters = REGISTRY_WRITERS

    def make_object(self):
        return EngagementFactory()

    def make_rows(self, n):
        for _ in range(n):
            EngagementFactory(stakeholders=[OrganisationFactory(), PersonFactory()])


class MappingAnswerData:
    model = MappingAnswer
    writers = ROUND_WRITERS

    def make_object(self):
        return MappingAnswerFactory(question=MappingQuestionFactory(asked_in_rounds=True))

    def make_rows(self, n):
        for _ in range(n):
            MappingAnswerFactory(question=MappingQuestionFactory(asked_in_rounds=True))

    def change_for_history(self, obj, index):
        """Each entry moves the answer to another round, so the history names as many rounds as entries."""
        obj.mapping_round = MappingRoundFactory()
        obj.answer = f"Answer, version {index}"
