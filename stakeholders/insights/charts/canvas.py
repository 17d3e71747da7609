"""What every chart draws with: the SVG ``Canvas``, the palette, number and text formatting, stance and level
labels (from the choices, so that they follow the user's language once the choices are translated), the two
legends and the packed dots of a map cell.

Every user-visible string is translated when a chart is drawn, never when a module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from shrhub.models import JurisdictionLevel

from ...choices import Stance
from ..figures.champion_map import MapPoint
from ..figures.records import LEVELS

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
STANCE_COLOURS = {
    "champion": "#1a7f37",
    "supporter": "#57ab5a",
    "neutral": "#6e7781",
    "sceptic": "#d4a72c",
    "spoiler": "#cf222e",
    "unknown": "#8c959f",
    None: "#d0d7de",
}
LEVEL_COLOURS = {"national": "#1f4e9c", "regional": "#8250df", "local": "#e16f24"}
TEXT = "#1f2328"
MUTED = "#57606a"
GRID_LINE = "#d0d7de"

# Makes a mark's URL what the document needs: as is on the page, absolute in a download.
Link = Callable[[str], str]


def keep_url(url: str) -> str:
    """The ``Link`` of a chart drawn on the page: URLs as the figure gives them."""
    return url


def num(value: float) -> str:
    """A coordinate or measure to one decimal, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stance_label(stance: str | None, missing: str) -> str:
    """The stance's label from ``Stance``; ``missing`` for no stance (or one that is not a stance)."""
    if stance is None:
        return missing
    try:
        return str(Stance(stance).label)
    except ValueError:
        return missing


def level_label(level: str) -> str:
    """The level's label from ``JurisdictionLevel``; the value itself for one that is not a level."""
    try:
        return str(JurisdictionLevel(level).label)
    except ValueError:
        return level


class Canvas:
    """An SVG document built from escaped parts."""

    def __init__(self, key: str, width: float, height: float, title: str, description: str):
        self.key, self.width, self.height = key, width, height
        self.title, self.description = title, description
        self.parts: list[str] = []

    @staticmethod
    def element(tag: str, content: str | None = None, **attrs: Any) -> str:
        rendered = []
        for name, value in attrs.items():
            if value is None:
                continue
            name = name.rstrip("_").replace("_", "-")
            value = num(value) if isinstance(value, float) else value
            rendered.append(f' {name}="{escape(value)}"')
        joined = "".join(rendered)
        return f"<{tag}{joined}/>" if content is None else f"<{tag}{joined}>{content}</{tag}>"

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, size: float = 12, **attrs: Any) -> str:
        attrs.setdefault("fill", TEXT)
        return self.element("text", str(escape(content)), x=float(x), y=float(y), font_size=float(size), **attrs)

    @staticmethod
    def link(url: str, label: str, *children: str) -> str:
        inner = Canvas.element("title", str(escape(label))) + "".join(children)
        return Canvas.element("a", inner, href=url, aria_label=label)

    def render(self, *, inline: bool = False) -> str:
        """The document; ``inline`` leaves out the pixel size so that the chart scales to the page."""
        size = {} if inline else {"width": float(self.width), "height": float(self.height)}
        head = (
            self.element("title", str(escape(self.title)), id=f"{self.key}-title")
            + self.element("desc", str(escape(self.description)), id=f"{self.key}-desc")
            + self.element("rect", x=0.0, y=0.0, width=float(self.width), height=float(self.height), fill="#ffffff")
        )
        return self.element(
            "svg",
            head + "".join(self.parts),
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {num(self.width)} {num(self.height)}",
            role="img",
            aria_labelledby=f"{self.key}-title {self.key}-desc",
            font_family=FONT,
            **size,
        )


def level_legend(canvas: Canvas, x: float, y: float) -> None:
    """Colour by level, size by interest: the key of the stance map."""
    canvas.add(canvas.text(x, y, _("Colour: level"), 11, fill=MUTED))
    for i, level in enumerate(LEVELS):
        lx = x + 90 + i * 95
        canvas.add(canvas.element("circle", cx=float(lx), cy=float(y - 4), r=6.0, fill=LEVEL_COLOURS[level]))
        canvas.add(canvas.text(lx + 10, y, level_label(level), 11))
    sx = x + 90 + 3 * 95 + 20
    canvas.add(canvas.text(sx, y, _("Size: interest 1–5"), 11, fill=MUTED))
    for i, interest in enumerate((1, 3, 5)):
        canvas.add(
            canvas.element("circle", cx=float(sx + 120 + i * 20), cy=float(y - 4), r=2.6 + interest * 0.8, fill=MUTED)
        )


def stance_legend(canvas: Canvas, x: float, y: float, stances: Iterable[str]) -> None:
    """Colour by stance: the key of the grid and the network."""
    canvas.add(canvas.text(x, y, _("Colour: stance"), 11, fill=MUTED))
    for i, stance in enumerate(stances):
        lx = x + 95 + i * 88
        canvas.add(canvas.element("circle", cx=float(lx), cy=float(y - 4), r=6.0, fill=STANCE_COLOURS[stance]))
        canvas.add(canvas.text(lx + 10, y, stance_label(stance, stance), 11))


def level_colour(point: MapPoint) -> str:
    return LEVEL_COLOURS.get(point.actor.level, MUTED)


def stance_colour(point: MapPoint) -> str:
    return STANCE_COLOURS.get(point.stance, MUTED)


def pack(n: int, columns: int) -> list[tuple[int, int]]:
    """``(column, row)`` of ``n`` marks filling rows of ``columns`` from the top left."""
    return [(i % columns, i // columns) for i in range(n)]


def point_label(point: MapPoint) -> str:
    """What a dot on the map says of its stakeholder (its title and accessible name)."""
    return _("%(name)s: %(stance)s, influence %(influence)s, interest %(interest)s, %(level)s") % {
        "name": point.actor.name,
        "stance": stance_label(point.stance, point.stance),
        "influence": point.influence,
        "interest": point.interest,
        "level": level_label(point.actor.level),
    }


def cell_marks(
    canvas: Canvas,
    points: list[MapPoint],
    origin: tuple[float, float],
    shape: tuple[int, int],
    step: float,
    colour: Callable[[MapPoint], str],
    link: Link,
    more_url: str,
) -> None:
    """Dots packed in a cell of ``shape`` (columns, rows) from ``origin``, each linking to its stakeholder; the
    overflow as one "+N" link."""
    (x0, y0), (columns, rows) = origin, shape
    capacity = columns * rows
    shown = points if len(points) <= capacity else points[: capacity - 1]
    for point, (col, row) in zip(shown, pack(len(shown), columns), strict=True):
        cx, cy = x0 + step / 2 + col * step, y0 + step / 2 + row * step
        dot = canvas.element(
            "circle",
            cx=float(cx),
            cy=float(cy),
            r=float(2.6 + point.interest * 0.8),
            fill=colour(point),
            stroke="#ffffff",
            stroke_width=1.0,
        )
        canvas.add(canvas.link(link(point.actor.url), point_label(point), dot))
    if len(points) > capacity:
        col, row = (capacity - 1) % columns, (capacity - 1) // columns
        rest = len(points) - len(shown)
        label = ngettext(
            "%(count)s more stakeholder in this cell", "%(count)s more stakeholders in this cell", rest
        ) % {"count": rest}
        mark = pgettext("overflow mark: how many more", "+%(count)s") % {"count": rest}
        x, y = x0 + col * step + 1, y0 + row * step + step * 0.7
        canvas.add(canvas.link(link(more_url), label, canvas.text(x, y, mark, 10, font_weight="bold")))
