"""A person's personal data: export everything held about them, or erase it everywhere (history included),
keeping the non-personal record — the offices they held and the counts — intact.

Each app declares what it holds about a person in its ``AppConfig.ready()`` (``shrhub.registry
.register_personal_data``); this module declares the registry's part (``register``) and runs every app's part
for the export and the erasure (``person_export``, ``person_erase``).

Free text that names the person (an engagement summary, minutes, a relationship note between others…) cannot
be rewritten safely by a machine: ``erasure_preview`` lists it, an administrator redacts each record
(``shrhub.personal_data.redact``, through the redaction page), and ``person_erase`` refuses to run while any
declared text, current or historical, still names the person. Nothing is blanked or guessed on the
administrator's behalf, so no non-personal text is lost, and no confirmation can leave the name behind: the
check is the scan itself, run again inside the erasure's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext, ngettext

from shrhub import clock
from shrhub.models import AccessLog, log_access
from shrhub.personal_data import Mention, PersonMarks, mentions
from shrhub.registry import TextSource, personal_data_handlers, register_personal_data
from shrhub.services import save_object
from shrhub.types import AnyUser

from .choices import StakeholderKind
from .models import (
    CURRENT_ASSESSMENT_FIELDS,
    Assessment,
    Engagement,
    MappingAnswer,
    MappingRound,
    Position,
    Relationship,
    Stakeholder,
    Tenure,
)

PROFILE_FIELDS = ("name", "short_name", "email", "phone", "languages", "description", "website", "mandate")
ERASED = {"short_name": "", "email": "", "phone": "", "languages": "", "description": "", "website": "", "mandate": ""}
ERASURE_REASON = "personal data erased"


def erased_name(person: Stakeholder) -> str:
    """What an erased person is called everywhere their name stood."""
    return f"Erased person {person.pk}"


def _row(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _relationships(person: Stakeholder) -> Q:
    return Q(source=person) | Q(target=person)


# The registry's own part ----------------------------------------------------------------------------------------


def registry_export(person: Stakeholder) -> dict[str, Any]:
    """The person's profile history, offices, assessments, relationships and engagements."""
    assessments = Assessment.objects.filter(stakeholder=person).prefetch_related("sources", "vulnerable_groups")
    return {
        "profile_history": [
            {"at": h.history_date.isoformat(), "action": h.history_type, **_row(h, PROFILE_FIELDS)}
            for h in person.history.order_by("history_date")
        ],
        "offices": [
            {
                "position": str(t.position),
                "from": t.started_on.isoformat(),
                "until": t.ended_on.isoformat() if t.ended_on else None,
                "notes": t.notes,
            }
            for t in Tenure.objects.filter(holder=person).select_related("position__organisation")
        ],
        "assessments": [
            {
                "assessed_on": a.assessed_on.isoformat(),
                "stance": a.stance,
                "influence": a.influence,
                "interest": a.interest,
                "economic_agenda": a.economic_agenda,
                "social_agenda": a.social_agenda,
                "formal_role": a.formal_role,
                "notes": a.notes,
                "sources": [s.name for s in a.sources.all()],
                "vulnerable_groups": [g.name for g in a.vulnerable_groups.all()],
            }
            for a in assessments
        ],
        "relationships": [
            {"from": str(r.source), "kind": r.kind, "to": str(r.target), "notes": r.notes}
            for r in Relationship.objects.filter(_relationships(person)).select_related("source", "target")
        ],
        "engagements": [
            {
                "date": e.occurred_on.isoformat(),
                "title": e.title,
                "kind": e.kind,
                "topics": e.topics,
                "summary": e.summary,
                "outcome": e.outcome,
                "follow_ups": e.follow_ups,
            }
            for e in person.engagements.order_by("occurred_on", "id")
        ],
    }


def registry_summary(person: Stakeholder) -> dict[str, int]:
    return {
        gettext("assessments (deleted, with their history)"): Assessment.objects.filter(stakeholder=person).count(),
        gettext("offices held (kept, notes blanked)"): Tenure.objects.filter(holder=person).count(),
        gettext("relationships (kept, notes blanked)"): Relationship.objects.filter(_relationships(person)).count(),
        gettext("engagements (kept; their texts are checked for the name)"): person.engagements.count(),
    }


def registry_erase(person: Stakeholder, *, actor: AnyUser) -> dict[str, int]:
    """Delete the person's assessments with their history; blank the notes of their offices and relationships
    (history too); rename the person and clear their profile and contacts in every history version."""
    from shrhub.personal_data import scrub

    counts = {"assessments deleted": Assessment.objects.filter(stakeholder=person).count()}
    placeholder = {**ERASED, "name": erased_name(person)}
    # The person is saved first, their current-assessment pointers cleared with the rest, so that deleting the
    # assessments leaves no pointer for the database to null behind the version's back.
    person.refresh_from_db()
    cleared = {**placeholder, **dict.fromkeys(CURRENT_ASSESSMENT_FIELDS)}
    save_object(person, actor=actor, data=cleared, reason=ERASURE_REASON)
    Assessment.objects.filter(stakeholder=person).delete()
    Assessment.history.filter(stakeholder_id=person.pk).delete()  # after the delete, which adds its own rows
    counts["office notes blanked"] = scrub(Tenure, Q(holder=person), {"notes": ""}, actor=actor, reason=ERASURE_REASON)
    counts["relationship notes blanked"] = scrub(
        Relationship, _relationships(person), {"notes": ""}, actor=actor, reason=ERASURE_REASON
    )
    counts["profile versions cleared"] = person.history.update(**placeholder)
    return counts


REGISTRY_TEXTS = (
    TextSource(Stakeholder, ("name", "short_name", "mandate", "description", "website"), handled=lambda p: Q(id=p.pk)),
    TextSource(Position, ("title", "description")),
    TextSource(Tenure, ("notes",), handled=lambda p: Q(holder=p)),
    TextSource(MappingRound, ("name", "scope")),
    TextSource(MappingAnswer, ("answer",)),
    TextSource(
        Assessment,
        ("economic_agenda", "social_agenda", "formal_role", "notes"),
        handled=lambda p: Q(stakeholder=p),
    ),
    TextSource(Relationship, ("notes",), handled=_relationships),
    TextSource(Engagement, ("title", "topics", "summary", "outcome", "follow_ups")),
)


def register() -> None:
    """Declare the registry's part (called from ``StakeholdersConfig.ready()``); it runs last, as it renames
    the person row that the other apps' parts refer to."""
    register_personal_data(
        "stakeholders",
        export=registry_export,
        erase=registry_erase,
        summary=registry_summary,
        texts=REGISTRY_TEXTS,
        order=1000,
    )


# Export and erasure: every app's part ---------------------------------------------------------------------------


def person_export(person: Stakeholder) -> dict[str, Any]:
    """Everything the product holds about one person, as JSON-ready data (dates as ISO strings): the profile,
    each app's part under the app's name, and every free text that names them (``mentions``)."""
    data: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "person": {
            "id": person.pk,
            **_row(person, PROFILE_FIELDS),
            "jurisdiction": str(person.jurisdiction),
            "part_of": str(person.parent) if person.parent_id else None,
        },
    }
    for handler in personal_data_handlers():
        if handler.export is not None:
            data[handler.name] = handler.export(person)
    data["mentions"] = [
        {
            "record": mention.label,
            "id": mention.pk,
            "deleted": mention.live is None,
            "history_versions_naming": mention.versions,
            "texts": {name: getattr(mention.live, name) for name in mention.fields} if mention.live else {},
        }
        for mention in mentions(person)
    ]
    return data


@dataclass
class ErasurePreview:
    """What erasing ``person`` will do (``summary``: per app, what it holds) and what blocks it (``mentions``:
    records whose free text still names the person, to redact first)."""

    person: Stakeholder
    summary: dict[str, dict[str, int]]
    mentions: list[Mention]

    @property
    def ready(self) -> bool:
        return not self.mentions


class ErasureBlocked(ValidationError):
    """Free text still names the person: erasure waits until an administrator has redacted it."""

    def __init__(self, remaining: list[Mention]) -> None:
        self.remaining = remaining
        super().__init__(
            ngettext(
                "%(count)d record still names this person in its text (or its history): redact it first.",
                "%(count)d records still name this person in their text (or its history): redact them first.",
                len(remaining),
            )
            % {"count": len(remaining)},
            code="blocked",
        )


def _check_person(person: Stakeholder) -> None:
    if person.kind != StakeholderKind.PERSON:
        raise ValidationError(gettext("Only a person's data can be erased; organisations hold no personal data."))


def erasure_preview(person: Stakeholder) -> ErasurePreview:
    """What each app holds about ``person`` and every record whose text must be redacted before erasure."""
    _check_person(person)
    summary = {h.name: h.summary(person) for h in personal_data_handlers() if h.summary is not None}
    return ErasurePreview(person, summary, mentions(person))


@transaction.atomic
def person_erase(*, actor: AnyUser, person: Stakeholder, reason: str) -> dict[str, dict[str, int]]:
    """Remove a person's personal data everywhere, audit history included; keep offices held and counts.

    Refused (``ErasureBlocked``) while any declared free text, current or in history, names the person: the
    administrator redacts those first. Then every app's handler runs, in this one transaction: the registry
    deletes their assessments with their history, blanks the notes on their tenures and relationships, renames
    the record "Erased person <id>" and clears profile and contacts in every history version; the working
    groups blank their membership notes and rename the guests linked to them. A last scan, still inside the
    transaction, proves no declared text names them; otherwise everything is rolled back. The erasure is
    logged: who, when and ``reason`` (which must not name the person). Returns each handler's counts.
    """
    _check_person(person)
    marks = PersonMarks.of(person)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": gettext("Say why the data is erased (e.g. the data subject's request of …).")})
    if marks.names(reason):
        raise ValidationError({"reason": gettext("The reason is kept in the log: it must not name the person.")})
    person = Stakeholder.objects.select_for_update().get(pk=person.pk)
    remaining = mentions(person, marks)
    if remaining:
        raise ErasureBlocked(remaining)
    counts: dict[str, dict[str, int]] = {}
    for handler in personal_data_handlers():
        if handler.erase is not None:
            counts[handler.name] = handler.erase(person, actor=actor)
    person.refresh_from_db()
    left = mentions(person, marks)
    if left or marks.names(" ".join(str(v) for v in _row(person, PROFILE_FIELDS).values())):
        raise ErasureBlocked(left)  # a handler left the name behind: roll everything back
    log_access(actor, AccessLog.Action.ERASE, person, detail=reason)
    return counts
