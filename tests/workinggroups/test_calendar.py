"""RFC 5545 details of the feed: TEXT escaping and line folding at 75 octets without splitting a character."""

from __future__ import annotations

import pytest

from workinggroups.calendar import escape_text, feed_key, fold, user_for_key


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


@pytest.mark.django_db
def test_feed_keys_identify_their_user_and_nothing_else(django_user_model):
    user = django_user_model.objects.create_user("chris", password="a-long-password-2026")
    other = django_user_model.objects.create_user("sam", password="another-long-password-2026")
    assert user_for_key(feed_key(user)) == user
    assert user_for_key(feed_key(other)) == other
    assert user_for_key("garbage") is None
    forged = feed_key(user).replace(f"{user.pk}.", f"{other.pk}.", 1)
    assert user_for_key(forged) is None
    user.is_active = False
    user.save()
    assert user_for_key(feed_key(user)) is None
