"""Change between two rounds: one row per stakeholder whose stance moved, from its earlier to its later stance."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from ..figures.records import STANCE_AXIS
from ..figures.round_changes import Move, RoundChanges
from .canvas import GRID_LINE, MUTED, STANCE_COLOURS, Canvas, Link, keep_url, stance_label, truncate

CHANGES_DRAW_LIMIT = 60
_COLUMNS = [*STANCE_AXIS, "unknown"]
_LEFT, _AXIS_X, _STEP, _ROW_H, _TOP = 20.0, 300.0, 90.0, 20.0, 92.0
_DIRECTION_COLOURS = {"down": STANCE_COLOURS["spoiler"], "up": STANCE_COLOURS["champion"], "unclear": MUTED}
# The summary's parts: the figure's list each counts, and how to say it (translated when drawn).
_SUMMARY = (
    ("moved_up", ngettext_lazy("%(count)s moved towards champion", "%(count)s moved towards champion", "count")),
    ("moved_down", ngettext_lazy("%(count)s towards spoiler", "%(count)s towards spoiler", "count")),
    ("unclear", ngettext_lazy("%(count)s unclear", "%(count)s unclear", "count")),
    ("unchanged", ngettext_lazy("%(count)s unchanged", "%(count)s unchanged", "count")),
    ("new", ngettext_lazy("%(count)s new", "%(count)s new", "count")),
    ("not_reassessed", ngettext_lazy("%(count)s not reassessed", "%(count)s not reassessed", "count")),
)


def changes_svg(figure: RoundChanges, *, link: Link = keep_url) -> Canvas:
    """One row per stakeholder whose stance moved (towards spoiler first, largest moves first): a hollow dot
    at the earlier stance, a filled one at the later, joined by a line coloured by direction."""
    movers: list[Move] = [*figure.moved_down, *figure.moved_up, *figure.unclear]
    shown = movers[:CHANGES_DRAW_LIMIT]
    before = figure.before.name if figure.before else "—"
    after = figure.after.name if figure.after else "—"
    summary = _summary(figure)
    canvas = Canvas(
        "changes",
        _AXIS_X + _STEP * len(_COLUMNS) + 20,
        _TOP + max(1, len(shown)) * _ROW_H + 50,
        _("Change between %(before)s and %(after)s") % {"before": before, "after": after},
        summary,
    )
    canvas.add(canvas.text(_LEFT, 22, f"{before} → {after}", 16, font_weight="bold"))
    canvas.add(canvas.text(_LEFT, 42, summary, 11, fill=MUTED))
    for i, stance in enumerate(_COLUMNS):
        x = _AXIS_X + i * _STEP
        canvas.add(canvas.text(x, _TOP - 14, stance_label(stance, stance), 11, text_anchor="middle"))
        canvas.add(canvas.element("line", x1=x, y1=_TOP - 6, x2=x, y2=_TOP + len(shown) * _ROW_H, stroke=GRID_LINE))
    if not shown:
        canvas.add(canvas.text(_LEFT, _TOP + 14, _("Nobody's stance moved between these rounds."), 12, fill=MUTED))
    for row, move in enumerate(shown):
        canvas.add(_move_row(canvas, move, _TOP + row * _ROW_H + _ROW_H / 2, link))
    if len(movers) > len(shown):
        note = _("Showing the %(shown)s largest moves of %(total)s; the table and CSV list all.") % {
            "shown": len(shown),
            "total": len(movers),
        }
        canvas.add(canvas.text(_LEFT, _TOP + len(shown) * _ROW_H + 20, note, 11, fill=MUTED))
    return canvas


def _summary(figure: RoundChanges) -> str:
    """How many moved which way, were unchanged, new or not reassessed."""
    return ", ".join(text % {"count": len(getattr(figure, name))} for name, text in _SUMMARY)


def _move_row(canvas: Canvas, move: Move, y: float, link: Link) -> str:
    """One mover: its name, a hollow dot at its earlier stance and a filled one at its later, joined by a line
    coloured by direction; all one link to its stakeholder."""
    x0 = _AXIS_X + _COLUMNS.index(move.before_stance or "unknown") * _STEP
    x1 = _AXIS_X + _COLUMNS.index(move.after_stance or "unknown") * _STEP
    colour = _DIRECTION_COLOURS[move.direction]
    label = f"{move.actor.name}: {stance_label(move.before_stance, '—')} → {stance_label(move.after_stance, '—')}"
    return canvas.link(
        link(move.actor.url),
        label,
        canvas.text(_LEFT, y + 4, truncate(move.actor.name, 40), 11),
        canvas.element("line", x1=x0, y1=y, x2=x1, y2=y, stroke=colour, stroke_width=2.0),
        canvas.element("circle", cx=x0, cy=y, r=5.0, fill="#ffffff", stroke=colour, stroke_width=2.0),
        canvas.element("circle", cx=x1, cy=y, r=5.0, fill=colour),
    )
