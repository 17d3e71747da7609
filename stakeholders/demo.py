"""Demo data for the registry: a fictional host country, mapped twice, with its people, offices and contacts.

Every name is invented (countries, places, organisations, people); e-mail addresses and web sites use the
reserved ``.example`` domain and telephone numbers the unassigned ``+999`` code. The names, the template
country's organisations and the sentences drawn from are data, in ``data/demo_country.yaml``; this module
plans rows from them and inserts them.

One "country" holds about 200 stakeholders: national institutions (ministries, police and military
commands, the human-rights institution, a parliamentary committee, the judiciary, embassies, an
international body, civil society, media, academia, companies), four regions with their authorities,
commands and ministry directorates (devolution chains ministry → regional directorate → local office), and
two or three localities per region with local government, police, community authorities and civil society.
Key offices have a tenure history with turnover and a few vacancies; two mapping rounds a year apart assess
most stakeholders (stances move between rounds, sources lean on the security function on purpose so the bias
warnings have something to show); relationships run along and across the chains; engagements spread over
the last two years.

``--scale N`` builds N countries. Everything is inserted with ``bulk_create`` in batches, a few countries at
a time, together with the audit trail (one "created" history row per record, with its many-to-many values),
so N=100 takes minutes, not hours. The same ``rng`` state gives the same data.
"""

from __future__ import annotations

import datetime
import functools
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db import models
from django.utils.text import slugify

from practices.models import Practice
from practices.selectors import round_questions
from shrhub import clock, demo
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.roles import ROLE_FUNCTIONS

from .choices import (
    Confidence,
    EngagementKind,
    RelationshipKind,
    RoundStatus,
    Sector,
    StakeholderKind,
    Stance,
)
from .models import (
    Assessment,
    Engagement,
    InformationSource,
    MandateArea,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
    VulnerableGroup,
    current_assessment_pointers,
)

DATA_PATH = Path(__file__).resolve().parent / "data" / "demo_country.yaml"
BATCH_SIZE = 500
COUNTRIES_PER_CHUNK = 5
ENGAGEMENTS_PER_COUNTRY = 300
REGIONS_PER_COUNTRY = 4

NATIONAL, REGIONAL, LOCAL = JurisdictionLevel.NATIONAL, JurisdictionLevel.REGIONAL, JurisdictionLevel.LOCAL
DAY = datetime.timedelta(days=1)
CONFIDENTIALITY = [Confidentiality.INTERNAL, Confidentiality.RESTRICTED, Confidentiality.CONFIDENTIAL]

# Judgements ------------------------------------------------------------------------------------------------

STANCE_ORDER: list[str] = [
    Stance.CHAMPION,
    Stance.SUPPORTER,
    Stance.NEUTRAL,
    Stance.SCEPTIC,
    Stance.SPOILER,
    Stance.UNKNOWN,
]
DISPOSITIONS = {  # weights over STANCE_ORDER
    "reformer": (4, 4, 2, 1, 0, 1),
    "mixed": (1, 3, 3, 2, 1, 1),
    "hardline": (0, 1, 2, 4, 3, 1),
    "watchdog": (5, 3, 1, 1, 0, 0),
    "wary": (1, 2, 3, 3, 1, 2),
    "unknown": (0, 1, 2, 1, 0, 4),
}
SECURITY_SOURCE = "security"
OTHER_SOURCES = [
    "community-relations",
    "government-affairs",
    "environment",
    "legal",
    "home-state-embassy",
    "other-companies",
    "host-government-contacts",
    "local-experts",
    "print-online-review",
    "focus-groups",
]
AGENDA_FAMILY: dict[str, str] = {
    Sector.MINISTRY: "state",
    Sector.REGIONAL_AUTHORITY: "state",
    Sector.LOCAL_GOVERNMENT: "local",
    Sector.POLICE: "security",
    Sector.MILITARY: "security",
    Sector.JUDICIARY: "state",
    Sector.NHRI: "civil",
    Sector.PARLIAMENT: "state",
    Sector.CIVIL_SOCIETY: "civil",
    Sector.COMMUNITY_AUTHORITY: "local",
    Sector.COMPANY: "business",
    Sector.EMBASSY: "business",
    Sector.ACADEMIA: "civil",
    Sector.MEDIA: "civil",
    Sector.INTERNATIONAL_BODY: "civil",
}

# Engagements -----------------------------------------------------------------------------------------------

KINDS_BY_FAMILY = {  # repeated entries weigh the draw
    "state": [
        *[EngagementKind.MEETING] * 4,
        EngagementKind.CORRESPONDENCE,
        EngagementKind.CORRESPONDENCE,
        EngagementKind.WORKSHOP,
    ],
    "security": [
        *[EngagementKind.MEETING] * 3,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.WORKSHOP,
        EngagementKind.NEGOTIATION,
    ],
    "local": [
        EngagementKind.TOWN_HALL,
        EngagementKind.MEETING,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.PUBLIC_HEARING,
        EngagementKind.FOCUS_GROUP,
    ],
    "civil": [
        EngagementKind.ROUNDTABLE,
        EngagementKind.FOCUS_GROUP,
        EngagementKind.MEETING,
        EngagementKind.INFORMAL_DISCUSSION,
        EngagementKind.WORKSHOP,
    ],
    "business": [EngagementKind.MEETING, EngagementKind.ROUNDTABLE, EngagementKind.NEGOTIATION],
}
ENGAGEMENT_TITLES = {  # formatted with the organisation met (label), its place and the first topic
    EngagementKind.MEETING: "Meeting with {label}",
    EngagementKind.INFORMAL_DISCUSSION: "Informal discussion with {label}",
    EngagementKind.WORKSHOP: "Workshop on {topic} with {label}",
    EngagementKind.PUBLIC_HEARING: "Public hearing on {topic} in {place}",
    EngagementKind.NEGOTIATION: "Negotiation with {label} on {topic}",
    EngagementKind.TOWN_HALL: "Town hall meeting in {place}",
    EngagementKind.ROUNDTABLE: "Roundtable on {topic} in {place}",
    EngagementKind.FOCUS_GROUP: "Focus group with {label}",
    EngagementKind.CORRESPONDENCE: "Letter to {label} on {topic}",
}


# The template country (data/demo_country.yaml) -------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One organisation of the template country.

    ``name`` is formatted with ``adj``, ``country``, ``place`` (the region or locality), ``brigade``,
    ``state0``/``state1`` and ``body``; a tuple of names or of dispositions is a random choice. ``parent``
    names another spec's role (a trailing ``@`` means the one in the same region) and is taken with
    ``parent_chance``. ``when`` is ``"even"``/``"odd"`` (by region or locality number) or a probability.
    ``key`` is the title of the key office at its head, ``office`` a non-key office.
    """

    role: str
    name: str | tuple[str, ...]
    sector: str
    disposition: str | tuple[str, ...] = "mixed"
    influence: tuple[int, int] = (2, 4)
    interest: tuple[int, int] = (2, 4)
    parent: str = ""
    parent_chance: float = 1.0
    short: str = ""
    mandate: str = ""
    areas: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    key: str = ""
    office: str = ""
    when: str | float = 1.0
    website: bool = False
    description: str = ""
    vps_participant: bool | None = None  # an embassy's government, or a company, in the Voluntary Principles


@dataclass(frozen=True)
class Tables:
    """The names, organisations and sentences the demo draws from, as ``data/demo_country.yaml`` holds them."""

    countries: list[tuple[str, str, str]]  # short name, adjective, official name
    foreign_states: list[str]
    international_bodies: list[str]
    region_suffixes: list[str]
    place_heads: list[str]
    place_middles: list[str]
    place_tails: list[str]
    first_names: list[str]
    surname_heads: list[str]
    surname_tails: list[str]
    extra_languages: list[str]
    national_organisations: list[Spec]
    regional_organisations: list[Spec]
    local_organisations: list[Spec]
    local_civil_society: list[Spec]
    national_ties: list[tuple[str, str, str, str]]  # source role, target role, kind, notes
    economic_agendas: dict[str, list[str]]
    social_agendas: dict[str, list[str]]
    assessment_notes: list[str]
    round_scopes: list[str]  # the first round's, the second's
    mapping_answers: dict[int, str]
    topics: list[str]
    outcomes: list[str]
    follow_ups: list[str]


@functools.cache
def tables() -> Tables:
    """The template country, read from ``data/demo_country.yaml`` once per process."""
    data = demo.load_data(DATA_PATH)
    specs: dict[str, Any] = {name: [_spec(item) for item in data.pop(name)] for name in _SPEC_TABLES}
    ties = [_tie(item) for item in data.pop("national_ties")]
    countries = [(c["short"], c["adjective"], c["official"]) for c in data.pop("countries")]
    return Tables(countries=countries, national_ties=ties, **specs, **data)


_SPEC_TABLES = ("national_organisations", "regional_organisations", "local_organisations", "local_civil_society")


def _spec(item: dict[str, Any]) -> Spec:
    values: dict[str, Any] = {name: tuple(value) if isinstance(value, list) else value for name, value in item.items()}
    spec = Spec(**{**values, "sector": Sector(values["sector"])})
    dispositions = spec.disposition if isinstance(spec.disposition, tuple) else (spec.disposition,)
    if not set(dispositions) <= set(DISPOSITIONS):
        raise ValueError(f"{DATA_PATH.name}: organisation {spec.role!r} has an unknown disposition")
    return spec


def _tie(item: list[str]) -> tuple[str, str, str, str]:
    source, target, kind, *notes = item
    if len(notes) > 1:
        raise ValueError(f"{DATA_PATH.name}: tie {item!r} is not [source, target, kind, notes]")
    return source, target, RelationshipKind(kind), notes[0] if notes else ""


# The plan of one country: unsaved model instances plus what the seeder needs to know about them -------------


@dataclass
class Org:
    obj: Stakeholder
    family: str
    disposition: str
    influence: tuple[int, int]
    interest: tuple[int, int]
    areas: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    region: int | None = None
    locality: int | None = None
    role: str = ""
    key_title: str = ""
    office_title: str = ""
    current_holders: list[Person] = field(default_factory=list)
    key_holder: Person | None = None


@dataclass
class Person:
    obj: Stakeholder
    track: str
    tenures: list[tuple[Org, str, datetime.date, datetime.date | None]] = field(default_factory=list)
    busy_until: datetime.date | None = None  # None while in office


@dataclass
class Country:
    name: str
    slug: str
    jurisdictions: dict[str, list[Jurisdiction]] = field(
        default_factory=lambda: {NATIONAL: [], REGIONAL: [], LOCAL: []}
    )
    orgs: list[Org] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    by_role: dict[str, Org] = field(default_factory=dict)
    positions: list[tuple[Position, bool]] = field(default_factory=list)  # (position, is vacant)
    tenures: list[Tenure] = field(default_factory=list)
    rounds: list[MappingRound] = field(default_factory=list)
    answers: list[MappingAnswer] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    # The many-to-many values of planned rows, by ``id()`` of the row: it has no pk until bulk_create stores it.
    links: dict[int, dict[str, list[Any]]] = field(default_factory=dict)

    @property
    def stakeholders(self) -> list[Stakeholder]:
        return [org.obj for org in self.orgs] + [person.obj for person in self.persons]

    def link(self, row: models.Model, **values: list[Any]) -> None:
        """Plan ``row``'s many-to-many values (field name → the related rows or ids), added once it is stored."""
        self.links.setdefault(id(row), {}).update(values)


@dataclass
class Context:
    rng: random.Random
    today: datetime.date
    vulnerable: dict[str, int]
    sources: dict[str, int]
    areas: dict[str, int]
    questions: list[tuple[int, int]]  # (id, number)
    practices: list[int]
    mapping_practices: list[int]
    users: list[int]
    authors: dict[str, list[int]]  # a corporate function's source code → the users who work in it (by role)
    tagging_rng: random.Random
    names: Tables
    used_names: set[str] = field(default_factory=set)  # invented or found in the database


COUNT_LABELS = (
    "jurisdictions",
    "stakeholders",
    "organisations",
    "persons",
    "positions",
    "vacant key positions",
    "tenures",
    "mapping rounds",
    "mapping answers",
    "assessments",
    "relationships",
    "engagements",
)


def seed_registry(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """Add ``scale`` fictional countries to the registry and return how many rows of each kind were made.

    Catalogue rows are used when present: mapping rounds answer the questions asked in rounds, and some
    rounds and engagements are tagged with practices. Existing users become authors and company
    participants (chosen by position, not at random, so the data does not depend on them).
    """
    ctx = _context(rng, today or clock.today())
    counts: dict[str, int] = dict.fromkeys(COUNT_LABELS, 0)
    next_index = 0
    for start in range(0, scale, COUNTRIES_PER_CHUNK):
        countries = []
        for _ in range(start, min(scale, start + COUNTRIES_PER_CHUNK)):
            while set(_country_identity(ctx.names, next_index)[2:]) & ctx.used_names:  # seeded before: next one
                next_index += 1
            countries.append(_plan_country(ctx, next_index))
            next_index += 1
        _insert(ctx, countries, counts)
        if scale > 1:
            stdout.write(f"  registry: {min(scale, start + COUNTRIES_PER_CHUNK)}/{scale} countries")
    return counts


def _context(rng: random.Random, today: datetime.date) -> Context:
    """What planning reads from the database: vocabularies, catalogue, users and the names already taken."""
    ctx = Context(
        rng=rng,
        today=today,
        vulnerable=dict(VulnerableGroup.objects.values_list("code", "id")),
        sources=dict(InformationSource.objects.values_list("code", "id")),
        areas=dict(MandateArea.objects.values_list("code", "id")),
        questions=_mapping_questions(),
        practices=[],
        mapping_practices=[],
        users=list(get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:8]),
        authors=_authors_by_function(),
        # Drawn whatever the catalogue holds, so the rest of the data does not depend on it.
        tagging_rng=random.Random(rng.getrandbits(64)),
        names=tables(),
    )
    ctx.practices, ctx.mapping_practices = _practices()
    # Names and codes already taken, so that seeding again adds new countries, places and people.
    for name, code, level in Jurisdiction.objects.values_list("name", "code", "level"):
        ctx.used_names.update((name, code))
        if level == REGIONAL:  # its organisations are named after the stem ("Ambaross" of "Ambaross Highlands")
            ctx.used_names.add(name.rsplit(" ", 1)[0])
    ctx.used_names.update(Stakeholder.objects.filter(kind=StakeholderKind.PERSON).values_list("name", flat=True))
    return ctx


def _mapping_questions() -> list[tuple[int, int]]:
    return [(question.pk, question.number) for question in round_questions()]


def _practices() -> tuple[list[int], list[int]]:
    """Practices of section 1.1 (engagement tags) and those of challenge 1.1.a (what a mapping round does)."""
    rows = list(
        Practice.objects.filter(withdrawn=False, challenge__ref__startswith="1.1")
        .order_by("key")
        .values_list("pk", "challenge__ref")
    )
    return [pk for pk, _ in rows], [pk for pk, ref in rows if ref == "1.1.a"][:3]


# Planning --------------------------------------------------------------------------------------------------


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def _place_name(ctx: Context) -> str:
    """An invented place name not used before in this database."""
    rng, names = ctx.rng, ctx.names
    for _ in range(1000):
        name = rng.choice(names.place_heads) + rng.choice(names.place_middles) + rng.choice(names.place_tails)
        if name not in ctx.used_names:
            ctx.used_names.add(name)
            return name
    raise RuntimeError("ran out of invented place names")


def _person_name(ctx: Context) -> str:
    rng, names = ctx.rng, ctx.names
    for _ in range(1000):
        surname = rng.choice(names.surname_heads) + rng.choice(names.surname_tails)
        if rng.random() < 0.3:
            surname = f"{surname}-{rng.choice(names.surname_heads)}{rng.choice(names.surname_tails)}"
        name = f"{rng.choice(names.first_names)} {surname}"
        if name not in ctx.used_names:
            ctx.used_names.add(name)
            return name
    raise RuntimeError("ran out of invented personal names")


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _country_identity(names: Tables, index: int) -> tuple[str, str, str, str]:
    """Short name, adjective, official name and code of the ``index``-th country (a numeral from the ninth on)."""
    short, adjective, long_name = names.countries[index % len(names.countries)]
    if index >= len(names.countries):
        suffix = _roman(index // len(names.countries) + 1)
        short, adjective, long_name = f"{short} {suffix}", f"{adjective} {suffix}", f"{long_name} {suffix}"
    return short, adjective, long_name, slugify(short)


def _plan_country(ctx: Context, index: int) -> Country:
    rng, names = ctx.rng, ctx.names
    short, adjective, long_name, code = _country_identity(names, index)
    country = Country(name=short, slug=code)
    nation = Jurisdiction(name=long_name, code=code, level=NATIONAL)
    country.jurisdictions[NATIONAL].append(nation)
    ctx.used_names.update((long_name, code))
    languages = [adjective, *rng.sample(names.extra_languages, 2)]
    state0, state1 = rng.sample(names.foreign_states, 2)
    fmt = {"adj": adjective, "country": short, "state0": state0, "state1": state1}
    fmt["body"] = rng.choice(names.international_bodies)
    for spec in names.national_organisations:
        _add_org(ctx, country, spec, nation, role=spec.role, fmt=fmt)
    brigades = rng.sample(range(1, 12), REGIONS_PER_COUNTRY)
    locality_number = 0
    for region_number in range(REGIONS_PER_COUNTRY):
        region_fmt = {**fmt, "brigade": demo.ordinal(brigades[region_number])}
        locality_number = _plan_region(ctx, country, region_fmt, region_number, locality_number)
    _plan_offices(ctx, country, languages)
    _plan_rounds_and_assessments(ctx, country)
    _plan_relationships(ctx, country)
    _plan_engagements(ctx, country)
    return country


def _plan_region(ctx: Context, country: Country, fmt: dict[str, str], region_number: int, locality_number: int) -> int:
    """One region with its organisations and two or three localities; returns the next locality number.

    ``fmt`` formats the names of the country's organisations, with the region's brigade."""
    rng = ctx.rng
    nation = country.jurisdictions[NATIONAL][0]
    stem = _place_name(ctx)
    region = Jurisdiction(
        name=f"{stem} {rng.choice(ctx.names.region_suffixes)}",
        code=f"{country.slug}-{slugify(stem)}",
        level=REGIONAL,
        parent=nation,
    )
    country.jurisdictions[REGIONAL].append(region)
    region_fmt = {**fmt, "place": stem}
    for spec in ctx.names.regional_organisations:
        if _present(rng, spec.when, region_number):
            role = f"{spec.role}@{region_number}"
            _add_org(ctx, country, spec, region, role=role, fmt=region_fmt, region=region_number)
    for _ in range(rng.choice((2, 2, 2, 3))):
        _plan_locality(ctx, country, fmt, region, region_number, locality_number)
        locality_number += 1
    return locality_number


def _plan_locality(
    ctx: Context, country: Country, fmt: dict[str, str], region: Jurisdiction, region_number: int, number: int
) -> None:
    """One locality under ``region``: its standing organisations and one or two civil-society groups."""
    rng = ctx.rng
    town = _place_name(ctx)
    locality = Jurisdiction(name=town, code=f"{region.code}-{slugify(town)}", level=LOCAL, parent=region)
    country.jurisdictions[LOCAL].append(locality)
    local_fmt = {**fmt, "place": town}
    chosen = [s for s in ctx.names.local_organisations if _present(rng, s.when, number)]
    chosen += rng.sample(ctx.names.local_civil_society, rng.choice((1, 2, 2)))
    for spec in chosen:
        role = f"{spec.role}#{number}"
        _add_org(ctx, country, spec, locality, role=role, fmt=local_fmt, region=region_number, locality=number)


def _present(rng: random.Random, when: str | float, number: int) -> bool:
    if when == "even":
        return number % 2 == 0
    if when == "odd":
        return number % 2 == 1
    if isinstance(when, str):
        raise ValueError(f'{DATA_PATH.name}: \'when\' is "even", "odd" or a probability, not {when!r}')
    return when >= 1 or rng.random() < when


def _add_org(
    ctx: Context,
    c: Country,
    spec: Spec,
    jurisdiction: Jurisdiction,
    *,
    role: str,
    fmt: dict[str, str],
    region: int | None = None,
    locality: int | None = None,
) -> Org:
    rng = ctx.rng
    name = (rng.choice(spec.name) if isinstance(spec.name, tuple) else spec.name).format(**fmt)
    disposition = rng.choice(spec.disposition) if isinstance(spec.disposition, tuple) else spec.disposition
    parent = None
    if spec.parent and (spec.parent_chance >= 1 or rng.random() < spec.parent_chance):
        parent = c.by_role[f"{spec.parent}{region}" if spec.parent.endswith("@") else spec.parent]
    obj = Stakeholder(
        kind=StakeholderKind.ORGANISATION,
        name=name,
        short_name=spec.short,
        sector=spec.sector,
        level=jurisdiction.level,
        jurisdiction=jurisdiction,
        parent=parent.obj if parent else None,
        mandate=spec.mandate,
        description=spec.description,
        website=f"https://{(spec.short or spec.role).lower()}.{c.slug}.example" if spec.website else "",
        vps_participant=spec.vps_participant,
    )
    org = Org(
        obj=obj,
        family=AGENDA_FAMILY[spec.sector],
        disposition=disposition,
        influence=spec.influence,
        interest=spec.interest,
        areas=list(spec.areas),
        groups=list(spec.groups),
        region=region,
        locality=locality,
        role=role,
        key_title=spec.key,
        office_title=spec.office,
    )
    c.orgs.append(org)
    c.by_role[role] = org
    return org


# Offices, holders and turnover -----------------------------------------------------------------------------

# Career tracks along which a former office holder may take another office; elsewhere people do not rotate.
TRACKS: dict[str, str] = {
    Sector.POLICE: "police",
    Sector.MILITARY: "military",
    Sector.MINISTRY: "civil-service",
    Sector.REGIONAL_AUTHORITY: "political",
    Sector.LOCAL_GOVERNMENT: "political",
    Sector.PARLIAMENT: "political",
    Sector.JUDICIARY: "legal",
    Sector.NHRI: "legal",
}


@dataclass
class _Offices:
    """The offices of one country being filled: former holders free to take another office, by track."""

    ctx: Context
    country: Country
    history_start: datetime.date
    free: dict[str, list[Person]] = field(default_factory=dict)


def _plan_offices(ctx: Context, c: Country, languages: list[str]) -> None:
    """Positions in the organisations, each with its holders over the last eight years, never overlapping.

    Officials sometimes rotate: a past holder may later take another office on the same career track.
    About one key office in twelve is vacant today, and always at least one per country.
    """
    offices = _Offices(ctx, c, history_start=ctx.today - datetime.timedelta(days=8 * 365))
    for org, title, is_key, is_vacant in _office_list(ctx.rng, c):
        position = Position(
            organisation=org.obj,
            title=title,
            is_key=is_key,
            description="Head of the organisation." if is_key else "",
        )
        _plan_holders(offices, position, org, is_vacant)
        c.positions.append((position, is_key and is_vacant))
    _describe_persons(ctx, c, languages)


def _office_list(rng: random.Random, c: Country) -> list[tuple[Org, str, bool, bool]]:
    """(organisation, title, is key, is vacant today): key offices first, a few of them vacant, then others."""
    key_offices = [(org, org.key_title) for org in c.orgs if org.key_title]
    vacant = {i for i in range(len(key_offices)) if rng.random() < 0.08}
    if not vacant:
        vacant.add(rng.randrange(len(key_offices)))
    offices = [(org, title, True, i in vacant) for i, (org, title) in enumerate(key_offices)]
    for org in c.orgs:
        if org.office_title:
            offices.append((org, org.office_title, False, rng.random() < 0.2))
    return offices


def _plan_holders(offices: _Offices, position: Position, org: Org, is_vacant: bool) -> None:
    """The successive holders of ``position`` and their tenures; the last one is still in office unless
    ``is_vacant``."""
    rng, today = offices.ctx.rng, offices.ctx.today
    starts = _handover_dates(rng, offices.history_start, today, position.is_key)
    for i, start in enumerate(starts):
        if i + 1 < len(starts):
            handover = starts[i + 1] - DAY
            if rng.random() < 0.25:  # the office stood empty for a while before the successor came
                handover -= datetime.timedelta(days=rng.randint(1, 45))
            end: datetime.date | None = handover
        elif is_vacant:
            end = _between(rng, start + datetime.timedelta(days=30), today - datetime.timedelta(days=10))
        else:
            end = None
        person = _holder_for(offices, org, start)
        person.tenures.append((org, position.title, start, end))
        person.busy_until = end
        if end is not None:
            offices.free.setdefault(person.track, []).append(person)
        else:
            org.current_holders.append(person)
            if position.is_key:
                org.key_holder = person
        offices.country.tenures.append(
            Tenure(
                position=position,
                holder=person.obj,
                started_on=start,
                ended_on=end,
                notes="Acting appointment." if rng.random() < 0.1 else "",
            )
        )


def _handover_dates(
    rng: random.Random, history_start: datetime.date, today: datetime.date, is_key: bool
) -> list[datetime.date]:
    """When each holder of an office took it: one to three holders, hand-overs at least 60 days apart (so an
    interim gap still leaves a real tenure), the last one at least 120 days ago."""
    holders = rng.choice((1, 1, 1, 2, 2, 3)) if is_key else rng.choice((1, 1, 1, 2))
    first_start = history_start + datetime.timedelta(days=rng.randint(0, 900))
    latest_handover = today - datetime.timedelta(days=120)
    span = (latest_handover - first_start).days
    handovers = sorted(rng.sample(range(200, span), holders - 1)) if holders > 1 else []
    starts = [first_start] + [first_start + datetime.timedelta(days=d) for d in handovers]
    return [s for i, s in enumerate(starts) if i == 0 or (s - starts[i - 1]).days >= 60]


def _holder_for(offices: _Offices, org: Org, start: datetime.date) -> Person:
    """Mostly a former holder on the same career track, free before ``start``; else a new person."""
    rng, c = offices.ctx.rng, offices.country
    track = TRACKS.get(org.obj.sector, org.role)
    pool = [
        p
        for p in offices.free.get(track, [])
        if p.busy_until is not None and p.busy_until < start and p.tenures[-1][0] is not org
    ]
    if pool and rng.random() < 0.8:
        person = rng.choice(pool)
        offices.free[track].remove(person)
    else:
        person = Person(obj=Stakeholder(kind=StakeholderKind.PERSON, name=_person_name(offices.ctx)), track=track)
        c.persons.append(person)
    return person


def _describe_persons(ctx: Context, c: Country, languages: list[str]) -> None:
    """Each person sits under the organisation of their latest office; most have contact details."""
    rng = ctx.rng
    domain = f"{c.slug}.example"
    for person in c.persons:
        org, title, _start, end = max(person.tenures, key=lambda tenure: tenure[2])
        obj = person.obj
        obj.parent = org.obj
        obj.sector = org.obj.sector
        obj.level = org.obj.level
        obj.jurisdiction = org.obj.jurisdiction
        obj.description = f"{title}, {org.obj.name}" + (f" (until {end:%B %Y})." if end else ".")
        obj.confidentiality = rng.choices(CONFIDENTIALITY, weights=(82, 15, 3))[0]
        if rng.random() < 0.7:
            first, *rest = obj.name.lower().split()
            obj.email = f"{slugify(first)}.{slugify('-'.join(rest))}@{domain}"
            obj.phone = f"+999 {rng.randint(20, 89)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            obj.languages = ", ".join(languages[: rng.choice((1, 2, 3))])


# Mapping rounds and assessments -----------------------------------------------------------------------------


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@dataclass
class _Rounds:
    """The two rounds of one country and the windows in which their assessments were made."""

    first: MappingRound
    second: MappingRound
    first_end: datetime.date
    second_end: datetime.date
    drawn: dict[int, str] = field(default_factory=dict)  # the first stance drawn per stakeholder, by id()


def _plan_rounds_and_assessments(ctx: Context, c: Country) -> None:
    """Two rounds a year apart over the country; the first closed (its review date passed), the second open.

    Each assesses most stakeholders; a few are re-assessed between rounds, some are never assessed, and
    a few round-two assessments are already past their review date.
    """
    rounds = _plan_rounds(ctx, c)
    orgs_by_obj = {id(org.obj): org for org in c.orgs}
    for org in c.orgs:
        in_first, in_second = _org_rounds(ctx.rng)
        leader = orgs_by_obj.get(id(org.obj.parent))
        _assess(ctx, c, rounds, org.obj, org, None, leader, (in_first, in_second))
    for person in c.persons:
        org = person.tenures[-1][0]
        _assess(ctx, c, rounds, person.obj, org, person, org, _person_rounds(ctx, rounds, person))


def _plan_rounds(ctx: Context, c: Country) -> _Rounds:
    """The rounds, tagged with the practices a mapping round applies, and their answers."""
    second_start = _month_start(ctx.today - datetime.timedelta(days=90))
    first_start = second_start.replace(year=second_start.year - 1)
    first_scope, second_scope = ctx.names.round_scopes
    first = _mapping_round(ctx, c, first_start, RoundStatus.CLOSED, first_scope)
    second = _mapping_round(ctx, c, second_start, RoundStatus.OPEN, second_scope)
    c.rounds = [first, second]
    ministries = ", ".join(
        org.obj.name for org in c.orgs if org.obj.sector == Sector.MINISTRY and org.obj.level == NATIONAL
    )
    for mapping_round in c.rounds:
        for question_id, number in ctx.questions:
            text = ctx.names.mapping_answers.get(number, "To be completed by the mapping team.")
            text = text.format(ministries=ministries)
            c.answers.append(MappingAnswer(mapping_round=mapping_round, question_id=question_id, answer=text))
    first_end = first_start + datetime.timedelta(days=75)
    second_end = min(ctx.today, second_start + datetime.timedelta(days=80))
    return _Rounds(first, second, first_end=first_end, second_end=second_end)


def _mapping_round(ctx: Context, c: Country, start: datetime.date, status: str, scope: str) -> MappingRound:
    mapping_round = MappingRound(
        name=f"{c.name} stakeholder mapping {start.year}",
        jurisdiction=c.jurisdictions[NATIONAL][0],
        started_on=start,
        review_due_on=start + datetime.timedelta(days=365),
        status=status,
        lead_id=ctx.users[0] if ctx.users else None,
        scope=f"{scope} Demo data: a fictional country.",
    )
    c.link(mapping_round, practices=list(ctx.mapping_practices))
    return mapping_round


def _org_rounds(rng: random.Random) -> tuple[bool, bool]:
    """75 % of organisations in both rounds, 10 % only the first, 8 % only the second, 7 % never."""
    roll = rng.random()
    return roll < 0.85, 0.10 <= roll < 0.93


def _person_rounds(ctx: Context, rounds: _Rounds, person: Person) -> tuple[bool, bool]:
    """Persons are assessed while in office, or if they left after the round started."""
    left = max(end or ctx.today for _, _, _, end in person.tenures)
    in_first = left >= rounds.first.started_on and ctx.rng.random() < 0.8
    in_second = left >= rounds.second.started_on and ctx.rng.random() < 0.85
    return in_first, in_second


def _assess(
    ctx: Context,
    c: Country,
    rounds: _Rounds,
    obj: Stakeholder,
    org: Org,
    person: Person | None,
    leader: Org | None,
    entered: tuple[bool, bool],
) -> None:
    """The assessments of one stakeholder (of ``org``, or ``person`` in it): one per round entered, sometimes
    one more between rounds; the stance moves a step now and then."""
    rng, is_person = ctx.rng, person is not None
    in_first, in_second = entered
    # Stances run along the chains more often than not (a directorate tends to follow its ministry, an
    # office holder their organisation), so the divergences the coordination view flags stand out.
    if leader is not None and id(leader.obj) in rounds.drawn and rng.random() < 0.6:
        stance = rounds.drawn[id(leader.obj)]
    else:
        stance = _draw_stance(rng, org.disposition)
    rounds.drawn[id(obj)] = stance
    if in_first:
        assessed = _between(rng, rounds.first.started_on, rounds.first_end)
        c.assessments.append(_assessment(ctx, c, obj, org, rounds.first, assessed, stance, is_person))
        if rng.random() < 0.06:  # re-assessed between rounds, after an incident
            later = _between(rng, assessed + datetime.timedelta(days=60), rounds.second.started_on - DAY)
            stance = _move_stance(rng, stance)
            c.assessments.append(_assessment(ctx, c, obj, org, None, later, stance, is_person))
    if in_second:
        if rng.random() < 0.3:
            stance = _move_stance(rng, stance)
        assessed = _between(rng, rounds.second.started_on, rounds.second_end)
        overdue = rng.random() < 0.12
        c.assessments.append(
            _assessment(ctx, c, obj, org, rounds.second, assessed, stance, is_person, past_review=overdue)
        )


def _draw_stance(rng: random.Random, disposition: str) -> str:
    return rng.choices(STANCE_ORDER, weights=DISPOSITIONS[disposition])[0]


def _move_stance(rng: random.Random, stance: str) -> str:
    """One step towards champion or spoiler; an unknown stance becomes known."""
    if stance == Stance.UNKNOWN:
        return rng.choice([Stance.SUPPORTER, Stance.NEUTRAL, Stance.SCEPTIC])
    position = STANCE_ORDER.index(stance) + rng.choice((-1, 1))
    return STANCE_ORDER[min(4, max(0, position))]


def _draw_sources(rng: random.Random) -> list[str]:
    """Deliberately skewed: most judgements rest on the security function, more than half on it alone (so
    the coverage view's one-sided-map warning fires)."""
    roll = rng.random()
    if roll < 0.6:
        return [SECURITY_SOURCE]
    if roll < 0.8:
        return [SECURITY_SOURCE, rng.choice(OTHER_SOURCES)]
    return rng.sample(OTHER_SOURCES, rng.choice((1, 2)))


def _authors_by_function() -> dict[str, list[int]]:
    """The active users of each role that is a corporate function, by the function's source code."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    return {
        code: list(users.filter(groups__name=role).values_list("pk", flat=True)[:8])
        for role, code in ROLE_FUNCTIONS.items()
    }


def _author_and_sources(ctx: Context, drawn: list[str], number: int) -> tuple[int | None, list[str]]:
    """Who recorded an assessment resting on ``drawn``, and its sources: as the services do, an author's
    function is among the sources, so the author works in the first drawn function that has users (else in
    another function, which joins the sources). No contributor at all: no author."""
    for code in drawn:
        if ctx.authors.get(code):
            return ctx.authors[code][number % len(ctx.authors[code])], drawn
    staffed = [code for code, users in ctx.authors.items() if users and code != SECURITY_SOURCE]
    staffed = staffed or [code for code, users in ctx.authors.items() if users]
    if not staffed:
        return None, drawn
    code = staffed[number % len(staffed)]
    return ctx.authors[code][number % len(ctx.authors[code])], [*drawn, code]


def _assessment(
    ctx: Context,
    c: Country,
    obj: Stakeholder,
    org: Org,
    mapping_round: MappingRound | None,
    assessed_on: datetime.date,
    stance: str,
    is_person: bool,
    *,
    past_review: bool = False,
) -> Assessment:
    rng, names = ctx.rng, ctx.names
    low, high = org.influence
    influence = rng.randint(low, high)
    if is_person and _is_key_holder(org, obj):
        influence = min(5, influence + 1)
    family = org.family
    if past_review and assessed_on < ctx.today - DAY:
        review = _between(rng, assessed_on + DAY, ctx.today - DAY)
    else:
        review = assessed_on + datetime.timedelta(days=rng.randint(180, 365))
    # Labelling someone a spoiler is what endangers them if it leaks: such judgements are not internal.
    confidentiality = Confidentiality.INTERNAL
    if stance == Stance.SPOILER or (is_person and stance == Stance.SCEPTIC):
        confidentiality = Confidentiality.CONFIDENTIAL if is_person else Confidentiality.RESTRICTED
    assessment = Assessment(
        confidentiality=confidentiality,
        stakeholder=obj,
        mapping_round=mapping_round,
        assessed_on=assessed_on,
        stance=stance,
        influence=influence,
        interest=rng.randint(*org.interest),
        economic_agenda=rng.choice(names.economic_agendas[family]),
        social_agenda=rng.choice(names.social_agendas[family]),
        formal_role=org.obj.mandate if not is_person else obj.description,
        confidence=rng.choices([Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH], weights=(1, 2, 1))[0],
        review_due_on=review,
        notes=rng.choice(names.assessment_notes),
    )
    assessment.author_id, drawn = _author_and_sources(ctx, _draw_sources(rng), len(c.assessments))
    sources = [ctx.sources[code] for code in drawn if code in ctx.sources]
    groups = [ctx.vulnerable[code] for code in org.groups if code in ctx.vulnerable]
    c.link(assessment, sources=sources, vulnerable_groups=groups)
    return assessment


def _is_key_holder(org: Org, obj: Stakeholder) -> bool:
    return org.key_holder is not None and org.key_holder.obj is obj


# Relationships ---------------------------------------------------------------------------------------------

CHAIN_KIND: dict[str, RelationshipKind] = {
    Sector.MINISTRY: RelationshipKind.REPORTS_TO,
    Sector.POLICE: RelationshipKind.REPORTS_TO,
    Sector.MILITARY: RelationshipKind.REPORTS_TO,
    Sector.REGIONAL_AUTHORITY: RelationshipKind.REPORTS_TO,
    Sector.LOCAL_GOVERNMENT: RelationshipKind.REPORTS_TO,
}


class _Ties:
    """The relationships of one country being planned: each (source, target, kind) once, none to oneself."""

    def __init__(self, c: Country) -> None:
        self.country = c
        self.seen: set[tuple[int, int, str]] = set()
        self.index = {id(org.obj): i for i, org in enumerate(c.orgs)}
        self.index.update({id(p.obj): len(c.orgs) + i for i, p in enumerate(c.persons)})

    def role(self, name: str) -> Org | None:
        return self.country.by_role.get(name)

    def holder(self, name: str) -> Person | None:
        """The key office holder of the organisation in role ``name``."""
        org = self.role(name)
        return org.key_holder if org else None

    def add(self, source: Org | Person | None, target: Org | Person | None, kind: str, notes: str = "") -> None:
        if source is None or target is None or source.obj is target.obj:
            return
        key = (self.index[id(source.obj)], self.index[id(target.obj)], kind)
        if key in self.seen:
            return
        self.seen.add(key)
        confidentiality = (
            Confidentiality.RESTRICTED if kind == RelationshipKind.OPPOSED_TO else Confidentiality.INTERNAL
        )
        self.country.relationships.append(
            Relationship(source=source.obj, target=target.obj, kind=kind, notes=notes, confidentiality=confidentiality)
        )


def _plan_relationships(ctx: Context, c: Country) -> None:
    """Edges along the chains (reports to / part of, for organisations and for their office holders) and
    across levels (influences, allied with, opposed to)."""
    ties = _Ties(c)
    orgs_by_obj = {id(org.obj): org for org in c.orgs}
    for org in c.orgs:
        if org.obj.parent is None:
            continue
        parent = orgs_by_obj[id(org.obj.parent)]
        ties.add(org, parent, CHAIN_KIND.get(org.obj.sector, RelationshipKind.PART_OF))
        if org.key_holder and parent.key_holder:
            ties.add(org.key_holder, parent.key_holder, RelationshipKind.REPORTS_TO)
    for source, target, kind, notes in ctx.names.national_ties:
        ties.add(ties.role(source), ties.role(target), kind, notes)
    for i in range(len(c.jurisdictions[REGIONAL])):
        _regional_ties(ctx.rng, ties, i)
    for i in sorted({org.locality for org in c.orgs if org.locality is not None}):
        _local_ties(ctx.rng, ties, i)


def _regional_ties(rng: random.Random, ties: _Ties, i: int) -> None:
    """Within region ``i``: the governor over the commands, joint patrols, civil society and the press."""
    role, kind = ties.role, RelationshipKind
    ties.add(ties.holder(f"authority@{i}"), role(f"police@{i}"), kind.INFLUENCES)
    ties.add(ties.holder(f"authority@{i}"), role(f"brigade@{i}"), kind.INFLUENCES)
    ties.add(role(f"police@{i}"), role(f"brigade@{i}"), kind.ALLIED_WITH, "Joint patrols.")
    ties.add(role(f"platform@{i}"), role(f"nhri@{i}") or role("nhri"), kind.ALLIED_WITH)
    ties.add(role(f"radio@{i}"), role(f"authority@{i}"), kind.INFLUENCES)
    ties.add(role("peer"), role(f"mines@{i}"), kind.INFLUENCES)
    if rng.random() < 0.5:
        ties.add(role(f"brigade@{i}"), role(f"nhri@{i}") or role("nhri"), kind.OPPOSED_TO)


def _local_ties(rng: random.Random, ties: _Ties, i: int) -> None:
    """Within locality ``i``: elders, council, land and mining disputes, civil society with its networks."""
    role, kind = ties.role, RelationshipKind
    ties.add(role(f"elders#{i}"), role(f"council#{i}"), kind.INFLUENCES)
    ties.add(ties.holder("mines"), role(f"mines#{i}"), kind.INFLUENCES)
    ties.add(role(f"land#{i}"), role(f"mines#{i}") or role("peer"), kind.OPPOSED_TO, "Land dispute.")
    ties.add(role(f"land#{i}"), role("indigenous-federation"), kind.ALLIED_WITH)
    ties.add(role(f"women#{i}"), role("women-network"), kind.ALLIED_WITH)
    ties.add(role(f"radio#{i}"), role(f"council#{i}"), kind.INFLUENCES)
    ties.add(role(f"quarry#{i}"), role(f"station#{i}"), kind.OPPOSED_TO, "Evictions of artisanal miners.")
    if rng.random() < 0.5:
        ties.add(role(f"youth#{i}"), role(f"station#{i}"), kind.OPPOSED_TO)
    if rng.random() < 0.3:
        elders = role(f"elders#{i}")
        ties.add(elders, role(f"authority@{elders.region if elders else None}"), kind.INFLUENCES)
    locals_ = [org for org in ties.country.orgs if org.locality == i and org.obj.sector == Sector.CIVIL_SOCIETY]
    if len(locals_) >= 2 and rng.random() < 0.5:
        ties.add(locals_[0], locals_[1], kind.ALLIED_WITH)


# Engagements -----------------------------------------------------------------------------------------------


def _plan_engagements(ctx: Context, c: Country) -> None:
    """A few hundred contacts over the last two years: mostly local and regional, with the organisation, its
    office holders, sometimes a neighbour or the organisation above it; about half with follow-ups (most of
    those now past due)."""
    by_level: dict[str, list[Org]] = {NATIONAL: [], REGIONAL: [], LOCAL: []}
    for org in c.orgs:
        by_level[org.obj.level].append(org)
    neighbours: dict[tuple[int | None, int | None], list[Org]] = {}
    for org in c.orgs:
        neighbours.setdefault((org.region, org.locality), []).append(org)
    for number in range(ENGAGEMENTS_PER_COUNTRY):
        level = ctx.rng.choices([LOCAL, REGIONAL, NATIONAL], weights=(5, 3, 2))[0]
        focus = ctx.rng.choice(by_level[level])
        engagement = _engagement(ctx, c, focus, neighbours[(focus.region, focus.locality)])
        tag = ctx.tagging_rng
        practices = (
            tag.sample(ctx.practices, min(len(ctx.practices), tag.choice((1, 2))))
            if ctx.practices and tag.random() < 0.3
            else []
        )
        users = [ctx.users[number % len(ctx.users)]] if ctx.users else []
        c.link(engagement, practices=practices, company_participants=users)
        c.engagements.append(engagement)


def _engagement(ctx: Context, c: Country, focus: Org, neighbours: list[Org]) -> Engagement:
    """One contact with ``focus`` (and the participants drawn around it), on one to three topics."""
    rng, names = ctx.rng, ctx.names
    kind = rng.choice(KINDS_BY_FAMILY[focus.family])
    topics = rng.sample(names.topics, rng.choice((1, 2, 3)))
    occurred = ctx.today - datetime.timedelta(days=rng.randint(0, 730))
    participants = _participants(rng, focus, neighbours)
    title = ENGAGEMENT_TITLES[kind].format(label=focus.obj.name, place=focus.obj.jurisdiction.name, topic=topics[0])
    follow_up, due = "", None
    if rng.random() < 0.5:
        follow_up = rng.choice(names.follow_ups)
        due = occurred + datetime.timedelta(days=rng.randint(7, 60))
    engagement = Engagement(
        confidentiality=Confidentiality.RESTRICTED if kind == EngagementKind.NEGOTIATION else Confidentiality.INTERNAL,
        occurred_on=occurred,
        kind=kind,
        title=title[:200],
        jurisdiction=focus.obj.jurisdiction,
        topics=", ".join(topics),
        summary=f"Discussed {', '.join(topics)} with {len(participants)} participant(s).",
        outcome=rng.choice(names.outcomes),
        follow_ups=follow_up,
        follow_up_due_on=due,
    )
    c.link(engagement, stakeholders=participants)
    return engagement


def _participants(rng: random.Random, focus: Org, neighbours: list[Org]) -> list[Stakeholder]:
    """The organisation, often one of its office holders, sometimes neighbours or the level above it."""
    participants = [focus.obj]
    if focus.current_holders and rng.random() < 0.6:
        participants.append(rng.choice(focus.current_holders).obj)
    others = [o for o in neighbours if o is not focus]
    for other in rng.sample(others, min(len(others), rng.choice((0, 0, 1, 2)))):
        participants.append(other.obj)
    parent = focus.obj.parent
    if parent is not None and rng.random() < 0.2 and parent not in participants:  # the level above joins
        participants.append(parent)
    return participants


# Inserting -------------------------------------------------------------------------------------------------


def _create(model: type[models.Model], objs: list, m2m: dict[str, list[list[int]]] | None = None) -> None:
    demo.insert(model, objs, m2m, batch_size=BATCH_SIZE)


def _depth(obj: Stakeholder) -> int:
    depth, node = 0, obj.parent
    while node is not None:
        depth, node = depth + 1, node.parent
    return depth


def _insert(ctx: Context, countries: list[Country], counts: dict[str, int]) -> None:
    """Insert the planned countries, each kind of row after those it points to, and count them."""
    for level in (NATIONAL, REGIONAL, LOCAL):
        _create(Jurisdiction, [j for c in countries for j in c.jurisdictions[level]])
    _insert_stakeholders(ctx, countries)
    _create(Position, [position for c in countries for position, _ in c.positions])
    _create(Tenure, [t for c in countries for t in c.tenures])
    links = {key: values for c in countries for key, values in c.links.items()}
    rounds = [r for c in countries for r in c.rounds]
    _create(MappingRound, rounds, m2m={"practices": [links[id(r)]["practices"] for r in rounds]})
    _create(MappingAnswer, [a for c in countries for a in c.answers])
    _insert_assessments(countries, links)
    _create(Relationship, [rel for c in countries for rel in c.relationships])
    engagements = [e for c in countries for e in c.engagements]
    _create(
        Engagement,
        engagements,
        m2m={
            "stakeholders": [[s.pk for s in links[id(e)]["stakeholders"]] for e in engagements],
            "practices": [links[id(e)]["practices"] for e in engagements],
            "company_participants": [links[id(e)]["company_participants"] for e in engagements],
        },
    )
    for label, count in _counts(countries).items():
        counts[label] += count


def _insert_stakeholders(ctx: Context, countries: list[Country]) -> None:
    """Organisations parent-first, then persons (who sit under an organisation)."""
    orgs = [org for c in countries for org in c.orgs]
    _give_relationship_owners(ctx, orgs)
    for depth in range(max(_depth(org.obj) for org in orgs) + 1):
        layer = [org for org in orgs if _depth(org.obj) == depth]
        _create(
            Stakeholder,
            [org.obj for org in layer],
            m2m={
                "mandate_areas": [[ctx.areas[a] for a in org.areas if a in ctx.areas] for org in layer],
                "vulnerable_groups": [[ctx.vulnerable[g] for g in org.groups if g in ctx.vulnerable] for org in layer],
            },
        )
    _create(Stakeholder, [person.obj for c in countries for person in c.persons])


def _give_relationship_owners(ctx: Context, orgs: list[Org]) -> None:
    """The influential organisations (influence up to 4 or 5) each get a relationship owner: the contributors
    (security, community relations, external affairs) in turn."""
    owners = [pk for users in ctx.authors.values() for pk in users]
    for number, org in enumerate(orgs):
        if owners and org.influence[1] >= 4:
            org.obj.relationship_owner_id = owners[number % len(owners)]


def _insert_assessments(countries: list[Country], links: dict[int, dict[str, list[Any]]]) -> None:
    """The assessments, then each stakeholder's pointers to its current one."""
    assessments = [a for c in countries for a in c.assessments]
    _create(
        Assessment,
        assessments,
        m2m={
            "sources": [links[id(a)]["sources"] for a in assessments],
            "vulnerable_groups": [links[id(a)]["vulnerable_groups"] for a in assessments],
        },
    )
    # The current view is the latest assessment (by date, then id), as services.refresh_current_assessment
    # keeps it. These rows were created by this same seeding a moment ago (version 1, in no sync yet): setting the
    # pointers completes their creation rather than changing them, so one UPDATE per chunk is right here (and
    # the only raw update of a versioned model outside ``shrhub.services.write_fields``).
    stakeholder_ids = [obj.pk for c in countries for obj in c.stakeholders]
    for start in range(0, len(stakeholder_ids), 5000):
        Stakeholder.objects.filter(pk__in=stakeholder_ids[start : start + 5000]).update(**current_assessment_pointers())


def _counts(countries: list[Country]) -> dict[str, int]:
    orgs = sum(len(c.orgs) for c in countries)
    persons = sum(len(c.persons) for c in countries)
    return {
        "jurisdictions": sum(len(js) for c in countries for js in c.jurisdictions.values()),
        "organisations": orgs,
        "persons": persons,
        "stakeholders": orgs + persons,
        "positions": sum(len(c.positions) for c in countries),
        "vacant key positions": sum(vacant for c in countries for _, vacant in c.positions),
        "tenures": sum(len(c.tenures) for c in countries),
        "mapping rounds": sum(len(c.rounds) for c in countries),
        "mapping answers": sum(len(c.answers) for c in countries),
        "assessments": sum(len(c.assessments) for c in countries),
        "relationships": sum(len(c.relationships) for c in countries),
        "engagements": sum(len(c.engagements) for c in countries),
    }
