"""Claim-attribution metrics: one-to-one claim matching, per-component exact and overlap F1.

A claim is a dict ``{"kind", "content": [(s, e)...], "source": [...], "cue": [...],
"links": [(s, e)...]}`` with raw_text offsets (``links``: the spans of the
entity mentions its source is linked to).

- **Tokens** of a span set: the ``\\w+`` tokens and single punctuation marks
  (``\\w+|[^\\w\\s]``) of raw_text that overlap one of its spans, identified by
  their offsets.
- **Matching**: each gold claim is paired with at most one predicted claim.
  Candidate pairs are those whose content tokens overlap; they are taken
  greedily by content token Dice coefficient (ties: gold order, then predicted
  order).  Unpaired claims count in the denominators only.
- **exact** (per component): a paired component is correct when its spans,
  merged, equal the gold ones; P = correct / predicted claims having that
  component, R = correct / gold claims having it.
- **overlap** (per component): soft precision |P∩G|/|P| and soft recall
  |P∩G|/|G| over tokens, summed over pairs, divided as for exact.
- **full**: a pair whose kinds agree and whose three components all overlap
  (or are both empty); P over predicted claims, R over gold claims.
- **kind_accuracy**: pairs with the same kind / pairs.
- **source_link**: (pair, linked mention span) agreements; P over predicted
  links, R over gold links.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np

from ..model import CLAIM_ROLES
from .bootstrap import Columns, div, f1, prf

TOKEN_RE = re.compile(r"\w+|[^\w\s]")


class TokenIndex:
    """The tokens of one raw_text, to turn spans into token sets quickly."""

    def __init__(self, raw_text: str):
        spans = [m.span() for m in TOKEN_RE.finditer(raw_text)]
        self.starts = np.array([s for s, _ in spans], dtype=np.int64)
        self.ends = np.array([e for _, e in spans], dtype=np.int64)

    def tokens(self, spans: Sequence[tuple[int, int]]) -> frozenset[int]:
        out: set[int] = set()
        for s, e in spans:
            lo = int(np.searchsorted(self.ends, s, side="right"))
            hi = int(np.searchsorted(self.starts, e, side="left"))
            out.update(range(lo, hi))
        return frozenset(out)


def _merged(spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def match_claims(gold_tok: list[frozenset], pred_tok: list[frozenset]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, pred index) by content token Dice, best first."""
    cands = []
    for g, gt in enumerate(gold_tok):
        for p, pt in enumerate(pred_tok):
            inter = len(gt & pt)
            if inter:
                cands.append((-2 * inter / (len(gt) + len(pt)), g, p))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, g, p in cands:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        pairs.append((g, p))
    return sorted(pairs)


def doc_stats(raw_text: str, gold: list[dict], pred: list[dict], *, unplaced: int = 0,
              index: TokenIndex | None = None) -> dict[str, float]:
    """Statistics of one document; ``unplaced`` predicted claims lost in projection count as predicted."""
    idx = index or TokenIndex(raw_text)
    toks = {}
    for side, claims in (("g", gold), ("p", pred)):
        for n, c in enumerate(claims):
            for role in CLAIM_ROLES:
                toks[(side, n, role)] = idx.tokens(c.get(role, []))
    pairs = match_claims([toks[("g", n, "content")] for n in range(len(gold))],
                         [toks[("p", n, "content")] for n in range(len(pred))])
    row: dict[str, float] = {"claims_gold": len(gold), "claims_pred": len(pred) + unplaced,
                             "pairs": len(pairs)}
    for role in CLAIM_ROLES:
        row[f"{role}_gold"] = sum(1 for c in gold if c.get(role))
        row[f"{role}_pred"] = sum(1 for c in pred if c.get(role)) + (unplaced if role == "content" else 0)
    row["link_gold"] = sum(len(set(map(tuple, c.get("links", [])))) for c in gold)
    row["link_pred"] = sum(len(set(map(tuple, c.get("links", [])))) for c in pred)
    for g, p in pairs:
        gc, pc = gold[g], pred[p]
        all_overlap = True
        for role in CLAIM_ROLES:
            gs, ps = gc.get(role, []), pc.get(role, [])
            gt, pt = toks[("g", g, role)], toks[("p", p, role)]
            if gs and ps:
                if _merged(gs) == _merged(ps):
                    row[f"{role}_exact"] = row.get(f"{role}_exact", 0) + 1
                inter = len(gt & pt)
                if pt:
                    row[f"{role}_soft_p"] = row.get(f"{role}_soft_p", 0) + inter / len(pt)
                if gt:
                    row[f"{role}_soft_r"] = row.get(f"{role}_soft_r", 0) + inter / len(gt)
                if not inter:
                    all_overlap = False
            elif gs or ps:
                all_overlap = False
        same_kind = gc.get("kind") == pc.get("kind")
        if same_kind:
            row["kind_ok"] = row.get("kind_ok", 0) + 1
        if same_kind and all_overlap:
            row["full_ok"] = row.get("full_ok", 0) + 1
        gl = set(map(tuple, gc.get("links", [])))
        pl = set(map(tuple, pc.get("links", [])))
        row["link_ok"] = row.get("link_ok", 0) + len(gl & pl)
    return row


def report(c: Columns) -> dict[str, Any]:
    """The ``claims`` section from column totals."""
    out: dict[str, Any] = {}
    for role in CLAIM_ROLES:
        exact = prf(c[f"{role}_exact"], c[f"{role}_pred"], c[f"{role}_gold"])
        sp, sr = div(c[f"{role}_soft_p"], c[f"{role}_pred"]), div(c[f"{role}_soft_r"], c[f"{role}_gold"])
        out[role] = {"exact": exact, "overlap": {"precision": sp, "recall": sr, "f1": f1(sp, sr)},
                     "predicted": c[f"{role}_pred"], "gold": c[f"{role}_gold"]}
    out["full"] = prf(c["full_ok"], c["claims_pred"], c["claims_gold"])
    out["kind_accuracy"] = div(c["kind_ok"], c["pairs"])
    out["source_link"] = prf(c["link_ok"], c["link_pred"], c["link_gold"])
    out["matched"] = c["pairs"]
    out["predicted"] = c["claims_pred"]
    out["gold"] = c["claims_gold"]
    return out


def claims_from_document(doc) -> list[dict]:
    ents = {e.id: (e.start, e.end) for e in doc.entities}
    return [{"kind": c.kind,
             "content": [(s.start, s.end) for s in c.content],
             "source": [(s.start, s.end) for s in c.source],
             "cue": [(s.start, s.end) for s in c.cue],
             "links": [ents[r] for r in c.source_entities if r in ents]}
            for c in doc.claims]
