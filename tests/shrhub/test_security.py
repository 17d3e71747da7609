"""Abuse resistance and hardening: lockout, throttling, timeouts, headers, CSRF and hostile input."""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from shrhub.roles import Role
from shrhub.security import TokenRateThrottle, client_address
from tests.conftest import PASSWORD
from tests.stakeholders.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_login_locks_after_repeated_failures_even_with_the_right_password(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "morgan", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "morgan", "password": PASSWORD})
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lockout_message_is_the_same_for_unknown_accounts(client):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert "Too many failed log-in attempts" in response.content.decode()


def _login(client, username: str, password: str, **meta) -> str:
    """Post the login form; "ok", "locked" or "refused" (wrong password)."""
    response = client.post("/accounts/login/", {"username": username, "password": password}, **meta)
    if response.status_code == 302:
        client.logout()
        return "ok"
    return "locked" if "Too many failed log-in attempts" in response.content.decode() else "refused"


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_look_alike_names_are_counted_with_the_account(client, make_user):
    """Authentication reads the full-width spelling of "morgan" as "morgan" (NFKC): its failures count against
    morgan."""
    make_user(Role.MANAGER, username="morgan")
    make_user(Role.MANAGER, username="robin")
    here = {"REMOTE_ADDR": "192.0.2.10"}
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "morgan")  # U+FF4D U+FF4F ...
    assert [_login(client, name, "wrong", **here) for name in ["morgan", full_width, full_width]] == ["refused"] * 3
    assert _login(client, "morgan", PASSWORD, **here) == "locked"
    # The address as a whole is not locked: the wait belongs to the account.
    assert _login(client, "robin", PASSWORD, **here) == "ok"


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_a_stranger_cannot_lock_an_account_out_from_elsewhere(client, make_user):
    make_user(Role.ADMINISTRATOR, username="alex")
    for _ in range(10):
        _login(client, "alex", "guess", REMOTE_ADDR="198.51.100.66")
    assert _login(client, "alex", PASSWORD, REMOTE_ADDR="198.51.100.66") == "locked"
    assert _login(client, "alex", PASSWORD, REMOTE_ADDR="203.0.113.5") == "ok"


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_ADDRESS_FAILURE_LIMIT=100)
def test_a_successful_login_clears_the_account_at_that_address(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    here = {"REMOTE_ADDR": "192.0.2.10"}
    for _ in range(3):
        assert _login(client, "morgan", "typo", **here) == "refused"
        assert _login(client, "morgan", PASSWORD, **here) == "ok"


@override_settings(LOGIN_FAILURE_LIMIT=100, LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_one_address_trying_many_accounts_is_slowed_down(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    for name in ["a", "b", "c"]:
        assert _login(client, name, "wrong", REMOTE_ADDR="198.51.100.66") == "refused"
    assert _login(client, "morgan", PASSWORD, REMOTE_ADDR="198.51.100.66") == "locked"
    assert _login(client, "morgan", PASSWORD, REMOTE_ADDR="203.0.113.5") == "ok"


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_BACKOFF_SECONDS=60, LOGIN_BACKOFF_MAX_SECONDS=3600)
def test_each_failure_past_the_limit_makes_the_wait_longer(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        assert [_login(client, "morgan", "wrong"), _login(client, "morgan", "wrong")] == ["refused", "refused"]
        traveller.shift(30)
        assert _login(client, "morgan", PASSWORD) == "locked"  # first wait: 60 s
        traveller.shift(31)
        assert _login(client, "morgan", "wrong") == "refused"  # checked again, and wrong
        traveller.shift(90)
        assert _login(client, "morgan", PASSWORD) == "locked"  # second wait: 120 s
        traveller.shift(31)
        assert _login(client, "morgan", "wrong") == "refused"
        traveller.shift(200)
        assert _login(client, "morgan", PASSWORD) == "locked"  # third wait: 240 s
        traveller.shift(41)
        assert _login(client, "morgan", PASSWORD) == "ok"


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_BACKOFF_SECONDS=60)
def test_knocking_during_a_wait_does_not_check_the_password_or_lengthen_it(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        _login(client, "morgan", "wrong")
        _login(client, "morgan", "wrong")
        for _ in range(5):
            traveller.shift(10)
            assert _login(client, "morgan", PASSWORD) == "locked"
        traveller.shift(11)
        assert _login(client, "morgan", PASSWORD) == "ok"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::/32"])
def test_client_address_believes_forwarded_for_only_from_a_trusted_proxy(rf):
    def address(peer: str, forwarded: str | None = None) -> str:
        meta = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(rf.get("/", **meta))

    assert address("192.0.2.1", "198.51.100.7") == "192.0.2.1"  # untrusted peer: header ignored
    assert address("10.0.0.2", "198.51.100.7") == "198.51.100.7"
    # The right-most untrusted address: what the client wrote further left may be forged.
    assert address("10.0.0.2", "203.0.113.99, 198.51.100.7") == "198.51.100.7"
    assert address("10.0.0.2", "203.0.113.99, 198.51.100.7, 10.0.0.5") == "198.51.100.7"
    assert address("10.0.0.2") == "10.0.0.2"
    assert address("10.0.0.2", "not-an-address") == "10.0.0.2"
    assert address("2001:db8::1", "198.51.100.7") == "198.51.100.7"
    assert address("::ffff:192.0.2.1", "198.51.100.7") == "192.0.2.1"
    # API throttling of anonymous requests uses the same address (DRF alone would believe any header).
    forged = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert TokenRateThrottle().get_ident(forged) == "192.0.2.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.1"], LOGIN_FAILURE_LIMIT=100, LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_behind_the_proxy_each_client_is_counted_apart(client, make_user):
    """Everyone arrives from the proxy's address: its X-Forwarded-For tells the clients apart, so one attacker
    does not lock everyone out; from a peer that is not a trusted proxy a forged header changes nothing."""
    make_user(Role.MANAGER, username="morgan")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for name in ["a", "b", "c"]:
        _login(client, name, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy)
    assert _login(client, "morgan", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.66", **proxy) == "locked"
    assert _login(client, "morgan", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy) == "ok"

    direct = {"REMOTE_ADDR": "192.0.2.66"}
    for n, name in enumerate(["a", "b", "c"]):
        _login(client, name, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", **direct)
    assert _login(client, "morgan", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200", **direct) == "locked"


def test_session_id_rotates_at_login(client, make_user):
    make_user(Role.MANAGER, username="morgan")
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"
    client.post("/accounts/login/", {"username": "morgan", "password": PASSWORD})
    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_api_throttle_answers_429_per_token(api_client_for, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/minute"}}
    from rest_framework.settings import api_settings

    api_settings.reload()
    TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        client = api_client_for(Role.INTEGRATION)
        codes = [client.get("/api/v1/jurisdictions/").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        assert codes[3:] == [429, 429]
        assert api_client_for(Role.MANAGER).get("/api/v1/jurisdictions/").status_code == 200  # another token
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "100000/minute"}}
        api_settings.reload()
        TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@override_settings(SESSION_IDLE_SECONDS=60)
def test_idle_session_is_logged_out(client_for):
    client = client_for(Role.MANAGER)
    assert client.get("/stakeholders/").status_code == 200
    session = client.session
    session["shrhub_seen_at"] = int(time.time()) - 120
    session.save()
    response = client.get("/stakeholders/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@override_settings(SESSION_ABSOLUTE_SECONDS=3600)
def test_session_ends_after_the_absolute_timeout(client_for):
    client = client_for(Role.MANAGER)
    client.get("/stakeholders/")
    session = client.session
    session["shrhub_login_at"] = int(time.time()) - 4000
    session.save()
    assert client.get("/stakeholders/").status_code == 302


def test_security_headers_and_no_store(client_for):
    response = client_for(Role.MANAGER).get("/stakeholders/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/stakeholders/", "/assessments/", "/accounts/tokens/", "/api/v1/docs/"])
def test_pages_carry_no_inline_script(client_for, url):
    html = client_for(Role.ADMINISTRATOR).get(url).content.decode()
    for chunk in html.split("<script")[1:]:
        tag, _, body = chunk.partition(">")
        assert "src=" in tag, f"inline script on {url}"
        assert body.split("</script>")[0].strip() == ""


def test_session_api_writes_need_csrf(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[Role.SECURITY])
    response = client.post("/api/v1/relationships/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_unknown_filters_answer_400(api_client_for):
    response = api_client_for(Role.MANAGER).get("/api/v1/stakeholders/", {"secter": "police"})
    assert response.status_code == 400
    assert "secter" in response.json()


@pytest.mark.parametrize("cursor", ["garbage", "%%%", "bz1hYmM="])
def test_malformed_cursor_answers_404(api_client_for, cursor):
    """A cursor that is not one of ours names no page: 404, as DRF answers an unknown page."""
    response = api_client_for(Role.MANAGER).get("/api/v1/stakeholders/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_nul_bytes_are_refused(api_client_for):
    OrganisationFactory()
    response = api_client_for(Role.SECURITY).post(
        "/api/v1/stakeholders/",
        {"kind": "organisation", "name": "Bad\x00name", "sector": "police", "level": "national", "jurisdiction": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "name" in response.json()


def test_oversized_body_is_refused(api_client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api_client_for(Role.SECURITY).generic(
        "POST", "/api/v1/stakeholders/", '{"name": "' + "x" * 20_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 400  # Django's RequestDataTooBig is a SuspiciousOperation: 400, not 413


def test_malformed_json_is_400(users):
    client = APIClient()
    client.force_authenticate(users[Role.SECURITY])
    response = client.generic("POST", "/api/v1/stakeholders/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_cursor_pages_follow_related_orderings_without_losing_rows(api_client_for):
    from tests.stakeholders.factories import PositionFactory

    titles = set()
    for n in range(5):
        titles.add(PositionFactory(organisation=OrganisationFactory(name=f"Org {n}")).title)
    client = api_client_for(Role.MANAGER)
    seen, url, params = [], "/api/v1/positions/", {"ordering": "-organisation", "page_size": 2}
    while url:
        body = client.get(url, params).json()
        seen += [row["title"] for row in body["results"]]
        url, params = body["next"], None
    assert len(seen) == 5
    assert set(seen) == titles


def test_cursor_pages_follow_orderings_that_can_be_empty_without_carrying_their_values(api_client_for):
    """An order by a key that may be empty pages (see ``tests/shrhub/test_api_cursors.py``), and its cursor carries
    only the boundary row's id, never the influence it was ordered by."""
    import base64
    from urllib.parse import parse_qs, urlsplit

    from tests.stakeholders.factories import AssessmentFactory

    for n in range(3):
        AssessmentFactory(stakeholder=OrganisationFactory(name=f"Org {n}"), influence=n + 2)
    OrganisationFactory(name="Unassessed")
    response = api_client_for(Role.MANAGER).get("/api/v1/stakeholders/", {"ordering": "influence", "page_size": 2})
    assert response.status_code == 200
    cursor = base64.b64decode(parse_qs(urlsplit(response.json()["next"]).query)["cursor"][0]).decode()
    boundary = response.json()["results"][-1]
    assert cursor == f"p={boundary['id']}"
