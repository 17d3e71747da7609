"""Writes to the situation analyses, the coordination risks and their mitigations, and the reviews of computed
findings: validated, atomic and audited with their author. Pages, API and admin call these.

Rules that read other rows live here: an edition's number follows the last of its jurisdiction; an approved
edition is not edited (it is revised by a new edition, which copies its findings); a review records the
evidence it was made on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from followups.services import owned_item_create, owned_item_update, progress_note_create
from shrhub import clock
from shrhub.services import delete_object, save_object
from shrhub.types import AnyUser

from .choices import AnalysisStatus, ReviewDecision, RiskStatus
from .models import CoordinationRisk, Finding, FindingReview, Mitigation, MitigationProgress, SituationAnalysis


def _author(actor: AnyUser | None) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _refuse_if_approved(analysis: SituationAnalysis) -> None:
    if analysis.is_approved:
        raise ValidationError(_("This edition is approved and no longer changes: start a new edition to revise it."))


@transaction.atomic
def situationanalysis_create(*, actor: AnyUser | None, **data: Any) -> SituationAnalysis:
    """The first edition of a jurisdiction's analysis, or the next one (numbered after the last), as a draft."""
    return _new_edition(actor, data, previous=None)


def _new_edition(actor: AnyUser | None, data: dict[str, Any], previous: SituationAnalysis | None) -> SituationAnalysis:
    jurisdiction = data.get("jurisdiction")
    last = SituationAnalysis.objects.filter(jurisdiction=jurisdiction).aggregate(n=Max("edition"))["n"] or 0
    instance = SituationAnalysis(edition=last + 1, author=_author(actor), previous=previous)
    return save_object(instance, actor=actor, data=data)


@transaction.atomic
def situationanalysis_update(
    *, actor: AnyUser | None, instance: SituationAnalysis, expected_version: int | None = None, **data: Any
) -> SituationAnalysis:
    """Change a draft edition (its jurisdiction stays: a new place is a new analysis)."""
    _refuse_if_approved(instance)
    if "jurisdiction" in data and data["jurisdiction"].pk != instance.jurisdiction_id:
        raise ValidationError({"jurisdiction": _("An edition keeps its jurisdiction: start a new analysis.")})
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def situationanalysis_delete(*, actor: AnyUser | None, instance: SituationAnalysis) -> None:
    """Delete a draft edition entered by mistake; an approved edition is kept (a later one revises it)."""
    _refuse_if_approved(instance)
    if instance.revisions.exists():
        raise ValidationError(_("A later edition revises this one: it is kept so the two can be compared."))
    delete_object(instance, actor=actor)


@transaction.atomic
def situationanalysis_approve(
    *, actor: AnyUser | None, instance: SituationAnalysis, expected_version: int | None = None
) -> SituationAnalysis:
    """A manager approves a draft edition: dated today, signed, and from then on unchanged."""
    _refuse_if_approved(instance)
    if not instance.findings.exists():
        raise ValidationError(_("Add at least one finding before approving the analysis."))
    return save_object(
        instance,
        actor=actor,
        data={"status": AnalysisStatus.APPROVED, "approved_by": _author(actor), "approved_on": clock.today()},
        expected_version=expected_version,
    )


@transaction.atomic
def situationanalysis_revise(*, actor: AnyUser | None, instance: SituationAnalysis) -> SituationAnalysis:
    """Start the next edition from this one: a draft with the same text, links and findings, dated today, to be
    reviewed again in as long as this one was."""
    if instance.revisions.exists():
        raise ValidationError(_("A later edition already revises this one: revise the latest."))
    span = instance.review_on - instance.as_of
    today = clock.today()
    draft = _new_edition(
        actor,
        {
            "jurisdiction": instance.jurisdiction,
            "title": instance.title,
            "as_of": today,
            "summary": instance.summary,
            "formal_systems": instance.formal_systems,
            "informal_systems": instance.informal_systems,
            "review_on": today + span,
            "confidentiality": instance.confidentiality,
            "cleared_users": list(instance.cleared_users.all()),
            "stakeholders": list(instance.stakeholders.all()),
        },
        previous=instance,
    )
    for finding in instance.findings.prefetch_related("sources", "stakeholders", "mandate_areas"):
        finding_create(
            actor=actor,
            analysis=draft,
            heading=finding.heading,
            text=finding.text,
            confidence=finding.confidence,
            other_sources=finding.other_sources,
            sources=list(finding.sources.all()),
            stakeholders=list(finding.stakeholders.all()),
            mandate_areas=list(finding.mandate_areas.all()),
        )
    return draft


@transaction.atomic
def finding_create(*, actor: AnyUser | None, **data: Any) -> Finding:
    analysis = data.get("analysis")
    if analysis is not None:
        _refuse_if_approved(analysis)
    return save_object(Finding(), actor=actor, data=data)


@transaction.atomic
def finding_update(
    *, actor: AnyUser | None, instance: Finding, expected_version: int | None = None, **data: Any
) -> Finding:
    _refuse_if_approved(instance.analysis)
    if "analysis" in data and data["analysis"].pk != instance.analysis_id:
        raise ValidationError({"analysis": _("A finding stays in its analysis.")})
    return save_object(instance, actor=actor, data=data, expected_version=expected_version)


def finding_delete(*, actor: AnyUser | None, instance: Finding) -> None:
    _refuse_if_approved(instance.analysis)
    delete_object(instance, actor=actor)


# Risks.


def _settle_risk(data: dict[str, Any], instance: CoordinationRisk) -> dict[str, Any]:
    """A risk no longer accepted forgets why it was."""
    status = data.get("status", instance.status)
    if status != RiskStatus.ACCEPTED and "status" in data:
        data["accepted_reason"] = ""
    return data


@transaction.atomic
def coordinationrisk_create(*, actor: AnyUser | None, **data: Any) -> CoordinationRisk:
    return save_object(CoordinationRisk(), actor=actor, data=_settle_risk(dict(data), CoordinationRisk()))


@transaction.atomic
def coordinationrisk_update(
    *, actor: AnyUser | None, instance: CoordinationRisk, expected_version: int | None = None, **data: Any
) -> CoordinationRisk:
    return save_object(
        instance, actor=actor, data=_settle_risk(dict(data), instance), expected_version=expected_version
    )


def coordinationrisk_delete(*, actor: AnyUser | None, instance: CoordinationRisk) -> None:
    """Delete a risk entered by mistake (a risk that no longer applies is closed); a finding it was registered
    from is proposed again."""
    FindingReview.objects.filter(risk=instance).delete()
    delete_object(instance, actor=actor)


@transaction.atomic
def mitigation_create(*, actor: AnyUser | None, **data: Any) -> Mitigation:
    """A mitigation of a risk; an open risk with a mitigation under way is being mitigated."""
    mitigation = owned_item_create(Mitigation(), actor=actor, data=data)
    risk = mitigation.risk
    if risk.status == RiskStatus.OPEN:
        coordinationrisk_update(actor=actor, instance=risk, status=RiskStatus.MITIGATING)
    return mitigation


@transaction.atomic
def mitigation_update(
    *, actor: AnyUser | None, instance: Mitigation, expected_version: int | None = None, **data: Any
) -> Mitigation:
    if "risk" in data and data["risk"].pk != instance.risk_id:
        raise ValidationError({"risk": _("A mitigation stays with its risk.")})
    return owned_item_update(instance, actor=actor, data=data, expected_version=expected_version)


def mitigation_delete(*, actor: AnyUser | None, instance: Mitigation) -> None:
    delete_object(instance, actor=actor)


@transaction.atomic
def mitigationprogress_create(
    *, actor: AnyUser | None, mitigation: Mitigation, note: str, new_status: str = "", **extra: Any
) -> MitigationProgress:
    return progress_note_create(
        MitigationProgress(mitigation=mitigation), actor=actor, note_text=note, new_status=new_status, extra=extra
    )


# Reviews of computed findings.


@transaction.atomic
def finding_register(*, actor: AnyUser | None, key: str, evidence: str, **risk: Any) -> CoordinationRisk:
    """Accept a proposed finding into the register: the risk as the manager completed it, and the review that
    stops the finding being proposed again until its evidence changes."""
    created = coordinationrisk_create(actor=actor, **risk)
    _record_review(actor, key, evidence, ReviewDecision.REGISTERED, "", created)
    return created


@transaction.atomic
def finding_dismiss(*, actor: AnyUser | None, key: str, evidence: str, reason: str) -> FindingReview:
    """Dismiss a proposed finding with a reason; it is proposed again only if its evidence changes."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the finding is dismissed.")})
    return _record_review(actor, key, evidence, ReviewDecision.DISMISSED, reason, None)


def _record_review(
    actor: AnyUser | None, key: str, evidence: str, decision: str, reason: str, risk: CoordinationRisk | None
) -> FindingReview:
    existing = FindingReview.objects.filter(key=key).first()
    data = {"evidence": evidence, "decision": decision, "reason": reason, "risk": risk, "reviewed_by": _author(actor)}
    if existing is None:
        return save_object(FindingReview(key=key), actor=actor, data=data)
    return save_object(existing, actor=actor, data=data)
