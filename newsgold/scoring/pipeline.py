"""Pipelines: extractor output on a cleaned text, projected back to raw_text.

A prediction record that carries ``text`` gives its entity and claim offsets
into that text.  The text is aligned to raw_text (:func:`newsgold.align.align`)
and every span is projected with :func:`newsgold.align.project_span`:

- an entity that cannot be projected is spurious in every scheme;
- a claim part that cannot be projected is dropped; a claim left without any
  content span is a spurious claim (predicted, never matched);
- ``source_entities`` ids resolve to the projected spans of the record's
  entities (an id with no entity, or one that was not projected, is a link that
  cannot be right).

The ``pipeline`` section reports what the cleaning cost before the extractor
even ran: the share of gold entity mentions and gold claim contents whose
characters all survived the cleaning (the recall ceiling the cleaner leaves),
and how many predicted spans could not be placed.  Scoring several prediction
files at once (``newsgold score entities RAW.jsonl CLEANED.jsonl``) adds the
difference of every headline figure against the first file: how much each
cleaner costs or saves the extractor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..align import Alignment, align, codes, ignorable_mask, project_span
from ..model import CLAIM_ROLES
from .bootstrap import Columns, div


@dataclass
class Projected:
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    unplaced_entity_labels: list[str] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    unplaced_claims: int = 0
    spans: int = 0
    unplaced_spans: int = 0
    alignment: Alignment | None = None


def project_record(rec: dict, raw_text: str, alignment: Alignment | None = None) -> Projected:
    """Entities and claims of a prediction record with raw_text offsets."""
    out = Projected()
    if "text" in rec and ("entities" in rec or "claims" in rec):
        al = alignment or align(rec["text"], raw_text)
        out.alignment = al

        def proj(s: int, e: int) -> tuple[int, int] | None:
            out.spans += 1
            r = project_span(al, s, e)
            if r is None:
                out.unplaced_spans += 1
            return r
    else:
        def proj(s: int, e: int) -> tuple[int, int] | None:
            out.spans += 1
            return (s, e)

    by_id: dict[str, tuple[int, int] | None] = {}
    for ent in rec.get("entities", []):
        r = proj(ent["start"], ent["end"])
        if "id" in ent:
            by_id[ent["id"]] = r
        if r is None:
            out.unplaced_entity_labels.append(ent["label"])
        else:
            out.entities.append((r[0], r[1], ent["label"]))
    for c in rec.get("claims", []):
        claim: dict[str, Any] = {"kind": c["kind"]}
        for role in CLAIM_ROLES:
            spans = [proj(s["start"], s["end"]) for s in c.get(role, [])]
            claim[role] = [s for s in spans if s is not None]
        links = []
        for ref in c.get("source_entities", []):
            links.append(by_id.get(ref) or (-1, -1))
        claim["links"] = links
        if claim["content"]:
            out.claims.append(claim)
        else:
            out.unplaced_claims += 1
    return out


def ceiling_stats(raw_text: str, kept: np.ndarray, gold_entities: list[tuple[int, int, str]],
                  gold_claims: list[dict]) -> dict[str, float]:
    """How many gold mentions / claim contents survived cleaning (all non-whitespace characters kept)."""
    ign = ignorable_mask(codes(raw_text))
    need = ~ign
    ok_cs = np.zeros(len(raw_text) + 1, dtype=np.int64)
    np.cumsum(kept & need, out=ok_cs[1:])
    need_cs = np.zeros(len(raw_text) + 1, dtype=np.int64)
    np.cumsum(need, out=need_cs[1:])

    def survived(spans) -> bool:
        return all(ok_cs[e] - ok_cs[s] == need_cs[e] - need_cs[s] for s, e in spans)

    return {
        "pipe_docs": 1,
        "ent_gold": len(gold_entities),
        "ent_survived": sum(survived([(s, e)]) for s, e, _ in gold_entities),
        "claim_gold": len(gold_claims),
        "claim_survived": sum(survived(c["content"]) for c in gold_claims),
    }


def report(c: Columns) -> dict[str, Any]:
    return {
        "documents": c["pipe_docs"],
        "entity_recall_ceiling": div(c["ent_survived"], c["ent_gold"]),
        "claim_recall_ceiling": div(c["claim_survived"], c["claim_gold"]),
        "projected": c["spans"],
        "unplaced": c["unplaced_spans"],
    }


HEADLINES = (
    ("clean", "char", "f1"), ("clean", "token", "f1"), ("clean", "shingle", "f1"),
    ("entities", "overall", "strict", "f1"), ("entities", "overall", "exact", "f1"),
    ("entities", "overall", "partial", "f1"), ("entities", "overall", "type", "f1"),
    ("entities", "klue_macro_f1"),
    ("claims", "content", "overlap", "f1"), ("claims", "source", "overlap", "f1"),
    ("claims", "cue", "overlap", "f1"), ("claims", "full", "f1"), ("claims", "source_link", "f1"),
    ("pipeline", "entity_recall_ceiling"), ("pipeline", "claim_recall_ceiling"),
)


def _get(tree: Any, path: tuple) -> Any:
    for k in path:
        if not isinstance(tree, dict) or k not in tree:
            return None
        tree = tree[k]
    return tree


def compare(results: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Headline differences of each result against the first one: {name: {"a.b.c": delta}}."""
    names = list(results)
    if not names:
        return {}
    base = results[names[0]]
    out = {}
    for name in names[1:]:
        d = {}
        for path in HEADLINES:
            a, b = _get(base, path), _get(results[name], path)
            if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                d[".".join(path)] = round(b - a, 6)
        out[name] = d
    return out
