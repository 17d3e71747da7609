"""RFC 5545 details of the feed: TEXT escaping and line folding at 75 octets without splitting a character."""

from __future__ import annotations

import pytest

from workinggroups.calendar import escape_text, fold


def test_text_values_are_escaped():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_short_lines_are_left_alone():
    assert fold("SUMMARY:" + "x" * 67) == "SUMMARY:" + "x" * 67


@pytest.mark.parametrize("text", ["x" * 200, "é" * 120, "ab" + "€" * 90, "SUMMARY:" + "😀" * 40])
def test_long_lines_fold_at_75_octets_and_unfold_to_the_original(text):
    folded = fold(text)
    lines = folded.split("\r\n")
    assert len(lines) > 1
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert folded.replace("\r\n ", "") == text
