"""In a real browser, the issue's story: a community-relations officer logs an engagement with a commitment;
its owner finds it in their follow-ups and, once reminders are refreshed, in the header; it goes overdue and
escalates in the manager's warnings."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from followups.models import FollowUp
from notifications.services import refresh_notifications
from shrhub import clock
from shrhub.roles import Role
from tests.conftest import PASSWORD
from tests.shrhub.factories import NationalFactory
from tests.stakeholders.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.dates]


def sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_a_commitment_logged_by_community_relations_reaches_its_owner_and_escalates(page, login, make_user):
    NationalFactory(name="Varantia")
    OrganisationFactory(name="Ministry of Mines")
    owner = make_user(Role.SECURITY, last_name="Owner")
    manager = make_user(Role.MANAGER)
    today = clock.today()
    login(Role.COMMUNITY)

    # Log the engagement.
    page.goto("/engagements/add/")
    page.get_by_label("Occurred on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Kind").select_option(label="Meeting")
    page.get_by_label("Title").fill("Meeting with the Ministry of Mines on the grievance mechanism")
    page.get_by_label("Jurisdiction").select_option(label="Varantia")
    page.get_by_label("Stakeholders").select_option(label="Ministry of Mines")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/engagements/*/")

    # Add the commitment from the engagement's page.
    page.get_by_role("link", name="Add a follow-up").click()
    page.get_by_label("Description").fill("Send the ministry the grievance procedure in French")
    page.get_by_label("Owner").select_option(value=str(owner.pk))
    page.get_by_label("Due on").fill((today + datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/follow-ups/items/*/")
    item = FollowUp.objects.get()
    assert item.owner == owner and item.engagement.title.startswith("Meeting with the Ministry")

    # The owner finds it in their follow-ups, and in the header once reminders are refreshed.
    refresh_notifications()
    sign_in(page, owner)
    expect(page.locator("#notification-count")).to_have_text("2")  # new for you, due within a week
    page.get_by_role("button", name="Security Owner").click()
    page.get_by_role("link", name="My follow-ups").click()
    page.wait_for_url("**/my-follow-ups/")
    row = page.locator("#tracked-items tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Send the ministry the grievance procedure")
    page.locator("#notification-bell").click()
    page.wait_for_url("**/notifications/")
    expect(page.locator("#notifications tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#notification-count")).to_have_count(0)

    # It goes overdue: the owner is told, and the manager sees it escalate.
    FollowUp.objects.filter(pk=item.pk).update(due_on=today - datetime.timedelta(days=20))
    refresh_notifications()
    page.reload()
    expect(page.locator("#notifications")).to_contain_text("Overdue")
    sign_in(page, manager)
    page.goto("/warnings/")
    expect(page.locator("body")).to_contain_text("1 tracked commitment is overdue")
