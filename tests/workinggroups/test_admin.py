"""The admin refuses to edit approved minutes too: locked fields are read-only, the record's parts frozen, and
a model form that tried anyway is refused by ``Meeting.clean()``."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.forms import modelform_factory
from django.test import RequestFactory
from django.urls import reverse

from shrhub.roles import Role
from workinggroups.admin import MeetingAdmin
from workinggroups.models import Meeting

from .factories import (
    ApprovedMeetingFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_approved_minutes_are_read_only_in_the_admin(client_for):
    meeting = ApprovedMeetingFactory(minutes="Approved text")
    client = client_for(Role.ADMINISTRATOR)
    url = reverse("admin:workinggroups_meeting_change", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="minutes"' not in page.content
    assert b"Approved text" in page.content  # shown, not editable
    client.post(url, {"minutes": "Rewritten in the admin", "status": "cancelled", "_save": "Save"})
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.status) == ("Approved text", "held")


def test_a_draft_is_editable_in_the_admin(client_for):
    meeting = HeldMeetingFactory(minutes="Draft")
    page = client_for(Role.ADMINISTRATOR).get(reverse("admin:workinggroups_meeting_change", args=[meeting.pk]))
    assert b'name="minutes"' in page.content


def test_a_model_form_that_gets_through_is_still_refused():
    meeting = ApprovedMeetingFactory(minutes="Approved text")
    form_class = modelform_factory(Meeting, fields=["minutes", "decisions"])
    form = form_class({"minutes": "Rewritten", "decisions": ""}, instance=meeting)
    assert not form.is_valid()
    assert "amendment" in form.errors["minutes"][0]


def test_approved_meeting_and_its_parts_cannot_be_deleted_or_changed_in_the_admin(client_for, users):
    meeting = ApprovedMeetingFactory()
    client = client_for(Role.ADMINISTRATOR)
    assert client.get(reverse("admin:workinggroups_meeting_delete", args=[meeting.pk])).status_code == 403
    request = RequestFactory().get("/")
    request.user = users[Role.ADMINISTRATOR]
    admin = MeetingAdmin(Meeting, site)
    for inline in admin.get_inline_instances(request, meeting):
        assert not inline.has_add_permission(request, meeting)
        assert not inline.has_change_permission(request, meeting)
        assert not inline.has_delete_permission(request, meeting)
    draft = MeetingFactory()
    assert all(inline.has_add_permission(request, draft) for inline in admin.get_inline_instances(request, draft))


def test_admin_attendance_applies_the_membership_rule(client_for):
    meeting = HeldMeetingFactory()
    stranger = MembershipFactory(group=WorkingGroupFactory())
    response = client_for(Role.ADMINISTRATOR).post(
        reverse("admin:workinggroups_attendance_add"),
        {"meeting": meeting.pk, "membership": stranger.pk, "status": "present", "_save": "Save"},
    )
    assert response.status_code == 200
    assert b"is not a member of" in response.content
    assert not meeting.attendance.exists()


def test_amendments_and_progress_notes_are_read_only_in_the_admin(client_for):
    client = client_for(Role.ADMINISTRATOR)
    assert client.get(reverse("admin:workinggroups_minutesamendment_add")).status_code == 403
    assert client.get(reverse("admin:workinggroups_actionprogress_add")).status_code == 403
    assert client.get(reverse("admin:workinggroups_minutesamendment_changelist")).status_code == 200
