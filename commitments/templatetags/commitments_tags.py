"""Template helpers of the agreement pages."""

from __future__ import annotations

from django import template

from ..models import Audience
from ..panels import inform_url as _inform_url

register = template.Library()


@register.filter
def inform_url(audience: Audience) -> str:
    """The new-engagement form pre-filled to record that ``audience``'s stakeholder was informed today."""
    return _inform_url(audience)
