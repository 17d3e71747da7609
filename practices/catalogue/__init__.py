"""Reading, checking and loading ``practices/data/catalogue.yaml`` (the catalogue as reviewed data).

Three steps, one module each: ``parse`` turns the YAML into plain dataclasses (``CatalogueSpec`` …),
reporting what has the wrong shape; ``checks`` validates what the values mean, collecting every problem
(``read_catalogue`` / ``parse_catalogue`` run both, without touching the database); ``load`` writes a checked
catalogue in one transaction (``load_catalogue``): idempotent, matching rows by their ``key``, and an item
removed from the file is deleted only when nothing refers to it (otherwise it is kept and marked
``withdrawn``).
"""

from .checks import parse_catalogue, read_catalogue
from .load import LoadReport, load_catalogue, practice_label, practice_source, search_document
from .parse import DEFAULT_PATH, CatalogueError, CatalogueSpec, PracticeSpec

__all__ = [
    "DEFAULT_PATH",
    "CatalogueError",
    "CatalogueSpec",
    "LoadReport",
    "PracticeSpec",
    "load_catalogue",
    "parse_catalogue",
    "practice_label",
    "practice_source",
    "read_catalogue",
    "search_document",
]
