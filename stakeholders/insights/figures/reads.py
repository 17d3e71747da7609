"""The reads several figures share, each at a fixed number of queries, and the transaction they run in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from shrhub.models import Jurisdiction

from ...models import Engagement
from ..filters import Scope
from .graphs import with_ancestors_and_subtree


@contextmanager
def fast_reads() -> Iterator[None]:
    """One transaction for a view's reads, with PostgreSQL's JIT compilation off inside it.

    These queries read thousands of rows through visibility subqueries whose estimated cost sets off JIT,
    which then spends ~40 ms compiling each query to save less than that (measured at ``seed_demo --scale
    100``). ``SET LOCAL`` ends with the transaction; other databases are left as they are.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def in_use_stances(scope: Scope) -> dict[int, str]:
    """Stakeholder id → the stance of its assessment in use. One query."""
    rows = scope.assessments().values(
        "id", "stakeholder_id", "stance", "influence", "interest", "assessed_on", "review_due_on"
    )
    return {row["stakeholder_id"]: row["stance"] for row in rows}


def last_engaged(scope: Scope, ids: Iterable[int] | Any) -> dict[int, datetime.date]:
    """Stakeholder id → the date of its latest engagement on or before today. One aggregate query."""
    through = Engagement.stakeholders.through
    rows = (
        through.objects.filter(
            stakeholder_id__in=ids,
            engagement__in=Engagement.objects.visible_to(scope.user).values("pk"),
            engagement__occurred_on__lte=scope.today,
        )
        .values("stakeholder_id")
        .annotate(last=Max("engagement__occurred_on"))
        .order_by()
    )
    return {row["stakeholder_id"]: row["last"] for row in rows}


def scope_jurisdictions(scope: Scope) -> Sequence[Mapping[str, Any]]:
    """The jurisdictions the scope covers (the chosen one, its subtree and its ancestors; all without one),
    as ``{id, name, level, parent_id}``. One query."""
    rows = list(Jurisdiction.objects.visible_to(scope.user).values("id", "name", "level", "parent_id"))
    if scope.jurisdiction is None:
        return rows
    keep = with_ancestors_and_subtree({row["id"]: row["parent_id"] for row in rows}, scope.jurisdiction.pk)
    return [row for row in rows if row["id"] in keep]
