"""The classifications under the manager views' figures, as pure functions: no database."""

from __future__ import annotations

import datetime

import pytest

from shrhub import clock
from stakeholders.insights.figures.rules import (
    grid_cell_of,
    map_priority,
    move_direction,
    quadrant_of,
)


@pytest.mark.parametrize(
    ("score", "influence", "expected"),
    [
        (-2, 5, "engage"),
        (-1, 4, "engage"),
        (-1, 3, "watch"),
        (1, 4, "support"),
        (2, 1, "build"),
        (0, 5, None),
        (None, 5, None),
    ],
)
def test_quadrant_of(score, influence, expected):
    assert quadrant_of(score, influence) == expected


@pytest.mark.parametrize(
    ("influence", "interest", "expected"),
    [(4, 4, "manage_closely"), (5, 3, "keep_satisfied"), (3, 4, "keep_informed"), (3, 3, "monitor"), (1, 1, "monitor")],
)
def test_grid_cell_of(influence, interest, expected):
    assert grid_cell_of(influence, interest) == expected


def test_map_priority_puts_influential_spoilers_first_and_unknown_stances_last():
    points = [
        ("unknown", None, None, 5),
        ("neutral", None, 0, 5),
        ("build", "build", 2, 2),
        ("watch", "watch", -1, 3),
        ("support", "support", 2, 4),
        ("engage weak", "engage", -1, 4),
        ("engage strong", "engage", -2, 5),
        ("engage spoiler", "engage", -2, 4),
    ]
    ranked = sorted(points, key=lambda p: map_priority(p[1], p[2], p[3], p[0], 1))
    assert [p[0] for p in ranked] == [
        "engage strong",
        "engage spoiler",
        "engage weak",
        "support",
        "watch",
        "build",
        "neutral",
        "unknown",
    ]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (("spoiler", -2), ("champion", 2), ("up", 4)),
        (("supporter", 1), ("sceptic", -1), ("down", -2)),
        (("neutral", 0), ("neutral", 0), ("same", 0)),
        (("unknown", None), ("unknown", None), ("same", None)),
        (("unknown", None), ("champion", 2), ("unclear", None)),
        (("sceptic", -1), ("unknown", None), ("unclear", None)),
    ],
)
def test_move_direction(before, after, expected):
    assert move_direction(before[0], before[1], after[0], after[1]) == expected


def test_months_arithmetic():
    assert clock.months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert clock.months_before(datetime.date(2026, 1, 15), 2) == datetime.date(2025, 11, 15)
    assert clock.months_before(datetime.date(2024, 3, 30), 1) == datetime.date(2024, 2, 29)  # a leap year
    assert clock.months_before(datetime.date(2025, 8, 31), -6) == datetime.date(2026, 2, 28)
    assert clock.months_before(datetime.date(2025, 11, 30), -3) == datetime.date(2026, 2, 28)
