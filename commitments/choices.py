"""The vocabularies of agreements and their roll-out (challenges 1.1.b and 1.1.c)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementKind(models.TextChoices):
    """The instruments the Hub names (B: "investment agreements, concession contracts… and memoranda of
    understanding concerning security arrangements") and the commitments made in the in-country process."""

    INVESTMENT = "investment", _("Investment agreement clause")
    CONCESSION = "concession", _("Concession contract clause")
    SECURITY_MOU = "security_mou", _("MoU on security arrangements")
    WORKING_GROUP = "working_group", _("Working-group agreement")
    ENGAGEMENT = "engagement", _("Commitment made in an engagement")
    OTHER = "other", pgettext_lazy("agreement kind", "Other")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    LAPSED = "lapsed", _("Lapsed")
    BREACHED = "breached", _("Breached")
    SUPERSEDED = "superseded", _("Superseded")


# Agreements whose roll-out still matters: a draft is not yet binding, a lapsed or superseded one no longer is.
LIVE_AGREEMENT_STATUSES = frozenset({AgreementStatus.IN_FORCE, AgreementStatus.BREACHED})


class RolloutState(models.TextChoices):
    """How far a regional or local body has taken up an agreement reached above it (1.1.c: "ensure
    consistency of agreements with different levels of government")."""

    UNAWARE = "unaware", _("Not aware")
    AWARE = "aware", _("Aware")
    COMMITTED = "committed", _("Committed")
    IMPLEMENTING = "implementing", _("Implementing")
    CONTRADICTING = "contradicting", _("Contradicting it")


# Where a body stands, from furthest to closest to applying the agreement (contradicting is its own warning).
ROLLOUT_PROGRESS = (RolloutState.UNAWARE, RolloutState.AWARE, RolloutState.COMMITTED, RolloutState.IMPLEMENTING)
KNOWN_STATES = frozenset({RolloutState.AWARE, RolloutState.COMMITTED, RolloutState.IMPLEMENTING})
