"""Cleaner metrics: position-aware character and token P/R/F1, the AEB shingle metric, leak by class.

Definitions (pure functions over plain data; see README "Scoring"):

- **Whitespace** never counts.  Character figures are over non-whitespace
  characters only (whitespace and zero-width characters as in
  :mod:`newsgold.align`), so re-joined lines or collapsed spaces cost nothing.
- **char**: the output is aligned monotonically to raw_text
  (:func:`newsgold.align.align`).  TP = output characters placed on a
  main-content character of raw_text; predicted = all non-whitespace output
  characters (unplaced ones are false positives); gold = non-whitespace
  main-content characters.  Because the alignment is monotonic, a paragraph the
  cleaner moved, or the summary-box copy of a duplicated sentence, cannot be
  placed on the body copy.  ``micro`` sums over documents; ``macro`` averages
  per-document figures (precision over documents with output, recall over
  documents with gold, F1 over all documents).
- **token**: tokens are ``\\w+`` matches.  A gold token is a raw_text token all
  of whose characters are main content; an output token is correct when all its
  characters are placed, contiguously, on exactly one gold token.
- **shingle**: the Article Extraction Benchmark metric (see :func:`shingle_page`).
- **leak_by_label**: for each boilerplate class, kept / total non-whitespace
  characters of that class (lower is better).

An output given as ``boilerplate`` spans over raw_text keeps every
non-whitespace character outside those spans; no alignment is needed.  A
record with both is scored by its spans (its ``text`` is then only the base of
its extractor offsets).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from ..align import Alignment, align, codes, ignorable_mask
from .bootstrap import Columns, div, f1, prf

TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


@dataclass
class CleanGold:
    """What cleaner scoring needs from a gold document."""

    id: str
    raw_text: str
    content: np.ndarray                     # bool per raw character: main content
    labels: dict[str, np.ndarray] = field(default_factory=dict)  # class -> bool mask


def gold_from_document(doc) -> CleanGold:
    n = len(doc.raw_text)
    content = np.ones(n, dtype=bool)
    labels: dict[str, np.ndarray] = {}
    for b in doc.boilerplate:
        content[b.start:b.end] = False
        m = labels.get(b.label)
        if m is None:
            m = labels[b.label] = np.zeros(n, dtype=bool)
        m[b.start:b.end] = True
    return CleanGold(doc.id, doc.raw_text, content, labels)


def gold_from_text(doc_id: str, text: str) -> CleanGold:
    """External gold given as a clean text only: everything in it is content."""
    return CleanGold(doc_id, text, np.ones(len(text), dtype=bool), {})


# -- shingles (Article Extraction Benchmark) ----------------------------------------------
def shingles(text: str, n: int = SHINGLE) -> Counter:
    """Multiset of n-token shingles of ``\\w+`` tokens (case kept).

    A text with fewer than n tokens but at least one gives one shorter shingle.
    """
    toks = TOKEN_RE.findall(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(zip(*(toks[i:] for i in range(n))))


def shingle_page(gold_text: str, pred_text: str) -> dict[str, Any]:
    """One page of the AEB metric.

    TP = sum of min(gold, pred) shingle counts, FP = excess of pred, FN = excess
    of gold, then all three divided by their sum (each page weighs the same).
    precision = TP/(TP+FP), recall = TP/(TP+FN), 1.0 when FP = FN = 0; a
    precision (recall) is ``None`` when TP+FP (TP+FN) is 0, i.e. left out of the
    average.  accuracy: the token lists are identical.
    """
    g, p = shingles(gold_text), shingles(pred_text)
    return {**_page_figures(sum((g & p).values()), sum((p - g).values()), sum((g - p).values())),
            "accuracy": TOKEN_RE.findall(gold_text) == TOKEN_RE.findall(pred_text)}


def _page_figures(tp: float, fp: float, fn: float) -> dict[str, Any]:
    """Normalised TP/FP/FN and the page's precision and recall (``None``: left out of the average)."""
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    if fp == 0 and fn == 0:
        precision = recall = 1.0
    else:
        precision = tp / (tp + fp) if tp + fp > 0 else 0.0
        recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": precision if tp + fp > 0 else None,
            "recall": recall if tp + fn > 0 else None}


def shingle_score(pages: Iterable[tuple[str, str]]) -> dict[str, float]:
    """The AEB metric over (gold_text, pred_text) pages: mean P, mean R, F1 of the means."""
    ps, rs, acc, n = [], [], 0, 0
    for gold_text, pred_text in pages:
        page = shingle_page(gold_text, pred_text)
        n += 1
        acc += page["accuracy"]
        if page["precision"] is not None:
            ps.append(page["precision"])
        if page["recall"] is not None:
            rs.append(page["recall"])
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": float(f1(p, r)), "accuracy": acc / n if n else 0.0,
            "pages": n}


# -- vectorised tokens and shingles ---------------------------------------------------------
_WORD_TABLE: np.ndarray | None = None


def word_mask(cp: np.ndarray) -> np.ndarray:
    """True where the code point matches the regex ``\\w`` (str.isalnum() or '_'), vectorised."""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = np.array([chr(c).isalnum() or c == 0x5F for c in range(0x10000)], dtype=bool)
    small = cp < 0x10000
    out = np.zeros(cp.shape, dtype=bool)
    out[small] = _WORD_TABLE[cp[small]]
    big = np.flatnonzero(~small)
    for i in big.tolist():
        out[i] = chr(int(cp[i])).isalnum()
    return out


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the maximal runs of True in ``mask``."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], mask, [False])).astype(np.int8)))
    return edges[::2], edges[1::2]


def _tokens(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Offsets of the ``\\w+`` tokens of ``text``."""
    return runs(word_mask(codes(text)))


_H = np.uint64(0x9E3779B97F4A7C15)


def token_hashes(cp: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """64-bit hashes of the tokens = maximal runs of ``mask`` (the \\w+ tokens when mask is word_mask)."""
    starts, ends = runs(mask)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    from ..align import _prefix_hashes

    pref, inv = _prefix_hashes(cp)
    with np.errstate(over="ignore"):
        return (pref[ends] - pref[starts]) * inv[starts] + (ends - starts).astype(np.uint64) * _H


def shingle_hashes(tok: np.ndarray, n: int = SHINGLE) -> np.ndarray:
    """Hashes of the n-token shingles (one shorter shingle for 1..n-1 tokens, none for 0)."""
    m = len(tok)
    if m == 0:
        return tok
    with np.errstate(over="ignore"):
        if m < n:
            h = np.uint64(m)
            for t in tok:
                h = h * _H + t
            return np.array([h], dtype=np.uint64)
        h = np.zeros(m - n + 1, dtype=np.uint64) + np.uint64(n)
        for i in range(n):
            h = h * _H + tok[i:m - n + 1 + i]
        return h


def shingle_counts_page(gold_tok: np.ndarray, pred_tok: np.ndarray) -> dict[str, Any]:
    """:func:`shingle_page` on token hashes (same figures, vectorised)."""
    g, p = shingle_hashes(gold_tok), shingle_hashes(pred_tok)
    ug, cg = np.unique(g, return_counts=True)
    up, cpn = np.unique(p, return_counts=True)
    _, ig, ip = np.intersect1d(ug, up, assume_unique=True, return_indices=True)
    tp = int(np.minimum(cg[ig], cpn[ip]).sum())
    return {**_page_figures(tp, len(p) - tp, len(g) - tp),
            "accuracy": len(gold_tok) == len(pred_tok) and bool(np.array_equal(gold_tok, pred_tok))}


# -- per-document statistics --------------------------------------------------------------
def _all_true(mask_cumsum: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    return (mask_cumsum[ends] - mask_cumsum[starts]) == (ends - starts)


def _cumsum(mask: np.ndarray) -> np.ndarray:
    out = np.zeros(len(mask) + 1, dtype=np.int64)
    np.cumsum(mask, out=out[1:])
    return out


def kept_text(raw_text: str, kept: np.ndarray) -> str:
    """The text a span-style cleaner keeps: its kept runs, trimmed, one raw line per line."""
    out_lines = []
    for m in re.finditer(r"[^\n]+", raw_text):
        s, e = m.span()
        seg = kept[s:e]
        if not seg.any():
            continue
        starts, ends = runs(seg)
        line = raw_text[s:e]
        parts = (line[a:b].strip() for a, b in zip(starts.tolist(), ends.tolist()))
        out_lines.append(" ".join(p for p in parts if p))
    return "\n".join(out_lines)


def doc_stats(gold: CleanGold, *, text: str | None = None, boilerplate: list[dict] | None = None,
              alignment: Alignment | None = None) -> dict[str, float]:
    """Sufficient statistics of one document for :func:`report`.

    Give the cleaner output as ``text`` (aligned here, or pass ``alignment``) or as
    ``boilerplate`` spans over raw_text; neither means an empty output.
    """
    raw = gold.raw_text
    raw_cp = codes(raw)
    raw_ign = ignorable_mask(raw_cp)
    raw_word = word_mask(raw_cp)
    content = gold.content & ~raw_ign
    r_starts, r_ends = runs(raw_word)
    gold_tok = _all_true(_cumsum(content), r_starts, r_ends)

    if text is None and boilerplate is not None:
        bp = np.zeros(len(raw), dtype=bool)
        for s in boilerplate:
            bp[s["start"]:s["end"]] = True
        kept = ~bp & ~raw_ign
        pred_chars = int(kept.sum())
        pred_tok = _all_true(_cumsum(kept), r_starts, r_ends)
        tok_pred = int(pred_tok.sum())
        tok_tp = int((pred_tok & gold_tok).sum())
        pred_sh = token_hashes(raw_cp, raw_word & kept)
    else:
        out_text = text or ""
        al = alignment if alignment is not None else align(out_text, raw, prefer=gold.content)
        kept = al.raw_kept()
        pred_chars = len(al.text_pos)
        t_cp = codes(out_text)
        t_word = word_mask(t_cp)
        t_starts, t_ends = runs(t_word)
        pred_sh = token_hashes(t_cp, t_word)
        tok_pred = len(t_starts)
        tok_tp = 0
        if tok_pred and len(r_starts):
            sm = al.skeleton_map
            placed_cs = _cumsum(sm >= 0)
            lo = np.searchsorted(al.text_pos, t_starts)
            ln = t_ends - t_starts
            hi = lo + ln
            ok = (placed_cs[hi] - placed_cs[lo]) == ln
            r_first = np.where(ok, sm[lo], 0)
            r_last = np.where(ok, sm[hi - 1], 0)
            ok &= (r_last - r_first) == ln - 1
            rs = al.raw_pos[r_first]
            re_ = al.raw_pos[r_last] + 1
            k = np.searchsorted(r_starts, rs)
            k = np.minimum(k, len(r_starts) - 1)
            ok &= (r_starts[k] == rs) & (r_ends[k] == re_)
            ok &= gold_tok[k]
            tok_tp = int(ok.sum())

    char_tp = int((kept & content).sum())
    char_gold = int(content.sum())
    tok_gold = int(gold_tok.sum())
    row: dict[str, float] = {
        "char_tp": char_tp, "char_pred": pred_chars, "char_gold": char_gold,
        "tok_tp": tok_tp, "tok_pred": tok_pred, "tok_gold": tok_gold,
        "docs": 1,
    }
    for name, tp, pred, g in (("char", char_tp, pred_chars, char_gold), ("tok", tok_tp, tok_pred, tok_gold)):
        p = tp / pred if pred else 0.0
        r = tp / g if g else (1.0 if not pred else 0.0)
        if pred:
            row[f"{name}_p_sum"] = p
            row[f"{name}_p_n"] = 1
        if g:
            row[f"{name}_r_sum"] = r
            row[f"{name}_r_n"] = 1
        row[f"{name}_f1_sum"] = float(f1(p, r)) if (pred or g) else 1.0
    for label, m in gold.labels.items():
        lm = m & ~raw_ign
        row[f"leak_total:{label}"] = int(lm.sum())
        row[f"leak_kept:{label}"] = int((kept & lm).sum())
    # gold tokens: the \\w+ tokens of the main content (those of clean_text: runs never cross a boundary)
    page = shingle_counts_page(token_hashes(raw_cp, raw_word & gold.content), pred_sh)
    if page["precision"] is not None:
        row["sh_p_sum"] = page["precision"]
        row["sh_p_n"] = 1
    if page["recall"] is not None:
        row["sh_r_sum"] = page["recall"]
        row["sh_r_n"] = 1
    row["sh_acc"] = 1 if page["accuracy"] else 0
    return row


def report(c: Columns) -> dict[str, Any]:
    """The ``clean`` section from column totals (see :mod:`newsgold.scoring.bootstrap`)."""
    out: dict[str, Any] = {}
    for name, key in (("char", "char"), ("token", "tok")):
        sec = prf(c[f"{key}_tp"], c[f"{key}_pred"], c[f"{key}_gold"])
        sec["macro"] = {
            "precision": div(c[f"{key}_p_sum"], c[f"{key}_p_n"]),
            "recall": div(c[f"{key}_r_sum"], c[f"{key}_r_n"]),
            "f1": div(c[f"{key}_f1_sum"], c["docs"]),
        }
        sec["tp"], sec["predicted"], sec["gold"] = c[f"{key}_tp"], c[f"{key}_pred"], c[f"{key}_gold"]
        out[name] = sec
    p = div(c["sh_p_sum"], c["sh_p_n"])
    r = div(c["sh_r_sum"], c["sh_r_n"])
    out["shingle"] = {"precision": p, "recall": r, "f1": f1(p, r), "accuracy": div(c["sh_acc"], c["docs"])}
    leak = {}
    for name in sorted(k for k in c if k.startswith("leak_total:")):
        label = name.split(":", 1)[1]
        leak[label] = {"rate": div(c[f"leak_kept:{label}"], c[name]), "kept": c[f"leak_kept:{label}"],
                       "total": c[name]}
    out["leak_by_label"] = leak
    return out
