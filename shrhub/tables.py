"""Declarative list columns: a page lists its columns once, the generic list template renders them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Column:
    """One column of a list page.

    ``accessor`` is a dotted path from the row (``jurisdiction.name``); ``order_by`` is the value of
    the FilterSet's ``ordering`` parameter that sorts by it; ``link`` makes the cell link to the row;
    ``template`` renders the cell with a template that receives ``row`` and ``value``.
    """

    label: StrOrPromise
    accessor: str
    order_by: str | None = None
    link: bool = False
    template: str | None = None
    permission: str | None = None  # shown only to users holding it (restricted fields such as stance)

    def value(self, row: models.Model) -> Any:
        if self.accessor == "self":
            return row
        target: Any = row
        parts = self.accessor.split(".")
        for index, part in enumerate(parts):
            if target is None:
                return None
            last = index == len(parts) - 1
            display = getattr(target, f"get_{part}_display", None)
            if last and callable(display):
                return display()
            target = getattr(target, part, None)
            if callable(target) and not isinstance(target, models.Manager):
                target = target()
        return target
