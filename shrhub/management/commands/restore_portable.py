"""Restore a portable backup into an empty, migrated database, history rows exactly as they were."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from shrhub.models import Jurisdiction


class Command(BaseCommand):
    help = "Restore a backup_portable file into an empty database (run `migrate` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        if Jurisdiction.objects.exists():
            raise CommandError("The database is not empty: restore into a freshly migrated database.")
        # The backup carries the audit history; recording new history while loading would duplicate it.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            call_command("loaddata", path, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
