from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PracticeKind(models.TextChoices):
    # The catalogue loader writes the English label into each item's stored ``source`` (``catalogue.load``).
    GOOD_PRACTICE = "good_practice", _("Good practice")
    PRACTICAL_TOOL = "practical_tool", _("Practical tool")
    KEY_RESOURCE = "key_resource", _("Key resource")
    CASE_STUDY = "case_study", _("Case study")


class AdoptionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# An adoption in one of these needs no more work: it is never overdue and needs no owner.
CLOSED_STATUSES = frozenset({AdoptionStatus.IMPLEMENTED, AdoptionStatus.NOT_APPLICABLE})

KIND_COUNTS: dict[str, StrOrPromise] = {
    PracticeKind.GOOD_PRACTICE: ngettext_lazy("%(count)d good practice", "%(count)d good practices", "count"),
    PracticeKind.PRACTICAL_TOOL: ngettext_lazy("%(count)d practical tool", "%(count)d practical tools", "count"),
    PracticeKind.KEY_RESOURCE: ngettext_lazy("%(count)d key resource", "%(count)d key resources", "count"),
    PracticeKind.CASE_STUDY: ngettext_lazy("%(count)d case study", "%(count)d case studies", "count"),
}


def kind_count(kind: str, n: int) -> str:
    """``3 key resources``, ``1 case study``."""
    return KIND_COUNTS[kind] % {"count": n}
