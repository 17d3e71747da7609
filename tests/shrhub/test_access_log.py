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
