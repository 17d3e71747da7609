"""A person's personal data: export everything held about them, or erase it everywhere (history included),
keeping the non-personal record — the offices they held and the counts — intact."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shrhub import clock
from shrhub.models import AccessLog, log_access
from shrhub.registry import personal_data_handlers
from shrhub.services import save_object

from .choices import StakeholderKind
from .models import CURRENT_ASSESSMENT_FIELDS, Assessment, Relationship, Stakeholder, Tenure

PROFILE_FIELDS = ("name", "short_name", "email", "phone", "languages", "description", "website", "mandate")
ERASED = {"short_name": "", "email": "", "phone": "", "languages": "", "description": "", "website": "", "mandate": ""}


def _row(instance, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def person_export(person: Stakeholder) -> dict[str, Any]:
    """Everything the product holds about one person, as JSON-ready data (dates as ISO strings)."""
    assessments = Assessment.objects.filter(stakeholder=person).prefetch_related("sources", "vulnerable_groups")
    data: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "person": {
            "id": person.pk,
            **_row(person, PROFILE_FIELDS),
            "jurisdiction": str(person.jurisdiction),
            "part_of": str(person.parent) if person.parent_id else None,
        },
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
            for r in Relationship.objects.filter(source=person).select_related("source", "target")
            | Relationship.objects.filter(target=person).select_related("source", "target")
        ],
        "engagements": [
            {"date": e.occurred_on.isoformat(), "title": e.title, "kind": e.kind}
            for e in person.engagements.order_by("occurred_on")
        ],
    }
    for name, export, _erase in personal_data_handlers():
        data[name] = export(person)
    return data


@transaction.atomic
def person_erase(*, actor, person: Stakeholder) -> Stakeholder:
    """Remove a person's personal data everywhere, audit history included; keep offices held and counts.

    Their assessments (judgements about them) are deleted with their history; notes on their tenures and
    relationships are blanked; the record is renamed "Erased person <id>". The erasure itself is logged.
    """
    if person.kind != StakeholderKind.PERSON:
        raise ValidationError("Only a person's data can be erased; organisations hold no personal data.")
    placeholder = {**ERASED, "name": f"Erased person {person.pk}"}
    Stakeholder.objects.filter(pk=person.pk).update(**dict.fromkeys(CURRENT_ASSESSMENT_FIELDS))
    Assessment.objects.filter(stakeholder=person).delete()
    Assessment.history.filter(stakeholder_id=person.pk).delete()  # after the delete, which adds its own rows
    person.refresh_from_db()
    save_object(person, actor=actor, data=placeholder, reason="personal data erased")
    person.history.update(**placeholder)
    relationships = Relationship.objects.filter(source=person) | Relationship.objects.filter(target=person)
    ids = list(relationships.values_list("pk", flat=True))
    Relationship.objects.filter(pk__in=ids).update(notes="")
    Relationship.history.filter(id__in=ids).update(notes="")
    tenure_ids = list(Tenure.objects.filter(holder=person).values_list("pk", flat=True))
    Tenure.objects.filter(pk__in=tenure_ids).update(notes="")
    Tenure.history.filter(id__in=tenure_ids).update(notes="")
    for _name, _export, erase in personal_data_handlers():
        erase(person, actor)
    log_access(actor, AccessLog.Action.ERASE, person)
    return person
