"""Every working-group endpoint as every role, bad input (400 with field messages, nothing written), the
approval lock through the API, the calendar feeds and pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from shrhub.models import Confidentiality
from shrhub.roles import Role
from shrhub.tokens import issue_token
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from tests.helpers.suites import ApiSuite, if_match
from tests.shrhub.factories import LocalityFactory
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.choices import ActionStatus, MeetingStatus
from workinggroups.models import (
    ActionProgress,
    AgendaItem,
    Attendance,
    Guest,
    Meeting,
    MinutesAmendment,
)

from .factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AgendaItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesAmendmentFactory,
    WorkingGroupFactory,
    at,
)
from .suite_data import (
    MANY,
    WRITERS,
    ActionItemData,
    GroupData,
    KeyIssueData,
    MeetingData,
    MembershipData,
    WorkingGroupData,
)

READERS = frozenset(Role.values)
# One allowed and one refused role (every role on every route is the route table's, tests/test_route_access.py).
READ_ROLES = pytest.mark.parametrize("role", [Role.INTEGRATION, ANONYMOUS])  # every role reads: anonymous is refused
WRITE_ROLES = pytest.mark.parametrize("role", [Role.COMMUNITY, Role.SECURITY])


def expected(role: str, allowed) -> int:
    if role == ANONYMOUS:
        return 401
    return 0 if role in allowed else 403


# The shared suite for every endpoint ------------------------------------------------------------------------


class TestWorkingGroupApi(WorkingGroupData, ApiSuite):
    basename = "workinggroup"

    def valid_api_data(self):
        return {
            "name": "Kessa Security Working Group",
            "jurisdiction": LocalityFactory().pk,
            "purpose": "Trust and coordination.",
            "cadence_days": 60,
            "established_on": "2026-01-15",
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "cadence_days": 0}, "cadence_days"


class TestMembershipApi(MembershipData, ApiSuite):
    basename = "membership"

    def valid_api_data(self):
        return {
            "group": WorkingGroupFactory().pk,
            "stakeholder": OrganisationFactory().pk,
            "constituency": "civil_society",
            "role": "co_chair",
            "joined_on": "2026-02-01",
        }

    def invalid_api_data(self):
        return {**self.valid_api_data(), "left_on": "2026-01-01"}, "left_on"


class TestMeetingApi(MeetingData, ApiSuite):
    basename = "meeting"

    def valid_api_data(self):
        return {"group": WorkingGroupFactory().pk, "starts_at": "2026-12-01T10:00:00Z", "agenda": ["Welcome", "AOB"]}

    def invalid_api_data(self):
        return {"group": WorkingGroupFactory().pk, "title": "No date"}, "starts_at"


class TestAgendaItemApi(GroupData, ApiSuite):
    basename = "agendaitem"
    model = AgendaItem

    def make_object(self):
        return AgendaItemFactory()

    def valid_api_data(self):
        return {"meeting": MeetingFactory().pk, "position": 1, "title": "Welcome"}

    def invalid_api_data(self):
        return {"meeting": MeetingFactory().pk, "position": 1, "title": ""}, "title"


class TestAttendanceApi(GroupData, ApiSuite):
    basename = "attendance"
    model = Attendance

    def make_object(self):
        return AttendanceFactory()

    def valid_api_data(self):
        meeting = HeldMeetingFactory()
        return {"meeting": meeting.pk, "membership": MembershipFactory(group=meeting.group).pk, "status": "present"}

    def invalid_api_data(self):
        return {"meeting": HeldMeetingFactory().pk, "membership": MembershipFactory().pk, "status": "present"}, (
            "membership"
        )


class TestGuestApi(GroupData, ApiSuite):
    basename = "guest"
    model = Guest

    def make_object(self):
        return GuestFactory()

    def valid_api_data(self):
        return {"meeting": HeldMeetingFactory().pk, "name": "Dr Amara Tesh", "organisation": "Rights Office"}

    def invalid_api_data(self):
        return {"meeting": HeldMeetingFactory().pk, "name": ""}, "name"


class TestKeyIssueApi(KeyIssueData, ApiSuite):
    basename = "keyissue"

    def valid_api_data(self):
        return {"meeting": HeldMeetingFactory().pk, "text": "Roadblocks", "raised_by": OrganisationFactory().pk}

    def invalid_api_data(self):
        return {"meeting": HeldMeetingFactory().pk, "text": ""}, "text"


class TestActionItemApi(ActionItemData, ApiSuite):
    basename = "actionitem"

    def valid_api_data(self):
        meeting = HeldMeetingFactory()
        return {
            "meeting": meeting.pk,
            "description": "Share the procedure",
            "owner_membership": MembershipFactory(group=meeting.group).pk,
            "due_on": "2026-04-15",
        }

    def invalid_api_data(self):
        meeting = HeldMeetingFactory()
        return {"meeting": meeting.pk, "description": "Nobody's job", "due_on": "2026-04-15"}, "owner_membership"


# Endpoints that only append or only read --------------------------------------------------------------------


@pytest.mark.django_db
class TestActionProgressApi:
    url = staticmethod(
        lambda *args: reverse("actionprogress-list") if not args else reverse("actionprogress-detail", args=args)
    )

    @READ_ROLES
    def test_read(self, api_client_for, role):
        note = ActionProgressFactory()
        client = api_client_for(role)
        responses = [
            client.get(self.url()),
            client.get(self.url(note.pk)),
            client.get(reverse("actionprogress-history", args=[note.pk])),
        ]
        for response in responses:
            assert response.status_code == (expected(role, READERS) or 200)

    @WRITE_ROLES
    def test_append(self, api_client_for, role):
        action = ActionItemFactory()
        response = api_client_for(role).post(
            self.url(), {"action": action.pk, "note": "Started", "new_status": "in_progress"}, format="json"
        )
        code = expected(role, WRITERS)
        assert response.status_code == (code or 201)
        action.refresh_from_db()
        assert (action.status == ActionStatus.IN_PROGRESS) == (not code)

    @pytest.mark.parametrize("method", ["patch", "put", "delete"])
    def test_notes_are_never_edited_or_deleted(self, api_client_for, method):
        note = ActionProgressFactory()
        response = getattr(api_client_for(Role.ADMINISTRATOR), method)(self.url(note.pk), {"note": "x"}, format="json")
        assert response.status_code == 405
        assert ActionProgress.objects.get(pk=note.pk).note == note.note

    def test_bad_input(self, api_client_for):
        action = ActionItemFactory()
        client = api_client_for(Role.COMMUNITY)
        for data, field in (
            ({"action": action.pk, "note": ""}, "note"),
            ({"action": action.pk, "note": "x", "new_status": "finished"}, "new_status"),
            ({"note": "x"}, "action"),
        ):
            response = client.post(self.url(), data, format="json")
            assert response.status_code == 400
            assert field in response.json()
        assert not ActionProgress.objects.exists()

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(Role.MANAGER)
        assert_constant_queries(
            lambda n: [ActionProgressFactory() for _ in range(n)], lambda: client.get(self.url()), few=2, many=MANY
        )


@pytest.mark.django_db
class TestMinutesAmendmentApi:
    @READ_ROLES
    def test_read_only_list(self, api_client_for, role):
        amendment = MinutesAmendmentFactory()
        listing = api_client_for(role).get(reverse("minutesamendment-list"))
        assert listing.status_code == (expected(role, READERS) or 200)
        if role != ANONYMOUS:
            assert [row["id"] for row in listing.json()["results"]] == [amendment.pk]

    def test_amendments_are_not_written_here(self, api_client_for):
        """Even a role that writes amendments (through meetings/{id}/amendments/) finds no write method here."""
        response = api_client_for(Role.COMMUNITY).post(reverse("minutesamendment-list"), {}, format="json")
        assert response.status_code == 405
        assert not MinutesAmendment.objects.exists()

    def test_list_query_count_is_constant(self, api_client_for):
        client = api_client_for(Role.MANAGER)
        assert_constant_queries(
            lambda n: [MinutesAmendmentFactory() for _ in range(n)],
            lambda: client.get(reverse("minutesamendment-list")),
            few=2,
            many=MANY,
        )


# Minutes through the API: approve, locked, amendments --------------------------------------------------------


@pytest.mark.django_db
@WRITE_ROLES
def test_approve_per_role(api_client_for, users, role):
    meeting = HeldMeetingFactory()
    response = api_client_for(role).post(
        reverse("meeting-approve", args=[meeting.pk]), HTTP_IF_MATCH=f'"{meeting.version}"'
    )
    code = expected(role, WRITERS)
    assert response.status_code == (code or 200)
    meeting.refresh_from_db()
    if code:
        assert meeting.approved_at is None
    else:
        assert meeting.approved_by == users[role]
        assert response.json()["approved_at"]
        assert response["ETag"] == f'"{meeting.version}"'


@pytest.mark.django_db
def test_approve_refuses_a_planned_meeting_and_a_stale_version(api_client_for):
    client = api_client_for(Role.COMMUNITY)
    planned = MeetingFactory()
    response = client.post(reverse("meeting-approve", args=[planned.pk]), HTTP_IF_MATCH=f'"{planned.version}"')
    assert response.status_code == 400
    assert "status" in response.json()
    held = HeldMeetingFactory()
    stale = client.post(reverse("meeting-approve", args=[held.pk]), HTTP_IF_MATCH=f'"{held.version + 2}"')
    assert stale.status_code == 412
    held.refresh_from_db()
    assert held.approved_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "*", " * "])
def test_approve_without_a_version_read_answers_428_and_approves_nothing(api_client_for, header):
    """Approving locks what the approver read: If-Match must name that version (``*`` names none)."""
    meeting = HeldMeetingFactory()
    extra = {} if header is None else {"HTTP_IF_MATCH": header}
    response = api_client_for(Role.COMMUNITY).post(reverse("meeting-approve", args=[meeting.pk]), **extra)
    assert response.status_code == 428
    assert list(response.json()) == ["If-Match"]
    assert "ETag" in response.json()["If-Match"][0]
    meeting.refresh_from_db()
    assert meeting.approved_at is None
    assert meeting.version == 1


@pytest.mark.django_db
def test_approve_with_a_malformed_stale_or_good_version(api_client_for, users):
    meeting = HeldMeetingFactory()
    client = api_client_for(Role.COMMUNITY)
    url = reverse("meeting-approve", args=[meeting.pk])
    malformed = client.post(url, HTTP_IF_MATCH="3")
    assert malformed.status_code == 400
    assert "If-Match" in malformed.json()
    stale = client.post(url, HTTP_IF_MATCH=f'"{meeting.version + 1}"')
    assert stale.status_code == 412
    meeting.refresh_from_db()
    assert meeting.approved_at is None
    good = client.post(url, HTTP_IF_MATCH=f'W/"{meeting.version}"')
    assert good.status_code == 200
    meeting.refresh_from_db()
    assert meeting.approved_by == users[Role.COMMUNITY]
    assert good["ETag"] == f'"{meeting.version}"'
    detail = reverse("meeting-detail", args=[meeting.pk])
    locked = client.patch(detail, {"minutes": "Rewritten"}, format="json", **if_match(client, detail))
    assert locked.status_code == 400
    again = client.post(url, HTTP_IF_MATCH=f'"{meeting.version}"')
    assert again.status_code == 400


def test_the_schema_documents_the_required_if_match_and_the_428():
    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/meetings/{id}/approve/"]
    operation = operation["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
    assert header["required"] is True
    assert header["schema"]["pattern"] == '^(W/)?"[0-9]+"$'  # no *
    assert {"412", "428"} <= set(operation["responses"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": "Rewritten"}, "minutes"),
        ({"decisions": "New decision"}, "decisions"),
        ({"status": "cancelled"}, "status"),
        ({"agenda": ["Other item"]}, "non_field_errors"),
    ],
)
def test_approved_minutes_are_refused_through_the_api(api_client_for, change, field):
    meeting = ApprovedMeetingFactory(minutes="Approved text")
    client, url = api_client_for(Role.COMMUNITY), reverse("meeting-detail", args=[meeting.pk])
    response = client.patch(url, change, format="json", **if_match(client, url))
    assert response.status_code == 400
    assert field in response.json()
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.status) == ("Approved text", MeetingStatus.HELD)


@pytest.mark.django_db
def test_approved_meeting_can_still_be_tagged_but_not_deleted(api_client_for):
    from tests.practices.factories import PracticeFactory

    meeting = ApprovedMeetingFactory()
    practice = PracticeFactory()
    client = api_client_for(Role.COMMUNITY)
    url = reverse("meeting-detail", args=[meeting.pk])
    tagged = client.patch(url, {"practices": [practice.pk]}, format="json", **if_match(client, url))
    assert tagged.status_code == 200
    assert tagged.json()["practices"] == [practice.pk]
    deleted = client.delete(url, **if_match(client, url))
    assert deleted.status_code == 400
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.django_db
def test_parts_of_approved_minutes_are_refused_through_the_api(api_client_for):
    meeting = ApprovedMeetingFactory()
    client = api_client_for(Role.COMMUNITY)
    issue = client.post(reverse("keyissue-list"), {"meeting": meeting.pk, "text": "Late"}, format="json")
    assert issue.status_code == 400
    assert "non_field_errors" in issue.json()
    row = AttendanceFactory(meeting=meeting)
    url = reverse("attendance-detail", args=[row.pk])
    changed = client.patch(url, {"status": "absent"}, format="json", **if_match(client, url))
    assert changed.status_code == 400
    row.refresh_from_db()
    assert row.status == "present"


@pytest.mark.django_db
@WRITE_ROLES
def test_amendments_endpoint_per_role(api_client_for, users, role):
    meeting = ApprovedMeetingFactory(minutes="Seven attended.")
    client = api_client_for(role)
    url = reverse("meeting-amendments", args=[meeting.pk])
    listing = client.get(url)
    assert listing.status_code == (expected(role, READERS) or 200)
    response = client.post(url, {"reason": "Eight attended.", "minutes": "Eight attended."}, format="json")
    code = expected(role, WRITERS)
    assert response.status_code == (code or 201)
    if not code:
        assert response.json()["author"] == users[role].pk
        assert client.get(reverse("meeting-detail", args=[meeting.pk])).json()["effective_minutes"] == "Eight attended."
        assert client.get(url).json()[0]["reason"] == "Eight attended."
    meeting.refresh_from_db()
    assert meeting.minutes == "Seven attended."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("approved", "data", "field"),
    [
        (False, {"reason": "x", "minutes": "y"}, "meeting"),
        (True, {"reason": "", "minutes": "y"}, "reason"),
        (True, {"reason": "x"}, "minutes"),
        (True, {"reason": "x", "minutes": "Same"}, "minutes"),
        (True, {"reason": 7, "minutes": "y"}, "reason"),  # JSON types at their word: no 7 → "7"
        (True, {"reason": "x", "minutes": ["y"]}, "minutes"),
        (True, {"reason": "x", "minutes": "y", "decisions": False}, "decisions"),
    ],
)
def test_amendment_bad_input(api_client_for, approved, data, field):
    meeting = (ApprovedMeetingFactory if approved else HeldMeetingFactory)(minutes="Same")
    response = api_client_for(Role.COMMUNITY).post(
        reverse("meeting-amendments", args=[meeting.pk]), data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not MinutesAmendment.objects.exists()


@pytest.mark.django_db
def test_a_read_only_token_cannot_approve(users):
    _, key = issue_token(user=users[Role.COMMUNITY], name="read only")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    meeting = HeldMeetingFactory()
    assert client.post(reverse("meeting-approve", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("meeting-detail", args=[meeting.pk])).status_code == 200


# Other writes and reads -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_created_without_agenda_gets_the_standing_one(api_client_for):
    group = WorkingGroupFactory(standing_agenda="Welcome\nAOB")
    response = api_client_for(Role.COMMUNITY).post(
        reverse("meeting-list"), {"group": group.pk, "starts_at": "2026-12-01T10:00:00Z"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["agenda"] == ["Welcome", "AOB"]
    assert response.json()["present_count"] == 0


@pytest.mark.django_db
def test_attendance_needs_a_held_meeting(api_client_for):
    meeting = MeetingFactory()
    seat = MembershipFactory(group=meeting.group)
    response = api_client_for(Role.COMMUNITY).post(
        reverse("attendance-list"), {"meeting": meeting.pk, "membership": seat.pk, "status": "present"}, format="json"
    )
    assert response.status_code == 400
    assert "meeting" in response.json()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_closing_an_action_through_the_api_dates_it(api_client_for):
    action = ActionItemFactory(meeting=HeldMeetingFactory(starts_at=at(2019, 12, 1)), due_on=datetime.date(2020, 1, 1))
    client = api_client_for(Role.COMMUNITY)
    before = client.get(reverse("actionitem-detail", args=[action.pk])).json()
    assert before["is_overdue"] is True
    url = reverse("actionitem-detail", args=[action.pk])
    response = client.patch(url, {"status": "done"}, format="json", **if_match(client, url))
    assert response.status_code == 200
    assert response.json()["closed_on"] == timezone.localdate().isoformat()
    assert response.json()["is_overdue"] is False


@pytest.mark.django_db
def test_action_tracker_filters(api_client_for):
    overdue = ActionItemFactory(due_on=datetime.date(2020, 1, 1))
    ActionItemFactory(due_on=datetime.date(2099, 1, 1))
    ActionItemFactory(status=ActionStatus.DONE, closed_on=datetime.date(2026, 3, 3))
    client = api_client_for(Role.INTEGRATION)
    ids = lambda params: [r["id"] for r in client.get(reverse("actionitem-list"), params).json()["results"]]  # noqa: E731
    assert ids({"overdue": "true"}) == [overdue.pk]
    assert len(ids({"open": "true"})) == 2
    assert ids({"group": overdue.group_id}) == [overdue.pk]
    assert ids({"owner_membership": overdue.owner_membership_id}) == [overdue.pk]


@pytest.mark.django_db
def test_groups_carry_their_health_and_sort_by_it(api_client_for):
    late = WorkingGroupFactory(name="Late SWG", established_on=datetime.date(2020, 1, 1))
    WorkingGroupFactory(name="New SWG", established_on=timezone.localdate())
    client = api_client_for(Role.MANAGER)
    rows = client.get(reverse("workinggroup-list"), {"ordering": "next_due"}).json()["results"]
    assert [r["name"] for r in rows] == ["Late SWG", "New SWG"]
    assert rows[0]["health"]["meeting_overdue"] is True
    assert rows[0]["health"]["next_due_on"] == "2020-03-31"
    assert rows[0]["health"]["attendance_rate"] is None
    overdue = client.get(reverse("workinggroup-list"), {"meeting_overdue": "true"}).json()["results"]
    assert [r["id"] for r in overdue] == [late.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["attendance", "-attendance", "completion", "-next_due", "last_held"])
def test_paging_groups_by_a_health_figure_loses_no_group(api_client_for, ordering):
    with_data = AttendanceFactory().meeting.group
    ActionItemFactory(meeting=HeldMeetingFactory(group=with_data))
    groups = {with_data.pk, *(WorkingGroupFactory().pk for _ in range(3))}  # no attendance, no actions: NULL rates
    client = api_client_for(Role.MANAGER)
    seen, url, params = [], reverse("workinggroup-list"), {"ordering": ordering, "page_size": 1}
    while url:
        body = client.get(url, params).json()
        seen += [row["id"] for row in body["results"]]
        url, params = body["next"], None
    assert sorted(seen) == sorted(groups)


@pytest.mark.django_db
def test_hidden_stakeholders_stay_hidden_through_the_api(api_client_for):
    restricted = OrganisationFactory(confidentiality=Confidentiality.RESTRICTED)
    seat = MembershipFactory(stakeholder=restricted)
    community = api_client_for(Role.COMMUNITY)
    assert community.get(reverse("membership-detail", args=[seat.pk])).status_code == 404
    response = community.post(
        reverse("membership-list"),
        {"group": seat.group_id, "stakeholder": restricted.pk, "constituency": "police", "joined_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "stakeholder" in response.json()
    assert api_client_for(Role.SECURITY).get(reverse("membership-detail", args=[seat.pk])).status_code == 200


# Calendar feeds --------------------------------------------------------------------------------------------------


def planned(group=None, **kwargs) -> Meeting:
    meeting = MeetingFactory(
        group=group or WorkingGroupFactory(name="Kessa SWG"),
        starts_at=timezone.now() + datetime.timedelta(days=10),
        **kwargs,
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Patrols, roadblocks; and the market")
    return meeting


@pytest.mark.django_db
@READ_ROLES
def test_calendar_feeds_per_role(api_client_for, role):
    meeting = planned()
    client = api_client_for(role)
    for url in (reverse("meeting-calendar"), reverse("workinggroup-calendar", args=[meeting.group_id])):
        response = client.get(url)
        assert response.status_code == (expected(role, READERS) or 200), (url, role)
        if response.status_code == 200:
            assert response["Content-Type"] == "text/calendar; charset=utf-8"
            assert f"UID:meeting-{meeting.pk}@".encode() in response.content


@pytest.mark.django_db
def test_calendar_is_rfc5545_with_escaping_and_folding(api_client_for):
    meeting = planned(location="Council hall, Kessa; room 2", title="Quarterly meeting " + "ü" * 60)
    MembershipFactory(group=meeting.group, stakeholder=OrganisationFactory(name="Secret Informant Network"))
    body = api_client_for(Role.MANAGER).get(reverse("meeting-calendar")).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long summary is folded
    unfolded = body.replace("\r\n ", "")
    assert "LOCATION:Council hall\\, Kessa\\; room 2" in unfolded
    assert "DESCRIPTION:Agenda:\\n1. Patrols\\, roadblocks\\; and the market" in unfolded
    assert "SUMMARY:Kessa SWG: Quarterly meeting " + "ü" * 60 in unfolded
    assert "DTSTART" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert "Secret Informant Network" not in unfolded  # no attendees, no members


@pytest.mark.django_db
def test_calendar_lists_planned_meetings_only_and_per_group(api_client_for):
    mine = planned()
    other = planned(group=WorkingGroupFactory(name="Other SWG"))
    HeldMeetingFactory(group=mine.group, starts_at=timezone.now() + datetime.timedelta(days=1))
    MeetingFactory(
        group=mine.group, status=MeetingStatus.CANCELLED, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    client = api_client_for(Role.MANAGER)
    group_feed = client.get(reverse("workinggroup-calendar", args=[mine.group_id])).content.decode()
    assert group_feed.count("BEGIN:VEVENT") == 1
    assert f"meeting-{other.pk}@" not in group_feed
    assert client.get(reverse("meeting-calendar")).content.decode().count("BEGIN:VEVENT") == 2


# Schema --------------------------------------------------------------------------------------------------------


def test_every_endpoint_and_action_is_in_the_openapi_schema():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in [
        "/api/v1/working-groups/",
        "/api/v1/working-groups/{id}/calendar/",
        "/api/v1/memberships/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/approve/",
        "/api/v1/meetings/{id}/amendments/",
        "/api/v1/meetings/calendar/",
        "/api/v1/agenda-items/",
        "/api/v1/attendance/",
        "/api/v1/guests/",
        "/api/v1/key-issues/",
        "/api/v1/minutes-amendments/",
        "/api/v1/action-items/",
        "/api/v1/action-progress/",
    ]:
        assert path in paths, path
    assert "text/calendar" in paths["/api/v1/meetings/calendar/"]["get"]["responses"]["200"]["content"]
