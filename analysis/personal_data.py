"""What the situation analyses and the risk register hold about a person, for the erasure (declared in
``AnalysisConfig.ready()``; run by ``stakeholders.personal_data``).

Analyses, findings, risks and the legal framework's entries (their experts consulted) link to stakeholders (whose
rows the erasure anonymises); their free text may name someone (an informal power broker, a victim's family, an
official's conduct): ``TEXTS`` lists it for an administrator to redact before erasure."""

from __future__ import annotations

from shrhub.registry import TextSource, register_personal_data

from .models import (
    ActionPlan,
    CoordinationRisk,
    Finding,
    IhlAssessment,
    InitiativeCommitment,
    InstrumentStatus,
    Mitigation,
    MitigationProgress,
    NationalLaw,
    SituationAnalysis,
)

TEXTS = (
    TextSource(SituationAnalysis, ("title", "summary", "formal_systems", "informal_systems")),
    TextSource(Finding, ("text",)),
    TextSource(CoordinationRisk, ("title", "challenge", "affected", "harm", "accepted_reason")),
    TextSource(Mitigation, ("description",)),
    TextSource(MitigationProgress, ("note",)),
    # The legal framework: a summary or a reasoning may name a parliamentarian, a judge or a victim of a case.
    TextSource(NationalLaw, ("summary", "vps_connection")),
    TextSource(InstrumentStatus, ("notes",)),
    TextSource(IhlAssessment, ("reasoning", "areas")),
    TextSource(ActionPlan, ("summary", "security_elements")),
    TextSource(InitiativeCommitment, ("commitments",)),
)


def register() -> None:
    register_personal_data("analysis", texts=TEXTS)
