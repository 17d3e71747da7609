"""Restore a portable backup into an empty, migrated database, history rows exactly as they were, and the stored
files of ``<path>.files.tar`` when the backup has one."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from shrhub.backup_files import read_files
from shrhub.models import Jurisdiction

# Rebuilt by `migrate` and not in a backup (see backup_portable.EXCLUDES): kept as the target has them.
KEEP = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def clear_seeded_rows() -> None:
    """Remove what migrations seeded in the empty target (roles, vocabularies): the backup brings its own,
    with their original ids, which the restored records point at."""
    for model in apps.get_models():
        if model._meta.label_lower not in KEEP and not model._meta.proxy:
            model._base_manager.all().delete()


class Command(BaseCommand):
    help = "Restore a backup_portable file into an empty database (run `migrate` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        if Jurisdiction.objects.exists():
            raise CommandError("The database is not empty: restore into a freshly migrated database.")
        # The backup carries the audit history; recording new history while loading would duplicate it.
        with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
            clear_seeded_rows()
            call_command("loaddata", path, verbosity=0)
        files = read_files(path)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}" + (f" and {files} stored files" if files else "")))
