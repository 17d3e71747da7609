"""``manage.py load_catalogue``: bring the catalogue tables in line with ``practices/data/catalogue.yaml``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from practices.catalogue import DEFAULT_PATH, CatalogueError, load_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "Load the good-practice catalogue from its data file. Idempotent: rows are matched by key, a second "
        "run changes nothing; items removed from the file are deleted unless something refers to them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(DEFAULT_PATH), help="The catalogue file (default: %(default)s).")
        parser.add_argument("--check", action="store_true", help="Only check the file; write nothing.")
        parser.add_argument("--dry-run", action="store_true", help="Report what a load would change; write nothing.")

    def handle(self, *args: Any, file: str, check: bool, dry_run: bool, **options: Any) -> None:
        try:
            spec = read_catalogue(file)
        except CatalogueError as error:
            raise CommandError(str(error)) from error
        if check:
            practices = sum(1 for _ in spec.practices())
            self.stdout.write(self.style.SUCCESS(f"{file}: no problems ({practices} practices)."))
            return
        report = load_catalogue(spec, dry_run=dry_run)
        prefix = "Dry run, nothing written. " if dry_run else ""
        summary = "changes" if report.changed else "no changes"
        self.stdout.write(f"{prefix}Catalogue {file}: {summary}.")
        for line in report.lines():
            self.stdout.write(f"  {line}")
