"""What the follow-ups hold about a person (a registry Stakeholder of kind person), for the erasure (declared in
``FollowupsConfig.ready()``; run by ``stakeholders.personal_data``).

A follow-up points at an engagement, never at a person, so there is nothing structured to export or scrub: the
engagement's own part covers who took part. Its free text may name someone (what the company undertook to do for
them, a progress note about a call): ``TEXTS`` lists it for an administrator to redact before erasure, as the
engagement's own follow-up text it was first copied from is."""

from __future__ import annotations

from shrhub.registry import TextSource, register_personal_data

from .models import FollowUp, FollowUpProgress

TEXTS = (
    TextSource(FollowUp, ("description",)),
    TextSource(FollowUpProgress, ("note",)),
)


def register() -> None:
    register_personal_data("followups", texts=TEXTS)
