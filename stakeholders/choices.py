from django.db import models


class StakeholderKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"


class Sector(models.TextChoices):
    MINISTRY = "ministry", "Ministry"
    REGIONAL_AUTHORITY = "regional_authority", "Regional authority"
    LOCAL_GOVERNMENT = "local_government", "Local government"
    POLICE = "police", "Police"
    MILITARY = "military", "Military"
    JUDICIARY = "judiciary", "Judiciary"
    NHRI = "nhri", "National human-rights institution"
    PARLIAMENT = "parliament", "Parliament"
    CIVIL_SOCIETY = "civil_society", "Civil-society organisation"
    COMMUNITY_AUTHORITY = "community_authority", "Community / traditional authority"
    COMPANY = "company", "Company"
    EMBASSY = "embassy", "Embassy"
    ACADEMIA = "academia", "Academia"
    MEDIA = "media", "Media"
    INTERNATIONAL_BODY = "international_body", "International body"


class Stance(models.TextChoices):
    """Ordered from spoiler to champion; ``score`` gives the axis of the champion/spoiler map."""

    CHAMPION = "champion", "Champion"
    SUPPORTER = "supporter", "Supporter"
    NEUTRAL = "neutral", "Neutral"
    SCEPTIC = "sceptic", "Sceptic"
    SPOILER = "spoiler", "Spoiler"
    UNKNOWN = "unknown", "Unknown"


STANCE_SCORE: dict[str, int | None] = {
    Stance.SPOILER: -2,
    Stance.SCEPTIC: -1,
    Stance.NEUTRAL: 0,
    Stance.SUPPORTER: 1,
    Stance.CHAMPION: 2,
    Stance.UNKNOWN: None,
}


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class SourceCategory(models.TextChoices):
    CORPORATE = "corporate", "Corporate function"
    EXTERNAL = "external", "External"


class RelationshipKind(models.TextChoices):
    REPORTS_TO = "reports_to", "Reports to"
    PART_OF = "part_of", "Part of"
    INFLUENCES = "influences", "Influences"
    ALLIED_WITH = "allied_with", "Allied with"
    OPPOSED_TO = "opposed_to", "Opposed to"


class EngagementKind(models.TextChoices):
    INFORMAL_DISCUSSION = "informal_discussion", "Informal discussion"
    MEETING = "meeting", "Meeting"
    WORKSHOP = "workshop", "Workshop"
    PUBLIC_HEARING = "public_hearing", "Public hearing"
    NEGOTIATION = "negotiation", "Negotiation"
    TOWN_HALL = "town_hall", "Town hall meeting"
    ROUNDTABLE = "roundtable", "Roundtable"
    FOCUS_GROUP = "focus_group", "Focus group"
    CORRESPONDENCE = "correspondence", "Correspondence"


class RoundStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
