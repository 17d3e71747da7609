"""Likely duplicates: names compared without accents, case, punctuation or word order, and with a typo or two.

A new row is compared with the records of its scope (a stakeholder's jurisdiction) that the importer may see,
and with the rows above it in the same file; a score of ``SIMILAR`` or more (rapidfuzz's ``token_sort_ratio``
on the folded names: 100 for the same words in any order) makes it a likely duplicate for the importer to
confirm — unless the two names hold different numbers ("Police Station 2" is not "Police Station 3"). Records
they may not see are never candidates: an import never tells of them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from rapidfuzz import fuzz, process

from .kinds import folded

SIMILAR = 88
MAX_CANDIDATES = 5
PUNCTUATION = re.compile(r"[^\w]+")
NUMBER = re.compile(r"\d+")


def normalised(name: str) -> str:
    return " ".join(PUNCTUATION.sub(" ", folded(name)).split())


@dataclasses.dataclass(frozen=True)
class Candidate:
    record: int | None  # a record's id, or None for a row of the file
    line: int | None  # the file's line of an earlier row
    label: str
    score: int

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class NameIndex:
    """The names of one kind's records per scope, loaded once per scope, growing with the file's new rows."""

    def __init__(self, load: Any) -> None:
        self.load = load  # (scope) -> [(id, name)] of the records the importer may see
        self.scopes: dict[Any, list[tuple[int | None, int | None, str, str]]] = {}

    def entries(self, scope: Any) -> list[tuple[int | None, int | None, str, str]]:
        if scope not in self.scopes:
            self.scopes[scope] = [(pk, None, name, normalised(name)) for pk, name in self.load(scope)]
        return self.scopes[scope]

    def similar(self, name: str, scope: Any) -> list[Candidate]:
        entries = self.entries(scope)
        if not entries or not name.strip():
            return []
        found = process.extract(
            normalised(name),
            [entry[3] for entry in entries],
            scorer=fuzz.token_sort_ratio,
            score_cutoff=SIMILAR,
            limit=MAX_CANDIDATES,
        )
        numbers = sorted(NUMBER.findall(name))
        return [
            Candidate(entries[index][0], entries[index][1], entries[index][2], round(score))
            for _choice, score, index in found
            if sorted(NUMBER.findall(entries[index][2])) == numbers
        ]

    def add_row(self, line: int, name: str, scope: Any) -> None:
        self.entries(scope).append((None, line, name, normalised(name)))
