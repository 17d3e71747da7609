"""A portable backup (any database, e.g. SQLite): every record and its audit history as compressed JSON, and the files
records point at (documents) in ``<path>.files.tar`` beside it."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from shrhub.backup_files import files_path, write_files

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
        files = write_files(path)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
        if files:
            self.stdout.write(self.style.SUCCESS(f"{files} stored files written to {files_path(path)}"))
