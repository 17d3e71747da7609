"""In a real browser: log in with a second factor, and enrol one through the pages when the role requires it."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from shrhub.roles import Role
from tests.conftest import PASSWORD, enrol_second_factor, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page) -> list[str]:
    """Console messages about Content-Security-Policy violations (there must be none)."""
    violations: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_log_in_with_a_code_after_the_password(page, make_user):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    violations = watch_csp(page)
    page.goto("/stakeholders/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/verify/\?next=%2Fstakeholders%2F$"))
    expect(page.get_by_role("button", name="Registry"), "no menu before the code").not_to_be_visible()

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    assert "This code is not right" in page.locator("#id_code_errors").inner_text()

    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/stakeholders/")
    expect(page.get_by_role("heading", name="Stakeholders")).to_be_visible()
    assert not violations


def test_the_login_fixture_answers_the_code_step(page, login):
    user = login(Role.MANAGER, second_factor=True)
    assert user.totp_device.confirmed
    page.goto("/accounts/two-factor/")
    assert page.locator("#codes-left").inner_text() == "10 of 10"


def test_a_manager_must_enrol_and_then_logs_in_with_a_recovery_code(page, make_user, settings):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]
    user = make_user(Role.MANAGER)
    violations = watch_csp(page)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/enrol/")
    expect(page.get_by_text("Your role requires a second factor")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    page.goto("/stakeholders/")
    page.wait_for_url("**/accounts/two-factor/enrol/?next=%2Fstakeholders%2F")

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(b32decode(secret), 30, 0, 6, 0).token():06d}"
    page.get_by_label("Code from the app").fill(code)
    page.get_by_role("button", name="Confirm and enable").click()
    expect(page.get_by_text("not shown again")).to_be_visible()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url("**/stakeholders/")

    page.get_by_role("button", name=user.first_name).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/two-factor/verify/")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_text("You logged in with a recovery code; 9 left")).to_be_visible()
    assert not violations
