"""The canary crawl (issue 11, "By construction"): no response carries a marker of a record its reader may not see.

A small hand-built country is committed once for the module (with the catalogue). In it every restricted and
confidential record of every ``ConfidentialModel``, and every record that hides with one, carries a unique
marker in every text field (``CANARY-0042-stakeholder-name``: the number identifies the record and the field);
visible records carry none. The world states, where it builds a record, which records it hides with (a position
with its organisation, a progress note with its action, an engagement's guest with the stakeholder…): a marker
may reach a user only if ``Model.objects.visible_to(user)`` holds its record, every record it hides with is
visible to them too, and the field is not one of the model's ``restricted_fields`` the user lacks. A record
with a detail page has one more marker, its URL (a link to a hidden record reveals it).

The crawl walks every route of the URLconf and the API router with ``tests.test_route_access``'s walk (so a new
route is crawled without anyone listing it) and GETs it, never writes, as anonymous, each role and users named
on some records: every record of the route's model in the world (visible and hidden; a hidden one must answer
404, or the login page, 401, 403 or 405 where the reader may not use the route at all), each export of a
manager view (CSV tables; SVG charts, which carry the PNG's text), every list's export (CSV and XLSX, whose
cells are read), and, on lists, every filter with values that
point at hidden records, every ordering key, and ``q=CANARY``. A failure lists route, URL, user and which
marker (model, pk, field) appeared.

What it does not see: values that are not text (a stance, a score, a date, an id in JSON), and what a reader
can infer from which visible rows a filter or an ordering returns. Those are tested per leak.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import django_filters
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient
from rest_framework.views import APIView

from commitments.choices import AgreementStatus, Process, RolloutState
from shrhub.list_exports import FORMATS as EXPORT_FORMATS
from shrhub.list_exports import exportable
from shrhub.models import Confidentiality, ConfidentialModel, hidden_fields
from shrhub.roles import Role
from shrhub.spreadsheets import XLSX_TYPE
from shrhub.tokens import issue_token
from shrhub.views import ListExportView
from stakeholders.choices import Sector, StakeholderKind, Stance
from tests.analysis.factories import (
    ApprovedAnalysisFactory,
    CoordinationRiskFactory,
    FindingFactory,
    MitigationFactory,
    MitigationProgressFactory,
    SituationAnalysisFactory,
)
from tests.commitments.factories import (
    AgreementFactory,
    AudienceFactory,
    ObligationFactory,
    ObligationProgressFactory,
    RolloutFactory,
)
from tests.followups.factories import FollowUpFactory, FollowUpProgressFactory
from tests.practices.factories import AdoptionFactory
from tests.shrhub.factories import LocalityFactory, NationalFactory, RegionFactory
from tests.stakeholders.factories import (
    AssessmentFactory,
    EngagementFactory,
    MappingAnswerFactory,
    MappingRoundFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    TenureFactory,
)
from tests.test_route_access import EXPECTED, ROUTES, Access, Api, Route, add_export_job, add_import_batch
from tests.workinggroups.factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AgendaItemFactory,
    ApprovedMeetingFactory,
    AttendanceFactory,
    GuestFactory,
    HeldMeetingFactory,
    KeyIssueFactory,
    MembershipFactory,
    MinutesAmendmentFactory,
    WorkingGroupFactory,
    at,
)
from workinggroups.choices import Constituency

pytestmark = [pytest.mark.dates, pytest.mark.crawl, pytest.mark.django_db]

RESTRICTED, CONFIDENTIAL = Confidentiality.RESTRICTED, Confidentiality.CONFIDENTIAL
CONTACTS = ("email", "phone", "languages")  # only persons hold them (a database constraint)
MARK = re.compile(r"canary-(\d{4})", re.IGNORECASE)  # the number is enough: truncated text still gives it away

Key = tuple[str, int]  # (model label, pk)


def key_of(obj: models.Model) -> Key:
    return obj._meta.label_lower, obj.pk


# Markers -------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Marker:
    number: int
    record: Key
    field: str

    def __str__(self) -> str:
        return f"CANARY-{self.number:04d} ({self.record[0]} #{self.record[1]}, {self.field})"


def marker_text(number: int, model: type[models.Model], field: models.Field) -> str:
    """A value for ``field`` that carries the marker and fits the field."""
    if isinstance(field, models.EmailField):
        return f"canary-{number:04d}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/canary-{number:04d}"
    text = f"CANARY-{number:04d}-{model._meta.model_name}-{field.name}"
    return text[: max(field.max_length or len(text), 11)]


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The free-text fields of a model: char and text fields that are not a choice of fixed values."""
    return [
        f
        for f in model._meta.fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.generated
    ]


class Canaries:
    """Builds marked records and remembers, per marker, whose field it is and what each record hides with."""

    def __init__(self) -> None:
        self.count = 0
        self.markers: dict[int, Marker] = {}
        self.hides_with: dict[Key, tuple[Key, ...]] = {}  # every marked record, with what it hides with
        self.urls: dict[str, Key] = {}  # a marked record's own page
        self.records: dict[str, list[models.Model]] = {}  # every record the world built, by model label

    def describe(self, record: Key) -> str:
        """``stakeholders.position #1 (hides with stakeholders.stakeholder #4, restricted)``."""
        model = apps.get_model(record[0])
        level = (
            model._base_manager.filter(pk=record[1]).values_list("confidentiality", flat=True).first()
            if (issubclass(model, ConfidentialModel))
            else None
        )
        why = [self.describe(other) for other in self.hides_with.get(record, ())]
        if level and level != Confidentiality.INTERNAL:
            why.append(level)
        inner = ", ".join(why)
        return f"{record[0]} #{record[1]}" + (f" [{inner}]" if inner else "")

    def keep(self, obj: models.Model) -> models.Model:
        """Remember a record (visible, unmarked) for the crawl's URL parameters."""
        self.records.setdefault(obj._meta.label_lower, []).append(obj)
        return obj

    def make(self, factory, *, hides_with=(), cleared=(), exclude=(), **kwargs) -> models.Model:
        """A record from ``factory`` with a marker in every text field not given in ``kwargs`` or ``exclude``;
        it hides with the records in ``hides_with`` (on top of its own level); ``cleared`` are its named users."""
        model = factory._meta.model
        numbered = {}
        for field in text_fields(model):
            if field.name in kwargs or field.name in exclude:
                continue
            self.count += 1
            numbered[field.name] = self.count
            kwargs[field.name] = marker_text(self.count, model, field)
        obj = factory(**kwargs)
        return self.register(obj, numbered, hides_with=hides_with, cleared=cleared)

    def register(self, obj, numbered: dict[str, int], *, hides_with=(), cleared=()) -> models.Model:
        if cleared:
            obj.cleared_users.set(cleared)
        key = key_of(obj)
        for name, number in numbered.items():
            self.markers[number] = Marker(number, key, name)
        self.hides_with[key] = tuple(key_of(o) for o in hides_with)
        url = own_page(obj)
        if url:
            self.urls[url] = key
        return self.keep(obj)

    def marked_user(self, *, hides_with) -> models.Model:
        """An account that appears only through the records it hides with (say, as their author); inactive, so
        that no list of staff shows it."""
        numbers = {}
        values = {"username": f"canary-user-{self.count + 1:04d}"}  # staff pickers list every account by its name
        for name in ("first_name", "last_name"):
            self.count += 1
            numbers[name] = self.count
            values[name] = f"CANARY-{self.count:04d}-user-{name}"
        user = get_user_model().objects.create_user(is_active=False, **values)
        return self.register(user, numbers, hides_with=hides_with)


def own_page(obj: models.Model) -> str | None:
    """The URL of the record's own detail page, if it has one (``<app>:<model>_detail``)."""
    opts = obj._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}_detail", args=[obj.pk])
    except NoReverseMatch:
        return None


# The world -----------------------------------------------------------------------------------------------------

NAMED_COMMUNITY = "named-community"  # community relations, named on a confidential organisation and engagement
NAMED_INTEGRATION = "named-integration"  # integration, named on a confidential person and a restricted meeting
ANONYMOUS = "anonymous"
USERS = (ANONYMOUS, *Role.values, NAMED_COMMUNITY, NAMED_INTEGRATION)


@dataclasses.dataclass
class World:
    canaries: Canaries
    users: dict[str, Any]
    pages: dict[str, Client]  # a logged-in page client per user
    api: dict[str, APIClient]  # an API client with a token per user
    allowed: dict[str, set[Key]] = dataclasses.field(default_factory=dict)  # marked records each user may see

    def may_see(self, user: str, record: Key) -> bool:
        return record in self.allowed[user]

    def may_see_marker(self, user: str, marker: Marker) -> bool:
        if not self.may_see(user, marker.record):
            return False
        model = apps.get_model(marker.record[0])
        return marker.field not in hidden_fields(model, self.users.get(user))


def make_user(username: str, role: str) -> Any:
    user = get_user_model().objects.create_user(username=username, is_staff=role == Role.ADMINISTRATOR)
    user.groups.add(Group.objects.get(name=role))
    return user


def build_country(c: Canaries, users: dict[str, Any]) -> None:
    """The hand-built country: a few visible records, and beside them every kind of hidden one."""
    national = NationalFactory()
    region = RegionFactory(parent=national, name="Northern Region", code="north")
    locality = LocalityFactory(parent=region, name="Kessa District", code="kessa")
    for place in (national, region, locality):
        c.keep(place)
    named_community, named_integration = users[NAMED_COMMUNITY], users[NAMED_INTEGRATION]

    # Visible registry records (no markers) -----------------------------------------------------------------
    ministry = c.keep(OrganisationFactory(name="Ministry of the Interior", jurisdiction=national))
    police = c.keep(OrganisationFactory(name="National Police", sector=Sector.POLICE, jurisdiction=national))
    officer = c.keep(PersonFactory(name="Amara Kessa", parent=ministry, jurisdiction=national))
    c.keep(AssessmentFactory(stakeholder=police, assessed_on=datetime.date(2026, 1, 5), stance=Stance.SUPPORTER))
    mapping_round = c.keep(MappingRoundFactory(name="Mapping round 2026", jurisdiction=national))
    c.keep(MappingAnswerFactory(mapping_round=mapping_round))

    # Hidden stakeholders --------------------------------------------------------------------------------
    restricted_org = c.make(
        OrganisationFactory, confidentiality=RESTRICTED, exclude=CONTACTS, jurisdiction=region, level="regional"
    )
    confidential_org = c.make(
        OrganisationFactory, confidentiality=CONFIDENTIAL, exclude=CONTACTS, cleared=[named_community]
    )
    person = c.make(
        PersonFactory, kind=StakeholderKind.PERSON, confidentiality=CONFIDENTIAL, parent=ministry,
        cleared=[named_integration],
    )  # fmt: skip
    # A visible child organisation whose parent is hidden.
    c.keep(OrganisationFactory(name="Northern Directorate", parent=confidential_org, jurisdiction=national))

    # A visible stakeholder whose latest assessment is confidential, an older one restricted, the oldest internal.
    c.keep(AssessmentFactory(stakeholder=ministry, assessed_on=datetime.date(2025, 6, 1), stance=Stance.CHAMPION))
    c.make(AssessmentFactory, stakeholder=ministry, assessed_on=datetime.date(2026, 1, 10), confidentiality=RESTRICTED)
    secret = c.make(
        AssessmentFactory,
        stakeholder=ministry,
        assessed_on=datetime.date(2026, 2, 1),
        stance=Stance.SPOILER,
        influence=5,
        confidentiality=CONFIDENTIAL,
        mapping_round=mapping_round,
    )
    secret.author = c.marked_user(hides_with=[secret])
    secret.save()
    # Records of hidden stakeholders: an internal assessment, a relationship, an office and its holder.
    c.make(AssessmentFactory, stakeholder=restricted_org, hides_with=[restricted_org])
    c.make(RelationshipFactory, source=restricted_org, target=ministry, hides_with=[restricted_org])
    office = c.make(PositionFactory, organisation=restricted_org, hides_with=[restricted_org])
    c.make(TenureFactory, position=office, holder=officer, hides_with=[office])
    secretary = c.keep(PositionFactory(organisation=ministry, title="Permanent Secretary"))
    c.make(TenureFactory, position=secretary, holder=person, hides_with=[person])
    # A restricted relationship between visible stakeholders.
    c.make(RelationshipFactory, source=ministry, target=police, confidentiality=RESTRICTED)
    c.make(RelationshipFactory, source=police, target=ministry, confidentiality=CONFIDENTIAL, cleared=[named_community])

    # Engagements: a confidential one, and a visible one that names hidden stakeholders among others.
    practice = apps.get_model("practices", "Practice").objects.order_by("pk").first()
    talks = c.make(
        EngagementFactory,
        confidentiality=CONFIDENTIAL,
        stakeholders=[ministry],
        cleared=[named_community],
        jurisdiction=national,
    )
    talks.practices.add(practice)
    briefing = c.make(EngagementFactory, confidentiality=RESTRICTED, stakeholders=[police], jurisdiction=region)
    roundtable = c.keep(
        EngagementFactory(title="Roundtable on security", stakeholders=[ministry], jurisdiction=national)
    )
    roundtable.stakeholders.add(confidential_org, person)
    roundtable.practices.add(practice)
    c.keep(AdoptionFactory(practice=practice, jurisdiction=national))

    # Follow-ups hide with their engagement (and progress notes with their follow-up); the roundtable's is visible.
    for hidden_engagement in (talks, briefing):
        undertaking = c.make(FollowUpFactory, engagement=hidden_engagement, owner=None, hides_with=[hidden_engagement])
        c.make(FollowUpProgressFactory, follow_up=undertaking, hides_with=[undertaking])
    shared = c.keep(FollowUpFactory(engagement=roundtable, owner=None, description="Send the roundtable's notes"))
    c.keep(FollowUpProgressFactory(follow_up=shared, note="Notes sent to every participant"))

    # Working groups -----------------------------------------------------------------------------------------
    group = c.keep(WorkingGroupFactory(name="Kessa Security Working Group", jurisdiction=locality))
    seat = c.keep(MembershipFactory(group=group, stakeholder=police, constituency=Constituency.POLICE))
    hidden_seat = c.make(
        MembershipFactory, group=group, stakeholder=person, constituency=Constituency.LOCAL_LEADER, hides_with=[person]
    )
    group.secretariat = hidden_seat  # the focal point's seat is held by a hidden person
    group.save()

    # A visible meeting in which a hidden person is a guest, raises an issue, attends and owns an action.
    meeting = c.keep(HeldMeetingFactory(group=group, title="Quarterly meeting", starts_at=at(2026, 3, 2)))
    c.keep(AgendaItemFactory(meeting=meeting, position=1, title="Welcome"))
    c.keep(AttendanceFactory(meeting=meeting, membership=seat))
    c.make(AttendanceFactory, meeting=meeting, membership=hidden_seat, hides_with=[hidden_seat])
    c.make(GuestFactory, meeting=meeting, stakeholder=person, hides_with=[person])
    c.make(KeyIssueFactory, meeting=meeting, raised_by=person, hides_with=[person])
    action = c.make(
        ActionItemFactory, meeting=meeting, group=group, owner_membership=hidden_seat, hides_with=[hidden_seat]
    )
    c.make(ActionProgressFactory, action=action, hides_with=[action])

    # A restricted draft and a confidential approved meeting, each with its whole record.
    restricted = c.make(
        HeldMeetingFactory, group=group, starts_at=at(2026, 4, 6), confidentiality=RESTRICTED,
        cleared=[named_integration],
    )  # fmt: skip
    confidential = c.make(ApprovedMeetingFactory, group=group, starts_at=at(2026, 2, 2), confidentiality=CONFIDENTIAL)
    confidential.practices.add(practice)
    for hidden in (restricted, confidential):
        c.make(AgendaItemFactory, meeting=hidden, position=1, hides_with=[hidden])
        c.make(KeyIssueFactory, meeting=hidden, hides_with=[hidden])
        c.make(GuestFactory, meeting=hidden, hides_with=[hidden])
        c.make(AttendanceFactory, meeting=hidden, membership=seat, hides_with=[hidden])
        agreed = c.make(
            ActionItemFactory,
            meeting=hidden,
            group=group,
            owner_membership=seat,
            due_on=datetime.date(2026, 5, 1),
            hides_with=[hidden],
        )
        c.make(ActionProgressFactory, action=agreed, hides_with=[agreed])
    c.make(MinutesAmendmentFactory, meeting=confidential, hides_with=[confidential])
    build_agreements(
        c,
        users,
        places=(national, region),
        visible=(ministry, police, roundtable, meeting),
        hidden=(restricted_org, confidential_org, person, talks, briefing, restricted, confidential),
    )
    build_advocacy(c, ministry=ministry, roundtable=roundtable, hidden=(restricted_org, confidential_org, talks))
    hidden_stakeholders = [restricted_org, confidential_org, person]
    build_audiences(c, national=national, group=group, visible=(ministry, police), hidden=hidden_stakeholders)
    build_analysis(
        c, users, national=national, region=region, ministry=ministry, police=police, hidden=hidden_stakeholders
    )
    build_legal(c, national=national, visible_expert=police, hidden=hidden_stakeholders)
    build_documents(
        c, users, visible=(roundtable, ministry, meeting), hidden=(talks, briefing, restricted_org, confidential)
    )
    add_export_job(users[Role.ADMINISTRATOR])
    c.keep(apps.get_model("shrhub", "ExportJob").objects.get())
    add_import_batch(users[Role.ADMINISTRATOR])
    c.keep(apps.get_model("shrhub", "ImportBatch").objects.get())


def build_documents(c: Canaries, users: dict[str, Any], *, visible: tuple, hidden: tuple) -> None:
    """Documents: one on each hidden record (hidden with it); on a visible record, a restricted one (named to the
    named integration) and a confidential one, marked, beside a visible one."""
    from tests.documents.factories import AttachmentFactory

    def on(record) -> dict[str, Any]:
        name = {
            "stakeholders.engagement": "engagement",
            "stakeholders.stakeholder": "stakeholder",
            "workinggroups.meeting": "meeting",
        }[record._meta.label_lower]
        return {"engagement": None, name: record}

    derived = ("extension",)  # read from the file's content, ten characters at most: not free text
    for record in hidden:
        c.make(AttachmentFactory, **on(record), hides_with=[record], exclude=derived)
    for record in visible:
        c.make(
            AttachmentFactory,
            **on(record),
            confidentiality=RESTRICTED,
            cleared=[users[NAMED_INTEGRATION]],
            exclude=derived,
        )
        c.make(AttachmentFactory, **on(record), confidentiality=CONFIDENTIAL, exclude=derived)
        c.keep(AttachmentFactory(**on(record), title="Signed copy", original_name="signed-copy.pdf"))


def build_legal(c: Canaries, *, national, visible_expert, hidden: list) -> None:
    """The legal framework: one entry of each kind, visible (its entries never hide), whose experts consulted are
    hidden stakeholders beside a visible one (a masked link): the country page, the short report, the lists and
    the API must never name them."""
    from tests.analysis.legal_factories import (
        ActionPlanFactory,
        IhlAssessmentFactory,
        InitiativeCommitmentFactory,
        InstrumentStatusFactory,
        NationalLawFactory,
    )

    experts = [visible_expert, *hidden]
    c.keep(NationalLawFactory(country=national, title="Police Act", experts=experts))
    c.keep(InstrumentStatusFactory(country=national, experts=experts))
    c.keep(IhlAssessmentFactory(country=national, experts=experts))
    c.keep(ActionPlanFactory(country=national, experts=experts))
    c.keep(InitiativeCommitmentFactory(country=national, experts=experts))


def build_analysis(c: Canaries, users: dict[str, Any], *, national, region, ministry, police, hidden: list) -> None:
    """Situation analyses and the risk register: hidden editions with their findings; hidden risks with their
    mitigations and progress notes; a visible edition that revises a hidden one; a visible edition and finding
    that name hidden stakeholders; a visible risk that links hidden stakeholders, agreements and an analysis."""
    # Hidden editions, each with a finding that hides with it; a visible edition revises the restricted one.
    secret = c.make(
        ApprovedAnalysisFactory, jurisdiction=national, confidentiality=CONFIDENTIAL,
        cleared=[users[NAMED_COMMUNITY]], stakeholders=[ministry],
    )  # fmt: skip
    restricted = c.make(ApprovedAnalysisFactory, jurisdiction=region, confidentiality=RESTRICTED)
    for edition in (secret, restricted):
        c.make(FindingFactory, analysis=edition, stakeholders=[police], hides_with=[edition])
    c.keep(SituationAnalysisFactory(jurisdiction=region, previous=restricted, title="Northern analysis, edition 2"))
    # A visible edition and finding that name hidden stakeholders among visible ones.
    current = c.keep(ApprovedAnalysisFactory(jurisdiction=national, title="Situation analysis 2026"))
    current.stakeholders.set([ministry, *hidden])
    finding = c.keep(FindingFactory(analysis=current, text="Checkpoints multiply after protests"))
    finding.stakeholders.set([police, *hidden])
    # Hidden risks, each with a mitigation and a progress note hiding with it.
    for level, cleared in ((RESTRICTED, [users[NAMED_INTEGRATION]]), (CONFIDENTIAL, [])):
        risk = c.make(
            CoordinationRiskFactory, jurisdiction=national, confidentiality=level, owner=None, stakeholders=[police],
            cleared=cleared, analysis=current,
        )  # fmt: skip
        remedy = c.make(MitigationFactory, risk=risk, owner=None, hides_with=[risk])
        c.make(MitigationProgressFactory, mitigation=remedy, hides_with=[remedy])
    # A visible risk linking hidden stakeholders, hidden agreements and a hidden analysis (masked links).
    agreements = [
        c.make(AgreementFactory, jurisdiction=national, confidentiality=level) for level in (RESTRICTED, CONFIDENTIAL)
    ]
    shared = c.keep(
        CoordinationRiskFactory(
            title="Checkpoint abuses go unpunished", jurisdiction=national, owner=None, analysis=secret,
            stakeholders=[police, *hidden], agreements=agreements,
        )
    )  # fmt: skip
    remedy = c.keep(MitigationFactory(risk=shared, owner=None, description="Brief the district prosecutor"))
    c.keep(MitigationProgressFactory(mitigation=remedy, note="Prosecutor briefed"))


def build_agreements(c: Canaries, users: dict[str, Any], *, places: tuple, visible: tuple, hidden: tuple) -> None:
    """Agreements: hidden ones with their obligations, notes and roll-out; a visible one whose parties, evidence,
    obligations and roll-out reach hidden records (masked links, or rows that hide with what they name)."""
    national, region = places
    ministry, police, roundtable, meeting = visible
    restricted_org, confidential_org, person, talks, briefing, restricted_meeting, confidential_meeting = hidden
    directorate = c.keep(
        OrganisationFactory(
            name="Northern Directorate of the Interior", level="regional", jurisdiction=region, parent=ministry
        )
    )

    # Hidden agreements: their obligations, progress notes and roll-out hide with them.
    successors = []
    for level, cleared in ((RESTRICTED, ()), (CONFIDENTIAL, (users[NAMED_COMMUNITY],))):
        secret = c.make(
            AgreementFactory, confidentiality=level, cleared=cleared, jurisdiction=national, parties=[police]
        )
        duty = c.make(ObligationFactory, agreement=secret, owner=None, hides_with=[secret])
        c.make(ObligationProgressFactory, obligation=duty, hides_with=[duty])
        c.make(RolloutFactory, agreement=secret, body=directorate, hides_with=[secret])
        successors.append(secret)

    # A visible agreement with hidden parties and evidence (masked links), superseding nothing visible.
    mou = c.keep(
        AgreementFactory(
            title="MoU on security arrangements",
            jurisdiction=national,
            parties=[ministry, police, confidential_org, person],
            meetings=[meeting, restricted_meeting, confidential_meeting],
            engagements=[roundtable, talks, briefing],
        )
    )
    # A visible agreement superseded by a hidden one.
    c.keep(
        AgreementFactory(
            title="MoU of 2024", status=AgreementStatus.SUPERSEDED, superseded_by=successors[0], parties=[ministry]
        )
    )
    # Its obligations: one visible with a note, one owned by a hidden stakeholder (hiding with it, its note too).
    shared = c.keep(ObligationFactory(agreement=mou, owner=None, description="Train every unit before deployment"))
    c.keep(ObligationProgressFactory(obligation=shared, note="Training plan shared with the command"))
    owed = c.make(
        ObligationFactory, agreement=mou, owner=None, owner_stakeholder=confidential_org, hides_with=[confidential_org]
    )
    c.make(ObligationProgressFactory, obligation=owed, hides_with=[owed])
    # Its roll-out: a visible body whose evidence includes a hidden engagement, and a hidden body.
    c.keep(
        RolloutFactory(
            agreement=mou,
            body=directorate,
            state=RolloutState.AWARE,
            evidence="Copy received at the regional council",
            engagements=[roundtable, talks],
        )
    )
    c.make(
        RolloutFactory,
        agreement=mou,
        body=restricted_org,
        state=RolloutState.CONTRADICTING,
        hides_with=[restricted_org],
    )


def build_advocacy(c: Canaries, *, ministry: Any, roundtable: Any, hidden: tuple) -> None:
    """The case for the VPs: standards raised in a hidden engagement and with a hidden agency (their arguments
    hiding with them), a visible one beside them; commitment assessments of a hidden body, and a visible one whose
    evidence includes a hidden engagement (a masked link)."""
    from tests.commitments.advocacy_factories import (
        AdvocacyFactory,
        ArgumentPutFactory,
        BenefitArgumentFactory,
        CommitmentAssessmentFactory,
    )

    restricted_org, confidential_org, talks = hidden
    argument = c.keep(BenefitArgumentFactory(name="Fewer incidents at the checkpoints"))
    in_secret = c.make(AdvocacyFactory, engagement=talks, agency=ministry, hides_with=[talks])
    c.make(ArgumentPutFactory, advocacy=in_secret, argument=argument, hides_with=[in_secret])
    with_hidden = c.make(AdvocacyFactory, engagement=roundtable, agency=confidential_org, hides_with=[confidential_org])
    c.make(ArgumentPutFactory, advocacy=with_hidden, argument=argument, response="rejected", hides_with=[with_hidden])
    shown = c.keep(AdvocacyFactory(engagement=roundtable, agency=ministry, response_notes="Asked for the figures"))
    c.keep(ArgumentPutFactory(advocacy=shown, argument=argument, wording="Clashes halved since the training"))
    c.make(CommitmentAssessmentFactory, stakeholder=restricted_org, level="champion", hides_with=[restricted_org])
    c.keep(
        CommitmentAssessmentFactory(
            stakeholder=ministry,
            level="supportive",
            evidence="Said so at the roundtable",
            engagements=[roundtable, talks],
        )
    )


def build_audiences(c: Canaries, *, national, group, visible: tuple, hidden: list) -> None:
    """Who is kept informed: hidden stakeholders in the audience of visible processes (the country's, a working
    group's, an agreement's), one with a named owner who appears only through it; a hidden agreement's audience of a
    visible stakeholder; a visible member whose only engagement is hidden (its date must not show either: the
    audience tests check it)."""
    ministry, police = visible
    mou = c.keep(AgreementFactory(title="MoU on the northern concession", jurisdiction=national))
    processes = (
        {"process": Process.IN_COUNTRY, "country": national},
        {"process": Process.WORKING_GROUP, "country": None, "working_group": group},
        {"process": Process.AGREEMENT, "country": None, "agreement": mou},
    )
    for stakeholder, process in zip(hidden, processes, strict=True):
        member = c.make(AudienceFactory, stakeholder=stakeholder, hides_with=[stakeholder], **process)
    member.owner = c.marked_user(hides_with=[member])
    member.save()
    secret = c.make(AgreementFactory, confidentiality=Confidentiality.RESTRICTED, jurisdiction=national)
    c.make(AudienceFactory, stakeholder=police, hides_with=[secret], **{**processes[2], "agreement": secret})
    c.keep(AudienceFactory(stakeholder=ministry, country=national, notes="Briefed at every quarterly meeting"))


def visible(c: Canaries, record: Key, user: Any, seen: dict[Key, bool]) -> bool:
    """The record is in ``visible_to(user)`` and so is every record it hides with."""
    if record not in seen:
        model = apps.get_model(record[0])
        manager = model._default_manager
        own = not hasattr(manager, "visible_to") or manager.visible_to(user).filter(pk=record[1]).exists()
        seen[record] = own and all(visible(c, other, user, seen) for other in c.hides_with.get(record, ()))
    return seen[record]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The catalogue, the hand-built country and the users, committed once for the module; flushed at its end."""
    with django_db_blocker.unblock():
        call_command("load_catalogue", stdout=io.StringIO())
        users = {role: make_user(f"canary-{role}", role) for role in Role.values}
        users[NAMED_COMMUNITY] = make_user(NAMED_COMMUNITY, Role.COMMUNITY)
        users[NAMED_INTEGRATION] = make_user(NAMED_INTEGRATION, Role.INTEGRATION)
        canaries = Canaries()
        build_country(canaries, users)
        pages, api = {ANONYMOUS: Client()}, {ANONYMOUS: APIClient()}
        for name, user in users.items():
            pages[name] = Client()
            pages[name].force_login(user)
            api[name] = APIClient()
            api[name].credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user, name='canary')[1]}")
        world = World(canaries, users, pages, api)
        for name in USERS:
            seen: dict[Key, bool] = {}
            user = users.get(name)
            world.allowed[name] = {k for k in canaries.hides_with if visible(canaries, k, user, seen)}
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            call_command("flush", "--no-input", verbosity=0)


# What to request -----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Target:
    url: str
    record: Key | None = None  # the record named in the URL
    listing: bool = False  # a list: filters and orderings apply


def entry(route: Route) -> Access:
    return EXPECTED.get(route.name) or Access()


def is_api(route: Route) -> bool:
    known = EXPECTED.get(route.name)
    if known is not None:
        return isinstance(known, Api)
    return isinstance(route.view_class, type) and issubclass(route.view_class, APIView)


def serves_get(route: Route) -> bool:
    offered = route.offered()
    return offered is None or "get" in offered


def filterset_of(route: Route) -> type | None:
    """The FilterSet a route applies, if it lists (an API action may switch it off)."""
    initkwargs = getattr(route.callback, "initkwargs", {}) or {}
    if "filterset_class" in initkwargs:
        return initkwargs["filterset_class"]
    return getattr(route.view_class, "filterset_class", None)


def exports_of(route: Route) -> list[dict[str, str]]:
    """A manager view's exports: each table as CSV, each chart as SVG (the PNG is drawn from the same SVG); the
    list export: every listed model, as CSV and XLSX."""
    view = route.view_class
    if view is ListExportView:
        return [{"model": label, "fmt": fmt} for label in sorted(exportable()) for fmt in EXPORT_FORMATS]
    charts, tables = getattr(view, "charts", None), getattr(view, "tables", None)
    if not {"name", "fmt"} <= set(route.params) or charts is None or tables is None:
        return []
    return [{"name": n, "fmt": "csv"} for n in tables] + [{"name": n, "fmt": "svg"} for n in charts]


def records_for(world: World, model: type[models.Model]) -> list[models.Model]:
    built = world.canaries.records.get(model._meta.label_lower)
    if built:
        return built
    first = model._default_manager.order_by("pk").first()  # the catalogue
    return [first] if first is not None else []


def targets(world: World, route: Route) -> list[Target]:
    access = entry(route)
    bases = exports_of(route) or [dict(access.kwargs)]
    params = [p for p in route.params if p not in bases[0]]
    if not params:
        listing = filterset_of(route) is not None
        return [Target(reverse(route.name, kwargs=kwargs), listing=listing) for kwargs in bases]
    model = route.model(access)
    assert model is not None, f"{route.name}: cannot tell which model its URL names (give it a route-access entry)"
    records = records_for(world, model)
    assert records, f"{route.name}: the world holds no {model._meta.label} to crawl it with"
    return [
        Target(reverse(route.name, kwargs={**kwargs, **{p: getattr(obj, p) for p in params}}), key_of(obj))
        for obj in records
        for kwargs in bases
    ]


def hidden_of(world: World, model: type[models.Model]) -> list[models.Model]:
    """The world's marked (hidden or hiding) records of a model."""
    label = model._meta.label_lower
    return [o for o in world.canaries.records.get(label, []) if key_of(o) in world.canaries.hides_with]


def filter_values(world: World, filterset: type, name: str, filter_: django_filters.Filter) -> list[str]:
    """Values to try for one filter: hidden records, values hidden records hold, both truths, a search."""
    if isinstance(filter_, django_filters.OrderingFilter):
        return list(filter_.param_map)
    if name == "q":
        return ["CANARY"]
    if isinstance(filter_, django_filters.BooleanFilter):
        return ["true", "false"]
    if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
        queryset = filter_.extra.get("queryset")
        if callable(queryset):
            queryset = queryset(SimpleNamespace(user=world.users[Role.ADMINISTRATOR]))
        if queryset is None:
            return []
        to_field = filter_.extra.get("to_field_name") or "pk"
        return [str(getattr(o, to_field)) for o in hidden_of(world, queryset.model)[:3]]
    if isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = filter_.extra.get("choices") or []
        choices = list(choices() if callable(choices) else choices)
        values = [str(v) for v, _ in choices]
        held = held_values(world, filterset, filter_)
        return [v for v in values if v in held][:4] or values[:1]
    return []


def held_values(world: World, filterset: type, filter_: django_filters.Filter) -> set[str]:
    """The values the world's records hold at the filter's field (empty when it names no field)."""
    model = filterset._meta.model
    records = world.canaries.records.get(model._meta.label_lower, [])
    if not records or not filter_.field_name:
        return set()
    try:
        rows = model._base_manager.filter(pk__in=[o.pk for o in records]).values_list(filter_.field_name, flat=True)
        return {str(v) for v in rows if v is not None}
    except FieldError:  # a method filter names no field: the caller falls back on the first choice
        return set()


def variants(world: World, route: Route) -> list[dict[str, str]]:
    filterset = filterset_of(route)
    if filterset is None:
        return []
    found = []
    for name, filter_ in filterset.base_filters.items():
        found.extend({name: value} for value in filter_values(world, filterset, name, filter_))
    return found


# Checking an answer --------------------------------------------------------------------------------------------


def to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def text_of(response) -> str:
    parts = [response.get("Location", ""), response.get("Content-Disposition", "")]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == XLSX_TYPE:  # a zip: its cells, not its compressed bytes
        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = (value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row)
        content = "\n".join(str(value) for value in cells if value is not None).encode()
    parts.append(content.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def url_pattern(url: str) -> re.Pattern:
    # "/stakeholders/12/" where it stands as a path of its own (not inside "/api/v1/stakeholders/12/").
    return re.compile(rf"(?:(?<![\w.-])|(?<=testserver)){re.escape(url)}")


URL_PATTERNS: dict[str, re.Pattern] = {}


def leaks(world: World, user: str, target: Target, response) -> list[str]:
    """What the answer shows that this user may not see."""
    found = []
    hidden = target.record in world.canaries.hides_with and not world.may_see(user, target.record)
    if hidden and response.status_code < 400 and not to_login(response):
        found.append(f"answered {response.status_code} for hidden {target.record[0]} #{target.record[1]}")
    if to_login(response) or response.status_code in (401, 403, 405):
        return found
    text = text_of(response)
    for number in sorted({int(n) for n in MARK.findall(text)}):
        marker = world.canaries.markers.get(number)
        if marker is None:
            found.append(f"unknown marker CANARY-{number:04d}")
        elif not world.may_see_marker(user, marker):
            found.append(f"marker {marker}")
    for url, record in world.canaries.urls.items():
        if record == target.record or world.may_see(user, record):
            continue
        pattern = URL_PATTERNS.setdefault(url, url_pattern(url))
        if pattern.search(text):
            found.append(f"link {url} ({record[0]} #{record[1]})")
    return found


def get(world: World, route: Route, user: str, url: str, params: dict[str, str] | None = None):
    client = world.api[user] if is_api(route) else world.pages[user]
    return client.get(url, params or {})


# The test ------------------------------------------------------------------------------------------------------

CRAWLED = [name for name, route in ROUTES.items() if serves_get(route)]


def test_the_world_marks_every_confidential_model(world):
    """Each ConfidentialModel has restricted and confidential records with markers, and some user is named."""
    confidential = [m for m in apps.get_models() if issubclass(m, ConfidentialModel)]
    assert confidential
    missing = []
    for model in confidential:
        levels = {
            o.confidentiality
            for o in hidden_of(world, model)
            if any(m.record == key_of(o) for m in world.canaries.markers.values())
        }
        for level in (RESTRICTED, CONFIDENTIAL):
            if level not in levels:
                missing.append(f"{model._meta.label}: no marked {level} record")
    assert not missing, "\n".join(missing)
    assert world.allowed[NAMED_COMMUNITY] - world.allowed[Role.COMMUNITY], "the named users see more than their role"
    assert world.allowed[NAMED_INTEGRATION] - world.allowed[Role.INTEGRATION]


def shown_markers(response) -> set[int]:
    return {int(n) for n in MARK.findall(text_of(response))}


def test_markers_reach_those_who_may_see_them(world):
    """The crawl can fail: a marked record's own page shows its markers to an administrator, a named user sees
    the record they are named on, and a restricted field's marker stays out of reach of a role without it. (A
    record shown on another's page, such as an analysis's finding, is followed there.)"""
    markers = world.canaries.markers
    for url, record in world.canaries.urls.items():
        response = world.pages[Role.ADMINISTRATOR].get(url, follow=True)
        assert response.status_code == 200, url
        assert any(markers[n].record == record for n in shown_markers(response) if n in markers), url
    person = next(o for o in hidden_of(world, apps.get_model("stakeholders", "Stakeholder")) if o.is_person)
    own = {m.field: m.number for m in markers.values() if m.record == key_of(person)}
    response = world.api[NAMED_INTEGRATION].get(reverse("stakeholder-detail", args=[person.pk]))
    assert response.status_code == 200
    assert own["name"] in shown_markers(response)
    assert own["email"] not in shown_markers(response)
    assert not world.may_see_marker(NAMED_INTEGRATION, markers[own["email"]])
    assert world.pages[Role.COMMUNITY].get(person.get_absolute_url()).status_code == 404


def sees_everything(world: World, user: str) -> bool:
    """A user who may see every marker cannot be shown one they may not: crawling as them proves nothing."""
    return all(world.may_see_marker(user, marker) for marker in world.canaries.markers.values()) and all(
        world.may_see(user, record) for record in world.canaries.hides_with
    )


MARK_REF = re.compile(r"([a-z_]+\.[a-z_]+) #(\d+)")


def report(world: World, name: str, route: Route, problems: list[tuple[str, str, str]]) -> str:
    """Problems grouped by what showed: to whom, and where (a few URLs)."""
    grouped: dict[str, tuple[set[str], list[str]]] = {}
    for url, user, what in problems:
        users, urls = grouped.setdefault(what, (set(), []))
        users.add(user)
        if url not in urls:
            urls.append(url)
    lines = [f"{name} ({route.path}) shows what its reader may not see:"]
    for what, (users, urls) in sorted(grouped.items()):
        more = f" and {len(urls) - 3} more" if len(urls) > 3 else ""
        what = MARK_REF.sub(lambda m: world.canaries.describe((m[1], int(m[2]))), what)
        lines.append(
            f"  {what}\n    to {', '.join(u for u in USERS if u in users)}\n    at {', '.join(urls[:3])}{more}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("name", CRAWLED)
def test_canary(world, name):
    route = ROUTES[name]
    readers = [user for user in USERS if not sees_everything(world, user)]
    problems: list[tuple[str, str, str]] = []  # (url, user, what showed)
    for target in targets(world, route):
        for user in readers:
            response = get(world, route, user, target.url)
            problems += [(target.url, user, what) for what in leaks(world, user, target, response)]
            if not target.listing or response.status_code != 200:
                continue
            for params in variants(world, route):
                response = get(world, route, user, target.url, params)
                url = target.url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
                problems += [(url, user, what) for what in leaks(world, user, target, response)]
    if problems:
        pytest.fail(report(world, name, route, problems), pytrace=False)
