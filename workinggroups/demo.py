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
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from practices.models import Practice
from shrhub import clock
from shrhub.models import Confidentiality, Jurisdiction, JurisdictionLevel
from shrhub.roles import Role
from shrhub.services import bulk_create_audited
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

CHANGE_REASON = "Demo data (seed_demo)"
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
PRESENCE = {
    Constituency.POLICE: 0.7,
    Constituency.MILITARY: 0.45,
    Constituency.LOCAL_GOVERNMENT: 0.8,
    Constituency.LOCAL_LEADER: 0.75,
    Constituency.COMPANY: 0.95,
    Constituency.CIVIL_SOCIETY: 0.8,
    Constituency.VULNERABLE_GROUP: 0.6,
    Constituency.OTHER: 0.6,
}
STANDING_AGENDA = [
    "Welcome and adoption of the agenda",
    "Follow-up of the actions agreed last time",
    "Security incidents and community concerns since the last meeting",
    "Voluntary Principles: training and awareness",
    "Any other business; date of the next meeting",
]
ISSUES = [
    "Roadblocks on the mine access road during the harvest season",
    "Complaints about night patrols entering {place} without notice",
    "Women traders harassed at the checkpoint near the market",
    "Unclear procedure for reporting incidents involving private security guards",
    "Tension between artisanal miners and the company's security contractor",
    "Youth unemployment and petty theft around the camp",
    "Land-access grievances from the indigenous community not yet answered",
    "Delays in the investigation of last month's incident at the gate",
    "Military presence at the school during exams",
    "Rumours about a planned expansion of the concession",
]
ACTIONS = [
    "Share the incident-reporting procedure in the local languages",
    "Organise a Voluntary Principles awareness session for the police station",
    "Visit the checkpoint with the women's association and report back",
    "Clarify with the district council the permit rules for public gatherings",
    "Prepare a map of community access routes with the elders",
    "Invite the youth forum to the next meeting",
    "Follow up the grievance of the land-rights committee with the company",
    "Draft a code of conduct for joint patrols",
    "Ask the regional command for the outcome of the investigation",
    "Set up a hotline for community complaints",
]
DECISIONS = [
    "The group will meet in {place} market hall from now on.",
    "Incidents are reported to the secretariat within 48 hours.",
    "Patrol schedules near the villages are shared with the elders every month.",
    "A sub-group on access routes is created.",
]
# Which held meetings of the first chunk are raised above internal (by position among them).
RESTRICTED_HELD = (4, 9, 14)
CONFIDENTIAL_HELD = 1
LOCATIONS = ["{place} District Council hall", "{place} Community Centre", "{place} Parish hall", "Company site office"]


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


def seed_working_groups(
    *, scale: int, rng: random.Random, stdout, today: datetime.date | None = None
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
        _insert(rng, plans, practices, approver, today, counts, amend=(start == 0), named=named)
        if scale > 1:
            stdout.write(f"  working groups: {min(len(chosen), start + GROUPS_PER_CHUNK)}/{len(chosen)} localities")
    return dict(counts)


def _named_user():
    """The user named on the confidential demo meeting: a community-relations user if there is one."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    return users.filter(groups__name=Role.COMMUNITY).first()


def _classify(meetings: list[Meeting], named, *, keep: Meeting | None = None) -> list[list[int]]:
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


def _organisations(jurisdiction_ids: list[int]) -> dict[int, list[dict]]:
    """The organisations of each locality, with whether they represent vulnerable groups."""
    rows = (
        Stakeholder.objects.filter(jurisdiction_id__in=jurisdiction_ids, kind=StakeholderKind.ORGANISATION)
        .annotate(vulnerable=Exists(Stakeholder.vulnerable_groups.through.objects.filter(stakeholder=OuterRef("pk"))))
        .order_by("id")
        .values("pk", "name", "sector", "jurisdiction_id", "vulnerable")
    )
    by_place: dict[int, list[dict]] = defaultdict(list)
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
    rng: random.Random, locality: Jurisdiction, orgs: list[dict], companies: dict[int, list[int]], today
) -> Plan | None:
    members = [o for o in orgs if o["sector"] in SECTOR_CONSTITUENCY]
    if len(members) < 3:
        return None
    place = locality.name
    country = locality.parent.parent if locality.parent_id and locality.parent.parent_id else None
    established = today - datetime.timedelta(days=rng.randint(420, 760))
    cadence = rng.choice((60, 90, 90, 120))
    group = WorkingGroup(
        jurisdiction=locality,
        name=f"{place} Security Working Group",
        purpose=(
            f"A local forum where the police, the military, the district council, community leaders, civil "
            f"society and the company meet regularly to build trust, share information about security "
            f"incidents in and around {place} and agree on practical steps that respect human rights. "
            "Decisions are taken by consensus; minutes are approved at the following meeting."
        ),
        established_on=established,
        cadence_days=cadence,
        status=GroupStatus.ACTIVE if rng.random() > 0.1 else GroupStatus.FORMING,
        standing_agenda="\n".join(STANDING_AGENDA),
    )
    plan = Plan(group=group, place=place, overdue=rng.random() < 0.2)
    company_ids = companies.get(country.pk, []) if country else []
    if company_ids:
        members.append({"pk": rng.choice(company_ids), "sector": Sector.COMPANY, "vulnerable": False})
    civil = None
    company = None
    for org in members:
        constituency = SECTOR_CONSTITUENCY[org["sector"]]
        if constituency == Constituency.CIVIL_SOCIETY and org["vulnerable"]:
            constituency = Constituency.VULNERABLE_GROUP
        joined = established + datetime.timedelta(days=rng.choice((0, 0, 0, rng.randint(30, 300))))
        seat = Seat(
            Membership(
                group=group,
                stakeholder_id=org["pk"],
                constituency=constituency,
                role=MemberRole.OBSERVER if org["sector"] == Sector.MINISTRY else MemberRole.MEMBER,
                joined_on=joined,
            ),
            constituency,
        )
        plan.seats.append(seat)
        if constituency == Constituency.COMPANY and company is None:
            company = seat
        if constituency in {Constituency.CIVIL_SOCIETY, Constituency.VULNERABLE_GROUP} and civil is None:
            civil = seat
    for seat in (company, civil):
        if seat is not None:
            seat.obj.role = MemberRole.CO_CHAIR
            seat.obj.joined_on = established
    neutral = next((s for s in plan.seats if s.constituency == Constituency.CIVIL_SOCIETY and s is not civil), None)
    plan.secretariat = neutral or company
    if plan.secretariat is not None and plan.secretariat.obj.role == MemberRole.MEMBER:
        plan.secretariat.obj.role = MemberRole.SECRETARIAT
        plan.secretariat.obj.joined_on = established
    # Turnover: one member left the group during the period.
    leavers = [s for s in plan.seats if s.obj.role in {MemberRole.MEMBER, MemberRole.OBSERVER}]
    if leavers and rng.random() < 0.4:
        leaver = rng.choice(leavers)
        leaver.obj.left_on = today - datetime.timedelta(days=rng.randint(20, 200))
        if leaver.obj.left_on < leaver.obj.joined_on:
            leaver.obj.left_on = leaver.obj.joined_on + datetime.timedelta(days=30)
    return plan


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


def _insert(
    rng: random.Random,
    plans: list[Plan],
    practices: list[int],
    approver,
    today: datetime.date,
    counts: dict[str, int],
    *,
    amend: bool,
    named=None,
) -> None:
    if not plans:
        return
    _create(WorkingGroup, [p.group for p in plans])
    for plan in plans:
        for seat in plan.seats:
            seat.obj.group = plan.group
    _create(Membership, [s.obj for p in plans for s in p.seats])
    with_secretariat = [p for p in plans if p.secretariat is not None]
    for plan in with_secretariat:
        plan.group.secretariat = plan.secretariat.obj
        plan.group.neutral_facilitator = plan.secretariat.constituency == Constituency.CIVIL_SOCIETY
    bulk_update_with_history(
        [p.group for p in with_secretariat],
        WorkingGroup,
        ["secretariat", "neutral_facilitator"],
        batch_size=BATCH_SIZE,
        default_change_reason=CHANGE_REASON,
    )
    counts["working groups"] += len(plans)
    counts["memberships"] += sum(len(p.seats) for p in plans)

    meetings: list[Meeting] = []
    tags: list[list[int]] = []
    agenda: list[AgendaItem] = []
    attendance: list[Attendance] = []
    issues: list[KeyIssue] = []
    actions: list[tuple[Meeting, ActionItem]] = []
    amended: Meeting | None = None
    for plan in plans:
        dates = _meeting_dates(rng, plan, today)
        for number, day in enumerate(dates):
            last = number == len(dates) - 1
            status = MeetingStatus.HELD if rng.random() > 0.06 or last else MeetingStatus.POSTPONED
            meeting = Meeting(
                group=plan.group,
                title=f"{_ordinal(number + 1)} meeting",
                status=status,
                starts_at=_at(day, rng.choice((9, 10, 14))),
                duration_minutes=rng.choice((90, 120, 150)),
                location=rng.choice(LOCATIONS).format(place=plan.place),
            )
            meetings.append(meeting)
            tags.append(rng.sample(practices, min(len(practices), 1)) if status == MeetingStatus.HELD else [])
            agenda += [AgendaItem(meeting=meeting, position=i, title=t) for i, t in enumerate(STANDING_AGENDA, 1)]
            if status != MeetingStatus.HELD:
                continue
            seated = [s for s in plan.seats if s.obj.joined_on <= day and (not s.obj.left_on or s.obj.left_on >= day)]
            present = 0
            for seat in seated:
                roll = rng.random()
                chance = PRESENCE[seat.constituency]
                state = (
                    AttendanceStatus.PRESENT
                    if roll < chance
                    else AttendanceStatus.APOLOGIES
                    if roll < chance + (1 - chance) / 2
                    else AttendanceStatus.ABSENT
                )
                present += state == AttendanceStatus.PRESENT
                attendance.append(Attendance(meeting=meeting, membership=seat.obj, status=state))
            raised = rng.sample(ISSUES, rng.randint(1, 3))
            agreed = rng.sample(DECISIONS, rng.randint(0, 2))
            for text in raised:
                speaker = rng.choice(seated) if seated else None
                issues.append(
                    KeyIssue(
                        meeting=meeting,
                        text=text.format(place=plan.place),
                        raised_by_id=speaker.obj.stakeholder_id if speaker else None,
                    )
                )
            meeting.minutes = _minutes([t.format(place=plan.place) for t in raised], present)
            meeting.decisions = "\n".join(f"- {d.format(place=plan.place)}" for d in agreed)
            if not last:
                meeting.approved_at = _at(day + datetime.timedelta(days=rng.randint(3, 20)), 12)
                meeting.approved_by = approver
                if amend and amended is None and number >= 1:
                    amended = meeting
            for text in rng.sample(ACTIONS, rng.randint(1, 3)):
                owner = rng.choice(seated) if seated else None
                if owner is None:
                    continue
                due = day + datetime.timedelta(days=rng.randint(21, 75))
                actions.append((meeting, _action(rng, plan, owner, text, day, due, today)))
        if plan.group.status != GroupStatus.CLOSED and not plan.overdue:
            next_day = max(today, (dates[-1] if dates else today)) + datetime.timedelta(days=rng.randint(5, 40))
            meetings.append(
                Meeting(
                    group=plan.group,
                    title=f"{_ordinal(len(dates) + 1)} meeting",
                    status=MeetingStatus.PLANNED,
                    starts_at=_at(next_day, 10),
                    location=LOCATIONS[0].format(place=plan.place),
                )
            )
            tags.append([])
            agenda += [AgendaItem(meeting=meetings[-1], position=i, title=t) for i, t in enumerate(STANDING_AGENDA, 1)]
    cleared = _classify(meetings, named, keep=amended) if amend else [[] for _ in meetings]
    _create(Meeting, meetings, {"practices": tags, "cleared_users": cleared})
    for meeting, action in actions:
        action.meeting = meeting
    _create(AgendaItem, agenda)
    _create(Attendance, attendance)
    _create(KeyIssue, issues)
    _create(ActionItem, [a for _, a in actions])
    notes = [
        ActionProgress(
            action=action,
            note=rng.choice(
                (
                    "Discussed with the owner; work has started.",
                    "First session held; a second one is planned.",
                    "Waiting for the regional command's answer.",
                    "Done and reported at the meeting.",
                )
            ),
            new_status=action.status if action.status != ActionStatus.OPEN else "",
        )
        for _, action in actions
        if action.status != ActionStatus.OPEN or rng.random() < 0.3
    ]
    _create(ActionProgress, notes)
    if amended is not None:
        _create(
            MinutesAmendment,
            [
                MinutesAmendment(
                    meeting=amended,
                    reason="The district council asked to correct the number of members present.",
                    minutes=amended.minutes.replace("members attended", "members attended (corrected)", 1),
                    decisions=amended.decisions,
                    author=approver,
                )
            ],
        )
        counts["minutes amendments"] += 1
    counts["meetings"] += len(meetings)
    counts["attendance records"] += len(attendance)
    counts["key issues"] += len(issues)
    counts["action items"] += len(actions)
    counts["progress notes"] += len(notes)


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


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _create(model: type[models.Model], objs: list, m2m: dict[str, list[list[int]]] | None = None) -> None:
    """Insert ``objs`` with their audit trail, as the demo's own (``shrhub.services.bulk_create_audited``)."""
    bulk_create_audited(model, objs, m2m, reason=CHANGE_REASON, batch_size=BATCH_SIZE)
