"""The risk matrix, server-drawn like the manager views' charts (``stakeholders.insights.charts``): likelihood
(rows, most likely on top) against impact (columns), each cell shaded by its rating band, each risk a numbered
mark linking to its page; a cell with more risks than fit shows "+N"."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from stakeholders.insights.charts.canvas import Canvas, truncate

from .choices import Impact, Likelihood, Rating, rating_of
from .selectors import MatrixCell

_LEFT, _TOP, _CELL_W, _CELL_H = 150, 60, 130, 78
_PER_CELL = 6
BAND_FILL = {
    Rating.LOW: "#e6f4ea",
    Rating.MEDIUM: "#fff4ce",
    Rating.HIGH: "#fde2c8",
    Rating.CRITICAL: "#f8d0d0",
}
MARK = {Rating.LOW: "#2e7d32", Rating.MEDIUM: "#8a6d00", Rating.HIGH: "#c25400", Rating.CRITICAL: "#b3261e"}


def risk_matrix_svg(matrix: list[list[MatrixCell]]) -> str:
    """The matrix as an inline SVG document (scales to the page)."""
    count = sum(len(cell.risks) for row in matrix for cell in row)
    canvas = Canvas(
        "risk-matrix",
        _LEFT + 5 * _CELL_W + 20,
        _TOP + 5 * _CELL_H + 50,
        _("Risk matrix: likelihood × impact"),
        _("%(count)d risks placed by likelihood and impact.") % {"count": count},
    )
    for r, row in enumerate(matrix):
        for c, cell in enumerate(row):
            _cell(canvas, cell, _LEFT + c * _CELL_W, _TOP + r * _CELL_H)
    _axes(canvas)
    return canvas.render(inline=True)


def _cell(canvas: Canvas, cell: MatrixCell, x: float, y: float) -> None:
    band = rating_of(cell.likelihood * cell.impact)
    canvas.add(
        canvas.element(
            "rect", x=x, y=y, width=float(_CELL_W), height=float(_CELL_H), fill=BAND_FILL[band], stroke="#ffffff"
        )
    )
    shown = cell.risks[:_PER_CELL]
    for index, risk in enumerate(shown):
        cx = x + 18 + (index % 3) * 40
        cy = y + 22 + (index // 3) * 34
        mark = canvas.element("circle", cx=float(cx), cy=float(cy), r=13.0, fill=MARK[band])
        label = canvas.text(cx, cy + 4, str(risk.pk), 10, fill="#ffffff", text_anchor="middle")
        canvas.add(canvas.link(risk.get_absolute_url(), truncate(risk.title, 80), mark, label))
    hidden = len(cell.risks) - len(shown)
    if hidden > 0:
        query = urlencode({"likelihood": cell.likelihood, "impact": cell.impact})
        more = canvas.text(x + _CELL_W - 8, y + _CELL_H - 8, f"+{hidden}", 11, text_anchor="end")
        canvas.add(canvas.link(reverse("analysis:coordinationrisk_list") + "?" + query, _("More risks"), more))


def _axes(canvas: Canvas) -> None:
    bottom = _TOP + 5 * _CELL_H
    for index, (_value, label) in enumerate(Impact.choices):
        canvas.add(canvas.text(_LEFT + (index + 0.5) * _CELL_W, bottom + 18, str(label), 11, text_anchor="middle"))
    for index, (_value, label) in enumerate(reversed(Likelihood.choices)):
        canvas.add(canvas.text(_LEFT - 8, _TOP + (index + 0.5) * _CELL_H + 4, str(label), 11, text_anchor="end"))
    canvas.add(canvas.text(_LEFT, 24, _("Likelihood (rows) × impact (columns)"), 15, font_weight="bold"))
    canvas.add(
        canvas.text(_LEFT + 5 * _CELL_W / 2, bottom + 40, _("Impact"), 12, text_anchor="middle", font_weight="bold")
    )
