"""Every working-group page as every role, forms with good and bad input, and pinned query counts.

CRUD pages come from the shared ``PageSuite``; the meeting record's own pages (attendance sheet, minutes
with preview, approval, amendment, print), ending a membership and progress notes are tested here.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shrhub.roles import Role
from tests.helpers.queries import assert_constant_queries
from tests.helpers.roles import PAGE_READERS
from tests.helpers.suites import PageSuite
from tests.shrhub.factories import LocalityFactory
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.choices import ActionStatus, AttendanceStatus, MeetingStatus, MemberRole
from workinggroups.models import Attendance, Meeting, MinutesAmendment

from .factories import (
    ActionItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
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
    KeyIssueData,
    MeetingData,
    MembershipData,
    WorkingGroupData,
    busy_group,
)

# CRUD pages -----------------------------------------------------------------------------------------------


class TestWorkingGroupPages(WorkingGroupData, PageSuite):
    url_prefix = "workinggroups:workinggroup"

    def valid_form_data(self):
        return {
            "name": "Kessa Security Working Group",
            "jurisdiction": LocalityFactory().pk,
            "purpose": "Trust and coordination on security around the mine.",
            "established_on": "2026-01-15",
            "cadence_days": 60,
            "status": "active",
            "standing_agenda": "Welcome\nIncidents\nAOB",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "cadence_days": 0}, "cadence_days"

    def edit_changes(self, obj, form):
        return {"purpose": "Revised terms of reference."}


class TestMembershipPages(MembershipData, PageSuite):
    url_prefix = "workinggroups:membership"

    def valid_form_data(self):
        return {
            "group": WorkingGroupFactory().pk,
            "stakeholder": OrganisationFactory().pk,
            "constituency": "police",
            "role": "member",
            "joined_on": "2026-02-01",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "left_on": "2026-01-31"}, "left_on"

    def edit_changes(self, obj, form):
        return {"notes": "Represents the district commander."}


class TestMeetingPages(MeetingData, PageSuite):
    url_prefix = "workinggroups:meeting"

    def valid_form_data(self):
        return {
            "group": WorkingGroupFactory().pk,
            "title": "Quarterly meeting",
            "status": "planned",
            "starts_at": "2026-12-01T10:00",
            "duration_minutes": 120,
            "location": "Council hall",
            "agenda": "Welcome\nIncidents",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "starts_at": ""}, "starts_at"

    def edit_changes(self, obj, form):
        return {"location": "Community centre"}


class TestKeyIssuePages(KeyIssueData, PageSuite):
    url_prefix = "workinggroups:keyissue"

    def valid_form_data(self):
        return {"meeting": HeldMeetingFactory().pk, "text": "Roadblocks during the harvest", "raised_by": ""}

    def invalid_form_data(self):
        return {"meeting": HeldMeetingFactory().pk, "text": ""}, "text"

    def edit_changes(self, obj, form):
        return {"text": "Roadblocks during the harvest season"}


class TestActionItemPages(ActionItemData, PageSuite):
    url_prefix = "workinggroups:actionitem"

    def valid_form_data(self):
        meeting = HeldMeetingFactory()
        return {
            "meeting": meeting.pk,
            "description": "Share the reporting procedure in local languages",
            "owner_membership": MembershipFactory(group=meeting.group).pk,
            "due_on": "2026-04-15",
            "status": "open",
        }

    def invalid_form_data(self):
        return {**self.valid_form_data(), "owner_membership": ""}, "owner_membership"

    def edit_changes(self, obj, form):
        return {"description": "Share the reporting procedure in two local languages"}


# The meeting record's own pages: access per role ------------------------------------------------------------


def record_pages() -> dict[str, tuple[str, frozenset[str]]]:
    """name → (URL, roles allowed) for one meeting of each state."""
    draft = HeldMeetingFactory(minutes="## Draft")
    approved = ApprovedMeetingFactory()
    seat = MembershipFactory(group=draft.group)
    action = ActionItemFactory(meeting=draft, owner_membership=seat)
    return {
        "attendance": (reverse("workinggroups:meeting_attendance", args=[draft.pk]), WRITERS),
        "minutes": (reverse("workinggroups:meeting_minutes", args=[draft.pk]), WRITERS),
        "approve": (reverse("workinggroups:meeting_approve", args=[draft.pk]), WRITERS),
        "amend": (reverse("workinggroups:meeting_amend", args=[approved.pk]), WRITERS),
        "print": (reverse("workinggroups:meeting_print", args=[approved.pk]), PAGE_READERS),
        "end membership": (reverse("workinggroups:membership_end", args=[seat.pk]), WRITERS),
        "action detail": (action.get_absolute_url(), PAGE_READERS),
        "plan from group": (reverse("workinggroups:meeting_add") + f"?group={draft.group_id}", WRITERS),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.SECURITY])
def test_record_pages_open_for_their_meeting_state(client_for, role):
    """Each record page renders for a meeting in the state it serves, to a role it is for; a reader who may not
    act is refused (403) the pages that act. (Every role on every route: the route table.)"""
    client = client_for(role)
    for name, (url, allowed) in record_pages().items():
        response = client.get(url)
        assert response.status_code == (200 if role in allowed else 403), f"{name} as {role}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.SECURITY])
def test_posts_to_record_pages(client_for, role):
    """A writer's draft minutes and progress note are stored (302 back to the record); anyone who reads pages may
    preview minutes (200, nothing stored); a reader who may not act is refused (403) and changes nothing."""
    meeting = HeldMeetingFactory(minutes="## Draft")
    action = ActionItemFactory(meeting=meeting)
    posts = [
        (
            reverse("workinggroups:meeting_minutes", args=[meeting.pk]),
            {"minutes": "x", "version": meeting.version},
            WRITERS,
            302,
        ),
        (reverse("workinggroups:actionitem_progress", args=[action.pk]), {"note": "Started"}, WRITERS, 302),
        (reverse("workinggroups:minutes_preview"), {"minutes": "**x**"}, PAGE_READERS, 200),
    ]
    for url, data, allowed, status in posts:
        response = client_for(role).post(url, data)
        assert response.status_code == (status if role in allowed else 403), (url, role, response.status_code)
    meeting.refresh_from_db()
    assert (meeting.minutes == "x") == (role in WRITERS)
    assert action.progress_notes.exists() == (role in WRITERS)


# Attendance sheet -----------------------------------------------------------------------------------------


def sheet_data(meeting: Meeting, statuses: dict[int, str], guests: list[dict] | None = None) -> dict:
    data = {
        "version": meeting.version,
        "attendance-TOTAL_FORMS": len(statuses),
        "attendance-INITIAL_FORMS": len(statuses),
        "guests-TOTAL_FORMS": len(guests or []),
        "guests-INITIAL_FORMS": 0,
    }
    for index, (seat_id, status) in enumerate(statuses.items()):
        data[f"attendance-{index}-membership"] = seat_id
        data[f"attendance-{index}-status"] = status
    for index, guest in enumerate(guests or []):
        data.update({f"guests-{index}-{k}": v for k, v in guest.items()})
    return data


@pytest.mark.django_db
def test_attendance_sheet_lists_every_member_of_the_day_in_one_form(client_for):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    current = MembershipFactory(group=meeting.group, stakeholder=OrganisationFactory(name="Kessa Police Station"))
    MembershipFactory(
        group=meeting.group, stakeholder=OrganisationFactory(name="Departed Council"), left_on=datetime.date(2026, 2, 1)
    )
    response = client_for(Role.COMMUNITY).get(reverse("workinggroups:meeting_attendance", args=[meeting.pk]))
    assert response.status_code == 200
    sheet = response.content.decode().split('id="attendance-sheet"')[1].split("</table>")[0]
    assert "Kessa Police Station" in sheet
    assert "Departed Council" not in sheet
    assert [seat.pk for seat, _form in response.context["rows"]] == [current.pk]


@pytest.mark.django_db
def test_attendance_sheet_records_members_and_guests_and_marks_the_meeting_held(client_for):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    a, b = MembershipFactory(group=meeting.group), MembershipFactory(group=meeting.group)
    data = sheet_data(
        meeting,
        {a.pk: AttendanceStatus.PRESENT, b.pk: AttendanceStatus.APOLOGIES},
        [{"name": "Dr Amara Tesh", "organisation": "Human Rights Office"}],
    )
    response = client_for(Role.COMMUNITY).post(reverse("workinggroups:meeting_attendance", args=[meeting.pk]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert dict(Attendance.objects.values_list("membership_id", "status")) == {a.pk: "present", b.pk: "apologies"}
    assert meeting.guests.get().name == "Dr Amara Tesh"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["non_member", "no_status", "guest_without_name"])
def test_attendance_sheet_bad_input_writes_nothing(client_for, bad):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    member = MembershipFactory(group=meeting.group)
    statuses = {member.pk: "present"}
    guests = None
    if bad == "non_member":
        statuses[MembershipFactory().pk] = "present"  # a seat in another group, slipped into the form
    elif bad == "no_status":
        statuses[member.pk] = ""
    else:
        guests = [{"name": "", "organisation": "Radio Kessa"}]
    response = client_for(Role.COMMUNITY).post(
        reverse("workinggroups:meeting_attendance", args=[meeting.pk]), sheet_data(meeting, statuses, guests)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="attendance-errors"' in html  # the sheet says, above it, that it was not saved
    message = {
        "non_member": "Not a member of the group on the meeting&#x27;s day.",
        "no_status": "This field is required.",
        "guest_without_name": "This field is required.",
    }[bad]
    assert f'<ul class="errorlist"><li>{message}</li></ul>' in html  # and beside the row at fault, why
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert not Attendance.objects.exists()
    assert not meeting.guests.exists()


@pytest.mark.django_db
def test_attendance_sheet_without_the_version_read_writes_nothing(client_for):
    """The sheet carries the meeting's version (a hidden field); posted without it, it is refused."""
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    member = MembershipFactory(group=meeting.group)
    url = reverse("workinggroups:meeting_attendance", args=[meeting.pk])
    client = client_for(Role.COMMUNITY)
    assert f'name="version" value="{meeting.version}"' in client.get(url).content.decode()
    data = sheet_data(meeting, {member.pk: "present"})
    del data["version"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert b"did not say which version" in response.content
    meeting.refresh_from_db()
    assert (meeting.status, meeting.version) == (MeetingStatus.PLANNED, 1)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_of_approved_minutes_cannot_be_changed_from_the_page(client_for):
    row = AttendanceFactory(meeting=ApprovedMeetingFactory(), status="present")
    url = reverse("workinggroups:meeting_attendance", args=[row.meeting_id])
    client = client_for(Role.COMMUNITY)
    assert client.get(url).status_code == 302
    response = client.post(url, sheet_data(row.meeting, {row.membership_id: "absent"}))
    assert response.status_code == 400
    assert b"approved" in response.content
    row.refresh_from_db()
    assert row.status == "present"


@pytest.mark.django_db
def test_attendance_sheet_query_count_is_constant(client_for):
    meeting = MeetingFactory(starts_at=at(2026, 3, 2))
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for _ in range(n):
            AttendanceFactory(meeting=meeting, membership=MembershipFactory(group=meeting.group))
            GuestFactory(meeting=meeting, stakeholder=OrganisationFactory(jurisdiction=meeting.group.jurisdiction))

    meeting.status = MeetingStatus.HELD
    meeting.save()
    url = reverse("workinggroups:meeting_attendance", args=[meeting.pk])
    assert_constant_queries(make_rows, lambda: client.get(url), few=2, many=MANY)


# Minutes: draft, preview, approval, amendment -------------------------------------------------------------

EVIL = (
    "# Minutes\n\n<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n"
    "[click](javascript:alert(2)) and **bold**"
)


def assert_harmless(html: str) -> None:
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


@pytest.mark.django_db
def test_minutes_preview_renders_sanitised_markdown(client_for):
    response = client_for(Role.SECURITY).post(reverse("workinggroups:minutes_preview"), {"minutes": EVIL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<h1>Minutes</h1>" in html
    assert_harmless(html)


@pytest.mark.django_db
def test_minutes_with_script_are_rendered_harmless_on_every_page(client_for):
    meeting = HeldMeetingFactory(minutes=EVIL, decisions=EVIL)
    client = client_for(Role.MANAGER)
    for url in (meeting.get_absolute_url(), reverse("workinggroups:meeting_print", args=[meeting.pk])):
        html = client.get(url).content.decode()
        assert "<strong>bold</strong>" in html
        assert_harmless(html.replace('<script src="/static/', ""))


@pytest.mark.django_db
def test_minutes_page_saves_the_draft_with_its_version(client_for, users):
    meeting = HeldMeetingFactory(minutes="")
    url = reverse("workinggroups:meeting_minutes", args=[meeting.pk])
    client = client_for(Role.COMMUNITY)
    page = client.get(url)
    assert b'hx-post="/working-groups/meetings/minutes-preview/"' in page.content
    response = client.post(url, {"minutes": "## Summary", "decisions": "- Meet monthly", "version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.decisions) == ("## Summary", "- Meet monthly")
    assert meeting.history.order_by("-history_id").first().history_user == users[Role.COMMUNITY]
    stale = client.post(url, {"minutes": "Older draft", "version": meeting.version - 1})
    assert stale.status_code == 400
    assert b"Someone else saved this record" in stale.content


@pytest.mark.django_db
def test_editing_approved_minutes_on_the_page_is_refused_with_a_field_message(client_for):
    meeting = ApprovedMeetingFactory(minutes="Approved text")
    url = reverse("workinggroups:meeting_minutes", args=[meeting.pk])
    client = client_for(Role.COMMUNITY)
    get = client.get(url)
    assert get.status_code == 302
    assert get["Location"] == reverse("workinggroups:meeting_amend", args=[meeting.pk])
    response = client.post(url, {"minutes": "Rewritten", "decisions": "", "version": meeting.version})
    assert response.status_code == 400
    assert "amendment" in " ".join(response.context["form"].errors["minutes"])
    assert b'id="id_minutes_errors"' in response.content
    meeting.refresh_from_db()
    assert meeting.minutes == "Approved text"


@pytest.mark.django_db
def test_meeting_edit_page_shows_an_approved_record_read_only(client_for):
    meeting = ApprovedMeetingFactory(location="Council hall")
    url = reverse("workinggroups:meeting_edit", args=[meeting.pk])
    client = client_for(Role.ADMINISTRATOR)
    form = client.get(url).context["form"]
    assert form.fields["location"].disabled
    assert not form.fields["practices"].disabled
    data = {
        "group": meeting.group_id,
        "title": meeting.title,
        "status": "cancelled",
        "starts_at": "2030-01-01T10:00",
        "duration_minutes": 5,
        "location": "Elsewhere",
        "agenda": "Rewritten",
        "version": meeting.version,
    }
    assert client.post(url, data).status_code == 302  # only the tags could change; the rest is ignored
    meeting.refresh_from_db()
    assert (meeting.status, meeting.location) == (MeetingStatus.HELD, "Council hall")


@pytest.mark.django_db
def test_approving_minutes_locks_them(client_for, users):
    meeting = HeldMeetingFactory(minutes="## Summary")
    url = reverse("workinggroups:meeting_approve", args=[meeting.pk])
    response = client_for(Role.COMMUNITY).post(url, {"version": meeting.version})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.approved_by == users[Role.COMMUNITY]
    page = client_for(Role.MANAGER).get(meeting.get_absolute_url())
    assert b"Minutes approved" in page.content


@pytest.mark.django_db
def test_approving_empty_or_stale_minutes_is_refused(client_for):
    empty = HeldMeetingFactory(minutes="")
    response = client_for(Role.COMMUNITY).post(
        reverse("workinggroups:meeting_approve", args=[empty.pk]), {"version": empty.version}
    )
    assert response.status_code == 400
    assert b"Write the minutes before approving them" in response.content
    stale = HeldMeetingFactory()
    response = client_for(Role.COMMUNITY).post(
        reverse("workinggroups:meeting_approve", args=[stale.pk]), {"version": stale.version + 4}
    )
    assert response.status_code == 400
    empty.refresh_from_db()
    stale.refresh_from_db()
    assert empty.approved_at is None
    assert stale.approved_at is None
    assert b"Someone else changed this meeting after you opened it" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"version": ""}, {"version": "abc"}, {"version": "0"}, {"version": "-1"}])
def test_approving_without_a_version_is_refused_with_a_clear_error(client_for, data):
    """An empty (or garbled) POST approves nothing: approval must be based on the version the user read."""
    meeting = HeldMeetingFactory(minutes="## Summary")
    response = client_for(Role.COMMUNITY).post(reverse("workinggroups:meeting_approve", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert b'id="approve-error"' in response.content
    assert b"Approval must be based on the version of the meeting you read" in response.content
    meeting.refresh_from_db()
    assert meeting.approved_at is None
    assert meeting.version == 1


@pytest.mark.django_db
def test_the_approve_page_posts_the_version_it_shows(client_for):
    meeting = HeldMeetingFactory(minutes="## Summary")
    page = client_for(Role.COMMUNITY).get(reverse("workinggroups:meeting_approve", args=[meeting.pk]))
    assert f'<input type="hidden" name="version" value="{meeting.version}">'.encode() in page.content


@pytest.mark.django_db
def test_the_service_refuses_an_approval_without_a_version():
    from django.core.exceptions import ValidationError

    from workinggroups import services

    meeting = HeldMeetingFactory(minutes="## Summary")
    with pytest.raises(ValidationError) as refused:
        services.meeting_approve(actor=None, instance=meeting, expected_version=None)
    assert "version" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.approved_at is None


@pytest.mark.django_db
def test_amending_approved_minutes_keeps_the_original_readable(client_for, users):
    meeting = ApprovedMeetingFactory(minutes="Seven members attended.")
    url = reverse("workinggroups:meeting_amend", args=[meeting.pk])
    client = client_for(Role.COMMUNITY)
    form = client.get(url).context["form"]
    assert form.initial["minutes"] == "Seven members attended."
    response = client.post(url, {"reason": "Eight attended.", "minutes": "Eight members attended.", "decisions": ""})
    assert response.status_code == 302
    amendment = MinutesAmendment.objects.get()
    assert amendment.author == users[Role.COMMUNITY]
    page = client_for(Role.SECURITY).get(meeting.get_absolute_url()).content.decode()
    assert "Eight members attended." in page
    assert "Seven members attended." in page  # the original, under "as approved"
    assert "Eight attended." in page


@pytest.mark.django_db
def test_an_amendment_without_a_known_author_still_shows(client_for):
    amendment = MinutesAmendmentFactory(author=None, reason="Corrected by the secretariat.")
    response = client_for(Role.SECURITY).get(amendment.meeting.get_absolute_url())
    assert response.status_code == 200
    assert b"Corrected by the secretariat." in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"), [({"reason": "", "minutes": "New"}, "reason"), ({"reason": "Typo", "minutes": ""}, "minutes")]
)
def test_amendment_bad_input_shows_field_errors_and_writes_nothing(client_for, data, field):
    meeting = ApprovedMeetingFactory()
    response = client_for(Role.COMMUNITY).post(reverse("workinggroups:meeting_amend", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not MinutesAmendment.objects.exists()


@pytest.mark.django_db
def test_amend_page_sends_draft_minutes_to_the_editor(client_for):
    meeting = HeldMeetingFactory()
    response = client_for(Role.COMMUNITY).get(reverse("workinggroups:meeting_amend", args=[meeting.pk]))
    assert response["Location"] == reverse("workinggroups:meeting_minutes", args=[meeting.pk])


@pytest.mark.django_db
def test_approved_meeting_cannot_be_deleted_from_the_page(client_for):
    meeting = ApprovedMeetingFactory()
    response = client_for(Role.ADMINISTRATOR).post(reverse("workinggroups:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 409
    assert b"cannot be deleted" in response.content
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.django_db
def test_print_page_is_a_clean_document(client_for):
    meeting = ApprovedMeetingFactory(minutes="## Summary\n\nAll present.")
    AttendanceFactory(
        meeting=meeting,
        membership=MembershipFactory(group=meeting.group, stakeholder=OrganisationFactory(name="Kessa Police Station")),
    )
    MinutesAmendmentFactory(meeting=meeting, minutes="## Summary\n\nAll present, corrected.")
    html = client_for(Role.MANAGER).get(reverse("workinggroups:meeting_print", args=[meeting.pk])).content.decode()
    assert "workinggroups/css/minutes.css" in html
    assert "navbar" not in html
    assert "Kessa Police Station" in html
    assert "All present, corrected." in html
    assert "Minutes as originally approved" in html


# Meeting page: what was agreed last time ---------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_page_shows_what_was_agreed_last_time_and_its_status(client_for):
    first = HeldMeetingFactory(starts_at=at(2026, 1, 10))
    ActionItemFactory(
        meeting=first,
        description="Visit the checkpoint together",
        status=ActionStatus.DONE,
        closed_on=datetime.date(2026, 2, 1),
    )
    ActionItemFactory(meeting=first, description="Draft a code of conduct", due_on=datetime.date(2026, 2, 1))
    second = MeetingFactory(group=first.group, starts_at=at(2026, 4, 10))
    html = client_for(Role.SECURITY).get(second.get_absolute_url()).content.decode()
    section = html[html.index('id="last-time"') :]
    assert "Visit the checkpoint together" in section
    assert "Done" in section
    assert "Draft a code of conduct" in section
    assert "overdue" in section


@pytest.mark.django_db
def test_meeting_detail_query_count_is_constant(client_for):
    meeting = HeldMeetingFactory()
    client = client_for(Role.COMMUNITY)

    def make_rows(n):
        for _ in range(n):
            row = AttendanceFactory(meeting=meeting, membership=MembershipFactory(group=meeting.group))
            KeyIssueFactory(meeting=meeting, raised_by=row.membership.stakeholder)
            GuestFactory(meeting=meeting)
            ActionItemFactory(meeting=meeting, owner_membership=row.membership)

    assert_constant_queries(make_rows, lambda: client.get(meeting.get_absolute_url()), few=2, many=MANY)


@pytest.mark.django_db
def test_plan_page_starts_from_the_standing_agenda(client_for):
    group = WorkingGroupFactory(standing_agenda="Welcome\nIncidents since last time")
    response = client_for(Role.COMMUNITY).get(reverse("workinggroups:meeting_add") + f"?group={group.pk}")
    assert response.context["form"].initial["agenda"] == "Welcome\nIncidents since last time"


# Groups: detail and health on the pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_group_page_shows_members_health_and_subscription(client_for):
    group = busy_group()
    MembershipFactory(
        group=group, stakeholder=OrganisationFactory(name="Former Chief"), left_on=datetime.date(2025, 6, 1)
    )
    response = client_for(Role.MANAGER).get(group.get_absolute_url())
    html = response.content.decode()
    assert "Next meeting due" in html
    assert "attendance-by-constituency" in html
    assert "Former Chief" in html  # under former members
    assert response.context["calendar_feed_url"] == f"/working-groups/calendar-feeds/?group={group.pk}"
    assert "key=" not in html  # a feed's key is shown once, when it is created


@pytest.mark.django_db
def test_group_detail_query_count_is_constant(client_for):
    group = WorkingGroupFactory()
    client = client_for(Role.MANAGER)

    def make_rows(n):
        for _ in range(n):
            row = AttendanceFactory(meeting=HeldMeetingFactory(group=group), membership=MembershipFactory(group=group))
            ActionItemFactory(meeting=row.meeting, owner_membership=row.membership)

    assert_constant_queries(make_rows, lambda: client.get(group.get_absolute_url()), few=2, many=MANY)


@pytest.mark.django_db
def test_group_list_sorts_by_health_and_flags_overdue(client_for):
    overdue = WorkingGroupFactory(name="Overdue SWG", established_on=datetime.date(2020, 1, 1))
    WorkingGroupFactory(name="Fresh SWG", established_on=timezone.localdate())
    client = client_for(Role.MANAGER)
    response = client.get(reverse("workinggroups:workinggroup_list"), {"ordering": "next_due"})
    names = [g.name for g in response.context["object_list"]]
    assert names == ["Overdue SWG", "Fresh SWG"]
    assert b"overdue" in response.content
    only = client.get(reverse("workinggroups:workinggroup_list"), {"meeting_overdue": "true"})
    assert [g.pk for g in only.context["object_list"]] == [overdue.pk]


@pytest.mark.django_db
def test_unknown_ordering_is_a_bad_filter_not_a_crash(client_for):
    response = client_for(Role.MANAGER).get(reverse("workinggroups:workinggroup_list"), {"ordering": "secret_field"})
    assert response.status_code == 200  # as every list page: the filter form shows the error, the list is empty
    assert "ordering" in response.context["filterset"].errors
    assert not response.context["object_list"]


# Memberships: end ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_end_membership_page(client_for):
    seat = MembershipFactory(joined_on=datetime.date(2026, 1, 1))
    url = reverse("workinggroups:membership_end", args=[seat.pk])
    client = client_for(Role.COMMUNITY)
    bad = client.post(url, {"left_on": "2025-12-31", "version": seat.version})
    assert bad.status_code == 400
    assert "left_on" in bad.context["form"].errors
    missing = client.post(url, {"left_on": "", "version": seat.version})
    assert missing.status_code == 400
    seat.refresh_from_db()
    assert seat.left_on is None
    good = client.post(url, {"left_on": "2026-05-31", "version": seat.version})
    assert good.status_code == 302
    seat.refresh_from_db()
    assert seat.left_on == datetime.date(2026, 5, 31)


# Action tracker and progress notes -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_tracker_filters_open_and_overdue_and_summarises_by_group_and_owner(client_for):
    overdue = ActionItemFactory(due_on=datetime.date(2020, 1, 1))
    ActionItemFactory(due_on=datetime.date(2099, 1, 1))
    ActionItemFactory(status=ActionStatus.DONE, closed_on=datetime.date(2026, 3, 3))
    client = client_for(Role.MANAGER)
    url = reverse("workinggroups:actionitem_list")
    assert [a.pk for a in client.get(url, {"overdue": "true"}).context["object_list"]] == [overdue.pk]
    assert len(client.get(url, {"open": "true"}).context["object_list"]) == 2
    response = client.get(url)
    assert len(response.context["summary"]["by_group"]) == 3
    assert b"By owner" in response.content
    by_owner = client.get(url, {"owner_stakeholder": overdue.owner_membership.stakeholder_id})
    assert [a.pk for a in by_owner.context["object_list"]] == [overdue.pk]
    assert f'href="?owner_stakeholder={overdue.owner_membership.stakeholder_id}&amp;open=true'.encode() in (
        response.content
    )


@pytest.mark.django_db
def test_progress_note_closes_the_action_and_returns_to_the_tracker(client_for, users):
    action = ActionItemFactory()
    tracker = reverse("workinggroups:actionitem_list") + "?open=true"
    response = client_for(Role.COMMUNITY).post(
        reverse("workinggroups:actionitem_progress", args=[action.pk]),
        {"note": "Session held with 20 officers", "new_status": "done", "next": tracker},
    )
    assert response.status_code == 302
    assert response["Location"] == tracker
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    note = action.progress_notes.get()
    assert (note.author, note.new_status) == (users[Role.COMMUNITY], "done")


@pytest.mark.django_db
def test_progress_note_bad_input_and_foreign_redirects(client_for):
    action = ActionItemFactory()
    url = reverse("workinggroups:actionitem_progress", args=[action.pk])
    client = client_for(Role.COMMUNITY)
    empty = client.post(url, {"note": "", "new_status": "done"})
    assert empty.status_code == 400
    assert "note" in empty.context["progress_form"].errors
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    bad_status = client.post(url, {"note": "x", "new_status": "finished"})
    assert bad_status.status_code == 400
    away = client.post(url, {"note": "Started", "next": "https://evil.example/"})
    assert away["Location"] == action.get_absolute_url()


# Start page -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(PAGE_READERS))
def test_home_panel_warns_of_overdue_meetings_and_actions(client_for, role):
    WorkingGroupFactory(name="Sleepy SWG", established_on=datetime.date(2020, 1, 1))
    ActionItemFactory(due_on=datetime.date(2020, 1, 1))
    response = client_for(role).get("/")
    titles = [panel.title for panel in response.context["panels"]]
    assert "Working groups" in titles
    html = response.content.decode()
    assert "Sleepy SWG" in html
    assert "overdue action" in html


@pytest.mark.django_db
def test_home_panel_only_for_users_who_may_view_working_groups(make_user, client, rf):
    """A user without a role does not reach the start page at all (403); the panel itself is given only to users
    who may view working groups."""
    from workinggroups.panels import workinggroup_panels

    nobody = make_user(None, is_superuser=False)
    client.force_login(nobody)
    assert client.get("/").status_code == 403
    request = rf.get("/")
    request.user = nobody
    assert workinggroup_panels(request) == []
    request.user = make_user(Role.SECURITY)
    assert [panel.title for panel in workinggroup_panels(request)] == ["Working groups"]


@pytest.mark.django_db
def test_the_group_page_lists_open_actions_and_current_co_chairs_by_the_choices(client_for):
    group = WorkingGroupFactory()
    chair = MembershipFactory(group=group, role=MemberRole.CO_CHAIR)
    MembershipFactory(group=group, role=MemberRole.CO_CHAIR, left_on=datetime.date(2026, 1, 31))
    MembershipFactory(group=group, role=MemberRole.MEMBER)
    meeting = HeldMeetingFactory(group=group)
    statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    actions = {
        status: ActionItemFactory(
            meeting=meeting, status=status, closed_on=datetime.date(2026, 3, 3) if status == ActionStatus.DONE else None
        )
        for status in statuses
    }
    context = client_for(Role.COMMUNITY).get(group.get_absolute_url()).context
    assert context["co_chairs"] == [chair]
    assert set(context["open_actions"]) == {actions[ActionStatus.OPEN], actions[ActionStatus.IN_PROGRESS]}


@pytest.mark.django_db
def test_approve_minutes_is_offered_only_where_the_service_would_approve(client_for):
    client = client_for(Role.COMMUNITY)
    ready = HeldMeetingFactory()
    blank = HeldMeetingFactory(minutes="   \n")
    assert "Approve minutes" in client.get(ready.get_absolute_url()).content.decode()
    assert "Approve minutes" not in client.get(blank.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_closing_an_action_by_form_without_a_date_dates_it_today(client_for):
    """The form says "today if left empty": the service's rule applies before the model checks the pair."""
    action = ActionItemFactory()
    client = client_for(Role.COMMUNITY)
    form = client.get(reverse("workinggroups:actionitem_edit", args=[action.pk])).context["form"]
    data = {k: getattr(v, "pk", v) for k, v in form.initial.items() if v is not None}
    data.update(status=ActionStatus.DONE, version=action.version)
    response = client.post(reverse("workinggroups:actionitem_edit", args=[action.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert (action.status, action.closed_on) == (ActionStatus.DONE, timezone.localdate())
