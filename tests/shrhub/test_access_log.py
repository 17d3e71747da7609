"""Views of sensitive records are logged (who, when, what); managers read the log; internal views are not."""

from __future__ import annotations

import pytest

from shrhub.models import AccessLog
from shrhub.roles import Role
from tests.helpers.roles import ANONYMOUS, EVERYONE
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_viewing_restricted_records_is_logged_on_pages_and_api(client_for, api_client_for, users):
    record = OrganisationFactory(confidentiality="restricted")
    internal = OrganisationFactory()
    client_for(Role.SECURITY).get(record.get_absolute_url())
    client_for(Role.SECURITY).get(internal.get_absolute_url())
    api_client_for(Role.MANAGER).get(f"/api/v1/stakeholders/{record.pk}/")
    entries = list(AccessLog.objects.order_by("id"))
    assert [(e.user, e.action, e.object_id, e.via, e.level) for e in entries] == [
        (users[Role.SECURITY], "view", str(record.pk), "page", "restricted"),
        (users[Role.MANAGER], "view", str(record.pk), "api", "restricted"),
    ]


def test_refused_views_are_not_logged_as_views(client_for):
    record = OrganisationFactory(confidentiality="confidential")
    assert client_for(Role.SECURITY).get(record.get_absolute_url()).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_access_log_page_is_for_managers_and_administrators(client_for, role):
    OrganisationFactory()
    response = client_for(role).get("/audit/access-log/")
    allowed = {Role.MANAGER, Role.ADMINISTRATOR}
    expected = 302 if role == ANONYMOUS else (200 if role in allowed else 403)
    assert response.status_code == expected


def test_access_log_page_lists_entries_and_filters(client_for):
    record = OrganisationFactory(confidentiality="restricted")
    client_for(Role.SECURITY).get(record.get_absolute_url())
    page = client_for(Role.MANAGER).get("/audit/access-log/", {"action": "view"})
    assert f"#{record.pk}" in page.content.decode()
    assert list(client_for(Role.MANAGER).get("/audit/access-log/", {"action": "export"}).context["object_list"]) == []


def test_manager_view_exports_are_logged(client_for, users):
    OrganisationFactory()
    response = client_for(Role.MANAGER).get("/insights/map/data.csv")
    assert response.status_code == 200
    entry = AccessLog.objects.get(action="export")
    assert entry.user == users[Role.MANAGER]
    assert entry.model == "insights.map"


def test_minutes_prints_and_calendar_feeds_are_logged(client_for, api_client_for, users):
    from tests.workinggroups.factories import MeetingFactory

    meeting = MeetingFactory()
    assert client_for(Role.COMMUNITY).get(f"/working-groups/meetings/{meeting.pk}/print/").status_code == 200
    assert api_client_for(Role.MANAGER).get("/api/v1/meetings/calendar/").status_code == 200
    actions = list(AccessLog.objects.order_by("id").values_list("user__username", "action", "model"))
    assert actions == [
        (users[Role.COMMUNITY].username, "export", "workinggroups.meeting"),
        (users[Role.MANAGER].username, "export", "workinggroups.meeting"),
    ]


# Every read path that returns sensitive rows logs them: one entry per request (and model), never one per row ----


@pytest.fixture
def mixed():
    """Two restricted stakeholders, one confidential and one internal."""
    restricted = [OrganisationFactory(name=f"Restricted Office {n}", confidentiality="restricted") for n in (1, 2)]
    confidential = OrganisationFactory(name="Confidential Office", confidentiality="confidential")
    OrganisationFactory(name="Internal Office")
    return restricted, confidential


def only_entry(**filters) -> AccessLog:
    entries = list(AccessLog.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def ids(entry: AccessLog) -> set[str]:
    return set(filter(None, entry.object_ids.split(",")))


def test_list_pages_log_the_sensitive_rows_they_show_in_one_entry(client_for, users, mixed):
    restricted, _ = mixed
    assert client_for(Role.SECURITY).get("/stakeholders/").status_code == 200
    entry = only_entry(action="view")
    assert (entry.user, entry.model, entry.via, entry.count) == (
        users[Role.SECURITY],
        "stakeholders.stakeholder",
        "page",
        2,
    )
    assert ids(entry) == {str(r.pk) for r in restricted}
    assert entry.level == "restricted"
    assert "stakeholders:stakeholder_list" in entry.detail


def test_searches_log_the_sensitive_rows_they_find(client_for, mixed):
    restricted, confidential = mixed
    client_for(Role.ADMINISTRATOR).get("/stakeholders/", {"q": "office"})
    entry = only_entry(action="view")
    assert ids(entry) == {str(r.pk) for r in [*restricted, confidential]}
    assert entry.level == "confidential"  # the highest level among them
    assert "search" in entry.detail


def test_lists_of_internal_rows_log_nothing(client_for):
    OrganisationFactory()
    client_for(Role.SECURITY).get("/stakeholders/")
    client_for(Role.SECURITY).get("/api/v1/stakeholders/")
    assert not AccessLog.objects.exists()


def test_history_pages_and_details_name_the_view(client_for, mixed):
    record = mixed[0][0]
    client_for(Role.SECURITY).get(f"/stakeholders/{record.pk}/history/")
    entry = only_entry(action="view")
    assert (entry.object_id, entry.count) == (str(record.pk), 1)
    assert "stakeholders:stakeholder_history" in entry.detail


def test_api_lists_details_and_history_are_logged(api_client_for, users, mixed):
    restricted, _ = mixed
    client = api_client_for(Role.MANAGER)
    client.get("/api/v1/stakeholders/")
    listed = only_entry(action="view")
    assert (listed.user, listed.via, listed.count) == (users[Role.MANAGER], "api", 2)
    assert ids(listed) == {str(r.pk) for r in restricted}
    AccessLog.objects.all().delete()
    client.get(f"/api/v1/stakeholders/{restricted[0].pk}/history/")
    history = only_entry(action="view")
    assert (history.object_id, history.via) == (str(restricted[0].pk), "api")
    assert "history" in history.detail


def test_api_lists_of_other_sensitive_models_are_logged(api_client_for):
    from tests.stakeholders.factories import AssessmentFactory, EngagementFactory, RelationshipFactory
    from tests.workinggroups.factories import MeetingFactory

    assessment = AssessmentFactory(confidentiality="restricted")
    relationship = RelationshipFactory(confidentiality="restricted")
    engagement = EngagementFactory(confidentiality="restricted")
    meeting = MeetingFactory(confidentiality="restricted")
    client = api_client_for(Role.MANAGER)
    for url, record in [
        ("/api/v1/assessments/", assessment),
        ("/api/v1/relationships/", relationship),
        ("/api/v1/engagements/", engagement),
        ("/api/v1/meetings/", meeting),
    ]:
        AccessLog.objects.all().delete()
        assert client.get(url).status_code == 200
        assert ids(only_entry(action="view", model=record._meta.label_lower)) == {str(record.pk)}, url


def test_admin_changelist_change_and_history_views_are_logged(client_for, users, mixed):
    restricted, confidential = mixed
    client = client_for(Role.ADMINISTRATOR)
    assert client.get("/admin/stakeholders/stakeholder/").status_code == 200
    listed = only_entry(action="view")
    assert (listed.user, listed.via, listed.count) == (users[Role.ADMINISTRATOR], "admin", 3)
    assert ids(listed) == {str(r.pk) for r in [*restricted, confidential]}
    for path, view in [("change", "change"), ("history", "history")]:
        AccessLog.objects.all().delete()
        assert client.get(f"/admin/stakeholders/stakeholder/{confidential.pk}/{path}/").status_code == 200
        entry = only_entry(action="view")
        assert (entry.object_id, entry.via, entry.level) == (str(confidential.pk), "admin", "confidential")
        assert view in entry.detail


def test_logging_a_list_costs_one_query_whatever_the_rows(client_for, api_client_for):
    from tests.helpers.queries import assert_constant_queries

    def make_rows(n):
        for _ in range(n):
            OrganisationFactory(confidentiality="restricted")

    page, api = client_for(Role.SECURITY), api_client_for(Role.SECURITY)
    assert_constant_queries(make_rows, lambda: page.get("/stakeholders/"))
    AccessLog.objects.all().delete()
    page.get("/stakeholders/")
    assert only_entry(action="view").count == 12
    OrganisationFactory.create_batch(2, confidentiality="restricted")  # the helper's rows already exist
    assert_constant_queries(lambda n: None, lambda: api.get("/api/v1/stakeholders/"), few=0, many=0)
