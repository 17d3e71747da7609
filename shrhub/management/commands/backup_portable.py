"""A portable backup (any database, e.g. SQLite): every record and its audit history as compressed JSON."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

# Rebuilt by `migrate` on the target; exporting them would clash with what it creates.
EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Write a portable backup: manage.py backup_portable shrhub-YYYYMMDD.json.gz (restore_portable reads it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Output file; .gz, .bz2, .xz compress it.")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            "--output",
            path,
            *[f"--exclude={e}" for e in EXCLUDES],
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
