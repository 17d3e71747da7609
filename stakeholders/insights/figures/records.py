"""The records every figure shares, and the axes and labels the charts and tables draw them on."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from shrhub.models import JurisdictionLevel

from ...choices import Stance
from ...models import MappingRound

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STANCE_AXIS: tuple[str, ...] = (Stance.SPOILER, Stance.SCEPTIC, Stance.NEUTRAL, Stance.SUPPORTER, Stance.CHAMPION)
LEVELS: tuple[str, ...] = tuple(JurisdictionLevel.values)
LEVEL_LABELS = dict(JurisdictionLevel.choices)
# The stakeholder fields an ``Actor`` is made of, as ``values()`` reads them (prefixed through a relation).
ACTOR_FIELDS = ("id", "name", "kind", "level", "sector")


@dataclass(slots=True)
class Actor:
    """A stakeholder as the figures name it, with the link to its page."""

    id: int
    name: str
    url: str
    kind: str
    level: str
    sector: str


@dataclass(frozen=True)
class RoundRef:
    """A mapping round as the figures name it, with the link to its page."""

    id: int
    name: str
    started_on: datetime.date
    jurisdiction: str
    url: str


@dataclass(frozen=True)
class Share:
    """One bar of a spread: ``count`` of the ``total`` it is a share of; ``url`` lists the records."""

    key: str
    label: StrOrPromise
    count: int
    total: int
    url: str

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


def url_maker(name: str) -> Callable[[int], str]:
    """The detail URL of route ``name`` for a primary key: ``reverse`` once, then format (the figures link
    thousands of rows)."""
    sample = reverse(name, args=[987654321])
    head, tail = sample.split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


def actor_fields(prefix: str) -> tuple[str, ...]:
    """``ACTOR_FIELDS`` read through a relation (``prefix`` such as ``"stakeholder__"``)."""
    return tuple(f"{prefix}{name}" for name in ACTOR_FIELDS)


def actor_of(row: dict[str, Any], url: Callable[[int], str], prefix: str = "") -> Actor:
    """The ``Actor`` of a ``values()`` row holding ``actor_fields(prefix)``."""
    return Actor(
        id=row[f"{prefix}id"],
        name=row[f"{prefix}name"],
        url=url(row[f"{prefix}id"]),
        kind=row[f"{prefix}kind"],
        level=row[f"{prefix}level"],
        sector=row[f"{prefix}sector"],
    )


def round_ref(mapping_round: MappingRound | None) -> RoundRef | None:
    """The ``RoundRef`` of a round (``None`` for none); reads its jurisdiction (select it with the round)."""
    if mapping_round is None:
        return None
    return RoundRef(
        id=mapping_round.pk,
        name=mapping_round.name,
        started_on=mapping_round.started_on,
        jurisdiction=str(mapping_round.jurisdiction),
        url=mapping_round.get_absolute_url(),
    )
