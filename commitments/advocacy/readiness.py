"""Readiness by level: for one country, who in government at national, regional and local level is ready to engage
in an in-country process (a working group, a multi-stakeholder forum), who blocks it, who is on the way and who
was never assessed; what has been tried with each (standards raised, the latest when); and which arguments worked
with whom (arguments × response). The page ``/agreements/readiness/`` and its API twin read this one figure.

Only what the reader may see is counted: the stakeholders come from ``visible_to(user)``, the standards raised
and the arguments put too (a hidden engagement's advocacy neither counts nor dates)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.types import AnyUser
from stakeholders.choices import Sector
from stakeholders.models import Stakeholder
from stakeholders.selectors import without_documents

from ..choices import BLOCKING_LEVELS, READY_LEVELS, Response
from ..models import ArgumentPut
from .selectors import with_advocacy, with_commitment

# The sectors that make up the host government, at every level.
GOVERNMENT_SECTORS = (
    Sector.MINISTRY,
    Sector.REGIONAL_AUTHORITY,
    Sector.LOCAL_GOVERNMENT,
    Sector.POLICE,
    Sector.MILITARY,
    Sector.JUDICIARY,
    Sector.PARLIAMENT,
    Sector.NHRI,
)
LEVELS = (JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL, JurisdictionLevel.LOCAL)
READY, BLOCKING, ON_THE_WAY, NEVER_ASSESSED = "ready", "blocking", "on_the_way", "never_assessed"
STATUSES = (READY, BLOCKING, ON_THE_WAY, NEVER_ASSESSED)
# The country a stakeholder is in: the jurisdiction tree is three levels deep (country → region → locality).
COUNTRY_OF_STAKEHOLDER = Coalesce("jurisdiction__parent__parent_id", "jurisdiction__parent_id", "jurisdiction_id")


def status_of(level: str | None) -> str:
    """Where a current commitment level puts a stakeholder: ready, blocking, on the way, or never assessed."""
    if level is None:
        return NEVER_ASSESSED
    if level in READY_LEVELS:
        return READY
    if level in BLOCKING_LEVELS:
        return BLOCKING
    return ON_THE_WAY


def visible_countries(user: AnyUser) -> QuerySet[Jurisdiction]:
    """The national jurisdictions the user may see, by name: the countries the page offers."""
    return Jurisdiction.objects.visible_to(user).filter(level=JurisdictionLevel.NATIONAL).order_by("name", "id")


def government(user: AnyUser) -> QuerySet[Stakeholder]:
    """The government stakeholders (organisations and persons of the government sectors) the user may see."""
    return Stakeholder.objects.visible_to(user).filter(sector__in=GOVERNMENT_SECTORS)


def advocacy_url(**params: Any) -> str:
    """The list of standards raised under ``params`` (the table's cells link there)."""
    return reverse("commitments:advocacy_list") + "?" + urlencode({k: v for k, v in params.items() if v is not None})


@dataclass(frozen=True)
class ArgumentRow:
    """One row of the arguments × response table: how often the argument got each response (``cells``, in the order
    of ``Response``, each ``(response, count, url)``)."""

    argument_id: int
    name: str
    cells: list[tuple[str, int, str]]

    @property
    def total(self) -> int:
        return sum(count for _response, count, _url in self.cells)


@dataclass
class LevelReadiness:
    """One level of government in the country."""

    level: str
    label: str
    agencies: dict[str, list[Stakeholder]] = field(default_factory=lambda: {k: [] for k in STATUSES})
    arguments: list[ArgumentRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.agencies.values())

    @property
    def ready(self) -> list[Stakeholder]:
        return self.agencies[READY]

    @property
    def blocking(self) -> list[Stakeholder]:
        return self.agencies[BLOCKING]

    @property
    def on_the_way(self) -> list[Stakeholder]:
        return self.agencies[ON_THE_WAY]

    @property
    def never_assessed(self) -> list[Stakeholder]:
        return self.agencies[NEVER_ASSESSED]

    @property
    def no_one_ready(self) -> bool:
        """Government stakeholders at this level, none of them ready."""
        return self.total > 0 and not self.ready

    @property
    def tried(self) -> int:
        return sum(agency.advocacy_count for rows in self.agencies.values() for agency in rows)  # type: ignore[attr-defined]

    @property
    def last_tried(self) -> datetime.date | None:
        dates = [a.advocacy_last for rows in self.agencies.values() for a in rows if a.advocacy_last]  # type: ignore[attr-defined]
        return max(dates, default=None)

    @property
    def never_approached(self) -> list[Stakeholder]:
        return [a for rows in self.agencies.values() for a in rows if not a.advocacy_count]  # type: ignore[attr-defined]


@dataclass
class Readiness:
    """The figure for one country (``None`` when the user may see no country)."""

    country: Jurisdiction | None
    countries: list[Jurisdiction]
    levels: list[LevelReadiness]
    arguments: list[ArgumentRow]
    responses: list[tuple[str, str]]


def _table(rows: Sequence[Mapping[str, Any]], *, country: Jurisdiction, level: str | None) -> list[ArgumentRow]:
    """The arguments × response table of ``rows`` (``argument_id``, ``argument__name``, ``response``, ``n``)."""
    counts: dict[tuple[int, str], int] = {}
    names: dict[int, str] = {}
    for row in rows:
        key = (row["argument_id"], row["response"])
        counts[key] = counts.get(key, 0) + row["n"]
        names[row["argument_id"]] = row["argument__name"]
    table = []
    for argument_id, name in sorted(names.items(), key=lambda item: item[1]):
        cells = []
        for response in Response.values:
            url = advocacy_url(jurisdiction=country.pk, level=level, argument=argument_id, argument_response=response)
            cells.append((response, counts.get((argument_id, response), 0), url))
        table.append(ArgumentRow(argument_id, name, cells))
    return table


def readiness(*, user: AnyUser, country: Jurisdiction | None = None) -> Readiness:
    """Readiness by level in ``country`` (default: the first national jurisdiction the user may see). A fixed number
    of queries, whatever the number of stakeholders, standards raised and arguments put."""
    countries = list(visible_countries(user))
    if country is None and countries:
        country = countries[0]
    responses = [(value, str(label)) for value, label in Response.choices]
    if country is None:
        return Readiness(None, countries, [], [], responses)
    ids = country.descendant_ids()
    agencies = with_advocacy(with_commitment(government(user).filter(jurisdiction_id__in=ids)), user=user)
    agencies = without_documents(agencies.select_related("jurisdiction")).order_by("name", "id")
    levels = {str(level): LevelReadiness(str(level), str(level.label)) for level in LEVELS}
    for agency in agencies:
        if agency.level in levels:
            levels[agency.level].agencies[status_of(agency.commitment_level)].append(agency)  # type: ignore[attr-defined]
    puts = list(
        ArgumentPut.objects.visible_to(user)
        .filter(advocacy__agency__jurisdiction_id__in=ids)
        .values("argument_id", "argument__name", "advocacy__agency__level", "response")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for level, part in levels.items():
        mine = [row for row in puts if row["advocacy__agency__level"] == level]
        part.arguments = _table(mine, country=country, level=level)
    return Readiness(country, countries, list(levels.values()), _table(puts, country=country, level=None), responses)


def levels_without_ready(*, user: AnyUser) -> list[Any]:
    """Every (country, level) with government stakeholders the user may see and none of them ready: rows of
    ``country`` (an id), ``level``, ``total``. One query."""
    rows = (
        with_commitment(government(user))
        .annotate(country=COUNTRY_OF_STAKEHOLDER)
        .values("country", "level")
        .annotate(total=Count("pk"), ready=Count("pk", filter=Q(commitment_level__in=sorted(READY_LEVELS))))
        .order_by("country", "level")
    )
    return [row for row in rows if row["total"] and not row["ready"]]
