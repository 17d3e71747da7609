"""What every app's demo seeder shares: the change reason of its rows, its bulk insert, its data files.

Each app's ``demo.py`` plans its rows in memory from the names and sentences in a YAML file beside it
(``<app>/data/``), then inserts them here with their audit trail. ``manage.py seed_demo`` runs the seeders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import models

from .services import bulk_create_audited, bulk_update_audited

CHANGE_REASON = "Demo data (seed_demo)"


def insert(
    model: type[models.Model],
    objs: list,
    m2m: dict[str, list[list[int]]] | None = None,
    *,
    batch_size: int = 500,
) -> None:
    """Insert demo rows with their audit trail and many-to-many values (``bulk_create_audited``)."""
    bulk_create_audited(model, objs, m2m, reason=CHANGE_REASON, batch_size=batch_size)


def update(model: type[models.Model], objs: list, fields: list[str], *, batch_size: int = 500) -> None:
    """Complete demo rows inserted a moment ago, with their audit trail (``bulk_update_audited``)."""
    bulk_update_audited(model, objs, fields, reason=CHANGE_REASON, batch_size=batch_size)


def load_data(path: Path) -> dict[str, Any]:
    """The named tables in the YAML file ``path`` (a seeder keeps what it builds from them, read once)."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of named tables")
    return data


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
