"""Time the manager views at two (or more) scales of the demo data, on a PostgreSQL database made for the run.

    .venv/bin/python bench/insights.py                      # scales 10 and 100, 5 timed requests per view
    .venv/bin/python bench/insights.py --scales 1,100 --repeat 9 --keep

For each scale it creates the database (``shrhub_bench_insights`` by default, dropped first if it exists),
migrates it, loads the catalogue, runs ``seed_demo --scale N`` and then, in a fresh process, requests every
manager page, its API twin and its exports as a manager through Django's test client (the whole request:
middleware, filters, figures, SVG drawing, templates), over the whole registry and over one country.
It prints the median and worst time of ``--repeat`` requests after one warm-up, and the number of SQL
queries, which must be the same at every scale. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = [
    ("map", "/insights/map/"),
    ("changes", "/insights/changes/"),
    ("network", "/insights/network/"),
    ("coordination", "/insights/coordination/"),
    ("coverage", "/insights/coverage/"),
    ("warnings panel (all warnings)", "/warnings/"),
    ("API map", "/api/v1/insights/map/"),
    ("API changes", "/api/v1/insights/changes/"),
    ("API network", "/api/v1/insights/network/"),
    ("API coordination", "/api/v1/insights/coordination/"),
    ("API coverage", "/api/v1/insights/coverage/"),
    ("API warnings", "/api/v1/insights/warnings/"),
    ("map CSV", "/insights/map/data.csv"),
    ("map SVG", "/insights/map/stance.svg"),
    ("map PNG", "/insights/map/stance.png"),
    ("network PNG", "/insights/network/graph.png"),
]


def admin_connection(base: str):
    import psycopg2

    connection = psycopg2.connect(f"{base.rstrip('/')}/postgres")
    connection.autocommit = True
    return connection


def run_sql(base: str, *statements: str) -> None:
    connection = admin_connection(base)  # DROP/CREATE DATABASE cannot run in a transaction block
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def recreate(base: str, name: str) -> None:
    run_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop(base: str, name: str) -> None:
    run_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(base: str, name: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{base.rstrip('/')}/{name}",
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONPATH=str(ROOT),
    )
    return env


def seed(base: str, name: str, scale: int) -> float:
    env = environment(base, name)
    manage = [sys.executable, str(ROOT / "manage.py")]
    started = time.perf_counter()
    for command in (["migrate", "--noinput", "-v0"], ["load_catalogue"], ["seed_demo", "--scale", str(scale)]):
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(repeat: int) -> dict:
    """Runs in the worker process against the seeded database; returns the figures as a dict."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shrhub.models import Jurisdiction
    from stakeholders.models import Relationship, Stakeholder

    user, _ = get_user_model().objects.get_or_create(username="bench-manager")
    user.groups.add(Group.objects.get(name="manager"))
    client = Client()
    client.force_login(user)
    country = Jurisdiction.objects.filter(level="national").order_by("id").first()
    rows = []
    for scope, query in (("all", ""), ("one country", f"?jurisdiction={country.pk}")):
        for label, path in REQUESTS:
            url = path + (query if path != "/warnings/" else "")
            response = client.get(url)  # warm-up
            assert response.status_code == 200, (url, response.status_code)
            times, counts = [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries.captured_queries))  # now: the next request resets the log
            # The fewest: a request that also refreshes the session's activity stamp runs a few more.
            count = min(counts)
            rows.append(
                {
                    "scope": scope,
                    "view": label,
                    "median_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1),
                    "queries": count,
                    "kb": round(len(response.content) / 1024, 1),
                }
            )
    return {
        "stakeholders": Stakeholder.objects.count(),
        "relationships": Relationship.objects.count(),
        "countries": Jurisdiction.objects.filter(level="national").count(),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="10,100", help="comma-separated seed_demo scales (default 10,100)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per view (default 5)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="shrhub_bench_insights", help="database to create and drop")
    parser.add_argument("--keep", action="store_true", help="keep the database of the last scale")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(measure(args.repeat)))
        return

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    results = {}
    try:
        for scale in scales:
            recreate(args.server, args.database)
            seconds = seed(args.server, args.database, scale)
            worker = subprocess.run(
                [sys.executable, __file__, "--worker", "--repeat", str(args.repeat)],
                env=environment(args.server, args.database),
                check=False,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if worker.returncode:
                sys.exit(f"scale {scale}: the measuring process failed:\n{worker.stderr}")
            results[scale] = json.loads(worker.stdout.strip().splitlines()[-1])
            results[scale]["seed_seconds"] = round(seconds, 1)
            print(
                f"scale {scale}: {results[scale]['stakeholders']} stakeholders, {results[scale]['relationships']} "
                f"relationships, {results[scale]['countries']} countries; seeded in {seconds:.0f} s",
                flush=True,
            )
    finally:
        if not args.keep:
            drop(args.server, args.database)

    header = f"{'scope':<12} {'view':<22}" + "".join(
        f" | {'scale ' + str(s):>10} {'max':>7} {'queries':>7} {'KB':>7}" for s in scales
    )
    print()
    print(header)
    print("-" * len(header))
    first = results[scales[0]]["rows"]
    for index, row in enumerate(first):
        line = f"{row['scope']:<12} {row['view']:<22}"
        for scale in scales:
            other = results[scale]["rows"][index]
            median, worst = other["median_ms"], other["max_ms"]
            line += f" | {median:>7.1f} ms {worst:>7.1f} {other['queries']:>7} {other['kb']:>7.1f}"
        print(line)
    constant = all(len({results[s]["rows"][i]["queries"] for s in scales}) == 1 for i in range(len(first)))
    print()
    print("query counts identical at every scale:", "yes" if constant else "NO")
    if not constant:
        sys.exit(1)


if __name__ == "__main__":
    main()
