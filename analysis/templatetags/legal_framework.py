"""``{% verified entry.verified_on %}``: when an entry of the legal framework was last verified, flagged when it
never was or was over a year ago (``analysis.legal_selectors.verification``, today from ``shrhub.clock``)."""

from __future__ import annotations

import datetime

from django import template

from ..legal_selectors import CURRENT, NEVER, verification

register = template.Library()


@register.inclusion_tag("analysis/legal/_verified.html")
def verified(verified_on: datetime.date | None) -> dict[str, object]:
    state = verification(verified_on)
    return {"verified_on": verified_on, "state": state, "never": state == NEVER, "current": state == CURRENT}
