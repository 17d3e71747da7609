"""Two-factor authentication: the code step after the password, lockout, recovery codes, mandatory enrolment per
role, self-service removal, an administrator's reset, the audit of each, and the API's session gate."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from shrhub.models import AccessLog
from shrhub.roles import Role
from shrhub.tokens import issue_token
from shrhub.two_factor import WRONG_CODE
from tests.conftest import PASSWORD, enrol_second_factor, totp_code

pytestmark = pytest.mark.django_db

WRONG_CODE = str(WRONG_CODE)  # a lazy translation: the text as the tests read it (English)

NOON = datetime.datetime(2026, 6, 15, 12, 0, 0, tzinfo=datetime.UTC)
VERIFY = "/accounts/two-factor/verify/"
ENROL = "/accounts/two-factor/enrol/"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    """The clock stands still at NOON unless a test moves it (``clock.shift(seconds)``)."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def password_step(client: Client, user, next_url: str = "") -> object:
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def code_step(client: Client, code: str, next_url: str = ""):
    return client.post(VERIFY, {"code": code, "next": next_url})


def field_errors(response) -> str:
    match = re.search(r'<ul class="errorlist" id="id_code_errors">(.*?)</ul>', response.content.decode(), re.S)
    return match.group(1) if match else ""


# The login flow ---------------------------------------------------------------------------------------------------


def test_a_user_with_a_second_factor_reaches_nothing_but_the_code_step_until_verified(client, make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    response = password_step(client, user, next_url="/stakeholders/")
    assert response.status_code == 302 and response["Location"] == "/stakeholders/"
    response = client.get("/stakeholders/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fstakeholders%2F"
    for path in ("/", "/accounts/two-factor/", "/accounts/password/", "/api/v1/docs/", "/admin/"):
        assert client.get(path)["Location"].startswith(VERIFY), path
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    assert 'href="/stakeholders/"' not in page.content.decode(), "no menu while the code step is pending"

    response = code_step(client, totp_code(device), next_url="/stakeholders/")
    assert response.status_code == 302 and response["Location"] == "/stakeholders/"
    assert client.get("/stakeholders/").status_code == 200
    assert client.get(VERIFY)["Location"] == "/", "a verified session has no code step"


def test_the_session_key_changes_when_the_code_is_accepted(client, make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    password_step(client, user)
    before = client.session.session_key
    code_step(client, totp_code(device))
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_beside_the_field(client, make_user, clock):
    user = make_user(Role.SECURITY)
    enrol_second_factor(user)
    password_step(client, user)
    response = code_step(client, "000000")
    assert response.status_code == 400
    assert WRONG_CODE in field_errors(response)
    assert client.get("/stakeholders/").status_code == 302


def test_a_code_expires_with_its_time_step_and_is_accepted_once(client, make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    old = totp_code(device)
    clock.shift(datetime.timedelta(minutes=2))  # four steps of 30 s on: beyond the one step of tolerance
    password_step(client, user)
    response = code_step(client, old)
    assert response.status_code == 400 and WRONG_CODE in field_errors(response)
    clock.shift(datetime.timedelta(seconds=5))  # past django-otp's delay after one failure
    current = totp_code(device)
    assert code_step(client, current).status_code == 302

    other = Client()
    password_step(other, user)
    response = code_step(other, current)
    assert response.status_code == 400, "a code already used is refused (replay)"


def test_repeated_bad_codes_lock_the_account_out(client, make_user, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    password_step(client, user)
    for _ in range(3):
        assert code_step(client, "123456").status_code == 400
        clock.shift(datetime.timedelta(seconds=10))  # django-otp's own delay is not what stops the right code
    response = code_step(client, totp_code(device))
    assert response.status_code == 400
    assert "Too many failed log-in attempts" in field_errors(response)
    assert client.get("/stakeholders/").status_code == 302
    # The password step is locked too, and a right password does not clear the count of wrong codes.
    response = password_step(Client(), user)
    assert "Too many failed log-in attempts" in response.content.decode()


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(client, make_user, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = make_user(Role.SECURITY)
    enrol_second_factor(user)
    for _ in range(3):
        browser = Client(REMOTE_ADDR="192.0.2.7")  # a new session each time, the right password each time
        password_step(browser, user)
        code_step(browser, "123456")
        clock.shift(datetime.timedelta(seconds=10))
    response = password_step(Client(REMOTE_ADDR="192.0.2.7"), user)
    assert "Too many failed log-in attempts" in response.content.decode()
    # Counted per account and address: someone guessing codes elsewhere does not lock the owner out.
    response = password_step(Client(REMOTE_ADDR="203.0.113.5"), user)
    assert "Too many failed log-in attempts" not in response.content.decode()


def test_a_recovery_code_works_once_and_its_use_is_logged(client, make_user, clock):
    user = make_user(Role.SECURITY)
    _, codes = enrol_second_factor(user)
    password_step(client, user)
    response = code_step(client, codes[3].upper()[:4] + "-" + codes[3][4:])  # as shown: grouped, any case
    assert response.status_code == 302
    assert client.get("/stakeholders/").status_code == 200
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_RECOVERY)
    assert entry.user == user and entry.object_id == str(user.pk) and "9 recovery codes left" in entry.detail

    again = Client()
    password_step(again, user)
    response = code_step(again, codes[3])
    assert response.status_code == 400 and WRONG_CODE in field_errors(response)


def test_recovery_codes_are_stored_as_digests_only(make_user, client, clock):
    user = make_user(Role.SECURITY)
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, confirmed=False)
    response = client.post(ENROL, {"code": totp_code(device)})
    shown = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in shown}


# Enrolment --------------------------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_drawn_here_and_confirms_with_a_code(client, make_user, clock):
    user = make_user(Role.COMMUNITY)
    client.force_login(user)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg width="' in html and 'class="qr-code"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0], "no inline script in the page body"
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(ENROL, {"code": "000000"})
    assert wrong.status_code == 400 and "This code is not right" in field_errors(wrong)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    clock.shift(datetime.timedelta(seconds=5))

    done = client.post(ENROL, {"code": totp_code(device)})
    assert done.status_code == 200
    assert "not shown again" in done.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed
    assert StaticToken.objects.filter(device__user=user).count() == 10
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_ENROL)
    assert entry.user == user and entry.object_id == str(user.pk) and entry.model == "auth.user"
    assert client.get("/stakeholders/").status_code == 200, "the enrolling session is verified"
    assert client.get(ENROL)["Location"] == "/accounts/two-factor/", "one app at a time"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_a_role_that_requires_a_second_factor_is_sent_to_enrolment(client, make_user, settings, clock, role):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]
    user = make_user(role)
    password_step(client, user)
    for path in ("/", "/stakeholders/", "/accounts/two-factor/", VERIFY, "/audit/access-log/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), path
    page = client.get(ENROL)
    assert "Your role requires a second factor" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(ENROL, {"code": totp_code(device)}).status_code == 200
    assert client.get("/stakeholders/").status_code == 200


def test_a_role_that_does_not_require_it_goes_straight_in(client, make_user, settings):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER, Role.ADMINISTRATOR]
    for role in (Role.SECURITY, Role.COMMUNITY):
        browser = Client()
        password_step(browser, make_user(role))
        assert browser.get("/stakeholders/").status_code == 200


def test_a_required_role_with_a_device_must_verify_not_enrol(client, make_user, settings, clock):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER]
    user = make_user(Role.MANAGER)
    device, _ = enrol_second_factor(user)
    password_step(client, user)
    assert client.get("/stakeholders/")["Location"].startswith(VERIFY)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    code_step(client, totp_code(device))
    assert client.get("/stakeholders/").status_code == 200


# The API ------------------------------------------------------------------------------------------------------------


def test_session_api_requests_are_refused_until_verified(make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    api = APIClient()
    password_step(api, user)
    response = api.get("/api/v1/stakeholders/")
    assert response.status_code == 403
    assert "Two-factor verification required" in response.json()["detail"]
    code_step(api, totp_code(device))
    assert api.get("/api/v1/stakeholders/").status_code == 200


def test_the_calendar_feed_refuses_an_unverified_session_too(make_user, clock):
    user = make_user(Role.COMMUNITY)
    device, _ = enrol_second_factor(user)
    api = APIClient()
    password_step(api, user)
    assert api.get("/api/v1/meetings/calendar/").status_code == 403
    code_step(api, totp_code(device))
    assert api.get("/api/v1/meetings/calendar/").status_code == 200


def test_session_api_requests_are_refused_while_enrolment_is_required(make_user, settings):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER]
    api = APIClient()
    password_step(api, make_user(Role.MANAGER))
    assert api.get("/api/v1/stakeholders/").status_code == 403


def test_token_authentication_is_unaffected(make_user, settings):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER]
    user = make_user(Role.MANAGER)
    enrol_second_factor(user)
    _, key = issue_token(user=user, name="sync")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/stakeholders/").status_code == 200


# Self-service ---------------------------------------------------------------------------------------------------------


def verified_client(user, device) -> Client:
    browser = Client()
    password_step(browser, user)
    assert code_step(browser, totp_code(device)).status_code == 302
    return browser


def test_the_status_page_shows_the_second_factor_and_codes_left(make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    page = verified_client(user, device).get("/accounts/two-factor/")
    assert page.status_code == 200
    assert "10 of 10" in page.content.decode()


def test_removing_ones_own_second_factor_needs_a_current_code(make_user, clock):
    user = make_user(Role.SECURITY)
    device, _ = enrol_second_factor(user)
    browser = verified_client(user, device)
    clock.shift(datetime.timedelta(seconds=30))
    response = browser.post("/accounts/two-factor/remove/", {"code": "999999"})
    assert response.status_code == 400 and WRONG_CODE in field_errors(response)
    assert TOTPDevice.objects.filter(user=user).exists()
    assert not AccessLog.objects.filter(action=AccessLog.Action.OTP_REMOVE).exists()
    clock.shift(datetime.timedelta(seconds=30))
    response = browser.post("/accounts/two-factor/remove/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_REMOVE)
    assert entry.user == user and entry.object_id == str(user.pk)


def test_new_recovery_codes_replace_the_old_ones_and_are_logged(make_user, clock):
    user = make_user(Role.SECURITY)
    device, old_codes = enrol_second_factor(user)
    browser = verified_client(user, device)
    response = browser.post("/accounts/two-factor/recovery-codes/")
    assert response.status_code == 200
    new_codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(new_codes) == 10
    assert AccessLog.objects.filter(action=AccessLog.Action.OTP_CODES, user=user).count() == 1

    old = Client()
    password_step(old, user)
    assert code_step(old, old_codes[0]).status_code == 400
    clock.shift(datetime.timedelta(seconds=5))  # past django-otp's delay after one failure
    assert code_step(old, new_codes[0]).status_code == 302


# Administrators -------------------------------------------------------------------------------------------------------


def test_an_administrator_resets_a_second_factor_with_a_reason_and_it_is_logged(make_user, client_for, clock, settings):
    settings.OTP_REQUIRED_ROLES = [Role.MANAGER]
    target = make_user(Role.MANAGER, username="morgan")
    device, _ = enrol_second_factor(target)
    their_session = verified_client(target, device)
    admin_client = client_for(Role.ADMINISTRATOR)
    listing = admin_client.get("/accounts/two-factor/users/")
    assert listing.status_code == 200 and f"/accounts/two-factor/users/{target.pk}/reset/" in listing.content.decode()

    url = f"/accounts/two-factor/users/{target.pk}/reset/"
    assert admin_client.post(url, {"reason": ""}).status_code == 400
    assert TOTPDevice.objects.filter(user=target).exists()
    response = admin_client.post(url, {"reason": "phone lost, checked in person"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    entry = AccessLog.objects.get(action=AccessLog.Action.OTP_RESET)
    assert entry.object_id == str(target.pk)
    assert entry.user.groups.filter(name=Role.ADMINISTRATOR).exists()
    assert "phone lost, checked in person" in entry.detail
    log = admin_client.get("/audit/access-log/", {"action": "otp_reset"})
    assert "phone lost, checked in person" in log.content.decode()
    # The user's verified session no longer is: their role sends them to enrol a new app.
    assert their_session.get("/stakeholders/")["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", [Role.SECURITY, Role.COMMUNITY, Role.MANAGER])
def test_only_administrators_reset(make_user, client_for, role):
    target = make_user(Role.SECURITY)
    enrol_second_factor(target)
    browser = client_for(role)
    assert browser.get("/accounts/two-factor/users/").status_code == 403
    assert browser.post(f"/accounts/two-factor/users/{target.pk}/reset/", {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()
    assert not AccessLog.objects.exists()


def test_django_otp_admin_pages_are_not_offered(client_for):
    """Devices change only through the pages above, where resets are audited with a reason."""
    admin_client = client_for(Role.ADMINISTRATOR)
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_an_administrator_cannot_reset_their_own_second_factor_without_a_code(make_user, clock):
    admin = make_user(Role.ADMINISTRATOR)
    device, _ = enrol_second_factor(admin)
    browser = verified_client(admin, device)
    response = browser.post(f"/accounts/two-factor/users/{admin.pk}/reset/", {"reason": "bored"})
    assert response.status_code == 302 and response["Location"] == "/accounts/two-factor/remove/"
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert not AccessLog.objects.filter(action__in=[AccessLog.Action.OTP_RESET, AccessLog.Action.OTP_REMOVE]).exists()
