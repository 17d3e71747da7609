#!/usr/bin/env python
"""``make bench-import``: time a spreadsheet import at the benchmark's scale, as the task worker runs it.

Builds the benchmark's PostgreSQL database (``bench/run.py``'s, at ``--scale``; ``--reuse`` takes a kept one),
writes a CSV of ``--rows`` new stakeholders spread over the existing jurisdictions (a tenth of them named like a
stakeholder already there, so the duplicate check has work to do and decisions to take), and times each step of
one batch exactly as ``shrhub.imports.runner.perform`` runs it for the worker: the check, the check again with the
duplicates decided, the import and its undo (which leaves the database as it was). Prints the times and rows per
second; the 30-second target for 10,000 rows (issue 17) is the import step.

Example: ``make bench-import BENCH_ARGS="--scale 0.1 --rows 10000"``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_DATABASE, create_database, drop_database, log  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k stakeholders (bench/dataset.py)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the file (default 10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use a kept database as it is (no rebuild)")
    return parser.parse_args(argv)


def register(rows: int) -> bytes:
    """A CSV of new stakeholders in the existing jurisdictions, a tenth named like one already there."""
    from stakeholders.models import Stakeholder

    places = list(Stakeholder.objects.values_list("jurisdiction_id", "name").order_by("?")[: max(rows // 10, 1)])
    out = io.StringIO()
    out.write("name,kind,sector,level,jurisdiction,external_id,mandate_areas\n")
    pick = random.Random(2026)
    for number in range(rows):
        jurisdiction, existing = places[number % len(places)]
        name = existing.upper() if number % 10 == 0 else f"Imported district office {number}"
        area = pick.choice(["", "judicial-accountability"])
        out.write(f'"{name}",organisation,police,national,{jurisdiction},BENCH-{number},{area}\n')
    return out.getvalue().encode()


def timed(label: str, step) -> float:
    started = time.monotonic()
    step()
    seconds = time.monotonic() - started
    log(f"{label:28} {seconds:7.1f} s")
    return seconds


def measure(rows: int) -> dict[str, float]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile

    from shrhub.imports.kinds import ImportKind
    from shrhub.imports.runner import perform
    from shrhub.models import ImportBatch

    user, _ = get_user_model().objects.get_or_create(username="bench-importer", defaults={"first_name": "Importer"})
    user.groups.add(Group.objects.get(name="security"))
    body = register(rows)
    headers = body.split(b"\n", 1)[0].decode().split(",")
    batch = ImportBatch(user=user, model="stakeholders.stakeholder", fmt="csv", file_name="bench.csv")
    batch.headers, batch.rows_total = headers, rows
    batch.mapping = ImportKind(batch.model, user).auto_mapping(headers)
    batch.file.save("bench.csv", ContentFile(body), save=True)

    def run(status: str) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(status=status)
        perform(batch.pk, "en")
        batch.refresh_from_db()

    times = {"check": timed("check", lambda: run(ImportBatch.Status.CHECKING))}
    decisions = {str(row["line"]): "new" for row in batch.report if row["action"] == "duplicate"}
    ImportBatch.objects.filter(pk=batch.pk).update(decisions=decisions)
    times["check with decisions"] = timed("check with decisions", lambda: run(ImportBatch.Status.CHECKING))
    log(f"  {batch.counts}")
    times["import"] = timed("import", lambda: run(ImportBatch.Status.IMPORTING))
    assert batch.status == ImportBatch.Status.DONE, batch.error
    times["undo"] = timed("undo", lambda: run(ImportBatch.Status.UNDOING))
    assert batch.status == ImportBatch.Status.UNDONE, batch.error
    return times


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": args.database_url,
            "ATTACHMENTS_ROOT": tempfile.mkdtemp(prefix="shrhub-bench-import-"),
        }
    )
    build = create_database(args.database_url, args.reuse)
    try:
        import django

        django.setup()
        from bench.run import prepare

        prepare(argparse.Namespace(scale=args.scale), build)
        times = measure(args.rows)
        log(f"{args.rows} rows imported at {args.rows / times['import']:.0f} rows/s")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
