"""Helpers shared by the rule-based entity baselines: span bookkeeping without overlaps."""
from __future__ import annotations

import re
from typing import Iterable


class SpanSet:
    """Non-overlapping labelled spans; an added span that overlaps a kept one is refused."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, str]] = []
        self._mask: set[int] = set()

    def free(self, start: int, end: int) -> bool:
        return not any(i in self._mask for i in range(start, end))

    def add(self, start: int, end: int, label: str) -> bool:
        if start >= end or not self.free(start, end):
            return False
        self.spans.append((start, end, label))
        self._mask.update(range(start, end))
        return True

    def add_matches(self, text: str, pattern: re.Pattern, label: str, group: int | str = 0) -> None:
        for m in pattern.finditer(text):
            s, e = m.span(group)
            if s < e:
                self.add(s, e, label)

    def to_list(self) -> list[dict]:
        return [{"start": s, "end": e, "label": lab} for s, e, lab in sorted(self.spans)]


def words(pattern_words: Iterable[str]) -> str:
    """An alternation of literal words, longest first (so "지난해" wins over "지난")."""
    return "|".join(re.escape(w) for w in sorted(set(pattern_words), key=len, reverse=True))
