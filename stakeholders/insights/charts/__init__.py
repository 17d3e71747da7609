"""Server-drawn SVG charts of the manager views, one module per chart; shared drawing in ``canvas``.

Every chart is a standalone SVG document (title and description for screen readers, white background,
presentation attributes only: no ``<style>``, no script), so the same markup is shown inline on the page,
downloaded as ``.svg`` and rendered to ``.png``. Every mark is an ``<a>`` to its stakeholder; where a cell holds
more marks than fit, the overflow is one "+N" mark linking to the registry list with the same filters.
Charts draw at most a fixed number of marks, so their size does not grow with the registry. Their words are
translated when they are drawn, in the language active then.
"""

from .canvas import Canvas, Link
from .changes import changes_svg
from .coordination import coordination_svg
from .coverage import coverage_svg
from .grid import grid_svg
from .network import network_svg
from .stance_map import stance_map_svg

__all__ = [
    "Canvas",
    "Link",
    "changes_svg",
    "coordination_svg",
    "coverage_svg",
    "grid_svg",
    "network_svg",
    "stance_map_svg",
]
