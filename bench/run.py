#!/usr/bin/env python
"""``make bench``: load-test SHR Hub on PostgreSQL at a chosen scale, as it runs in production.

1. creates a PostgreSQL database (default ``postgres://postgres@127.0.0.1:5432/shrhub_bench``), migrates it,
   loads the catalogue and builds the registry at ``--scale`` (1 = 100,000 stakeholders, 1,000,000
   assessments, 1,000,000 engagements) with set-based SQL (``bench/dataset.py``);
2. serves the app with gunicorn and the production settings (``bench/settings.py``: DEBUG off, WhiteNoise
   with compressed, hashed static files, a throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, Redis as the
   shared cache when it answers), requests arriving as from a TLS-terminating proxy;
3. drives it with wrk from a second process on loopback, one endpoint at a time and then as a mix, and
   prints requests/s and p50/p95/p99 per endpoint, each also as a ratio to the minimal Django JSON view that
   returns the same rows as the API list (``bench/views.py``);
4. writes the results, with the machine and the scale, to ``docs/benchmarks.md``, and drops the database
   (``--keep`` keeps it; ``--reuse`` runs against a kept one without rebuilding).

Examples: ``make bench``; ``make bench BENCH_ARGS="--scale 0.1 --duration 5"``.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import io
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/shrhub_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
REPORT = ROOT / "docs" / "benchmarks.md"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # as a TLS-terminating proxy sends them
WRK_TIMEOUT = "10s"  # a request not answered within this counts as a timeout, not as a (fast) result


def log(message: str) -> None:
    print(message, flush=True)


# Setup -----------------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k stakeholders, 1M engagements")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load first (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1: leave the CPU to the app)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2: one per core)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument(
        "--only", default="", help="comma-separated endpoint names, 'mix' for the mixed run (default: all)"
    )
    parser.add_argument("--access-log", default="", help="gunicorn access log with each request's time (µs)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use a kept database as it is (no rebuild)")
    parser.add_argument("--build-only", action="store_true", help="build (and keep) the database, measure nothing")
    parser.add_argument(
        "--quiet-cpu",
        type=float,
        default=85.0,
        help="before each endpoint, wait (up to 5 min) until the CPUs are this %% idle: others' load skews results",
    )
    parser.add_argument("--no-report", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--report", default=str(REPORT))
    return parser.parse_args(argv)


def ensure_wrk() -> str:
    """wrk from Debian, installed with apt-get if missing (as ``make test`` does for chromium)."""
    found = shutil.which("wrk")
    if found:
        return found
    log("installing Debian's wrk for the load generator")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed and could not be installed (apt-get install wrk).")
    return found


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def server_environment(args: argparse.Namespace, static_root: Path, use_redis: bool) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway: sessions die with the run
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": args.database_url,
        "CONN_MAX_AGE": "600",
        "BENCH_STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }
    # Production refuses a per-process cache: without Redis the run shares a file cache between its workers.
    env["REDIS_URL"] = args.redis_url
    if use_redis:
        env["BENCH_REDIS_URL"] = args.redis_url
    else:
        env["BENCH_CACHE_DIR"] = str(static_root.parent / "cache")
    return env


def _admin_connection(database_url: str):
    """A connection to the server's ``postgres`` database, to create and drop the bench database."""
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(database_url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    return connection, config["NAME"]


def create_database(database_url: str, reuse: bool) -> bool:
    """Create the bench database (dropping a previous one); True if it must be built."""
    connection, name = _admin_connection(database_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if reuse and exists:
            return False
        if exists:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return True


def drop_database(database_url: str) -> None:
    connection, name = _admin_connection(database_url)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


# Data and accounts -----------------------------------------------------------------------------------------


@dataclass
class Accounts:
    """Who sends the requests: session cookies for pages, tokens for the API (many, as many integrations
    would be: each token stays under the production throttle)."""

    page_cookie: str
    manager_cookie: str
    read_tokens: list[str]
    write_tokens: list[str]


def prepare(args: argparse.Namespace, build: bool) -> dict[str, Any]:
    """Migrate, load the catalogue, build the data; returns facts for the report."""
    from django.core.management import call_command
    from django.db import connection, transaction

    facts: dict[str, Any] = {}
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_catalogue", verbosity=0, stdout=io.StringIO())
    facts["migrate_seconds"] = round(time.monotonic() - started, 1)
    users = ensure_users()
    if build:
        from bench import dataset
        from practices.models import Practice

        log(f"building the registry at scale {args.scale:g}")
        started = time.monotonic()
        with transaction.atomic():
            dataset.build(
                connection,
                args.scale,
                author_ids=[users["security"].pk, users["manager"].pk],
                practice_ids=list(Practice.objects.order_by("pk").values_list("pk", flat=True)),
                log=log,
            )
        facts["build_seconds"] = round(time.monotonic() - started, 1)
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        facts["vacuum_seconds"] = round(time.monotonic() - started, 1)
        log(f"  built in {facts['build_seconds']}s, vacuumed and analysed in {facts['vacuum_seconds']}s")
    return facts


def ensure_users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for role in ("security", "manager", "integration"):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{role}", defaults={"first_name": role})
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def make_accounts(users: dict[str, Any]) -> Accounts:
    from shrhub.models import ApiToken
    from shrhub.tokens import issue_token

    ApiToken.objects.filter(user__username__startswith="bench-").delete()
    read = [issue_token(user=users["integration"], name=f"bench read {i}")[1] for i in range(200)]
    write = [issue_token(user=users["security"], name=f"bench write {i}", can_write=True)[1] for i in range(50)]
    return Accounts(session_cookie(users["security"]), session_cookie(users["manager"]), read, write)


def session_cookie(user) -> str:
    """A logged-in session, made as ``login()`` makes it, as a Cookie header value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["shrhub_login_at"] = store["shrhub_seen_at"] = int(time.time())
    store.save(must_create=True)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# Endpoints -------------------------------------------------------------------------------------------------


@dataclass
class Endpoint:
    """One measured endpoint: the requests wrk picks from, who sends them and the target they must meet."""

    name: str
    label: str
    requests: list[tuple[str, str, str, dict[str, str]]]  # method, path, body, headers
    status: int = 200
    target: dict[str, float] = field(default_factory=dict)  # rps, p95_ms, ratio
    weight: int = 0  # share of the mixed run


def drf_cursor(position: int) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


def endpoints(accounts: Accounts, scale: float) -> list[Endpoint]:
    """The measured mix. Ids and filters are drawn from the data so that requests spread over the table."""
    from bench.dataset import ABSENT_TERM, COMMON_TERM, RARE_TERM, SECTORS
    from stakeholders.models import Engagement, Stakeholder

    rng = random.Random(7)
    internal = list(
        Stakeholder.objects.filter(confidentiality="internal").order_by("?").values_list("pk", flat=True)[:500]
    )
    last_stakeholder = Stakeholder.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_engagement = Engagement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def page(cookie: str) -> dict[str, str]:
        return {"Cookie": cookie}

    def token(pool: list[str]) -> dict[str, str]:
        return {"Authorization": f"Token {rng.choice(pool)}"}

    def get(path: str, headers: dict[str, str]) -> tuple[str, str, str, dict[str, str]]:
        return ("GET", path, "", headers)

    def spread(path: str) -> list[tuple[str, str, str, dict[str, str]]]:
        """One API request sent by many integrations: one token would soon be throttled (429), as it should."""
        return [get(path, token(accounts.read_tokens)) for _ in range(40)]

    filters = [f"sector={sector}&level={level}" for sector in SECTORS for level in ("regional", "local")]
    # Cursor pages at every depth, as a client paging through the filtered list would request them.
    positions = [0] * 8 + [rng.randrange(1, max(2, last_stakeholder)) for _ in range(24)]
    api_list, baseline = [], []
    for query in filters:
        for position in rng.sample(positions, 4):
            cursor = f"&cursor={drf_cursor(position)}" if position else ""
            api_list.append(get(f"/api/v1/stakeholders/?{query}{cursor}", token(accounts.read_tokens)))
            after = f"&after={position}" if position else ""
            baseline.append(get(f"/bench/baseline/stakeholders/?{query}{after}", {}))
    engagement_filters = [
        f"kind={kind}&occurred_after={year}-01-01"
        for kind in ("meeting", "workshop", "town_hall")
        for year in (2018, 2024)
    ]
    api_engagements = [get(f"/api/v1/engagements/?{q}", token(accounts.read_tokens)) for q in engagement_filters]
    baseline_engagements = [get(f"/bench/baseline/engagements/?{q}", {}) for q in engagement_filters]
    deep = [
        get(f"/api/v1/stakeholders/?cursor={drf_cursor(last_stakeholder - rng.randrange(60, 500))}", token(pool))
        for pool in [accounts.read_tokens] * 20
    ]
    deep_engagements = [
        get(f"/api/v1/engagements/?cursor={drf_cursor(last_engagement - rng.randrange(60, 5000))}", token(pool))
        for pool in [accounts.read_tokens] * 20
    ]
    api_detail = [get(f"/api/v1/stakeholders/{pk}/", token(accounts.read_tokens)) for pk in internal]
    page_detail = [get(f"/stakeholders/{pk}/", page(accounts.page_cookie)) for pk in internal]
    page_list = [get(f"/stakeholders/?{q}", page(accounts.page_cookie)) for q in filters]
    cookie = page(accounts.page_cookie)
    last_stakeholders = last_page_url("/stakeholders/", accounts.page_cookie)
    last_engagements = last_page_url("/engagements/", accounts.page_cookie)
    writes = [
        (
            "POST",
            "/api/v1/engagements/",
            json.dumps(
                {
                    "occurred_on": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "kind": "meeting",
                    "title": f"Bench meeting {i}",
                    "jurisdiction": 1000000,
                    "stakeholders": [rng.choice(internal)],
                    "summary": "Logged by the load benchmark.",
                }
            ),
            {**token(accounts.write_tokens), "Content-Type": "application/json"},
        )
        for i in range(200)
    ]
    html, search, api = {"p95_ms": 300}, {"p95_ms": 150}, {"rps": 300, "p95_ms": 100, "ratio": 0.4}
    found = [
        Endpoint("baseline", "Minimal Django JSON view, same rows as the API list", baseline),
        Endpoint("api_list", "API stakeholder list, filters + cursor pages", api_list, target=api, weight=12),
        Endpoint("api_list_deep", "API stakeholder list, deep cursor (end of table)", deep, target=api, weight=2),
        Endpoint(
            "baseline_engagements", "Minimal Django JSON view, same rows as the engagement list", baseline_engagements
        ),
        Endpoint("api_engagements", "API engagement list, filters", api_engagements, target=api, weight=6),
        Endpoint("api_engagements_deep", "API engagement list, deep cursor", deep_engagements, target=api, weight=2),
        Endpoint("api_detail", "API stakeholder detail", api_detail, target={"rps": 600, "p95_ms": 50}, weight=10),
        Endpoint(
            "api_search_common",
            f"API stakeholder search, common term ({COMMON_TERM})",
            spread(f"/api/v1/stakeholders/?q={COMMON_TERM}"),
            target=search,
            weight=2,
        ),
        Endpoint(
            "api_search_rare",
            f"API stakeholder search, rare term ({RARE_TERM})",
            spread(f"/api/v1/stakeholders/?q={RARE_TERM}"),
            target=search,
            weight=1,
        ),
        Endpoint(
            "api_search_absent",
            f"API stakeholder search, absent term ({ABSENT_TERM})",
            spread(f"/api/v1/stakeholders/?q={ABSENT_TERM}"),
            target=search,
            weight=1,
        ),
        Endpoint("page_list", "Stakeholder list page, filters, first page", page_list, target=html, weight=12),
        Endpoint(
            "page_list_last",
            "Stakeholder list page, last page",
            [get(last_stakeholders, cookie)],
            target=html,
            weight=2,
        ),
        Endpoint(
            "page_engagements",
            "Engagement list page (1M rows), first page",
            [get("/engagements/", cookie)],
            target=html,
            weight=4,
        ),
        Endpoint(
            "page_engagements_last",
            "Engagement list page, last page",
            [get(last_engagements, cookie)],
            target=html,
            weight=1,
        ),
        Endpoint(
            "page_search_common",
            f"Stakeholder list page, search common term ({COMMON_TERM})",
            [get(f"/stakeholders/?q={COMMON_TERM}", cookie)],
            target=search,
            weight=3,
        ),
        Endpoint(
            "page_search_rare",
            f"Stakeholder list page, search rare term ({RARE_TERM})",
            [get(f"/stakeholders/?q={RARE_TERM}", cookie)],
            target=search,
            weight=2,
        ),
        Endpoint(
            "page_search_absent",
            f"Stakeholder list page, search absent term ({ABSENT_TERM})",
            [get(f"/stakeholders/?q={ABSENT_TERM}", cookie)],
            target=search,
            weight=1,
        ),
        Endpoint(
            "page_engagement_search",
            "Engagement list page (1M rows), search common term (security)",
            [get("/engagements/?q=security", cookie)],
            target=search,
            weight=1,
        ),
        Endpoint(
            "page_engagement_search_rare",
            f"Engagement list page, search rare term ({RARE_TERM})",
            [get(f"/engagements/?q={RARE_TERM}", cookie)],
            target=search,
        ),
        Endpoint(
            "page_engagement_search_absent",
            f"Engagement list page, search absent term ({ABSENT_TERM})",
            [get(f"/engagements/?q={ABSENT_TERM}", cookie)],
            target=search,
        ),
        Endpoint("page_detail", "Stakeholder detail page", page_detail, target=html, weight=12),
        Endpoint("api_write", "API engagement create (token, JSON)", writes, status=201, weight=3),
    ]
    if map_page_exists():
        manager = page(accounts.manager_cookie)
        scoped = [f"/insights/map/?jurisdiction={1000000 + region}&sector=police" for region in range(1, 13)]
        found += [
            Endpoint(
                "map",
                "Champion/spoiler map (manager): one sector in one region",
                [get(path, manager) for path in scoped],
                target=html,
                weight=2,
            ),
            Endpoint(
                "map_everything",
                "Champion/spoiler map (manager): every stakeholder, unfiltered",
                [get("/insights/map/", manager)],
                target=html,
            ),
        ]
    return found


def map_page_exists() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve("/insights/map/")
    except Resolver404:
        return False
    return True


def last_page_url(path: str, cookie: str) -> str:
    """The list's "Last" link, as the page renders it (the cursor is signed for the list's filters and order)."""
    html = fetch(path, {"Cookie": cookie}).decode()
    found = re.search(r'href="(\?cursor=[^"]+)">Last<', html)
    if not found:
        raise SystemExit(f"{path} has no Last link: is the list long enough?\n{html[:3000]}")
    return path + found.group(1).replace("&amp;", "&")


# Serving and measuring -------------------------------------------------------------------------------------

PORT = 8765


class HTTPError(Exception):
    def __init__(self, status: int, body: bytes, location: str | None):
        super().__init__(f"{status} {location or ''} {body[:300]!r}")
        self.status = status


def fetch(path: str, headers: dict[str, str], method: str = "GET", body: str = "") -> bytes:
    """One request to the server (no redirects followed); HTTPError unless it answers 2xx."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request(method, path, body=body.encode() or None, headers={**PROXY_HEADERS, **headers})
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise HTTPError(response.status, content, response.getheader("Location"))
    return content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--workers", str(args.workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{args.port}", "--chdir", str(ROOT),
        "--timeout", "120", "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip
    if args.access_log:  # each request's path, status and time taken (microseconds), to see where time goes
        command += ["--access-logfile", args.access_log, "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"port {args.port} is already in use")
    server = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch("/health/", {})
            return server
        except (HTTPError, OSError):
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /health/ within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def write_plan(requests: list[tuple[str, str, str, dict[str, str]]], directory: Path, name: str) -> Path:
    plan = directory / f"{name}.plan"
    lines = [f"H\t{k}: {v}" for k, v in PROXY_HEADERS.items()]
    for method, path, body, headers in requests:
        extra = "\t".join(f"{k}: {v}" for k, v in headers.items())
        lines.append(f"R\t{method}\t{path}\t{body}\t{extra}")
    plan.write_text("\n".join(lines) + "\n")
    return plan


def check(endpoint: Endpoint) -> None:
    """Every distinct request answers as expected before it is measured (a 403 is fast but worthless)."""
    for method, path, body, headers in {(m, p, b, tuple(h.items())) for m, p, b, h in endpoint.requests[:40]}:
        try:
            fetch(path, dict(headers), method, body)
        except HTTPError as error:
            raise SystemExit(f"{endpoint.name}: {method} {path} answered {error}") from None


def cpu_idle(seconds: float = 2.0) -> float:
    """Percentage of CPU time idle over ``seconds`` (from /proc/stat), while the bench itself is idle."""

    def sample() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return 100.0 * (idle_after - idle_before) / max(1, total_after - total_before)


def wait_for_quiet(threshold: float, limit: float = 300.0) -> float:
    """Wait until other processes leave the CPUs (mostly) idle; returns the idle share finally seen."""
    deadline, idle = time.monotonic() + limit, cpu_idle()
    while idle < threshold and time.monotonic() < deadline:
        log(f"  waiting: the CPUs are only {idle:.0f}% idle (other processes are running)")
        time.sleep(5)
        idle = cpu_idle()
    return idle


def drain(args: argparse.Namespace) -> None:
    """Wait until the server has finished what the last run left queued: wrk stops sending when its time is up,
    but gunicorn still answers the requests waiting in its backlog (seconds of work for a slow endpoint), and
    the next measurement would wait behind them."""
    if args.quiet_cpu:
        wait_for_quiet(args.quiet_cpu)


def run_wrk(args: argparse.Namespace, plan: Path, seconds: int, status: int = 200) -> dict[str, Any]:
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT,
        "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{PORT}", "--", str(plan), str(status),
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    seconds_run = summary["duration_us"] / 1e6
    return {
        "rps": summary["requests"] / seconds_run,
        "p50_ms": summary["p50_us"] / 1000,
        "p95_ms": summary["p95_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "requests": summary["requests"],
        "errors": summary["unexpected"] + summary["socket_errors"] + summary["timeouts"],
        "example": summary["example"],
    }


def mixed_requests(found: list[Endpoint], lines_per_weight: int = 20) -> list[tuple[str, str, str, dict[str, str]]]:
    """Requests of every weighted endpoint, each endpoint's share of the lines proportional to its weight."""
    rng, mix = random.Random(11), []
    for endpoint in found:
        if endpoint.weight:
            sample = rng.sample(endpoint.requests, min(lines_per_weight, len(endpoint.requests)))
            share = lines_per_weight * endpoint.weight
            mix += (sample * (share // len(sample) + 1))[:share]
    return mix


def count_queries(endpoint: Endpoint) -> int:
    """Database queries of one request to the endpoint, counted in this process with the same credentials."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    method, path, body, headers = endpoint.requests[0]
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"}
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1", **extra)
    call = getattr(client, method.lower())
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    call(path, **kwargs)  # once to warm per-process caches, as in a running worker
    with CaptureQueriesContext(connection) as queries:
        response = call(path, **kwargs)
    if response.status_code != endpoint.status:
        raise SystemExit(f"{endpoint.name}: {path} answered {response.status_code} in process")
    return len(queries.captured_queries)


# Report ----------------------------------------------------------------------------------------------------


def machine(database_url: str) -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    import django

    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{int(memory.split()[1]) / 1024 / 1024:.1f} GiB",
        "postgres": pg_version,
        "database size": db_size,
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def verdict(result: dict[str, Any], endpoint: Endpoint, baseline_rps: float | None) -> str:
    target, misses = endpoint.target, []
    if not target:
        return "—"
    if not result["requests"]:
        return f"❌ no request answered within the {WRK_TIMEOUT} timeout"
    if "rps" in target and result["rps"] < target["rps"]:
        misses.append(f"< {target['rps']:.0f} req/s")
    if "p95_ms" in target and result["p95_ms"] > target["p95_ms"]:
        misses.append(f"p95 > {target['p95_ms']:.0f} ms")
    if "ratio" in target and baseline_rps and result["rps"] / baseline_rps < target["ratio"]:
        misses.append(f"< {target['ratio']:.0%} of baseline")
    return "✅" if not misses else "❌ " + ", ".join(misses)


def describe_target(target: dict[str, float]) -> str:
    parts = []
    if "rps" in target:
        parts.append(f"≥ {target['rps']:.0f} req/s")
    if "p95_ms" in target:
        parts.append(f"p95 ≤ {target['p95_ms']:.0f} ms")
    if "ratio" in target:
        parts.append(f"≥ {target['ratio']:.0%} of baseline")
    return ", ".join(parts) or "—"


def render(args, facts, machine_facts, sizes, results, found: list[Endpoint]) -> str:
    by_name = {e.name: e for e in found}
    baseline = results.get("baseline", {}).get("rps")
    lines = [
        f"### Scale {args.scale:g}: {sizes}",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine_facts['cpus']} CPUs ({machine_facts['cpu']}), "
        f"{machine_facts['ram']} RAM, PostgreSQL {machine_facts['postgres']} "
        f"(database {machine_facts['database size']}), "
        f"Python {machine_facts['python']}, Django {machine_facts['django']}; gunicorn {args.workers} sync workers; "
        f"wrk {args.threads} thread, {args.connections} connections, {args.duration} s per endpoint after "
        f"{args.warmup} s of warm-up; cache: {facts['cache']}; CPUs idle before each endpoint: at least "
        f"{facts['idle']}. "
        + (
            f"Data built in {facts['build_seconds']} s (+ {facts['vacuum_seconds']} s VACUUM ANALYZE)."
            if "build_seconds" in facts
            else "Data reused."
        ),
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | x baseline | queries | target | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, result in results.items():
        endpoint = by_name.get(name)
        label = endpoint.label if endpoint else "Mix of all the endpoints above, weighted as a working day"
        ratio = f"{result['rps'] / baseline:.2f}" if baseline else "—"
        errors = f" ({result['errors']} errors)" if result["errors"] else ""
        queries = result.get("queries", "—")
        target = describe_target(endpoint.target) if endpoint else "—"
        check_mark = verdict(result, endpoint, baseline) if endpoint else "—"
        lines.append(
            f"| `{name}`: {label} | {result['rps']:.0f}{errors} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
            f"{result['p99_ms']:.1f} | {ratio} | {queries} | {target} | {check_mark} |"
        )
    notes = []
    for a, b in (("page_list", "page_list_last"), ("page_engagements", "page_engagements_last")):
        if a in results and b in results:
            factor = results[b]["p95_ms"] / max(results[a]["p95_ms"], 0.001)
            notes.append(
                f"last page / first page p95: `{b}` {factor:.2f}x `{a}` ({'✅' if factor <= 2 else '❌'} ≤ 2x)"
            )
    if notes:
        lines += ["", *[f"- {note}" for note in notes]]
    return "\n".join(lines) + "\n"


def report_key(args: argparse.Namespace) -> str:
    """Which section of the report a run replaces: one per scale, and per number of connections when it is not
    the default (a run without queueing answers a different question)."""
    default = parse_args([]).connections
    return f"scale={args.scale:g}" + (f",connections={args.connections}" if args.connections != default else "")


def write_report(path: Path, key: str, block: str) -> None:
    begin, end = f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n<!-- bench:results -->\n"
    section = f"{begin}\n{block}{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    elif "<!-- bench:results -->" in text:
        text = text.replace("<!-- bench:results -->", f"<!-- bench:results -->\n\n{section}", 1)
    else:
        text += f"\n{section}\n"
    path.write_text(text)


# Main ------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    global PORT
    args = parse_args(argv)
    ensure_wrk()
    PORT = args.port = args.port or free_port()
    use_redis = redis_answers(args.redis_url)
    work = Path(tempfile.mkdtemp(prefix="shrhub-bench-"))
    env = server_environment(args, work / "static", use_redis)
    os.environ.update(env)
    build = create_database(args.database_url, args.reuse)
    server = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from bench.dataset import Sizes

        facts = prepare(args, build)
        shared = f"Redis ({args.redis_url})"
        facts["cache"] = shared if use_redis else "files shared by the workers (Redis did not answer)"
        if args.build_only:
            log(f"built; kept as {args.database_url}")
            args.keep = True
            return
        call_command("collectstatic", verbosity=0, interactive=False)
        accounts = make_accounts(ensure_users())
        log(f"serving with gunicorn ({args.workers} workers) on http://127.0.0.1:{PORT}")
        server = start_server(args, env)
        every = endpoints(accounts, args.scale)
        wanted = {name for name in args.only.split(",") if name}
        found = [e for e in every if not wanted or e.name in wanted or e.name == "baseline"]
        results: dict[str, dict[str, Any]] = {}
        quietest = 100.0
        for endpoint in found:
            check(endpoint)
            if args.quiet_cpu:
                quietest = min(quietest, wait_for_quiet(args.quiet_cpu))
            plan = write_plan(endpoint.requests, work, endpoint.name)
            if args.warmup:
                run_wrk(args, plan, args.warmup, endpoint.status)
                drain(args)
            result = run_wrk(args, plan, args.duration, endpoint.status)
            result["queries"] = count_queries(endpoint)
            results[endpoint.name] = result
            ratio = result["rps"] / results["baseline"]["rps"] if "baseline" in results else 1
            log(
                f"{endpoint.name:24} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:7.1f}  p95 "
                f"{result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms  {ratio:5.2f}x baseline  "
                f"{result['queries']} queries  {result['errors']} errors"
                + (f" (e.g. {result['example']})" if result["errors"] else "")
            )
        mix = mixed_requests(every)
        if mix and (not wanted or "mix" in wanted):
            plan = write_plan(mix, work, "mix")
            drain(args)
            run_wrk(args, plan, args.warmup or 1, status=0)
            drain(args)
            result = run_wrk(args, plan, args.duration, status=0)
            results["mix"] = result
            log(f"{'mix':24} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:7.1f}  p95 {result['p95_ms']:7.1f}")
        stop_server(server)
        server = None
        facts["idle"] = f"{quietest:.0f}%"
        block = render(args, facts, machine(args.database_url), Sizes.at(args.scale).describe(), results, found)
        print("\n" + block)
        if not args.no_report:
            write_report(Path(args.report), report_key(args), block)
            log(f"written to {args.report}")
    finally:
        if server is not None:
            stop_server(server)
        from django.db import connections

        connections.close_all()
        if use_redis:
            clear_redis(args.redis_url)
        if not args.keep:
            drop_database(args.database_url)
        shutil.rmtree(work, ignore_errors=True)


def clear_redis(url: str) -> None:
    """Remove what the run left in the shared cache (its keys carry the bench prefix)."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match="shrhub-bench:*", count=1000):
        client.delete(key)


if __name__ == "__main__":
    main()
