"""The vocabularies of agreements and their roll-out (challenges 1.1.b and 1.1.c)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stakeholders.choices import EngagementKind


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


# The case for the VPs (challenge 1.1.b) --------------------------------------------------------------------


class Benefit(models.TextChoices):
    """The payoffs the toolkit tells teams to demonstrate (2016: "Demonstrate the benefits in terms of
    security, social and economic development payoffs"), and the others teams use."""

    SECURITY = "security", _("Security")
    SOCIAL = "social", _("Social")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development")
    INVESTMENT_CLIMATE = "investment_climate", _("Investment climate")
    LEGAL_COMPLIANCE = "legal_compliance", _("Legal compliance")
    REPUTATION = "reputation", _("Reputation")
    OTHER = "other", pgettext_lazy("benefit", "Other")


class Standard(models.TextChoices):
    """The standard raised with an agency: the VPs first, or another one."""

    VPS = "vps", _("Voluntary Principles")
    UNGPS = "ungps", _("UN Guiding Principles")
    ICOC = "icoc", _("International Code of Conduct (ICoC)")
    IFC_PS4 = "ifc_ps4", _("IFC Performance Standard 4")
    OTHER = "other", pgettext_lazy("standard", "Other")


class Response(models.TextChoices):
    """How an agency answered the case, from the warmest to the coldest."""

    WELCOMED = "welcomed", _("Welcomed it")
    INTERESTED = "interested", _("Interested, asked for more")
    NON_COMMITTAL = "non_committal", _("Non-committal")
    SCEPTICAL = "sceptical", _("Sceptical")
    REJECTED = "rejected", _("Rejected it")
    NO_RESPONSE = "no_response", _("No response yet")


POSITIVE_RESPONSES = frozenset({Response.WELCOMED, Response.INTERESTED})


class CommitmentLevel(models.TextChoices):
    """How far a stakeholder has come towards an in-country process, from opposing it to championing it
    (2016: "Foster top level commitment"). Ordered: ``COMMITMENT_RANK`` gives the scale."""

    OPPOSED = "opposed", _("Opposes an in-country process")
    UNAWARE = "unaware", _("Unaware of the VPs")
    AWARE = "aware", _("Aware")
    INTERESTED = "interested", _("Interested")
    SUPPORTIVE = "supportive", _("Supportive")
    COMMITTED_PUBLICLY = "committed_publicly", _("Committed publicly")
    COMMITTED_IN_WRITING = "committed_in_writing", _("Committed in writing")
    CHAMPION = "champion", _("Champion of an in-country process")


COMMITMENT_RANK: dict[str, int] = {level: rank for rank, level in enumerate(CommitmentLevel.values)}
# Ready to engage in an in-country process (a working group, a multi-stakeholder forum): supportive or beyond.
READY_LEVELS = frozenset(
    {
        CommitmentLevel.SUPPORTIVE,
        CommitmentLevel.COMMITTED_PUBLICLY,
        CommitmentLevel.COMMITTED_IN_WRITING,
        CommitmentLevel.CHAMPION,
    }
)
BLOCKING_LEVELS = frozenset({CommitmentLevel.OPPOSED})


# Keeping people informed (challenge 1.1.b) -----------------------------------------------------------------


class Process(models.TextChoices):
    """The processes whose audience the team keeps informed (2016: "Identify who needs to be kept informed of
    the different processes, even if they are not directly involved")."""

    IN_COUNTRY = "in_country", _("In-country process")
    WORKING_GROUP = "working_group", _("Working group")
    AGREEMENT = "agreement", _("Agreement")


class InformMeans(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    MINUTES = "minutes", _("Copy of the minutes")
    LETTER = "letter", _("Letter")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail update")
    REPORT = "report", _("Progress report")


# The kind of engagement that records informing someone by each means (the "Record that they were informed"
# link): a letter, an e-mail, minutes or a report sent is correspondence; a briefing or a meeting is a meeting.
INFORM_ENGAGEMENT_KIND: dict[str, str] = {
    InformMeans.BRIEFING: EngagementKind.MEETING,
    InformMeans.MEETING: EngagementKind.MEETING,
    InformMeans.LETTER: EngagementKind.CORRESPONDENCE,
    InformMeans.EMAIL: EngagementKind.CORRESPONDENCE,
    InformMeans.MINUTES: EngagementKind.CORRESPONDENCE,
    InformMeans.REPORT: EngagementKind.CORRESPONDENCE,
}
