"""Every registry endpoint as every role, with bad input, stale writes, audit authorship and query counts."""

from __future__ import annotations

from shrhub.roles import Role
from stakeholders.models import Assessment, Engagement, MappingRound, Position, Relationship, Stakeholder, Tenure
from tests.helpers.roles import API_READERS
from tests.helpers.suites import ApiSuite
from tests.shrhub.factories import NationalFactory

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


class TestStakeholderApi(ApiSuite):
    basename = "stakeholder"
    model = Stakeholder
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return OrganisationFactory()

    def make_rows(self, n):
        for _ in range(n):
            AssessmentFactory(stakeholder=OrganisationFactory(parent=OrganisationFactory()))

    def valid_api_data(self):
        return {
            "kind": "organisation",
            "name": "Mining Ministry",
            "sector": "ministry",
            "level": "national",
            "jurisdiction": NationalFactory().pk,
            "vulnerable_groups": ["women"],
        }

    def invalid_api_data(self):
        return {
            "kind": "organisation",
            "name": "X",
            "sector": "ministry",
            "level": "national",
            "jurisdiction": NationalFactory().pk,
            "email": "a@b.org",
        }, "email"


class TestPositionApi(ApiSuite):
    basename = "position"
    model = Position
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return PositionFactory()

    def make_rows(self, n):
        for _ in range(n):
            TenureFactory()

    def valid_api_data(self):
        return {"organisation": OrganisationFactory().pk, "title": "Governor", "is_key": True}

    def invalid_api_data(self):
        return {"organisation": PersonFactory().pk, "title": "Governor"}, "organisation"


class TestTenureApi(ApiSuite):
    basename = "tenure"
    model = Tenure
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return TenureFactory()

    def valid_api_data(self):
        return {"position": PositionFactory().pk, "holder": PersonFactory().pk, "started_on": "2025-01-01"}

    def invalid_api_data(self):
        tenure = TenureFactory()
        return {"position": tenure.position_id, "holder": PersonFactory().pk, "started_on": "2025-01-01"}, "started_on"


class TestAssessmentApi(ApiSuite):
    basename = "assessment"
    model = Assessment
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return AssessmentFactory()

    def valid_api_data(self):
        return {
            "stakeholder": OrganisationFactory().pk,
            "assessed_on": "2026-05-05",
            "stance": "champion",
            "influence": 4,
            "interest": 5,
            "sources": ["security", "local-experts"],
        }

    def invalid_api_data(self):
        return {
            "stakeholder": OrganisationFactory().pk,
            "assessed_on": "2026-05-05",
            "stance": "hero",
            "influence": 4,
            "interest": 5,
            "sources": ["security"],
        }, "stance"


class TestMappingRoundApi(ApiSuite):
    basename = "mappinground"
    model = MappingRound
    readers = API_READERS
    writers = frozenset({Role.SECURITY, Role.MANAGER, Role.ADMINISTRATOR})

    def make_object(self):
        return MappingRoundFactory()

    def valid_api_data(self):
        return {"name": "Round 3", "jurisdiction": NationalFactory().pk, "started_on": "2026-06-01"}

    def invalid_api_data(self):
        return {
            "name": "Round 3",
            "jurisdiction": NationalFactory().pk,
            "started_on": "2026-06-01",
            "review_due_on": "2026-01-01",
        }, "non_field_errors"


class TestRelationshipApi(ApiSuite):
    basename = "relationship"
    model = Relationship
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return RelationshipFactory()

    def valid_api_data(self):
        return {"source": OrganisationFactory().pk, "target": OrganisationFactory().pk, "kind": "allied_with"}

    def invalid_api_data(self):
        one = OrganisationFactory()
        return {"source": one.pk, "target": one.pk, "kind": "allied_with"}, "non_field_errors"


class TestEngagementApi(ApiSuite):
    basename = "engagement"
    model = Engagement
    readers = API_READERS
    writers = REGISTRY_WRITERS

    def make_object(self):
        return EngagementFactory()

    def make_rows(self, n):
        for _ in range(n):
            EngagementFactory(stakeholders=[OrganisationFactory(), PersonFactory()])

    def valid_api_data(self):
        return {
            "occurred_on": "2026-02-02",
            "kind": "roundtable",
            "title": "Roundtable",
            "jurisdiction": NationalFactory().pk,
            "stakeholders": [OrganisationFactory().pk],
        }

    def invalid_api_data(self):
        return {
            "occurred_on": "2026-02-02",
            "kind": "roundtable",
            "title": "Roundtable",
            "jurisdiction": NationalFactory().pk,
            "stakeholders": [],
        }, "stakeholders"
