"""Query-count pinning: a list must cost the same number of queries with few rows and with many."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_constant_queries(
    make_rows: Callable[[int], object], request: Callable[[], object], few: int = 2, many: int = 12
) -> int:
    """Create ``few`` rows, count the queries of ``request``; add rows up to ``many``; the count must not grow."""
    make_rows(few)
    request()  # warm caches (content types, permissions) so both counts measure the same work
    small = count_queries(request)
    make_rows(many - few)
    large = count_queries(request)
    assert large == small, f"query count grew with rows: {small} queries for {few} rows, {large} for {many}"
    return large
