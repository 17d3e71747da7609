"""Meetings carry a confidentiality level, and everything that is part of a meeting's record hides with it.

The rule (``shrhub.models.VisibleQuerySet``): internal meetings are seen by every role that reads working groups;
restricted ones by security staff, managers and administrators; confidential ones by administrators; the users
named on a meeting see it whatever their role. A hidden meeting answers 404 on every page and endpoint; its
agenda, key issues, guests, attendance, amendments, the actions it agreed and their progress notes are hidden
with it; it is never listed, found, filtered, sorted, fed to a calendar or counted in a group's health figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from shrhub.models import AccessLog
from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import ANONYMOUS
from workinggroups import selectors, services
from workinggroups.choices import Constituency
from workinggroups.demo import _classify
from workinggroups.models import Meeting

from .factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AgendaItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesAmendmentFactory,
    StaffFactory,
    WorkingGroupFactory,
)
from .test_selectors import TODAY, kessa  # noqa: F401 - the hand-computed fixture, reused

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

LEVELS = ("internal", "restricted", "confidential")
# role → may see (internal, restricted, confidential): the documented rule
SEES = {
    Role.SECURITY: (True, True, False),
    Role.COMMUNITY: (True, False, False),
    Role.MANAGER: (True, True, False),
    Role.INTEGRATION: (True, False, False),
    Role.ADMINISTRATOR: (True, True, True),
}
PAGE_ROLES = [role for role in SEES if role != Role.INTEGRATION]


@dataclass
class Record:
    """A meeting of one level with every part of its record, and a planned meeting of the same level."""

    level: str
    meeting: Meeting
    planned: Meeting
    parts: dict[str, object]


def make_record(group, level: str) -> Record:
    title = level.title()
    meeting = ApprovedMeetingFactory(group=group, title=f"{title} session", confidentiality=level)
    seat = MembershipFactory(group=group)
    action = ActionItemFactory(meeting=meeting, owner_membership=seat, description=f"{title} follow-up")
    parts = {
        "agendaitem": AgendaItemFactory(meeting=meeting, title=f"{title} agenda point"),
        "keyissue": KeyIssueFactory(meeting=meeting, text=f"{title} grievance"),
        "guest": GuestFactory(meeting=meeting, name=f"{title} Guest"),
        "attendance": AttendanceFactory(meeting=meeting, membership=seat),
        "minutesamendment": MinutesAmendmentFactory(meeting=meeting, reason=f"{title} correction"),
        "actionitem": action,
        "actionprogress": ActionProgressFactory(action=action, note=f"{title} progress"),
    }
    planned = MeetingFactory(
        group=group,
        title=f"{title} planning",
        confidentiality=level,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    return Record(level, meeting, planned, parts)


@pytest.fixture
def records() -> dict[str, Record]:
    group = WorkingGroupFactory(name="Kessa")
    return {level: make_record(group, level) for level in LEVELS}


def cases(role: str, records: dict[str, Record]):
    for (level, record), allowed in zip(records.items(), SEES[role], strict=True):
        yield level, record, allowed


# API ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(SEES))
def test_api_meetings_follow_the_levels(api_client_for, records, role):
    client = api_client_for(role)
    listed = {row["title"] for row in client.get("/api/v1/meetings/").json()["results"]}
    found = {row["title"] for row in client.get("/api/v1/meetings/", {"q": "session"}).json()["results"]}
    for level, record, allowed in cases(role, records):
        meeting = record.meeting
        assert (meeting.title in listed) == allowed, (role, level)
        assert (meeting.title in found) == allowed, (role, level)
        status = 200 if allowed else 404
        for path in ("", "history/", "amendments/"):
            assert client.get(f"/api/v1/meetings/{meeting.pk}/{path}").status_code == status, (role, level, path)
        if allowed:
            row = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
            assert row["confidentiality"] == level
            assert f"{level.title()} agenda point" in row["agenda"]


@pytest.mark.parametrize("role", list(SEES))
def test_api_parts_of_a_meeting_hide_with_it(api_client_for, records, role):
    client = api_client_for(role)
    for name, base in [
        ("agendaitem", "agenda-items"),
        ("keyissue", "key-issues"),
        ("guest", "guests"),
        ("attendance", "attendance"),
        ("minutesamendment", "minutes-amendments"),
        ("actionitem", "action-items"),
        ("actionprogress", "action-progress"),
    ]:
        listed = {row["id"] for row in client.get(f"/api/v1/{base}/").json()["results"]}
        for level, record, allowed in cases(role, records):
            part = record.parts[name]
            assert (part.pk in listed) == allowed, (role, name, level)
            assert client.get(f"/api/v1/{base}/{part.pk}/").status_code == (200 if allowed else 404), (name, level)
            assert client.get(f"/api/v1/{base}/{part.pk}/history/").status_code == (200 if allowed else 404)


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.SECURITY])
def test_api_filters_and_orderings_never_reveal_a_hidden_meeting(api_client_for, records, role):
    client = api_client_for(role)
    for level, record, allowed in cases(role, records):
        meeting = record.meeting
        # naming a hidden meeting in a filter answers like naming a missing one
        for base in ("agenda-items", "key-issues", "guests", "attendance", "minutes-amendments", "action-items"):
            response = client.get(f"/api/v1/{base}/", {"meeting": meeting.pk})
            assert response.status_code == (200 if allowed else 400), (base, level)
            if not allowed:
                assert "meeting" in response.json()
        for params in ({"ordering": "-starts"}, {"ordering": "status"}, {"approved": "true"}, {"q": level}):
            titles = {row["title"] for row in client.get("/api/v1/meetings/", params).json()["results"]}
            assert (meeting.title in titles) <= allowed, (params, level)
        progress = client.get("/api/v1/action-progress/", {"action": record.parts["actionitem"].pk})
        assert progress.status_code == (200 if allowed else 400)


@pytest.mark.parametrize("role", list(SEES))
def test_calendar_feeds_leave_hidden_meetings_out(api_client_for, records, role):
    client = api_client_for(role)
    group = records["internal"].meeting.group
    feeds = [
        client.get(reverse("meeting-calendar")).content.decode(),
        client.get(reverse("workinggroup-calendar", args=[group.pk])).content.decode(),
    ]
    for level, record, allowed in cases(role, records):
        for feed in feeds:
            assert (f"meeting-{record.planned.pk}@" in feed) == allowed, (role, level)


def test_the_api_sends_and_accepts_the_level_and_named_users(api_client_for, users):
    client = api_client_for(Role.COMMUNITY)
    named = users[Role.INTEGRATION]
    response = client.post(
        "/api/v1/meetings/",
        {
            "group": WorkingGroupFactory().pk,
            "starts_at": "2026-12-01T10:00:00Z",
            "confidentiality": "confidential",
            "cleared_users": [named.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["confidentiality"] == "confidential"
    assert set(body["cleared_users"]) == {named.pk, users[Role.COMMUNITY].pk}  # the author stays cleared
    assert api_client_for(Role.INTEGRATION).get(f"/api/v1/meetings/{body['id']}/").status_code == 200
    assert api_client_for(Role.SECURITY).get(f"/api/v1/meetings/{body['id']}/").status_code == 404
    bad = client.post(
        "/api/v1/meetings/",
        {"group": WorkingGroupFactory().pk, "starts_at": "2026-12-01T10:00:00Z", "confidentiality": "secret"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["confidentiality"] == ['"secret" is not a valid choice.']


# Pages -------------------------------------------------------------------------------------------------------


# What each page of an approved meeting answers to a role that sees it: readers' pages render; the pages that act
# render (edit: the read-only form and the practice tags; approve: the approval already given; amend), except
# attendance and minutes, which send the user on to the amendment page.
READ_PAGES = {"detail": 200, "history": 200, "print": 200}
ACT_PAGES = {"edit": 200, "approve": 200, "amend": 200, "attendance": 302, "minutes": 302, "delete": 200}
MEETING_WRITERS = {Role.COMMUNITY, Role.ADMINISTRATOR}


def expected_meeting_page(role: str, name: str, allowed: bool) -> int:
    """The one right answer: a role that may not act on meetings is refused every page that acts (403) whatever
    the level, so the refusal is no hint; otherwise a record the role does not see is not found (404)."""
    if name in ACT_PAGES and role not in MEETING_WRITERS:
        return 403
    if not allowed:
        return 404
    return {**READ_PAGES, **ACT_PAGES}[name]


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_meeting_pages_follow_the_levels(client_for, records, role):
    client = client_for(role)
    listing = client.get("/working-groups/meetings/").content.decode()
    search = client.get("/working-groups/meetings/", {"q": "session"}).content.decode()
    for level, record, allowed in cases(role, records):
        meeting = record.meeting
        assert (meeting.title in listing) == allowed, (role, level)
        assert (meeting.title in search) == allowed, (role, level)
        for name in (*READ_PAGES, *ACT_PAGES):
            response = client.get(reverse(f"workinggroups:meeting_{name}", args=[meeting.pk]))
            expected = expected_meeting_page(role, name, allowed)
            assert response.status_code == expected, (role, level, name, response.status_code)


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_pages_of_the_parts_of_a_meeting_hide_with_it(client_for, records, role):
    client = client_for(role)
    issues = client.get("/working-groups/key-issues/").content.decode()
    actions = client.get("/working-groups/actions/").content.decode()
    group = client.get(records["internal"].meeting.group.get_absolute_url()).content.decode()
    for level, record, allowed in cases(role, records):
        issue, action = record.parts["keyissue"], record.parts["actionitem"]
        assert (issue.text in issues) == allowed, (role, level)
        assert (action.description in actions) == allowed, (role, level)
        assert (record.meeting.title in group) == allowed, (role, level)
        assert (record.planned.title in group) == allowed, (role, level)
        for obj in (issue, action):
            assert client.get(obj.get_absolute_url()).status_code == (200 if allowed else 404)
            assert client.get(obj.get_history_url()).status_code == (200 if allowed else 404)
        seat = record.parts["attendance"].membership
        seat_page = client.get(seat.get_absolute_url()).content.decode()
        assert (record.meeting.title in seat_page) == allowed, (role, level)  # the meetings a member attended


def test_the_meeting_pages_show_the_level(client_for, records):
    client = client_for(Role.ADMINISTRATOR)
    listing = client.get("/working-groups/meetings/").content.decode()
    assert 'data-confidentiality="restricted"' in listing
    assert 'data-confidentiality="confidential"' in listing
    assert 'data-confidentiality="internal"' not in listing  # internal is the default: no badge
    for level in ("restricted", "confidential"):
        meeting = records[level].meeting
        detail = client.get(meeting.get_absolute_url()).content.decode()
        assert f'data-confidentiality="{level}"' in detail
        printed = client.get(reverse("workinggroups:meeting_print", args=[meeting.pk])).content.decode()
        assert 'id="confidentiality"' in printed
        assert level.title() in printed
    printed = client.get(reverse("workinggroups:meeting_print", args=[records["internal"].meeting.pk]))
    assert b'id="confidentiality"' not in printed.content


def test_viewing_a_sensitive_meeting_is_logged(client_for, users, records):
    client_for(Role.SECURITY).get(records["restricted"].meeting.get_absolute_url())
    client_for(Role.SECURITY).get(records["internal"].meeting.get_absolute_url())
    logged = AccessLog.objects.filter(action=AccessLog.Action.VIEW, model="workinggroups.meeting")
    assert list(logged.values_list("object_id", "level")) == [(str(records["restricted"].meeting.pk), "restricted")]


def test_the_meeting_form_offers_the_level_and_named_users_like_the_registry(client_for, users):
    client = client_for(Role.COMMUNITY)
    form = client.get(reverse("workinggroups:meeting_add")).context["form"]
    assert form.fields["confidentiality"].required is False
    assert "form-select" in form.fields["cleared_users"].widget.attrs["class"]
    response = client.post(
        reverse("workinggroups:meeting_add"),
        {
            "group": WorkingGroupFactory().pk,
            "title": "Sensitive briefing",
            "status": "planned",
            "starts_at": "2026-12-01T10:00",
            "duration_minutes": 90,
            "confidentiality": "restricted",
            "cleared_users": [users[Role.INTEGRATION].pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Sensitive briefing")
    assert meeting.confidentiality == "restricted"
    # the author (community relations, who may not see restricted records) stays named on it
    assert set(meeting.cleared_users.all()) == {users[Role.INTEGRATION], users[Role.COMMUNITY]}
    assert client.get(meeting.get_absolute_url()).status_code == 200
    history = meeting.history.order_by("-history_id").first()
    assert set(history.cleared_users.values_list("user_id", flat=True)) == {
        users[Role.INTEGRATION].pk,
        users[Role.COMMUNITY].pk,
    }
    bad = client.post(
        reverse("workinggroups:meeting_add"),
        {"group": WorkingGroupFactory().pk, "starts_at": "2026-12-01T10:00", "confidentiality": "secret"},
    )
    assert bad.status_code == 400
    assert "confidentiality" in bad.context["form"].errors


def test_the_level_stays_editable_after_approval(make_user):
    author = make_user(Role.COMMUNITY)
    meeting = ApprovedMeetingFactory()
    assert "confidentiality" not in Meeting.LOCKED_FIELDS
    services.meeting_update(
        actor=author, instance=meeting, expected_version=meeting.version, confidentiality="confidential"
    )
    meeting.refresh_from_db()
    assert meeting.confidentiality == "confidential"
    assert author in meeting.cleared_users.all()
    assert selectors.meeting_list(user=author).filter(pk=meeting.pk).exists()
    assert not selectors.meeting_list(user=make_user(Role.MANAGER)).filter(pk=meeting.pk).exists()


# Named users --------------------------------------------------------------------------------------------------


def test_a_named_user_sees_a_meeting_above_their_role_with_its_record(api_client_for, client_for, users, records):
    secret = records["confidential"]
    secret.meeting.cleared_users.add(users[Role.COMMUNITY])
    client = api_client_for(Role.COMMUNITY)
    assert client.get(f"/api/v1/meetings/{secret.meeting.pk}/").status_code == 200
    assert client.get(f"/api/v1/meetings/{records['restricted'].meeting.pk}/").status_code == 404
    assert client.get(f"/api/v1/key-issues/{secret.parts['keyissue'].pk}/").status_code == 200
    assert client.get(f"/api/v1/action-progress/{secret.parts['actionprogress'].pk}/").status_code == 200
    page = client_for(Role.COMMUNITY).get(secret.meeting.get_absolute_url()).content.decode()
    assert "Confidential grievance" in page
    assert "Confidential agenda point" in page


# Health figures ---------------------------------------------------------------------------------------------


def kessa_m5(group) -> Meeting:
    return group.meetings.get(starts_at__date=datetime.date(2026, 5, 20))


def health(user, group, last_n: int = 4):
    return selectors.workinggroup_health_list(user=user, today=TODAY, last_n=last_n).get(pk=group.pk)


def by_constituency(user, group) -> dict[str, tuple[int, int]]:
    rows = selectors.attendance_by_constituency([group.pk], user=user, last_n=4)[group.pk]
    return {row.constituency: (row.present, row.expected) for row in rows}


def test_health_figures_count_only_the_meetings_the_user_may_see(kessa, make_user):  # noqa: F811
    """Kessa's last held meeting (M5, 05-20, which agreed all five actions) made confidential: for a manager the
    group last met on 05-01 (M4), so it was due on 05-31; the last four meetings they may see are M1-M4:
    M1 4 of 4, M2 3 of 4, M3 2 of 3, M4 2 of 3 → 11 of 14 present; no action is counted. By constituency
    over M1-M4: police 3 of 4, vulnerable group 2 of 4, civil society 2 of 2, company 4 of 4."""
    m5 = kessa_m5(kessa)
    Meeting.objects.filter(pk=m5.pk).update(confidentiality="confidential")
    manager, admin, named = make_user(Role.MANAGER), make_user(Role.ADMINISTRATOR), make_user(Role.MANAGER)
    m5.cleared_users.add(named)

    hidden = health(manager, kessa)
    assert hidden.last_held_at.date() == datetime.date(2026, 5, 1)
    assert hidden.next_due_on == datetime.date(2026, 5, 31)
    assert hidden.meeting_overdue is True
    assert (hidden.attended, hidden.expected) == (11, 14)
    assert hidden.attendance_rate == pytest.approx(11 / 14)
    assert (hidden.open_actions, hidden.overdue_actions, hidden.done_actions, hidden.counted_actions) == (0, 0, 0, 0)
    assert hidden.completion_rate is None
    assert by_constituency(manager, kessa) == {
        Constituency.POLICE: (3, 4),
        Constituency.VULNERABLE_GROUP: (2, 4),
        Constituency.CIVIL_SOCIETY: (2, 2),
        Constituency.COMPANY: (4, 4),
    }
    assert health(manager, kessa, last_n=1).expected == 3  # M4 only

    for user in (admin, named):  # the figures as in test_selectors: M2-M5, 9 of 13, five actions
        seen = health(user, kessa)
        assert seen.last_held_at.date() == datetime.date(2026, 5, 20)
        assert (seen.attended, seen.expected) == (9, 13)
        assert (seen.open_actions, seen.overdue_actions, seen.done_actions, seen.counted_actions) == (2, 1, 2, 4)
        assert by_constituency(user, kessa)[Constituency.VULNERABLE_GROUP] == (1, 4)


def test_health_filters_and_orderings_use_the_users_figures(kessa, make_user):  # noqa: F811
    from workinggroups.filtersets import WorkingGroupFilterSet

    Meeting.objects.filter(pk=kessa_m5(kessa).pk).update(confidentiality="restricted")
    community, security = make_user(Role.COMMUNITY), make_user(Role.SECURITY)

    def names(user, params):
        base = selectors.workinggroup_health_list(user=user, today=TODAY, last_n=4)
        return [g.name for g in WorkingGroupFilterSet(params, queryset=base).qs]

    assert names(community, {"has_overdue_actions": "true"}) == []  # the overdue action was agreed at M5
    assert names(security, {"has_overdue_actions": "true"}) == ["Kessa"]


def test_the_group_page_and_the_start_page_never_show_a_hidden_meeting(kessa, client_for, users):  # noqa: F811
    m5 = kessa_m5(kessa)
    Meeting.objects.filter(pk=m5.pk).update(confidentiality="confidential")
    MeetingFactory(
        group=kessa,
        title="Secret planning",
        confidentiality="confidential",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    manager = client_for(Role.MANAGER)
    page = manager.get(kessa.get_absolute_url()).content.decode()
    assert "20 May 2026" not in page  # neither as "last meeting held" nor in the list of meetings
    assert "(11 of 14 seats present)" in page
    assert "no agreements yet" in page
    home = manager.get("/").content.decode()
    assert "Secret planning" not in home
    admin = client_for(Role.ADMINISTRATOR)
    page = admin.get(kessa.get_absolute_url()).content.decode()
    assert "20 May 2026" in page
    assert "(9 of 13 seats present)" in page
    assert "Secret planning" in admin.get("/").content.decode()


# Practices: adoptions cite meetings as evidence ------------------------------------------------------------------


def test_a_hidden_meeting_is_never_cited_as_evidence(client_for, make_user):
    from practices.selectors import practice_evidence
    from tests.practices.factories import PracticeFactory

    practice = PracticeFactory()
    cited = HeldMeetingFactory(title="Open session")
    hidden = HeldMeetingFactory(title="Closed session", confidentiality="confidential")
    cited.practices.add(practice)
    hidden.practices.add(practice)
    for role, expected in [(Role.MANAGER, {"Open session"}), (Role.ADMINISTRATOR, {"Open session", "Closed session"})]:
        groups = practice_evidence(practice=practice, user=make_user(role))
        meetings = next(g for g in groups if g.model is Meeting)
        assert {item.record.title for item in meetings.items} == expected
        assert meetings.total == len(expected)


# Query counts -------------------------------------------------------------------------------------------------


def make_mixed_rows(n: int) -> None:
    """Meetings of every level, some with named users, each with attendance, agenda and an amendment."""
    for index in range(n):
        level = LEVELS[index % 3]
        row = AttendanceFactory(meeting=HeldMeetingFactory(confidentiality=level))
        AgendaItemFactory(meeting=row.meeting)
        row.meeting.cleared_users.add(StaffFactory())
        MinutesAmendmentFactory(meeting=ApprovedMeetingFactory(group=row.meeting.group, confidentiality=level))


@pytest.mark.parametrize("role", [Role.SECURITY, Role.COMMUNITY])
def test_meeting_list_page_and_api_cost_the_same_for_few_and_many_rows(client_for, api_client_for, role):
    page, api = client_for(role), api_client_for(role)
    assert_constant_queries(make_mixed_rows, lambda: page.get("/working-groups/meetings/"), few=3, many=12)
    assert_constant_queries(make_mixed_rows, lambda: api.get("/api/v1/meetings/"), few=3, many=12)
    assert_constant_queries(make_mixed_rows, lambda: api.get("/api/v1/attendance/"), few=3, many=12)


# Demo ------------------------------------------------------------------------------------------------------------


def test_the_demo_raises_a_few_meetings_by_position(make_user):
    named = make_user(Role.COMMUNITY)
    group = WorkingGroupFactory()
    meetings = [Meeting(group=group, status="held") for _ in range(20)]
    cleared = _classify(meetings, named)
    levels = [m.confidentiality for m in meetings]
    assert levels.count("restricted") == 3
    assert levels.count("confidential") == 1
    assert levels[1] == "confidential"
    assert cleared[1] == [named.pk]
    assert sum(map(len, cleared)) == 1


def test_anonymous_gets_nothing(client_for, api_client_for, records):
    pages, api = client_for(ANONYMOUS), api_client_for(ANONYMOUS)
    for record in records.values():
        response = pages.get(record.meeting.get_absolute_url())
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        assert api.get(f"/api/v1/meetings/{record.meeting.pk}/").status_code == 401
    assert api.get("/api/v1/meetings/").status_code == 401
    assert api.get(reverse("meeting-calendar")).status_code == 401


def test_saving_an_attendance_sheet_unchanged_keeps_a_guest_its_editor_cannot_see(users):
    """Leak 8: the sheet shows only the guests its editor may see; saving it never deletes the others."""
    from tests.stakeholders.factories import OrganisationFactory
    from workinggroups.models import Guest

    meeting = GuestFactory(name="Seen Guest").meeting
    secret = OrganisationFactory(confidentiality="confidential")
    hidden = GuestFactory(meeting=meeting, name="Hidden Guest", stakeholder=secret)
    editor = users[Role.COMMUNITY]
    shown = [
        {"id": g.pk, "name": g.name, "organisation": g.organisation, "stakeholder": g.stakeholder}
        for g in Guest.objects.visible_to(editor).filter(meeting=meeting)
    ]
    assert [row["name"] for row in shown] == ["Seen Guest"]
    services.meeting_record_attendance(actor=editor, meeting=meeting, statuses={}, guests=shown)
    assert set(Guest.objects.filter(meeting=meeting).values_list("pk", flat=True)) == {shown[0]["id"], hidden.pk}
