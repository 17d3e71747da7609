"""Build the fictional demo country: each app's registered seeder adds its part."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from shrhub.models import Jurisdiction
from shrhub.registry import demo_seeders


class Command(BaseCommand):
    help = "Load demo data for a fictional host country (fictional names only). --scale N multiplies it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="Multiply the demo data (N=100 for load tests).")
        parser.add_argument("--seed", type=int, default=2016, help="Random seed, for a reproducible dataset.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the registry already has data.")

    def handle(self, *args: Any, scale: int, seed: int, if_empty: bool, **options: Any) -> None:
        if scale < 1:
            self.stderr.write("--scale must be at least 1")
            raise SystemExit(2)
        if if_empty and Jurisdiction.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        rng = random.Random(seed)
        for name, seeder in demo_seeders():
            with transaction.atomic():
                counts = seeder(scale=scale, rng=rng, stdout=self.stdout)
            summary = ", ".join(f"{count} {label}" for label, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"{name}: {summary}"))
