"""The classifications the figures apply, as pure functions: no database (Django only translates the labels).

Quadrant (stance x influence) and grid cell (influence x interest) of a point on the map, the order the map
lists its points in, the direction of a stakeholder's move between two rounds, and the calendar arithmetic
of review dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HIGH_FROM = 4  # influence and interest (1-5) count as high from here

# Stance x influence: the quadrants the toolkit's "champions" and "spoilers" fall in.
QUADRANTS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "engage": (_("Influential spoilers"), _("Engage")),
    "support": (_("Influential champions"), _("Support")),
    "watch": (_("Spoilers with less influence"), _("Watch")),
    "build": (_("Champions with less influence"), _("Build up")),
}
# Influence x interest: the classic power/interest grid.
GRID: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    "manage_closely": (_("High influence, high interest"), _("Manage closely")),
    "keep_satisfied": (_("High influence, low interest"), _("Keep satisfied")),
    "keep_informed": (_("Low influence, high interest"), _("Keep informed")),
    "monitor": (_("Low influence, low interest"), _("Monitor")),
}
# What needs attention first on the map: influential spoilers, influential champions, the less influential
# ones, then those on no side (neutral; an unknown stance ranks one further down).
_PRIORITY = {"engage": 0, "support": 1, "watch": 2, "build": 3, None: 4}


def quadrant_of(score: int | None, influence: int) -> str | None:
    """``engage``/``support``/``watch``/``build``; ``None`` for a neutral or unknown stance (on no side)."""
    if score is None or score == 0:
        return None
    high = influence >= HIGH_FROM
    if score < 0:
        return "engage" if high else "watch"
    return "support" if high else "build"


def grid_cell_of(influence: int, interest: int) -> str:
    """The influence x interest cell: manage closely, keep satisfied, keep informed or monitor."""
    if influence >= HIGH_FROM:
        return "manage_closely" if interest >= HIGH_FROM else "keep_satisfied"
    return "keep_informed" if interest >= HIGH_FROM else "monitor"


def map_priority(quadrant: str | None, score: int | None, influence: int, name: str, pk: int) -> tuple:
    """The sort key of a point on the map: quadrant by urgency (unknown stances last), then influence (high
    first), then stance score (spoilers first), then name and id (a total order)."""
    return (
        _PRIORITY[quadrant] + (1 if score is None else 0),
        -influence,
        score if score is not None else 0,
        name,
        pk,
    )


def move_direction(
    before_stance: str, before_score: int | None, after_stance: str, after_score: int | None
) -> tuple[str, int | None]:
    """``(direction, stance change)`` between two assessments: ``up`` (towards champion), ``down`` (towards
    spoiler) or ``same`` by stance score; with an unknown stance on either side, ``same`` if the stances are
    equal and ``unclear`` otherwise, and no stance change."""
    if before_score is None or after_score is None:
        return ("same" if before_stance == after_stance else "unclear"), None
    change = after_score - before_score
    return ("up" if change > 0 else "down" if change < 0 else "same"), change
