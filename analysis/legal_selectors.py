"""Reads of a country's legal framework: each list starts from ``visible_to(user)``; the experts consulted are
only those the reader may see (the link is masked, the entry stays visible). The country page and the short report
read the whole mapping of one country at a constant number of queries (``legal_mapping``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from shrhub import clock
from shrhub.models import Jurisdiction, JurisdictionLevel
from shrhub.selectors import count_of
from shrhub.types import AnyUser
from stakeholders.models import Stakeholder

from .choices import InstrumentState, LawArea
from .models import (
    ActionPlan,
    IhlAssessment,
    InitiativeCommitment,
    Instrument,
    InstrumentStatus,
    LegalEntry,
    NationalLaw,
)

# An entry last checked longer ago than this is shown as due for verification.
VERIFY_EVERY = datetime.timedelta(days=365)
NEVER, STALE, CURRENT = "never", "stale", "current"


def verification(verified_on: datetime.date | None, today: datetime.date | None = None) -> str:
    """``never`` verified, ``stale`` (over a year ago) or ``current``."""
    if verified_on is None:
        return NEVER
    return STALE if verified_on < (today or clock.today()) - VERIFY_EVERY else CURRENT


def experts_prefetch(user: AnyUser) -> Prefetch:
    """The experts consulted that ``user`` may see, by name."""
    return Prefetch("experts", queryset=Stakeholder.objects.visible_to(user).order_by("name"))


def _entries(model: type[LegalEntry], user: AnyUser, *related: str) -> QuerySet[Any]:
    return model.objects.visible_to(user).select_related("country", "prepared_by", *related)


def nationallaw_list(*, user: AnyUser) -> QuerySet[NationalLaw]:
    return _entries(NationalLaw, user)


def instrumentstatus_list(*, user: AnyUser) -> QuerySet[InstrumentStatus]:
    return _entries(InstrumentStatus, user, "instrument")


def ihlassessment_list(*, user: AnyUser) -> QuerySet[IhlAssessment]:
    """Assessments with ``is_current``: no later assessment of the same country."""
    later = IhlAssessment.objects.filter(country=OuterRef("country")).filter(
        Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk"))
    )
    return _entries(IhlAssessment, user).annotate(is_current=~Exists(later))


def actionplan_list(*, user: AnyUser) -> QuerySet[ActionPlan]:
    return _entries(ActionPlan, user)


def initiativecommitment_list(*, user: AnyUser) -> QuerySet[InitiativeCommitment]:
    return _entries(InitiativeCommitment, user)


def nationallaw_detail(*, user: AnyUser) -> QuerySet[NationalLaw]:
    return nationallaw_list(user=user).prefetch_related(experts_prefetch(user))


def instrumentstatus_detail(*, user: AnyUser) -> QuerySet[InstrumentStatus]:
    return instrumentstatus_list(user=user).prefetch_related(experts_prefetch(user))


def ihlassessment_detail(*, user: AnyUser) -> QuerySet[IhlAssessment]:
    return ihlassessment_list(user=user).prefetch_related(experts_prefetch(user))


def actionplan_detail(*, user: AnyUser) -> QuerySet[ActionPlan]:
    return actionplan_list(user=user).prefetch_related(experts_prefetch(user))


def initiativecommitment_detail(*, user: AnyUser) -> QuerySet[InitiativeCommitment]:
    return initiativecommitment_list(user=user).prefetch_related(experts_prefetch(user))


def instrument_list(*, user: AnyUser) -> QuerySet[Instrument]:
    """The international instruments (reference data: every role that reads the legal framework sees them all)."""
    if not user.has_perm("analysis.view_instrument"):
        return Instrument.objects.none()
    return Instrument.objects.all()


COUNTED = (
    ("law_count", NationalLaw),
    ("instrument_count", InstrumentStatus),
    ("ihl_count", IhlAssessment),
    ("plan_count", ActionPlan),
    ("initiative_count", InitiativeCommitment),
)


def legal_countries(*, user: AnyUser) -> QuerySet[Jurisdiction]:
    """The countries (national jurisdictions) the user may see, each with the number of entries of its legal
    framework they may see, by kind."""
    countries = Jurisdiction.objects.visible_to(user).filter(level=JurisdictionLevel.NATIONAL)
    return countries.annotate(
        **{name: count_of(model.objects.visible_to(user).filter(country=OuterRef("pk"))) for name, model in COUNTED}
    ).order_by("name")


@dataclass
class AreaGroup:
    """The entries of one law area."""

    area: str
    label: str
    entries: list[Any] = field(default_factory=list)


@dataclass
class LegalMapping:
    """A country's whole legal framework as its page and the short report show it: the leverage points first
    (initiatives subscribed to, instruments ratified, the National Action Plan), then IHL, national laws by area,
    and the instruments signed or not ratified."""

    country: Jurisdiction
    today: datetime.date
    initiatives: list[InitiativeCommitment]
    plans: list[ActionPlan]
    ihl: list[IhlAssessment]
    statuses: list[InstrumentStatus]
    laws: list[NationalLaw]

    @property
    def ratified(self) -> list[InstrumentStatus]:
        return [s for s in self.statuses if s.state == InstrumentState.RATIFIED]

    @property
    def signed(self) -> list[InstrumentStatus]:
        return [s for s in self.statuses if s.state == InstrumentState.SIGNED]

    @property
    def not_party(self) -> list[InstrumentStatus]:
        return [s for s in self.statuses if s.state == InstrumentState.NOT_PARTY]

    @property
    def current_ihl(self) -> IhlAssessment | None:
        return self.ihl[0] if self.ihl else None

    @property
    def earlier_ihl(self) -> list[IhlAssessment]:
        return self.ihl[1:]

    @property
    def laws_by_area(self) -> list[AreaGroup]:
        return _by_area(self.laws, lambda law: law.area)

    @property
    def statuses_by_area(self) -> list[AreaGroup]:
        return _by_area(self.statuses, lambda status: status.instrument.area)

    @property
    def entries(self) -> list[LegalEntry]:
        return [*self.initiatives, *self.statuses, *self.plans, *self.ihl, *self.laws]

    @property
    def is_empty(self) -> bool:
        return not self.entries

    @property
    def preparers(self) -> list[str]:
        """Who prepared the entries, each once, by name."""
        return sorted(
            {
                entry.prepared_by.get_full_name() or entry.prepared_by.get_username()
                for entry in self.entries
                if entry.prepared_by is not None
            }
        )

    @property
    def experts(self) -> list[Stakeholder]:
        """The experts consulted (those the reader may see), each once, by name."""
        found: dict[int, Stakeholder] = {}
        for entry in self.entries:
            for expert in entry.experts.all():
                found.setdefault(expert.pk, expert)
        return sorted(found.values(), key=lambda expert: expert.name)

    @property
    def last_verified(self) -> datetime.date | None:
        dates = [entry.verified_on for entry in self.entries if entry.verified_on is not None]
        return max(dates) if dates else None

    @property
    def unverified(self) -> list[LegalEntry]:
        """Entries never verified or verified over a year ago."""
        return [entry for entry in self.entries if verification(entry.verified_on, self.today) != CURRENT]


def _by_area(entries: Iterable[Any], area_of: Any) -> list[AreaGroup]:
    groups = {value: AreaGroup(value, str(label)) for value, label in LawArea.choices}
    for entry in entries:
        groups[area_of(entry)].entries.append(entry)
    return [group for group in groups.values() if group.entries]


def legal_mapping(*, user: AnyUser, country: Jurisdiction) -> LegalMapping:
    """Every entry of ``country``'s legal framework that ``user`` may see, with the experts they may see (ten
    queries, whatever the number of entries)."""

    def rows(selector: Any, *order: str) -> list[Any]:
        queryset = selector(user=user).filter(country=country).prefetch_related(experts_prefetch(user))
        return list(queryset.order_by(*order) if order else queryset)

    return LegalMapping(
        country=country,
        today=clock.today(),
        initiatives=rows(initiativecommitment_list),
        plans=rows(actionplan_list),
        ihl=rows(ihlassessment_list, "-assessed_on", "-id"),
        statuses=rows(instrumentstatus_list, "instrument__order", "instrument__name", "id"),
        laws=rows(nationallaw_list, "area", "title", "id"),
    )
