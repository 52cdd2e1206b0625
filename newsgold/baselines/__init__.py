"""Baseline systems: cleaners, entity extractors and attribution extractors behind one interface.

Every system is an object with ``name``, ``kind`` (``cleaner`` | ``ner`` | ``attribution``),
``version`` (part of the cache key: bump it when the output changes) and ``langs``.

- cleaner:     ``clean(raw_text, lang) -> str`` (the kept text; the scorer aligns it to raw_text)
- ner:         ``extract(text, lang) -> {"entities": [{"start", "end", "label"}, ...]}``
- attribution: ``extract(text, lang) -> {"claims": [{"kind", "content", "source", "cue"}, ...]}``

Offsets returned by extractors are half-open code-point offsets into the ``text`` they were given.
:func:`predict_record` wraps one call as a prediction record (``schema/prediction.schema.json``).

Systems are registered by name in :data:`SYSTEMS`; heavy resources (the Kiwi model, trafilatura)
are loaded on first use, so listing the systems is cheap.
"""
from __future__ import annotations

import re
from typing import Any

from ..io import InputError
from .base import System
from .identity import IdentityCleaner
from .c4_lines import C4LinesCleaner
from .trafilatura_cleaner import TrafilaturaCleaner
from .justext_cleaner import JustextCleaner
from .rules_cleaner import RulesCleaner
from .ko_ner import KoNER
from .en_ner import EnNER
from .attr_rules import AttrRules, AttrQuotes

KINDS = ("cleaner", "ner", "attribution")

SYSTEMS: dict[str, System] = {s.name: s for s in (
    IdentityCleaner(),
    C4LinesCleaner(),
    TrafilaturaCleaner(),
    JustextCleaner(),
    RulesCleaner(),
    KoNER(),
    EnNER(),
    AttrRules(),
    AttrQuotes(),
)}


def get(name: str) -> System:
    """The system registered as ``name``; a usage error naming the known systems otherwise."""
    try:
        return SYSTEMS[name]
    except KeyError:
        from ..cli import UsageError

        raise UsageError(f"unknown system {name!r}; known: {', '.join(SYSTEMS)}") from None


def names(kind: str | None = None) -> list[str]:
    return [n for n, s in SYSTEMS.items() if kind is None or s.kind == kind]


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str) -> str:
    """``ko`` when Hangul syllables make up at least a fifth of the letters, else ``en``."""
    sample = text[:20000]
    ko = len(_HANGUL.findall(sample))
    en = len(_LATIN.findall(sample))
    return "ko" if ko and ko * 5 >= (ko + en) else "en"


def run_system(system: System, text: str, lang: str) -> dict[str, Any]:
    """The system's output on ``text`` as a record body (without ``id``)."""
    if system.kind == "cleaner":
        return {"text": system.clean(text, lang)}
    out = system.extract(text, lang)
    key = "entities" if system.kind == "ner" else "claims"
    return {key: out[key]}


def predict_record(name: str, doc_id: str, raw_text: str, lang: str) -> dict[str, Any]:
    """One prediction record (schema/prediction.schema.json) for ``raw_text``.

    A system run on a language it does not support returns an empty result rather
    than failing, so a mixed-language file can go through any system.
    """
    system = get(name)
    if not isinstance(raw_text, str):
        raise InputError(None, "raw_text must be a string", doc_id=doc_id)
    rec: dict[str, Any] = {"id": doc_id, "system": name}
    if lang not in system.langs:
        rec.update(empty_output(system, raw_text))
    else:
        rec.update(run_system(system, raw_text, lang))
    return rec


def empty_output(system: System, text: str) -> dict[str, Any]:
    if system.kind == "cleaner":
        return {"text": text}
    return {"entities": []} if system.kind == "ner" else {"claims": []}


__all__ = ["SYSTEMS", "System", "get", "names", "predict_record", "detect_lang", "run_system", "KINDS"]
