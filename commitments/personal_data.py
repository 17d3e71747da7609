"""What agreements hold about a person (a registry Stakeholder of kind person), for the erasure (declared in
``CommitmentsConfig.ready()``; run by ``stakeholders.personal_data``).

A person may be a party to an agreement, own an obligation or be kept informed of a process: those links point at
the person's registry row, which the erasure itself anonymises, so nothing structured is left to scrub here. Free
text may name someone (a clause naming an official, a progress note about a call, the evidence of a roll-out, the
notes on how someone is kept informed): ``TEXTS`` lists it for an administrator to redact before erasure."""

from __future__ import annotations

from shrhub.registry import TextSource, register_personal_data

from .models import Agreement, Audience, Obligation, ObligationProgress, Rollout

TEXTS = (
    TextSource(Agreement, ("title", "summary")),
    TextSource(Obligation, ("description",)),
    TextSource(ObligationProgress, ("note",)),
    TextSource(Rollout, ("evidence",)),
    TextSource(Audience, ("notes",)),
)


def register() -> None:
    register_personal_data("commitments", texts=TEXTS)
