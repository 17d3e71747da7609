"""The catalogue API (read-only, by key) and the adoptions API (read-write) for every role; bad input;
the OpenAPI schema; query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from practices.catalogue import load_catalogue
from practices.choices import AdoptionStatus
from practices.models import Adoption, Practice
from shrhub import clock
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.suites import ApiSuite
from tests.shrhub.factories import LocalityFactory, NationalFactory

from .factories import AdoptionFactory, PracticeFactory
from .suite_data import ADOPTION_WRITERS, AdoptionData

CATALOGUE_ENDPOINTS = [
    ("edition", "toolkit-2016"),
    ("challenge", "hub-a"),
    ("practice", "2016-a-engage-widely"),
    ("reference", "igts"),
    ("method", "2016-mapping-questions"),
    ("mappingquestion", "2016-q-influence"),
]


@pytest.fixture
def catalogue(db):
    return load_catalogue()


# The catalogue: readable by every role, writable by none -----------------------------------------------------


@pytest.mark.parametrize(("basename", "key"), CATALOGUE_ENDPOINTS)
def test_catalogue_endpoints_list_and_find_by_key(catalogue, api_client_for, basename, key):
    """(Who may read them, anonymous and every role: the route table, tests/test_route_access.py.)"""
    client = api_client_for(Role.INTEGRATION)
    listing = client.get(reverse(f"{basename}-list"))
    detail = client.get(reverse(f"{basename}-detail", args=[key]))
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert key in [row["key"] for row in listing.json()["results"]]
    assert detail.json()["key"] == key


@pytest.mark.parametrize("role", [Role.SECURITY, Role.ADMINISTRATOR])
@pytest.mark.parametrize(("basename", "key"), CATALOGUE_ENDPOINTS)
def test_catalogue_is_read_only_through_the_api(catalogue, api_client_for, role, basename, key):
    """Roles without write permission are refused (403); even an administrator finds no write method (405)."""
    client = api_client_for(role)
    expected = 405 if role == Role.ADMINISTRATOR else 403
    before = Practice.objects.count()
    assert client.post(reverse(f"{basename}-list"), {}, format="json").status_code == expected
    assert client.patch(reverse(f"{basename}-detail", args=[key]), {}, format="json").status_code == expected
    assert client.delete(reverse(f"{basename}-detail", args=[key])).status_code == expected
    assert Practice.objects.count() == before


def test_practice_payload_has_steps_citations_and_source(catalogue, api_client_for):
    data = api_client_for(Role.INTEGRATION).get(reverse("practice-detail", args=["2016-a-engage-widely"])).json()
    assert data["edition"] == "toolkit-2016"
    assert (data["challenge"], data["challenge_code"], data["challenge_ref"]) == (
        "toolkit-2016-1-1-a",
        "1.1.a",
        "1.1.a",
    )
    assert data["heading"] == "Engage widely within government."
    assert [s["key"] for s in data["steps"]] == ["consult-wide-range", "work-at-local-level", "different-strategies"]
    assert data["steps"][0]["citations"] == [
        {
            "reference": "csbp-flashpoint-1",
            "short_form": "CSBP, Flashpoint Issue 1",
            "locator": "3",
            "printed": "CSBP, Flashpoint Issue 1: 3",
        }
    ]
    assert data["citations"] == []
    assert data["source"].startswith("Toolkit 2016, Working with Host Governments")
    assert data["search_highlight"] is None


def test_catalogue_filters_through_the_api(catalogue, api_client_for):
    client = api_client_for(Role.INTEGRATION)

    def keys(query: str, basename: str = "practice") -> set[str]:
        return {row["key"] for row in client.get(reverse(f"{basename}-list") + query).json()["results"]}

    assert keys("?challenge=1.1.c&edition=hub") == {
        "hub-c-good-practices",
        "hub-c-practical-tools",
        "hub-c-key-resources",
        "hub-c-key-resources-working-groups",
    }
    assert keys("?kind=case_study") == {"2016-b-colombia-cme"}
    assert keys("?reference=miga") == {"2016-b-commitment-all-levels", "2016-b-national-laws"}
    assert len(keys("?reference=igts")) == 4  # no duplicates for practices citing it twice
    assert keys("?asked_in_rounds=true", "mappingquestion") == {
        "2016-q-national-stakeholders",
        "2016-q-agendas-and-interests",
        "2016-q-influence",
        "2016-q-champions-of-change",
        "2016-q-vulnerable-groups",
        "2016-q-legal-policy-framework",
    }
    assert keys("?ref=1.1.b", "challenge") == {"toolkit-2016-1-1-b", "hub-b"}
    assert client.get(reverse("practice-list") + "?kind=poem").status_code == 400


def test_updated_since_lists_only_rows_changed_since(catalogue, api_client_for):
    client = api_client_for(Role.INTEGRATION)
    later = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)).isoformat()
    assert client.get(reverse("practice-list"), {"updated_since": later}).json()["count"] == 0
    assert client.get(reverse("practice-list"), {"updated_since": "2000-01-01T00:00:00Z"}).json()["count"] == 32


# Adoptions: the generic API suite ---------------------------------------------------------------------------------


class TestAdoptionApi(AdoptionData, ApiSuite):
    basename = "adoption"

    def valid_api_data(self):
        return {
            "practice": PracticeFactory().key,
            "jurisdiction": NationalFactory().pk,
            "status": "planned",
            "target_date": "2027-06-30",
        }

    def invalid_api_data(self):
        return {
            "practice": PracticeFactory().key,
            "jurisdiction": NationalFactory().pk,
            "status": "not_applicable",
        }, "not_applicable_reason"


@pytest.mark.django_db
class TestAdoptionApiInput:
    def post(self, api_client_for, data, role=Role.MANAGER):
        return api_client_for(role).post(reverse("adoption-list"), data, format="json")

    def test_duplicate_practice_and_jurisdiction_answers_400_on_the_field(self, api_client_for):
        existing = AdoptionFactory()
        response = self.post(
            api_client_for,
            {"practice": existing.practice.key, "jurisdiction": existing.jurisdiction.pk, "status": "planned"},
        )
        assert response.status_code == 400
        assert response.json() == {"jurisdiction": ["This practice already has an adoption for this jurisdiction."]}
        assert Adoption.objects.count() == 1

    def test_not_applicable_without_a_reason(self, api_client_for):
        response = self.post(
            api_client_for,
            {
                "practice": PracticeFactory().key,
                "jurisdiction": NationalFactory().pk,
                "status": "not_applicable",
                "not_applicable_reason": "   ",
            },
        )
        assert response.status_code == 400
        assert response.json()["not_applicable_reason"] == ["Say why the practice is not applicable."]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"practice": "no-such-practice"}, "practice"),
            ({"jurisdiction": 999999}, "jurisdiction"),
            ({"status": "finished"}, "status"),
            ({"target_date": "next year"}, "target_date"),
            ({"owner": 999999}, "owner"),
            ({"last_reviewed_on": "2999-01-01"}, "last_reviewed_on"),
        ],
    )
    def test_bad_values_answer_400_with_the_field(self, api_client_for, change, field):
        data = {"practice": PracticeFactory().key, "jurisdiction": NationalFactory().pk, "status": "planned"}
        response = self.post(api_client_for, {**data, **change})
        assert response.status_code == 400
        assert field in response.json(), response.json()
        assert not Adoption.objects.exists()

    def test_a_withdrawn_practice_cannot_be_adopted(self, api_client_for):
        practice = PracticeFactory(withdrawn=True)
        response = self.post(
            api_client_for, {"practice": practice.key, "jurisdiction": NationalFactory().pk, "status": "planned"}
        )
        assert response.status_code == 400
        assert response.json() == {"practice": ["This practice is no longer in the catalogue."]}

    def test_an_adoption_cannot_move_onto_a_withdrawn_practice(self, api_client_for):
        adoption = AdoptionFactory()
        withdrawn = PracticeFactory(withdrawn=True)
        response = api_client_for(Role.MANAGER).patch(
            reverse("adoption-detail", args=[adoption.pk]),
            {"practice": withdrawn.key},
            format="json",
            HTTP_IF_MATCH=f'"{adoption.version}"',
        )
        assert response.status_code == 400
        assert response.json() == {"practice": ["This practice is no longer in the catalogue."]}
        adoption.refresh_from_db()
        assert adoption.practice_id != withdrawn.pk

    def test_create_update_with_if_match_and_stale_edit(self, api_client_for, users):
        client = api_client_for(Role.ADMINISTRATOR)
        practice = PracticeFactory()
        created = self.post(
            api_client_for,
            {
                "practice": practice.key,
                "jurisdiction": NationalFactory().pk,
                "status": "in_progress",
                "owner": users[Role.MANAGER].pk,
                "target_date": "2020-01-01",
            },
            role=Role.ADMINISTRATOR,
        ).json()
        assert created["practice"] == practice.key
        assert created["owner_name"] == users[Role.MANAGER].get_full_name()
        assert created["is_overdue"] is True
        url = reverse("adoption-detail", args=[created["id"]])
        response = client.patch(url, {"status": "implemented"}, format="json", HTTP_IF_MATCH='"1"')
        assert response.status_code == 200
        assert response.json()["version"] == 2
        assert response.json()["is_overdue"] is False
        stale = client.patch(url, {"notes": "late"}, format="json", HTTP_IF_MATCH='"1"')
        assert stale.status_code == 412
        assert Adoption.objects.get().notes == ""

    @pytest.mark.parametrize("role", [Role.MANAGER, Role.SECURITY])
    def test_review_action_per_role(self, api_client_for, role):
        adoption = AdoptionFactory()
        response = api_client_for(role).post(reverse("adoption-review", args=[adoption.pk]), {}, format="json")
        adoption.refresh_from_db()
        if role in ADOPTION_WRITERS:
            assert response.status_code == 200
            assert adoption.last_reviewed_on == clock.today()
            assert response["ETag"] == f'"{adoption.version}"'
        else:
            assert response.status_code == 403
            assert adoption.last_reviewed_on is None

    def test_review_action_takes_a_date_and_refuses_the_future(self, api_client_for):
        adoption = AdoptionFactory()
        client = api_client_for(Role.MANAGER)
        url = reverse("adoption-review", args=[adoption.pk])
        assert client.post(url, {"on": "2026-01-15"}, format="json").json()["last_reviewed_on"] == "2026-01-15"
        response = client.post(url, {"on": "2999-01-01"}, format="json")
        assert response.status_code == 400
        assert "last_reviewed_on" in response.json()

    @pytest.mark.parametrize("body", [{"on": 20260115}, {"on": ["2026-01-15"]}, {"on": True}, {"on": "15/01/2026"}])
    def test_review_action_refuses_a_date_of_the_wrong_type_or_format(self, api_client_for, body):
        adoption = AdoptionFactory()
        url = reverse("adoption-review", args=[adoption.pk])
        response = api_client_for(Role.MANAGER).post(url, body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["on"]
        adoption.refresh_from_db()
        assert adoption.last_reviewed_on is None

    def test_adoption_filters(self, api_client_for):
        overdue = AdoptionFactory(target_date=datetime.date(2020, 1, 1))
        AdoptionFactory(status=AdoptionStatus.IMPLEMENTED, target_date=datetime.date(2020, 1, 1))
        client = api_client_for(Role.INTEGRATION)
        rows = client.get(reverse("adoption-list"), {"overdue": "true"}).json()["results"]
        assert [row["id"] for row in rows] == [overdue.pk]
        rows = client.get(reverse("adoption-list"), {"practice": overdue.practice.key}).json()["results"]
        assert [row["id"] for row in rows] == [overdue.pk]


# Schema and query counts ----------------------------------------------------------------------------------------


def test_every_endpoint_is_in_the_openapi_schema(api_client_for):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for prefix in ("editions", "challenges", "practices", "references", "methods", "mapping-questions"):
        assert f"/api/v1/{prefix}/" in paths
        assert f"/api/v1/{prefix}/{{key}}/" in paths
        assert set(paths[f"/api/v1/{prefix}/"]) == {"get"}
    assert {"get", "post"} <= set(paths["/api/v1/adoptions/"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/v1/adoptions/{id}/"])
    assert "/api/v1/adoptions/{id}/review/" in paths
    assert "/api/v1/adoptions/{id}/history/" in paths
    practice = schema["components"]["schemas"]["Practice"]["properties"]
    assert {"steps", "citations", "search_highlight", "withdrawn"} <= set(practice)
    response = api_client_for(Role.INTEGRATION).get("/api/v1/schema/")
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["", "?q=experts"])
def test_practice_api_list_query_count_is_constant(api_client_for, query):
    client = api_client_for(Role.INTEGRATION)
    url = reverse("practice-list") + query
    assert_constant_queries(lambda n: PracticeFactory.create_batch(n), lambda: client.get(url), few=2, many=20)


def test_adoption_api_list_query_count_is_constant(api_client_for, users):
    client = api_client_for(Role.INTEGRATION)

    def rows(n):
        for _ in range(n):
            AdoptionFactory(jurisdiction=LocalityFactory(), owner=users[Role.MANAGER])

    assert_constant_queries(rows, lambda: client.get(reverse("adoption-list")), few=2, many=20)


@pytest.mark.parametrize("basename", ["method", "reference", "challenge", "edition", "mappingquestion"])
def test_other_catalogue_lists_keep_constant_queries(catalogue, api_client_for, basename):
    from tests.practices.factories import ChallengeFactory, MappingQuestionFactory, MethodFactory, ReferenceFactory

    makers = {
        "method": lambda n: [MappingQuestionFactory(method=MethodFactory()) for _ in range(n)],
        "reference": lambda n: ReferenceFactory.create_batch(n),
        "challenge": lambda n: ChallengeFactory.create_batch(n),
        "edition": lambda n: [
            ChallengeFactory(section__key=f"s{i}-{n}", section__edition__key=f"e{i}-{n}") for i in range(n)
        ],
        "mappingquestion": lambda n: MappingQuestionFactory.create_batch(n),
    }
    client = api_client_for(Role.INTEGRATION)
    assert_constant_queries(makers[basename], lambda: client.get(reverse(f"{basename}-list")), few=2, many=20)
    assert Practice.objects.exists()


@pytest.mark.parametrize("ordering", ["challenge", "-jurisdiction", "status", "target", "-reviewed", "updated"])
def test_every_adoption_ordering_pages_through_the_api(api_client_for, ordering):
    for _ in range(3):
        AdoptionFactory(jurisdiction=LocalityFactory(), last_reviewed_on=datetime.date(2026, 1, 1))
    client = api_client_for(Role.INTEGRATION)
    first = client.get(reverse("adoption-list"), {"ordering": ordering, "page_size": 2})
    assert first.status_code == 200, first.content[:500]
    second = client.get(first.json()["next"])
    assert second.status_code == 200
    ids = [row["id"] for row in first.json()["results"] + second.json()["results"]]
    assert sorted(ids) == sorted(Adoption.objects.values_list("id", flat=True))


@pytest.mark.parametrize("basename", ["practice", "adoption", "method", "mappingquestion"])
def test_a_misspelt_filter_answers_400(catalogue, api_client_for, basename):
    response = api_client_for(Role.INTEGRATION).get(reverse(f"{basename}-list"), {"chalenge": "1.1.a"})
    assert response.status_code == 400
    assert response.json() == {"chalenge": ["Unknown filter."]}


def test_an_api_only_account_cannot_own_an_adoption(api_client_for, users):
    response = api_client_for(Role.MANAGER).post(
        reverse("adoption-list"),
        {
            "practice": PracticeFactory().key,
            "jurisdiction": NationalFactory().pk,
            "status": "planned",
            "owner": users[Role.INTEGRATION].pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()
