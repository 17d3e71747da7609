"""Every registry endpoint as an allowed and a refused role; bad input, stale writes, authorship, query counts."""

from __future__ import annotations

from tests.helpers.suites import ApiSuite
from tests.practices.factories import MappingQuestionFactory
from tests.shrhub.factories import NationalFactory

from .factories import (
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    TenureFactory,
)
from .suite_data import (
    AssessmentData,
    EngagementData,
    MappingAnswerData,
    MappingRoundData,
    PositionData,
    RelationshipData,
    StakeholderData,
    TenureData,
)


class TestStakeholderApi(StakeholderData, ApiSuite):
    basename = "stakeholder"

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


class TestPositionApi(PositionData, ApiSuite):
    basename = "position"

    def valid_api_data(self):
        return {"organisation": OrganisationFactory().pk, "title": "Governor", "is_key": True}

    def invalid_api_data(self):
        return {"organisation": PersonFactory().pk, "title": "Governor"}, "organisation"


class TestTenureApi(TenureData, ApiSuite):
    basename = "tenure"

    def valid_api_data(self):
        return {"position": PositionFactory().pk, "holder": PersonFactory().pk, "started_on": "2025-01-01"}

    def invalid_api_data(self):
        tenure = TenureFactory()
        return {"position": tenure.position_id, "holder": PersonFactory().pk, "started_on": "2025-01-01"}, "started_on"


class TestAssessmentApi(AssessmentData, ApiSuite):
    basename = "assessment"

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


class TestMappingRoundApi(MappingRoundData, ApiSuite):
    basename = "mappinground"

    def valid_api_data(self):
        return {"name": "Round 3", "jurisdiction": NationalFactory().pk, "started_on": "2026-06-01"}

    def invalid_api_data(self):
        return {
            "name": "Round 3",
            "jurisdiction": NationalFactory().pk,
            "started_on": "2026-06-01",
            "review_due_on": "2026-01-01",
        }, "non_field_errors"


class TestRelationshipApi(RelationshipData, ApiSuite):
    basename = "relationship"

    def valid_api_data(self):
        return {"source": OrganisationFactory().pk, "target": OrganisationFactory().pk, "kind": "allied_with"}

    def invalid_api_data(self):
        one = OrganisationFactory()
        return {"source": one.pk, "target": one.pk, "kind": "allied_with"}, "non_field_errors"


class TestEngagementApi(EngagementData, ApiSuite):
    basename = "engagement"

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


class TestMappingAnswerApi(MappingAnswerData, ApiSuite):
    basename = "mappinganswer"

    def valid_api_data(self):
        return {
            "mapping_round": MappingRoundFactory().pk,
            "question": MappingQuestionFactory(asked_in_rounds=True).pk,
            "answer": "The ministries of the interior and of mines decide on security arrangements.",
        }

    def invalid_api_data(self):
        """A question the rounds do not ask is not a choice."""
        return {
            "mapping_round": MappingRoundFactory().pk,
            "question": MappingQuestionFactory(asked_in_rounds=False).pk,
            "answer": "An answer to the wrong question.",
        }, "question"
