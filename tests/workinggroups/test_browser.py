"""In a real browser: community-relations staff run a working group from its creation and first meeting to
approved (then amended) minutes and closed actions, and see the group's health move."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shrhub.roles import Role
from stakeholders.choices import Sector
from tests.shrhub.factories import LocalityFactory
from tests.stakeholders.factories import OrganisationFactory
from workinggroups.models import ActionItem, Meeting, Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_community_staff_run_a_group_from_first_meeting_to_closed_actions(page, login):
    kessa = LocalityFactory(name="Kessa")
    OrganisationFactory(name="Kessa Police Station", sector=Sector.POLICE, level="local", jurisdiction=kessa)
    OrganisationFactory(
        name="Kessa Women's Association", sector=Sector.CIVIL_SOCIETY, level="local", jurisdiction=kessa
    )
    today = timezone.localdate()
    joined = (today - datetime.timedelta(days=30)).isoformat()
    meeting_day = (today - datetime.timedelta(days=1)).isoformat()
    login(Role.COMMUNITY)

    # Create the group.
    page.get_by_role("button", name="Working groups").click()
    page.get_by_role("link", name="Groups and their health").click()
    page.get_by_role("link", name="Add working group").click()
    page.get_by_label("Name").fill("Kessa Security Working Group")
    page.get_by_label("Jurisdiction").select_option(label="Kessa")
    page.get_by_label("Purpose / terms of reference").fill("Trust and coordination on security around the mine.")
    page.get_by_label("Expected cadence (days)").fill("30")
    page.get_by_label("Standing agenda").fill("Welcome\nFollow-up of actions\nIncidents since last time")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/working-groups/groups/\d+/$"))
    expect(page.get_by_role("heading", name="Kessa Security Working Group")).to_be_visible()

    # Add two members; a leaving date before the joining date is refused beside the field.
    for name, constituency, role in (
        ("Kessa Police Station", "police", "member"),
        ("Kessa Women's Association", "vulnerable_group", "co_chair"),
    ):
        page.get_by_role("link", name="Add member").click()
        page.get_by_label("Stakeholder").select_option(label=name)
        page.get_by_label("Constituency").select_option(constituency)
        page.get_by_label("Role").select_option(role)
        page.get_by_label("Joined on").fill(joined)
        if role == "member":
            page.get_by_label("Left on").fill("2020-01-01")
            page.get_by_role("button", name="Save").click()
            expect(page.locator("#id_left_on_errors")).to_be_visible()
            page.get_by_label("Left on").fill("")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/working-groups/groups/\d+/$"))
    members = page.locator("section", has=page.get_by_role("heading", name="Members"))
    expect(members.get_by_text("Kessa Police Station")).to_be_visible()

    # Plan the first meeting: the agenda starts from the standing agenda.
    page.get_by_role("link", name="Plan a meeting").click()
    assert "Incidents since last time" in page.get_by_label("Agenda").input_value()
    page.get_by_label("Title").fill("First meeting")
    page.get_by_label("Scheduled start").fill(f"{meeting_day}T10:00")
    page.get_by_label("Location").fill("District Council hall")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/$"))
    expect(page.locator("#agenda")).to_be_visible()

    # Record attendance for all members in one form, with a guest.
    page.get_by_role("link", name="Record attendance").click()
    sheet = page.locator("#attendance-sheet")
    sheet.locator("tr", has_text="Kessa Police Station").get_by_label("Present").check()
    sheet.locator("tr", has_text="Kessa Women's Association").get_by_label("Apologies").check()
    page.locator("#guests input[name='guests-0-name']").fill("Dr Amara Tesh")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/$"))
    assert page.locator("#meeting-status").inner_text() == "Held"
    attendance = page.locator("section", has=page.get_by_role("heading", name="Attendance"))
    assert "Dr Amara Tesh" in attendance.inner_text()

    # Write the minutes with a live, sanitised preview.
    page.get_by_role("link", name="Write minutes").click()
    page.get_by_label("Minutes", exact=True).fill("## Summary\n\nThe police **agreed** to share patrol plans.")
    page.locator("#minutes-preview strong").wait_for()
    assert page.locator("#minutes-preview strong").inner_text() == "agreed"
    page.get_by_label("Decisions").fill("- Patrol plans are shared monthly with the elders.")
    page.get_by_role("button", name="Save draft minutes").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/$"))

    # A key issue and an agreement.
    page.get_by_role("link", name="Add key issue").click()
    page.get_by_label("Issue").fill("Women traders harassed at the market checkpoint")
    page.get_by_label("Raised by").select_option(label="Kessa Women's Association")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/#key-issues$"))
    issues = page.locator("section", has=page.get_by_role("heading", name="Key issues raised"))
    expect(issues.get_by_role("link", name="Women traders harassed at the market checkpoint")).to_be_visible()

    police = Membership.objects.get(stakeholder__name="Kessa Police Station")
    page.get_by_role("link", name="Add action").click()
    page.get_by_label("Description").fill("Visit the checkpoint with the women's association")
    page.get_by_role("button", name="Save").click()  # no owner: refused beside the field
    expect(page.locator("#id_owner_membership_errors")).to_be_visible()
    page.get_by_label("Owner (member)").select_option(str(police.pk))
    page.get_by_label("Due on").fill((today + datetime.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/working-groups/actions/\d+/$"))
    page.get_by_role("link", name="First meeting").first.click()

    # Approve the minutes: locked; then correct them with an amendment.
    page.get_by_role("link", name="Approve minutes").click()
    page.get_by_role("button", name="Approve and lock the minutes").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/$"))
    expect(page.locator("#minutes-approved")).to_be_visible()
    assert page.get_by_role("link", name="Write minutes").count() == 0
    page.get_by_role("link", name="Amend minutes").click()
    page.get_by_label("Reason").fill("The police asked to say 'weekly', not 'monthly'.")
    page.get_by_label("Amended decisions").fill("- Patrol plans are shared weekly with the elders.")
    page.get_by_role("button", name="Record the amendment").click()
    page.wait_for_url(re.compile(r"/working-groups/meetings/\d+/$"))
    assert "shared weekly" in page.locator("#decisions-text").inner_text()
    page.locator("#original-minutes summary").click()
    assert "shared monthly" in page.locator("#original-minutes").inner_text()

    # Follow up from the action tracker and close the action.
    page.get_by_role("button", name="Working groups").click()
    page.get_by_role("link", name="Action tracker").click()
    page.get_by_role("link", name="Open", exact=True).click()
    row = page.locator("tbody tr", has_text="Visit the checkpoint")
    row.get_by_role("link", name="Follow up").click()
    page.get_by_label("Note").fill("Visit done on Tuesday; report shared with the group.")
    page.get_by_label("Move the action to").select_option("done")
    page.get_by_role("button", name="Add progress note").click()
    assert page.locator("#action-status").inner_text().startswith("Done")
    assert "Visit done on Tuesday" in page.locator("#progress-notes").inner_text()

    # The group's health reflects it all.
    page.get_by_role("link", name="Kessa Security Working Group").first.click()
    assert "50 %" in page.locator("#attendance-rate").inner_text()
    assert "100 % of agreements done" in page.locator("#action-health").inner_text()
    assert "overdue" not in page.locator("#next-due").inner_text()

    meeting = Meeting.objects.get(title="First meeting")
    assert meeting.approved_at is not None
    assert meeting.amendments.count() == 1
    assert ActionItem.objects.get().status == "done"
