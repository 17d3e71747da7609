"""Demo data for the working groups: local security working groups in the demo country's localities.

Reads what the registry seeder left in the database (local jurisdictions and the organisations in them)
and, for about half of the localities without a group, builds one: members drawn from the locality's
police, military, local government, community authorities and civil society (vulnerable-group
representatives among them) plus the company, co-chaired by the company and civil society, with a
secretariat; about two years of meetings on the group's cadence with agendas, attendance, draft or
approved minutes (one amended), key issues and decisions; action items with owners and due dates (some
overdue) and progress notes; the next meeting planned. A few groups are left overdue for a meeting on
purpose so that the health figures have something to show. In the first chunk of groups, a few held
meetings are restricted and one is confidential, naming one user (the first community-relations user, who
could not see it otherwise, or else the first user): chosen by position, not at random, so the rest of the
data does not move.

Everything is inserted in bulk with its audit trail (one "created" history row per record, the meetings'
practice tags included), a chunk of groups at a time, so ``--scale 100`` stays fast.

The sentences drawn from (agenda, issues, actions, decisions, locations, notes) are data, in
``data/demo.yaml``.
"""

from __future__ import annotations

import datetime
import functools
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.management.base import OutputWrapper
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from practices.models import Practice
from shrhub import clock, demo
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.roles import Role
from stakeholders.choices import Sector, StakeholderKind
from stakeholders.models import Stakeholder

from .choices import ActionStatus, AttendanceStatus, Constituency, GroupStatus, MeetingStatus, MemberRole
from .models import (
    ActionItem,
    ActionProgress,
    AgendaItem,
    Attendance,
    KeyIssue,
    Meeting,
    Membership,
    MinutesAmendment,
    WorkingGroup,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DATA_PATH = Path(__file__).resolve().parent / "data" / "demo.yaml"
BATCH_SIZE = 1000
GROUPS_PER_CHUNK = 150
SECTOR_CONSTITUENCY = {
    Sector.POLICE: Constituency.POLICE,
    Sector.MILITARY: Constituency.MILITARY,
    Sector.LOCAL_GOVERNMENT: Constituency.LOCAL_GOVERNMENT,
    Sector.REGIONAL_AUTHORITY: Constituency.LOCAL_GOVERNMENT,
    Sector.COMMUNITY_AUTHORITY: Constituency.LOCAL_LEADER,
    Sector.COMPANY: Constituency.COMPANY,
    Sector.CIVIL_SOCIETY: Constituency.CIVIL_SOCIETY,
    Sector.MINISTRY: Constituency.OTHER,
}
# How likely each constituency's member is present (the rest split between apologies and absence).
PRESENCE: dict[str, float] = {
    Constituency.POLICE: 0.7,
    Constituency.MILITARY: 0.45,
    Constituency.LOCAL_GOVERNMENT: 0.8,
    Constituency.LOCAL_LEADER: 0.75,
    Constituency.COMPANY: 0.95,
    Constituency.CIVIL_SOCIETY: 0.8,
    Constituency.VULNERABLE_GROUP: 0.6,
    Constituency.OTHER: 0.6,
}
# Which held meetings of the first chunk are raised above internal (by position among them).
RESTRICTED_HELD = (4, 9, 14)
CONFIDENTIAL_HELD = 1


@dataclass(frozen=True)
class Tables:
    """The sentences the demo draws from, as ``data/demo.yaml`` holds them (``{place}`` is the locality)."""

    purpose: str
    standing_agenda: list[str]
    issues: list[str]
    actions: list[str]
    decisions: list[str]
    locations: list[str]
    progress_notes: list[str]
    amendment_reason: str


@functools.cache
def tables() -> Tables:
    """The working groups' sentences, read from ``data/demo.yaml`` once per process."""
    return Tables(**demo.load_data(DATA_PATH))


@dataclass
class Seat:
    obj: Membership
    constituency: str


@dataclass
class Plan:
    """One group, planned in memory before the bulk inserts."""

    group: WorkingGroup
    place: str
    seats: list[Seat] = field(default_factory=list)
    secretariat: Seat | None = None
    overdue: bool = False


@dataclass
class Chunk:
    """The meetings of a chunk of groups and everything recorded at them, planned before the bulk inserts."""

    rng: random.Random
    today: datetime.date
    practices: list[int]  # a held meeting is tagged with one of these
    approver: User | None  # approves the minutes of all but the last meeting
    amend: bool  # the first chunk: one set of minutes is amended, a few meetings are raised above internal
    names: Tables = field(default_factory=tables)
    meetings: list[Meeting] = field(default_factory=list)
    tags: list[list[int]] = field(default_factory=list)  # practices per meeting, in the order of ``meetings``
    agenda: list[AgendaItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    issues: list[KeyIssue] = field(default_factory=list)
    actions: list[tuple[Meeting, ActionItem]] = field(default_factory=list)
    amended: Meeting | None = None


def seed_working_groups(
    *, scale: int, rng: random.Random, stdout: OutputWrapper, today: datetime.date | None = None
) -> dict[str, int]:
    """Add working groups to about half of the local jurisdictions that have none; return the counts."""
    today = today or clock.today()
    counts: dict[str, int] = defaultdict(int)
    localities = list(
        Jurisdiction.objects.filter(level=JurisdictionLevel.LOCAL)
        .exclude(Exists(WorkingGroup.objects.filter(jurisdiction=OuterRef("pk"))))
        .select_related("parent__parent")
        .order_by("id")
    )
    if not localities:
        stdout.write("  working groups: no local jurisdiction without a group (seed the registry first)")
        return {"working groups": 0}
    chosen = [j for index, j in enumerate(localities) if index % 2 == 0 or rng.random() < 0.2]
    orgs = _organisations([j.pk for j in chosen])
    companies = _national_companies()
    practices = list(
        Practice.objects.filter(Q(text__icontains="working group") | Q(heading__icontains="working group"))
        .order_by("id")
        .values_list("pk", flat=True)[:6]
    )
    approver = get_user_model().objects.filter(is_active=True).order_by("pk").first()
    named = _named_user() or approver
    for start in range(0, len(chosen), GROUPS_PER_CHUNK):
        chunk = chosen[start : start + GROUPS_PER_CHUNK]
        plans = [
            plan
            for plan in (_plan_group(rng, j, orgs.get(j.pk, []), companies, today) for j in chunk)
            if plan is not None
        ]
        meetings = Chunk(rng, today, practices, approver, amend=(start == 0))
        _insert(meetings, plans, counts, named=named)
        if scale > 1:
            stdout.write(f"  working groups: {min(len(chosen), start + GROUPS_PER_CHUNK)}/{len(chosen)} localities")
    return dict(counts)


def _named_user() -> User | None:
    """The user named on the confidential demo meeting: a community-relations user if there is one."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    return users.filter(groups__name=Role.COMMUNITY).first()


def _classify(meetings: list[Meeting], named: User | None, *, keep: Meeting | None = None) -> list[list[int]]:
    """Raise a few held meetings to restricted and one to confidential, naming ``named`` on it; the named users
    of each meeting, in order (for ``_create``). ``keep`` (the amended meeting) stays internal."""
    held = [m for m in meetings if m.status == MeetingStatus.HELD and m is not keep]
    for index in RESTRICTED_HELD:
        if index < len(held):
            held[index].confidentiality = Confidentiality.RESTRICTED
    secret = held[CONFIDENTIAL_HELD] if len(held) > CONFIDENTIAL_HELD else None
    if secret is not None:
        secret.confidentiality = Confidentiality.CONFIDENTIAL
    return [[named.pk] if m is secret and named is not None else [] for m in meetings]


def _organisations(jurisdiction_ids: list[int]) -> dict[int, list[Mapping[str, Any]]]:
    """The organisations of each locality, with whether they represent vulnerable groups."""
    rows = (
        Stakeholder.objects.filter(jurisdiction_id__in=jurisdiction_ids, kind=StakeholderKind.ORGANISATION)
        .annotate(vulnerable=Exists(Stakeholder.vulnerable_groups.through.objects.filter(stakeholder=OuterRef("pk"))))
        .order_by("id")
        .values("pk", "name", "sector", "jurisdiction_id", "vulnerable")
    )
    by_place: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        by_place[row["jurisdiction_id"]].append(row)
    return by_place


def _national_companies() -> dict[int, list[int]]:
    """Company stakeholders by the id of their country (the root of their jurisdiction)."""
    rows = Stakeholder.objects.filter(sector=Sector.COMPANY, jurisdiction__level=JurisdictionLevel.NATIONAL)
    by_country: dict[int, list[int]] = defaultdict(list)
    for pk, country_id in rows.order_by("id").values_list("pk", "jurisdiction_id"):
        by_country[country_id].append(pk)
    return by_country


def _plan_group(
    rng: random.Random,
    locality: Jurisdiction,
    orgs: list[Mapping[str, Any]],
    companies: dict[int, list[int]],
    today: datetime.date,
) -> Plan | None:
    """A group for ``locality`` if it has at least three organisations to seat, with its members' roles."""
    members = [o for o in orgs if o["sector"] in SECTOR_CONSTITUENCY]
    if len(members) < 3:
        return None
    place = locality.name
    parent = locality.parent
    country = parent.parent if parent is not None and parent.parent_id else None
    established = today - datetime.timedelta(days=rng.randint(420, 760))
    cadence = rng.choice((60, 90, 90, 120))
    group = WorkingGroup(
        jurisdiction=locality,
        name=f"{place} Security Working Group",
        purpose=tables().purpose.format(place=place),
        established_on=established,
        cadence_days=cadence,
        status=GroupStatus.ACTIVE if rng.random() > 0.1 else GroupStatus.FORMING,
        standing_agenda="\n".join(tables().standing_agenda),
    )
    plan = Plan(group=group, place=place, overdue=rng.random() < 0.2)
    company_ids = companies.get(country.pk, []) if country else []
    if company_ids:
        members.append({"pk": rng.choice(company_ids), "sector": Sector.COMPANY, "vulnerable": False})
    for org in members:
        plan.seats.append(_seat(rng, group, org, established))
    _give_roles(plan, established)
    _turnover(rng, plan, today)
    return plan


def _seat(rng: random.Random, group: WorkingGroup, org: Mapping[str, Any], established: datetime.date) -> Seat:
    """An organisation's membership: most joined when the group was set up, ministries only observe."""
    constituency = SECTOR_CONSTITUENCY[org["sector"]]
    if constituency == Constituency.CIVIL_SOCIETY and org["vulnerable"]:
        constituency = Constituency.VULNERABLE_GROUP
    joined = established + datetime.timedelta(days=rng.choice((0, 0, 0, rng.randint(30, 300))))
    membership = Membership(
        group=group,
        stakeholder_id=org["pk"],
        constituency=constituency,
        role=MemberRole.OBSERVER if org["sector"] == Sector.MINISTRY else MemberRole.MEMBER,
        joined_on=joined,
    )
    return Seat(membership, constituency)


def _give_roles(plan: Plan, established: datetime.date) -> None:
    """Co-chairs: the first company and the first civil-society member; the secretariat: another civil-society
    member (a neutral facilitator) or else the company. They have been there from the start."""
    company = next((s for s in plan.seats if s.constituency == Constituency.COMPANY), None)
    civil_constituencies = {Constituency.CIVIL_SOCIETY, Constituency.VULNERABLE_GROUP}
    civil = next((s for s in plan.seats if s.constituency in civil_constituencies), None)
    for seat in (company, civil):
        if seat is not None:
            seat.obj.role = MemberRole.CO_CHAIR
            seat.obj.joined_on = established
    neutral = next((s for s in plan.seats if s.constituency == Constituency.CIVIL_SOCIETY and s is not civil), None)
    plan.secretariat = neutral or company
    if plan.secretariat is not None and plan.secretariat.obj.role == MemberRole.MEMBER:
        plan.secretariat.obj.role = MemberRole.SECRETARIAT
        plan.secretariat.obj.joined_on = established


def _turnover(rng: random.Random, plan: Plan, today: datetime.date) -> None:
    """Sometimes one member left the group during the period."""
    leavers = [s for s in plan.seats if s.obj.role in {MemberRole.MEMBER, MemberRole.OBSERVER}]
    if leavers and rng.random() < 0.4:
        leaver = rng.choice(leavers)
        leaver.obj.left_on = today - datetime.timedelta(days=rng.randint(20, 200))
        if leaver.obj.left_on < leaver.obj.joined_on:
            leaver.obj.left_on = leaver.obj.joined_on + datetime.timedelta(days=30)


def _meeting_dates(rng: random.Random, plan: Plan, today: datetime.date) -> list[datetime.date]:
    cadence = plan.group.cadence_days
    day = plan.group.established_on + datetime.timedelta(days=rng.randint(7, 30))
    stop = today - datetime.timedelta(days=cadence + rng.randint(30, 120)) if plan.overdue else today
    dates = []
    while day < stop:
        dates.append(day)
        day += datetime.timedelta(days=cadence + rng.randint(-10, 12))
    return dates


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _minutes(issues: list[str], present: int) -> str:
    lines = [
        f"## Summary\n\n{present} members attended. The co-chairs opened the meeting and the agenda was adopted.",
        "\n## Discussion\n",
    ]
    lines += [f"- **{issue}**: members shared what they know; the secretariat will follow up." for issue in issues]
    lines.append("\n## Follow-up of earlier actions\n\nThe secretariat reviewed the open actions one by one.")
    return "\n".join(lines)


# Inserting -------------------------------------------------------------------------------------------------


def _insert(chunk: Chunk, plans: list[Plan], counts: dict[str, int], *, named: User | None = None) -> None:
    """Insert the groups of ``plans`` with their members, then their meetings (planned in ``chunk``) and what
    was recorded at them, each kind of row after those it points to."""
    if not plans:
        return
    _insert_groups(plans, counts)
    for plan in plans:
        _plan_meetings(chunk, plan)
    _insert_meetings(chunk, named, counts)


def _insert_groups(plans: list[Plan], counts: dict[str, int]) -> None:
    """The groups, their memberships, then each group's pointer to its secretariat."""
    _create(WorkingGroup, [p.group for p in plans])
    for plan in plans:
        for seat in plan.seats:
            seat.obj.group = plan.group
    _create(Membership, [s.obj for p in plans for s in p.seats])
    with_secretariat = [(p.group, p.secretariat) for p in plans if p.secretariat is not None]
    for group, secretariat in with_secretariat:
        group.secretariat = secretariat.obj
        group.neutral_facilitator = secretariat.constituency == Constituency.CIVIL_SOCIETY
    demo.update(
        WorkingGroup,
        [group for group, _ in with_secretariat],
        ["secretariat", "neutral_facilitator"],
        batch_size=BATCH_SIZE,
    )
    counts["working groups"] += len(plans)
    counts["memberships"] += sum(len(p.seats) for p in plans)


def _plan_meetings(chunk: Chunk, plan: Plan) -> None:
    """About two years of meetings on the group's cadence, then the next one planned (unless overdue)."""
    rng, today = chunk.rng, chunk.today
    dates = _meeting_dates(rng, plan, today)
    for number, day in enumerate(dates):
        last = number == len(dates) - 1
        status = MeetingStatus.HELD if rng.random() > 0.06 or last else MeetingStatus.POSTPONED
        meeting = Meeting(
            group=plan.group,
            title=f"{demo.ordinal(number + 1)} meeting",
            status=status,
            starts_at=_at(day, rng.choice((9, 10, 14))),
            duration_minutes=rng.choice((90, 120, 150)),
            location=rng.choice(chunk.names.locations).format(place=plan.place),
        )
        held = status == MeetingStatus.HELD
        _add_meeting(chunk, meeting, rng.sample(chunk.practices, min(len(chunk.practices), 1)) if held else [])
        if held:
            _hold(chunk, plan, meeting, day, number, last=last)
    if plan.group.status != GroupStatus.CLOSED and not plan.overdue:
        next_day = max(today, (dates[-1] if dates else today)) + datetime.timedelta(days=rng.randint(5, 40))
        meeting = Meeting(
            group=plan.group,
            title=f"{demo.ordinal(len(dates) + 1)} meeting",
            status=MeetingStatus.PLANNED,
            starts_at=_at(next_day, 10),
            location=chunk.names.locations[0].format(place=plan.place),
        )
        _add_meeting(chunk, meeting, [])


def _add_meeting(chunk: Chunk, meeting: Meeting, tags: list[int]) -> None:
    """A meeting with its practice tags and the standing agenda."""
    chunk.meetings.append(meeting)
    chunk.tags.append(tags)
    agenda = chunk.names.standing_agenda
    chunk.agenda += [AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(agenda, 1)]


def _hold(chunk: Chunk, plan: Plan, meeting: Meeting, day: datetime.date, number: int, *, last: bool) -> None:
    """What a held meeting records: attendance, key issues, minutes and decisions, approval (all but the
    last meeting's), and the actions agreed."""
    rng, names = chunk.rng, chunk.names
    seated = [s for s in plan.seats if s.obj.joined_on <= day and (not s.obj.left_on or s.obj.left_on >= day)]
    present = _attend(chunk, meeting, seated)
    raised = rng.sample(names.issues, rng.randint(1, 3))
    agreed = rng.sample(names.decisions, rng.randint(0, 2))
    for text in raised:
        speaker = rng.choice(seated) if seated else None
        raised_by = speaker.obj.stakeholder_id if speaker else None
        chunk.issues.append(KeyIssue(meeting=meeting, text=text.format(place=plan.place), raised_by_id=raised_by))
    meeting.minutes = _minutes([t.format(place=plan.place) for t in raised], present)
    meeting.decisions = "\n".join(f"- {d.format(place=plan.place)}" for d in agreed)
    if not last:
        meeting.approved_at = _at(day + datetime.timedelta(days=rng.randint(3, 20)), 12)
        meeting.approved_by = chunk.approver
        if chunk.amend and chunk.amended is None and number >= 1:
            chunk.amended = meeting
    for text in rng.sample(names.actions, rng.randint(1, 3)):
        owner = rng.choice(seated) if seated else None
        if owner is None:
            continue
        due = day + datetime.timedelta(days=rng.randint(21, 75))
        chunk.actions.append((meeting, _action(rng, plan, owner, text, day, due, chunk.today)))


def _attend(chunk: Chunk, meeting: Meeting, seated: list[Seat]) -> int:
    """Each seated member's attendance (present, apologies or absent, by constituency); how many were present."""
    present = 0
    for seat in seated:
        roll = chunk.rng.random()
        chance = PRESENCE[seat.constituency]
        state = (
            AttendanceStatus.PRESENT
            if roll < chance
            else AttendanceStatus.APOLOGIES
            if roll < chance + (1 - chance) / 2
            else AttendanceStatus.ABSENT
        )
        present += state == AttendanceStatus.PRESENT
        chunk.attendance.append(Attendance(meeting=meeting, membership=seat.obj, status=state))
    return present


def _insert_meetings(chunk: Chunk, named: User | None, counts: dict[str, int]) -> None:
    """The meetings (a few raised above internal in the first chunk) and what was recorded at them."""
    meetings, actions = chunk.meetings, chunk.actions
    cleared = _classify(meetings, named, keep=chunk.amended) if chunk.amend else [[] for _ in meetings]
    _create(Meeting, meetings, {"practices": chunk.tags, "cleared_users": cleared})
    for meeting, action in actions:
        action.meeting = meeting
    _create(AgendaItem, chunk.agenda)
    _create(Attendance, chunk.attendance)
    _create(KeyIssue, chunk.issues)
    _create(ActionItem, [a for _, a in actions])
    notes = [
        ActionProgress(
            action=action,
            note=chunk.rng.choice(chunk.names.progress_notes),
            new_status=action.status if action.status != ActionStatus.OPEN else "",
        )
        for _, action in actions
        if action.status != ActionStatus.OPEN or chunk.rng.random() < 0.3
    ]
    _create(ActionProgress, notes)
    if chunk.amended is not None:
        _amend(chunk.amended, chunk.names.amendment_reason, chunk.approver)
        counts["minutes amendments"] += 1
    counts["meetings"] += len(meetings)
    counts["attendance records"] += len(chunk.attendance)
    counts["key issues"] += len(chunk.issues)
    counts["action items"] += len(actions)
    counts["progress notes"] += len(notes)


def _amend(meeting: Meeting, reason: str, author: User | None) -> None:
    """The approved minutes of ``meeting`` corrected once."""
    amendment = MinutesAmendment(
        meeting=meeting,
        reason=reason,
        minutes=meeting.minutes.replace("members attended", "members attended (corrected)", 1),
        decisions=meeting.decisions,
        author=author,
    )
    _create(MinutesAmendment, [amendment])


def _action(
    rng: random.Random,
    plan: Plan,
    owner: Seat,
    text: str,
    day: datetime.date,
    due: datetime.date,
    today: datetime.date,
) -> ActionItem:
    """An action whose fate depends on its age: old ones mostly done, some dropped, a few left overdue."""
    roll = rng.random()
    if due < today - datetime.timedelta(days=60):
        status = ActionStatus.DONE if roll < 0.75 else ActionStatus.DROPPED if roll < 0.85 else ActionStatus.OPEN
    elif due < today:
        status = ActionStatus.DONE if roll < 0.45 else ActionStatus.IN_PROGRESS if roll < 0.7 else ActionStatus.OPEN
    else:
        status = ActionStatus.IN_PROGRESS if roll < 0.4 else ActionStatus.OPEN
    closed = None
    if status in {ActionStatus.DONE, ActionStatus.DROPPED}:
        closed = min(today, day + datetime.timedelta(days=rng.randint(7, (due - day).days + 20)))
    return ActionItem(
        group=plan.group,
        description=text,
        owner_membership=owner.obj,
        due_on=due,
        status=status,
        closed_on=closed,
    )


def _create(model: type[models.Model], objs: list, m2m: dict[str, list[list[int]]] | None = None) -> None:
    demo.insert(model, objs, m2m, batch_size=BATCH_SIZE)
