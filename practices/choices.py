from django.db import models


class PracticeKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", "Good practice"
    PRACTICAL_TOOL = "practical_tool", "Practical tool"
    KEY_RESOURCE = "key_resource", "Key resource"
    CASE_STUDY = "case_study", "Case study"


class AdoptionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# An adoption in one of these needs no more work: it is never overdue and needs no owner.
CLOSED_STATUSES = frozenset({AdoptionStatus.IMPLEMENTED, AdoptionStatus.NOT_APPLICABLE})

KIND_PLURALS: dict[str, str] = {
    PracticeKind.GOOD_PRACTICE: "good practices",
    PracticeKind.PRACTICAL_TOOL: "practical tools",
    PracticeKind.KEY_RESOURCE: "key resources",
    PracticeKind.CASE_STUDY: "case studies",
}


def kind_count(kind: str, n: int) -> str:
    """``3 key resources``, ``1 case study``."""
    return f"{n} {PracticeKind(kind).label.lower() if n == 1 else KIND_PLURALS[kind]}"
