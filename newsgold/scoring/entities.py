"""Entity metrics: the SemEval-2013 schemes as nervaluate 1.2.1 counts them, and KLUE's macro F1.

Spans are ``(start, end, label)`` with half-open offsets.  Within a document,
gold and predicted mentions are processed in sorted order (start, end, label),
predictions one by one against the gold mentions not yet matched, exactly as
nervaluate walks its lists (give it the same sorted lists, with inclusive ends
``end - 1``, and every count agrees; the tests check this on KLUE-NER dev).

A gold mention is a *candidate* for a prediction when they overlap by at least
``min_overlap_percentage`` percent of the gold mention's length (nervaluate's
default: 1%).  The schemes, declared as data in ``SCHEMES``:

=========  ===========================================  =====================
scheme     correct                                      otherwise, candidate
=========  ===========================================  =====================
strict     same boundaries and same type                incorrect
exact      same boundaries                              incorrect
partial    same boundaries                              partial
type       any candidate of the same type (closest      incorrect (other type)
           boundaries win)
=========  ===========================================  =====================

A prediction with no candidate is spurious; a gold mention never matched is
missed.  precision = COR/ACT and recall = COR/POS (ACT = COR+INC+PAR+SPU, POS =
COR+INC+PAR+MIS); for ``partial`` and ``type`` a partial counts one half.  Per
label, a scheme runs on that label's mentions only (nervaluate's per-entity
figures); ``macro_f1`` averages those F1s over the labels seen.

``klue_macro_f1`` is seqeval's strict IOB2 entity F1 averaged over types, as
KLUE reports NER: per type, TP = mentions identical in boundaries and type
(mentions as sets), P and R from those; macro over the types present in gold or
prediction, 0 where undefined.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterable, Sequence

import numpy as np

from ..model import ENTITY_LABELS
from .bootstrap import Columns, div, f1

Span3 = tuple  # (start, end, label)

# scheme -> (label must agree for "correct", what a non-correct candidate becomes)
SCHEMES: dict[str, tuple[str, str]] = {
    "strict": ("bounds+label", "incorrect"),
    "exact": ("bounds", "incorrect"),
    "partial": ("bounds", "partial"),
    "type": ("label", "incorrect"),
}
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
HALF_CREDIT = ("partial", "type")


class Layout:
    """Integer positions of the count columns, so the inner loop adds to a flat list."""

    def __init__(self, labels: Sequence[str] = ENTITY_LABELS):
        self.labels = tuple(labels)
        self.names: list[str] = []
        self.index: dict[tuple[str, str, str], int] = {}
        for scope in ("overall",) + self.labels:
            for scheme in SCHEMES:
                for fld in FIELDS:
                    self.index[(scope, scheme, fld)] = len(self.names)
                    self.names.append(f"ent:{scope}:{scheme}:{fld}")
        self.klue: dict[tuple[str, str], int] = {}
        for label in self.labels:
            for fld in ("tp", "pred", "gold"):
                self.klue[(label, fld)] = len(self.names)
                self.names.append(f"klue:{label}:{fld}")
        self.size = len(self.names)
        # shortcuts used by the inner loop
        self.o = {(s, f): self.index[("overall", s, f)] for s in SCHEMES for f in FIELDS}
        self.lab = {(lb, s, f): self.index[(lb, s, f)] for lb in self.labels for s in SCHEMES for f in FIELDS}


def _candidates(gold: list, pred: list, thr: float) -> list[list[int]]:
    """For each prediction, the indices (ascending) of gold mentions it overlaps enough."""
    starts = [g[0] for g in gold]
    max_len = max(g[1] - g[0] for g in gold)
    out = []
    for ps, pe, _ in pred:
        lo = bisect_right(starts, ps - max_len)
        hi = bisect_left(starts, pe)
        cands = []
        for t in range(lo, hi):
            ts, te, _ = gold[t]
            if te <= ps:
                continue
            ov = (pe if pe < te else te) - (ps if ps > ts else ts)
            if (ov / (te - ts)) * 100.0 >= thr:
                cands.append(t)
        out.append(cands)
    return out


def _run(scheme: str, gold: list, pred: list, cands: list[list[int]], same_label_only: bool) -> tuple[list, list]:
    """Walk the predictions in order; return (outcome per prediction, matched flag per gold mention)."""
    matched = [False] * len(gold)
    outcomes = []
    for p, cs in enumerate(cands):
        ps, pe, pl = pred[p]
        hit = -1
        other = -1
        if scheme == "type":
            best = None
            for t in cs:
                if matched[t]:
                    continue
                ts, te, tl = gold[t]
                if tl == pl:
                    dist = abs(ps - ts) + abs(pe - te)
                    if best is None or dist < best:
                        best = dist
                        hit = t
                elif other < 0 and not same_label_only:
                    other = t
        else:
            need_label = scheme == "strict"
            for t in cs:
                if matched[t]:
                    continue
                ts, te, tl = gold[t]
                if same_label_only and tl != pl:
                    continue
                if ts == ps and te == pe and (not need_label or tl == pl):
                    hit = t
                    break
                if other < 0:
                    other = t
        if hit >= 0:
            matched[hit] = True
            outcomes.append("correct")
        elif other >= 0:
            matched[other] = True
            outcomes.append(SCHEMES[scheme][1])
        else:
            outcomes.append("spurious")
    return outcomes, matched


def doc_counts(gold: Iterable[Span3], pred: Iterable[Span3], layout: Layout, acc: list,
               *, min_overlap_percentage: float = 1.0, extra_spurious: Sequence[str] = ()) -> None:
    """Add one document's counts to ``acc`` (a list of layout.size numbers).

    ``extra_spurious`` are labels of predictions that could not be placed at all
    (a span on text that is not in raw_text): spurious in every scheme.
    """
    gold = sorted(gold)
    pred = sorted(pred)
    o, lab = layout.o, layout.lab
    for label in extra_spurious:
        for s in SCHEMES:
            acc[o[(s, "spurious")]] += 1
            acc[lab[(label, s, "spurious")]] += 1
    # KLUE / seqeval: mentions as sets
    gset, pset = set(gold), set(pred)
    for (s, e, label) in gset:
        acc[layout.klue[(label, "gold")]] += 1
    for (s, e, label) in pset:
        acc[layout.klue[(label, "pred")]] += 1
        if (s, e, label) in gset:
            acc[layout.klue[(label, "tp")]] += 1
    if not gold or not pred:
        for _, _, label in pred:
            for s in SCHEMES:
                acc[o[(s, "spurious")]] += 1
                acc[lab[(label, s, "spurious")]] += 1
        for _, _, label in gold:
            for s in SCHEMES:
                acc[o[(s, "missed")]] += 1
                acc[lab[(label, s, "missed")]] += 1
        return
    cands = _candidates(gold, pred, min_overlap_percentage)
    simple = all(len(c) <= 1 for c in cands)
    if simple:
        used = [c[0] for c in cands if c]
        simple = len(used) == len(set(used))
    if simple:
        _simple(gold, pred, cands, o, lab, acc)
        return
    same = [[t for t in cs if gold[t][2] == pred[p][2]] for p, cs in enumerate(cands)]
    for scheme in SCHEMES:
        outcomes, matched = _run(scheme, gold, pred, cands, False)
        for res in outcomes:
            acc[o[(scheme, res)]] += 1
        acc[o[(scheme, "missed")]] += matched.count(False)
        outcomes, matched = _run(scheme, gold, pred, same, True)
        for (_, _, pl), res in zip(pred, outcomes):
            acc[lab[(pl, scheme, res)]] += 1
        for (_, _, tl), m in zip(gold, matched):
            if not m:
                acc[lab[(tl, scheme, "missed")]] += 1


def _simple(gold, pred, cands, o, lab, acc) -> None:
    """Every prediction has at most one candidate and no two share one: outcomes are pairwise."""
    hit = [False] * len(gold)
    for p, cs in enumerate(cands):
        ps, pe, pl = pred[p]
        if not cs:
            for s in SCHEMES:
                acc[o[(s, "spurious")]] += 1
                acc[lab[(pl, s, "spurious")]] += 1
            continue
        t = cs[0]
        hit[t] = True
        ts, te, tl = gold[t]
        bounds = ts == ps and te == pe
        if tl == pl:
            res = "correct" if bounds else "incorrect"
            acc[o[("strict", res)]] += 1
            acc[o[("exact", res)]] += 1
            acc[o[("partial", "correct" if bounds else "partial")]] += 1
            acc[o[("type", "correct")]] += 1
            acc[lab[(pl, "strict", res)]] += 1
            acc[lab[(pl, "exact", res)]] += 1
            acc[lab[(pl, "partial", "correct" if bounds else "partial")]] += 1
            acc[lab[(pl, "type", "correct")]] += 1
        else:
            acc[o[("strict", "incorrect")]] += 1
            acc[o[("exact", "correct" if bounds else "incorrect")]] += 1
            acc[o[("partial", "correct" if bounds else "partial")]] += 1
            acc[o[("type", "incorrect")]] += 1
            for s in SCHEMES:
                acc[lab[(pl, s, "spurious")]] += 1
                acc[lab[(tl, s, "missed")]] += 1
    for t, h in enumerate(hit):
        if not h:
            tl = gold[t][2]
            for s in SCHEMES:
                acc[o[(s, "missed")]] += 1
                acc[lab[(tl, s, "missed")]] += 1


def _scheme_figures(c: Columns, scope: str, scheme: str) -> dict[str, Any]:
    cor, inc, par, mis, spu = (c[f"ent:{scope}:{scheme}:{f}"] for f in FIELDS)
    actual = cor + inc + par + spu
    possible = cor + inc + par + mis
    credit = cor + 0.5 * par if scheme in HALF_CREDIT else cor
    p, r = div(credit, actual), div(credit, possible)
    return {"precision": p, "recall": r, "f1": f1(p, r), "correct": cor, "incorrect": inc, "partial": par,
            "missed": mis, "spurious": spu, "possible": possible, "actual": actual}


def report(c: Columns, labels: Sequence[str] = ENTITY_LABELS) -> dict[str, Any]:
    """The ``entities`` section from column totals."""
    overall = {s: _scheme_figures(c, "overall", s) for s in SCHEMES}
    per_label = {}
    seen_masks = []
    for label in labels:
        tot = sum(c[f"ent:{label}:strict:{f}"] for f in FIELDS)
        figs = {s: _scheme_figures(c, label, s) for s in SCHEMES}
        if np.all(np.asarray(tot) == 0):
            continue
        per_label[label] = figs
        seen_masks.append((label, np.asarray(tot) > 0))
    macro = {}
    for s in SCHEMES:
        if seen_masks:
            num = sum(np.where(m, per_label[lb][s]["f1"], 0.0) for lb, m in seen_masks)
            den = sum(m.astype(float) for _, m in seen_masks)
            macro[s] = div(num, den)
        else:
            macro[s] = np.zeros_like(np.asarray(c["ent:overall:strict:correct"], dtype=float))
    # KLUE: seqeval strict IOB2 macro F1 over the types present in gold or prediction
    num = 0.0
    den = 0.0
    klue_per = {}
    for label in labels:
        tp, pr, gd = c[f"klue:{label}:tp"], c[f"klue:{label}:pred"], c[f"klue:{label}:gold"]
        present = (np.asarray(pr) + np.asarray(gd)) > 0
        p, r = div(tp, pr), div(tp, gd)
        fl = f1(p, r)
        num = num + np.where(present, fl, 0.0)
        den = den + present.astype(float)
        if np.any(present):
            klue_per[label] = {"precision": p, "recall": r, "f1": fl}
    return {"overall": overall, "per_label": per_label, "macro_f1": macro,
            "klue_macro_f1": div(num, den), "klue_per_label": klue_per}


def evaluate_entities(gold_docs: Sequence[Iterable[Span3]], pred_docs: Sequence[Iterable[Span3]], *,
                      labels: Sequence[str] = ENTITY_LABELS, min_overlap_percentage: float = 1.0) -> dict[str, Any]:
    """Score lists of documents of ``(start, end, label)`` mentions (no bootstrap); plain floats and ints."""
    from .bootstrap import Columns as _Cols, _leaf_values, round_floats

    if len(gold_docs) != len(pred_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(pred_docs)} predicted")
    layout = Layout(labels)
    acc = [0] * layout.size
    for g, p in zip(gold_docs, pred_docs):
        doc_counts(g, p, layout, acc, min_overlap_percentage=min_overlap_percentage)
    cols = _Cols({n: i for i, n in enumerate(layout.names)}, np.array([acc], dtype=float))
    return round_floats(_leaf_values(report(cols, labels), 0), 12)
