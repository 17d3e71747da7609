from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StakeholderKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


class Sector(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    POLICE = "police", _("Police")
    MILITARY = "military", _("Military")
    JUDICIARY = "judiciary", _("Judiciary")
    NHRI = "nhri", _("National human-rights institution")
    PARLIAMENT = "parliament", _("Parliament")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    COMMUNITY_AUTHORITY = "community_authority", _("Community / traditional authority")
    COMPANY = "company", _("Company")
    EMBASSY = "embassy", _("Embassy")
    ACADEMIA = "academia", _("Academia")
    MEDIA = "media", _("Media")
    INTERNATIONAL_BODY = "international_body", _("International body")


class Stance(models.TextChoices):
    """Ordered from spoiler to champion; ``score`` gives the axis of the champion/spoiler map."""

    CHAMPION = "champion", _("Champion")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTIC = "sceptic", _("Sceptic")
    SPOILER = "spoiler", _("Spoiler")
    UNKNOWN = "unknown", _("Unknown")


STANCE_SCORE: dict[str, int | None] = {
    Stance.SPOILER: -2,
    Stance.SCEPTIC: -1,
    Stance.NEUTRAL: 0,
    Stance.SUPPORTER: 1,
    Stance.CHAMPION: 2,
    Stance.UNKNOWN: None,
}


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class SourceCategory(models.TextChoices):
    CORPORATE = "corporate", _("Corporate function")
    EXTERNAL = "external", _("External")


class RelationshipKind(models.TextChoices):
    REPORTS_TO = "reports_to", _("Reports to")
    PART_OF = "part_of", _("Part of")
    INFLUENCES = "influences", _("Influences")
    ALLIED_WITH = "allied_with", _("Allied with")
    OPPOSED_TO = "opposed_to", _("Opposed to")


class EngagementKind(models.TextChoices):
    INFORMAL_DISCUSSION = "informal_discussion", _("Informal discussion")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    PUBLIC_HEARING = "public_hearing", _("Public hearing")
    NEGOTIATION = "negotiation", _("Negotiation")
    TOWN_HALL = "town_hall", _("Town hall meeting")
    ROUNDTABLE = "roundtable", _("Roundtable")
    FOCUS_GROUP = "focus_group", _("Focus group")
    CORRESPONDENCE = "correspondence", _("Correspondence")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", pgettext_lazy("status", "Open")
    CLOSED = "closed", _("Closed")
