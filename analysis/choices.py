"""The vocabularies of the situation analysis and the coordination risk register (challenge 1.1.c)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Pestles(models.TextChoices):
    """The seven headings of the toolkit's PESTLES framework (2016: "Conduct in-depth situation analysis")."""

    POLITICAL = "political", _("Political")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    TECHNOLOGICAL = "technological", _("Technological")
    LEGAL = "legal", _("Legal")
    ENVIRONMENTAL = "environmental", _("Environmental")
    SECURITY = "security", _("Security")


class Confidence(models.TextChoices):
    LOW = "low", pgettext_lazy("confidence", "Low")
    MEDIUM = "medium", pgettext_lazy("confidence", "Medium")
    HIGH = "high", pgettext_lazy("confidence", "High")


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class RiskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("risk status", "Open")
    MITIGATING = "mitigating", _("Being mitigated")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")


LIVE_RISK_STATUSES = frozenset({RiskStatus.OPEN, RiskStatus.MITIGATING})


class Likelihood(models.IntegerChoices):
    RARE = 1, _("1 · Rare")
    UNLIKELY = 2, _("2 · Unlikely")
    POSSIBLE = 3, _("3 · Possible")
    LIKELY = 4, _("4 · Likely")
    ALMOST_CERTAIN = 5, _("5 · Almost certain")


class Impact(models.IntegerChoices):
    MINIMAL = 1, _("1 · Minimal")
    MINOR = 2, _("2 · Minor")
    MODERATE = 3, _("3 · Moderate")
    MAJOR = 4, _("4 · Major")
    SEVERE = 5, _("5 · Severe")


class Rating(models.TextChoices):
    """Likelihood × impact, banded as risk assessments usually are (1–4 low, 5–9 medium, 10–16 high, 20–25
    critical)."""

    LOW = "low", pgettext_lazy("risk rating", "Low")
    MEDIUM = "medium", pgettext_lazy("risk rating", "Medium")
    HIGH = "high", pgettext_lazy("risk rating", "High")
    CRITICAL = "critical", _("Critical")


def rating_of(score: int) -> Rating:
    if score >= 20:
        return Rating.CRITICAL
    if score >= 10:
        return Rating.HIGH
    if score >= 5:
        return Rating.MEDIUM
    return Rating.LOW


class ReviewDecision(models.TextChoices):
    REGISTERED = "registered", _("Registered as a risk")
    DISMISSED = "dismissed", _("Dismissed")


# The legal framework (challenge 1.1.b) ---------------------------------------------------------------------


class LawArea(models.TextChoices):
    """The areas the toolkit asks a legal mapping to cover (2016: "legal codes that concern human rights,
    labour rights, international humanitarian law and protection of the individual"), and the security
    matters the Hub names."""

    HUMAN_RIGHTS = "human_rights", _("Human rights")
    LABOUR_RIGHTS = "labour_rights", _("Labour rights")
    SPECIFIC_GROUPS = "specific_groups", _("Rights of specific groups")
    IHL = "ihl", _("International humanitarian law")
    PROTECTION = "protection", _("Protection of the individual")
    PRIVATE_SECURITY = "private_security", _("Private security licensing")
    USE_OF_FORCE = "use_of_force", _("Use of force")
    OTHER = "other", pgettext_lazy("law area", "Other")


class InstrumentState(models.TextChoices):
    """Where the host State stands with an international instrument."""

    RATIFIED = "ratified", _("Ratified or acceded")
    SIGNED = "signed", _("Signed, not ratified")
    NOT_PARTY = "not_party", _("Not party")


class IhlApplies(models.TextChoices):
    YES = "yes", _("Applies")
    IN_PART = "in_part", _("Applies in part of the country")
    NO = "no", _("Does not apply")


class PlanStatus(models.TextChoices):
    """A National Action Plan on Business and Human Rights."""

    NONE = "none", _("No plan")
    IN_PREPARATION = "in_preparation", _("In preparation")
    ADOPTED = "adopted", _("Adopted")
    UNDER_REVIEW = "under_review", _("Adopted, under review")


class Initiative(models.TextChoices):
    """Initiatives a government subscribes to (Hub B: "Use the different initiatives that a government
    subscribes to… as leverage")."""

    UNGPS = "ungps", _("UN Guiding Principles on Business and Human Rights")
    OECD = "oecd", _("OECD Guidelines for Multinational Enterprises")
    UNGC = "ungc", _("UN Global Compact")
    VPS = "vps", _("Voluntary Principles on Security and Human Rights")
    ICOCA = "icoca", _("International Code of Conduct Association (ICoCA)")
    MONTREUX = "montreux", _("Montreux Document")
    EITI = "eiti", _("Extractive Industries Transparency Initiative (EITI)")
    OTHER = "other", pgettext_lazy("initiative", "Other")
