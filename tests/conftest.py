"""Shared fixtures: one user per role, clients logged in as them, and a real browser for page tests."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import time
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from shrhub.roles import Role
from shrhub.tokens import issue_token
from tests.helpers.roles import ANONYMOUS, ROLES
from tests.helpers.template_db import prepare_test_databases

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a-long-test-password-2026"


# Moving the clock ------------------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--travel",
        metavar="WHEN",
        help="run with the clock moved to WHEN (ISO date or date-time, UTC unless it names a zone); it keeps ticking",
    )


def pytest_configure(config: pytest.Config) -> None:
    """``--travel WHEN`` moves the clock of the whole run (each xdist worker too) before anything is set up,
    so demo data, fixtures and the application all live on that day. ``make test`` runs the suites marked
    ``dates`` on a year end, a leap day and two years ahead."""
    when = config.getoption("--travel")
    if not when:
        return
    moment = datetime.datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


# The test databases ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
) -> Iterator[None]:
    """pytest-django's database set-up, from a migrated template rather than from nothing
    (``tests/helpers/template_db.py``): each worker's test database is a copy, opened as ``--reuse-db`` opens a
    kept one (nothing to migrate, ``post_migrate`` sent), and dropped at the end of the run."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        prepare_test_databases()
        config = setup_databases(verbosity=0, interactive=False, keepdb=True, serialized_aliases=set())
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """A view that activates a language (the preferences page, the switcher) leaves it active on the test's
    thread, where a real server's next request would reset it: reset it after every test, so that no test
    reads another's language."""
    yield
    translation.deactivate()


@pytest.fixture
def make_user(django_user_model) -> Callable[..., object]:
    """``make_user(role)`` → an active user holding that role (or none for ``None``)."""
    counter = {"n": 0}

    def make(role: str | None, **extra):
        counter["n"] += 1
        username = extra.pop("username", f"{role or 'norole'}-{counter['n']}")
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name=(role or "nobody").title(), **extra
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
            user.is_staff = role == Role.ADMINISTRATOR
            user.save(update_fields=["is_staff"])
        return user

    return make


def enrol_second_factor(user) -> tuple[object, list[str]]:
    """Give ``user`` a confirmed authenticator-app device and recovery codes, as enrolment leaves them; returns
    the device (its key computes codes: ``totp_code(device)``) and the recovery codes in clear."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shrhub.two_factor import recovery_digest

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    codes = [f"code{n:04d}" for n in range(10)]
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=static, token=recovery_digest(code)) for code in codes)
    return device, codes


def totp_code(device, at: float | None = None) -> str:
    """The code an authenticator app shows now (or at the Unix time ``at``) for ``device``."""
    from django_otp.oath import TOTP

    counter = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    counter.time = time.time() if at is None else at
    value = counter.token()
    return f"{value:0{device.digits}d}"


@pytest.fixture
def users(make_user) -> dict[str, object]:
    """One user per role, keyed by role name."""
    return {role: make_user(role) for role in ROLES}


@pytest.fixture
def client_for(users) -> Callable[[str], Client]:
    """``client_for(role)`` → a page client logged in as that role (``anonymous``: not logged in)."""

    def make(role: str) -> Client:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(users[role])
        return client

    return make


@pytest.fixture
def api_client_for(users) -> Callable[[str], APIClient]:
    """``api_client_for(role)`` → an API client with a write-enabled token of the role's user (the role still
    decides what it may do)."""

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != ANONYMOUS:
            _, key = issue_token(user=users[role], name="tests", can_write=True)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


# Browser ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright. Missing chromium is a failure, never a skip."""
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does it).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser page whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(30_000)  # a page behind a slow query on a loaded CI machine
    page = context.new_page()
    yield page
    settle(page)
    context.close()


def settle(page) -> None:
    """Wait until the page has no request in flight before the test's database is flushed.

    A request still running in the live server (a panel loading after the page) holds row locks that the
    flush's TRUNCATE waits on while the request waits on a table the TRUNCATE already holds: PostgreSQL
    breaks that deadlock by failing the flush, and the rows then leak into the next test.
    """
    from playwright.sync_api import Error as PlaywrightError

    with contextlib.suppress(PlaywrightError):  # a page that never goes quiet still gets closed
        page.wait_for_load_state("networkidle", timeout=10_000)


@pytest.fixture
def login(page, make_user) -> Callable[..., object]:
    """``login(role)`` → logs a new user of that role in through the real login form; returns the user.

    ``login(role, second_factor=True)`` gives the user an authenticator app first and answers the code step with
    the code the app would show (the device is ``user.totp_device``, the recovery codes ``user.recovery_codes``).
    """

    def do(role: str, second_factor: bool = False):
        user = make_user(role)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        if second_factor:
            user.totp_device, user.recovery_codes = enrol_second_factor(user)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/accounts/two-factor/verify/**")
            page.get_by_label("Code").fill(totp_code(user.totp_device))
            page.get_by_role("button", name="Verify").click()
        else:
            page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        return user

    return do
