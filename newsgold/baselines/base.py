"""The system base class and the small text helpers the baselines share."""
from __future__ import annotations

import re
from typing import Any, Iterator


class System:
    """A baseline: ``name``, ``kind``, ``version`` and the languages it was written for."""

    name: str = ""
    kind: str = ""          # "cleaner" | "ner" | "attribution"
    version: str = "1"
    langs: tuple[str, ...] = ("ko", "en")
    description: str = ""

    def clean(self, raw_text: str, lang: str) -> str:  # cleaners
        raise NotImplementedError

    def extract(self, text: str, lang: str) -> dict[str, Any]:  # extractors
        raise NotImplementedError

    def info(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "version": self.version,
                "langs": list(self.langs), "description": self.description}


def package_version(dist: str) -> str:
    """The installed version of a third-party package, for cache keys ("unknown" if it cannot be read)."""
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001 - only for the cache key
        return "unknown"


def source_hash(*module_files: str) -> str:
    """A short hash of the given module files (``__file__`` values), so that the version -- and with it
    the output cache key -- changes whenever a rule or lexicon is edited, even if nobody bumps it."""
    import hashlib
    from pathlib import Path

    h = hashlib.sha256()
    for f in module_files:
        try:
            h.update(Path(f).read_bytes())
        except OSError:
            h.update(f.encode("utf-8"))
    return h.hexdigest()[:8]


def _base_file() -> str:
    return __file__


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, line)`` for every line of ``text`` (``\\n`` separated, end exclusive of it)."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def keep_lines(lines: list[str], keep: list[bool]) -> str:
    """The kept lines, stripped, one per line (blank lines dropped)."""
    return "\n".join(line.strip() for line, k in zip(lines, keep) if k and line.strip())


# Sentence ends: . ? ! (also Korean 다. / 요.) followed by space or end, optionally after a closing quote.
_SENT_END = re.compile(r"(?<=[.?!])[\"'”’)\]]*(?=\s+|$)")


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Half-open ``(start, end)`` sentence ranges within each line (whitespace trimmed).

    A period inside a number (3.1%), after a single capital (J. Doe) or a common
    abbreviation (Mr., U.S.) does not end a sentence.
    """
    for ls, le, line in iter_lines(text):
        start = 0
        for m in _SENT_END.finditer(line):
            end = m.end()
            before = line[max(0, m.start() - 4):m.start()]
            if _ABBREV_TAIL.search(before):
                continue
            yield from _trimmed(line, ls, start, end)
            start = end
        yield from _trimmed(line, ls, start, len(line))


_ABBREV_TAIL = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|Gov|Sen|Rep|Gen|Prof)\.|"
                          r"\b[A-Z]\.|\b[A-Z]\.[A-Z]\.)$")


def _trimmed(line: str, offset: int, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if s < e:
        yield offset + s, offset + e


def span(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def strip_span(text: str, start: int, end: int, chars: str = " \t\n.,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
