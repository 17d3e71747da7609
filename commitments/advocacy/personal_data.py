"""Free text of the case for the VPs that may name someone (the wording used with an official, what an agency's
representative said, the evidence of a commitment): listed for an administrator to redact before a person's
erasure. Nothing structured points at a person here beyond the registry row the erasure itself anonymises."""

from __future__ import annotations

from shrhub.registry import TextSource, register_personal_data

from ..models import Advocacy, ArgumentPut, BenefitArgument, CommitmentAssessment

TEXTS = (
    TextSource(BenefitArgument, ("case",)),
    TextSource(Advocacy, ("other_standard", "response_notes")),
    TextSource(ArgumentPut, ("wording",)),
    TextSource(CommitmentAssessment, ("evidence",)),
)


def register() -> None:
    register_personal_data("commitments.advocacy", texts=TEXTS)
