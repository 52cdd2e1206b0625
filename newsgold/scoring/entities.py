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
figures); ``overall[scheme]["macro_f1"]`` averages those F1s over the labels seen.

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
        # events of the simple case -> the columns they add one to
        self.events: dict[tuple, tuple[int, ...]] = {}
        for lb in self.labels:
            self.events[("spu", lb)] = tuple(self.o[(s, "spurious")] for s in SCHEMES) + tuple(
                self.lab[(lb, s, "spurious")] for s in SCHEMES)
            self.events[("mis", lb)] = tuple(self.o[(s, "missed")] for s in SCHEMES) + tuple(
                self.lab[(lb, s, "missed")] for s in SCHEMES)
            self.events[("kg", lb)] = (self.klue[(lb, "gold")],)
            self.events[("kp", lb)] = (self.klue[(lb, "pred")],)
            self.events[("kt", lb)] = (self.klue[(lb, "tp")],)
        for pl in self.labels:
            for tl in self.labels:
                for bounds in (True, False):
                    if pl == tl:
                        res = "correct" if bounds else "incorrect"
                        par = "correct" if bounds else "partial"
                        idx = (self.o[("strict", res)], self.o[("exact", res)], self.o[("partial", par)],
                               self.o[("type", "correct")], self.lab[(pl, "strict", res)],
                               self.lab[(pl, "exact", res)], self.lab[(pl, "partial", par)],
                               self.lab[(pl, "type", "correct")])
                    else:
                        idx = (self.o[("strict", "incorrect")],
                               self.o[("exact", "correct" if bounds else "incorrect")],
                               self.o[("partial", "correct" if bounds else "partial")],
                               self.o[("type", "incorrect")])
                        idx += tuple(self.lab[(pl, s, "spurious")] for s in SCHEMES)
                        idx += tuple(self.lab[(tl, s, "missed")] for s in SCHEMES)
                    self.events[("pair", pl, tl, bounds)] = idx

    def expand(self, events: dict, acc: list) -> None:
        """Add counted events (event key or column index -> count) to the column list ``acc``."""
        table = self.events
        for key, n in events.items():
            if isinstance(key, int):
                acc[key] += n
            else:
                for i in table[key]:
                    acc[i] += n


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
    ev: dict = {}
    doc_events(gold, pred, layout, ev, min_overlap_percentage=min_overlap_percentage,
               extra_spurious=extra_spurious)
    layout.expand(ev, acc)


def _add(ev: dict, key, n: int = 1) -> None:
    ev[key] = ev.get(key, 0) + n


def doc_events(gold: Iterable[Span3], pred: Iterable[Span3], layout: Layout, ev: dict,
               *, min_overlap_percentage: float = 1.0, extra_spurious: Sequence[str] = ()) -> None:
    """Count one document's outcomes as events in ``ev`` (see :meth:`Layout.expand`)."""
    gold = sorted(gold)
    pred = sorted(pred)
    for label in extra_spurious:
        _add(ev, ("spu", label))
    # KLUE / seqeval: mentions as sets
    gset, pset = set(gold), set(pred)
    for (_, _, label) in gset:
        _add(ev, ("kg", label))
    for m in pset:
        _add(ev, ("kp", m[2]))
        if m in gset:
            _add(ev, ("kt", m[2]))
    if not gold or not pred:
        for _, _, label in pred:
            _add(ev, ("spu", label))
        for _, _, label in gold:
            _add(ev, ("mis", label))
        return
    cands = _candidates(gold, pred, min_overlap_percentage)
    used = [c[0] for c in cands if len(c) == 1]
    if all(len(c) <= 1 for c in cands) and len(used) == len(set(used)):
        # every prediction has at most one candidate and no two share one: outcomes are pairwise
        hit = [False] * len(gold)
        for p, cs in enumerate(cands):
            ps, pe, pl = pred[p]
            if not cs:
                _add(ev, ("spu", pl))
                continue
            t = cs[0]
            hit[t] = True
            ts, te, tl = gold[t]
            _add(ev, ("pair", pl, tl, ts == ps and te == pe))
        for t, h in enumerate(hit):
            if not h:
                _add(ev, ("mis", gold[t][2]))
        return
    o, lab = layout.o, layout.lab
    same = [[t for t in cs if gold[t][2] == pred[p][2]] for p, cs in enumerate(cands)]
    for scheme in SCHEMES:
        outcomes, matched = _run(scheme, gold, pred, cands, False)
        for res in outcomes:
            _add(ev, o[(scheme, res)])
        _add(ev, o[(scheme, "missed")], matched.count(False))
        outcomes, matched = _run(scheme, gold, pred, same, True)
        for (_, _, pl), res in zip(pred, outcomes):
            _add(ev, lab[(pl, scheme, res)])
        for (_, _, tl), m in zip(gold, matched):
            if not m:
                _add(ev, lab[(tl, scheme, "missed")])


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
    for sch in SCHEMES:
        overall[sch]["macro_f1"] = macro[sch]
    return {"overall": overall, "per_label": per_label,
            "klue_macro_f1": div(num, den), "klue_per_label": klue_per}


def batch_counts(gold_docs: Sequence[Iterable[Span3]], pred_docs: Sequence[Iterable[Span3]], layout: Layout, *,
                 min_overlap_percentage: float = 1.0,
                 extra_spurious: Sequence[Sequence[str]] | None = None, per_document: bool = True) -> np.ndarray:
    """Per-document count rows (documents x layout.size) for many documents at once.

    Same figures as :func:`doc_events` document by document, but vectorised:
    documents whose gold mentions do not overlap each other, where every
    prediction overlaps at most one gold mention and no gold mention is
    claimed by two predictions (the usual case) are counted with numpy; the
    others go through :func:`doc_events`.  Mentions with labels outside
    ``layout.labels`` are ignored, as nervaluate ignores tags outside its list.
    With ``per_document=False`` the result is one row of totals.
    """
    n_docs = len(gold_docs)
    if len(pred_docs) != n_docs:
        raise ValueError(f"{n_docs} gold documents but {len(pred_docs)} predicted")
    labels = layout.labels
    lab_id = {lb: i for i, lb in enumerate(labels)}
    nl = len(labels)

    def flat(docs):
        rows = [(d, s, e, lab_id[lb]) for d, doc in enumerate(docs) for (s, e, lb) in doc if lb in lab_id]
        arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
        order = np.lexsort((arr[:, 3], arr[:, 2], arr[:, 1], arr[:, 0]))
        return arr[order]

    g, p = flat(gold_docs), flat(pred_docs)
    # event ids: pair (pl, tl, bounds) | spurious(label) | missed(label) | klue gold/pred/tp (label)
    e_pair, e_spu = 0, 2 * nl * nl
    e_mis, e_kg, e_kp, e_kt = e_spu + nl, e_spu + 2 * nl, e_spu + 3 * nl, e_spu + 4 * nl
    n_ev = e_spu + 5 * nl
    incidence = np.zeros((n_ev, layout.size))
    for pl in labels:
        for tl in labels:
            for b in (False, True):
                for col in layout.events[("pair", pl, tl, b)]:
                    incidence[e_pair + (lab_id[pl] * nl + lab_id[tl]) * 2 + int(b), col] += 1
    for lb, i in lab_id.items():
        for key, base in (("spu", e_spu), ("mis", e_mis), ("kg", e_kg), ("kp", e_kp), ("kt", e_kt)):
            for col in layout.events[(key, lb)]:
                incidence[base + i, col] += 1

    big = int(max(g[:, 2].max(initial=0), p[:, 2].max(initial=0))) + 2
    ev_doc: list[np.ndarray] = []
    ev_id: list[np.ndarray] = []

    # KLUE: mentions as sets (duplicates collapse)
    def keys(a):
        return ((a[:, 0] * big + a[:, 1]) * big + a[:, 2]) * nl + a[:, 3]

    if n_docs * big * big * nl < 2 ** 62:
        gk, gi = np.unique(keys(g), return_index=True)
        pk, pi = np.unique(keys(p), return_index=True)
        tp = np.isin(pk, gk, assume_unique=True)
        ev_doc += [g[gi, 0], p[pi, 0], p[pi[tp], 0]]
        ev_id += [e_kg + g[gi, 3], e_kp + p[pi, 3], e_kt + p[pi[tp], 3]]
        klue_done = True
    else:
        klue_done = False

    # documents the vectorised path cannot take
    complex_doc = np.zeros(n_docs, dtype=bool)
    same = g[1:, 0] == g[:-1, 0]
    complex_doc[g[1:, 0][same & (g[1:, 1] < g[:-1, 2])]] = True      # overlapping gold mentions
    gs_glob = g[:, 0] * big + g[:, 1]
    ge_glob = g[:, 0] * big + g[:, 2]
    keep_g = ~complex_doc[g[:, 0]]
    gk_idx = np.flatnonzero(keep_g)
    ps_glob = p[:, 0] * big + p[:, 1]
    pe_glob = p[:, 0] * big + p[:, 2]
    lo = np.searchsorted(ge_glob[gk_idx], ps_glob, side="right")
    hi = np.searchsorted(gs_glob[gk_idx], pe_glob, side="left")
    n_ov = hi - lo
    complex_doc[p[n_ov > 1, 0]] = True
    one = np.flatnonzero(n_ov == 1)
    t_one = gk_idx[lo[one]]
    ps, pe = p[one, 1], p[one, 2]
    ts, te = g[t_one, 1], g[t_one, 2]
    ov = np.minimum(pe, te) - np.maximum(ps, ts)
    ok = (ov / (te - ts)) * 100.0 >= min_overlap_percentage
    hit_p, hit_t = one[ok], t_one[ok]
    claims = np.bincount(hit_t, minlength=len(g))
    complex_doc[g[claims > 1, 0]] = True
    simple_p = ~complex_doc[p[:, 0]]
    simple_g = ~complex_doc[g[:, 0]]
    has_cand = np.zeros(len(p), dtype=bool)
    has_cand[hit_p] = True
    sel = simple_p[hit_p]
    hp, ht = hit_p[sel], hit_t[sel]
    bounds = (p[hp, 1] == g[ht, 1]) & (p[hp, 2] == g[ht, 2])
    ev_doc.append(p[hp, 0])
    ev_id.append(e_pair + (p[hp, 3] * nl + g[ht, 3]) * 2 + bounds)
    spu = simple_p & ~has_cand
    ev_doc.append(p[spu, 0])
    ev_id.append(e_spu + p[spu, 3])
    hit_g = np.zeros(len(g), dtype=bool)
    hit_g[hit_t] = True
    mis = simple_g & ~hit_g
    ev_doc.append(g[mis, 0])
    ev_id.append(e_mis + g[mis, 3])
    if extra_spurious is not None:
        xs = [(d, lab_id[lb]) for d, lbs in enumerate(extra_spurious) for lb in lbs if lb in lab_id]
        if xs:
            xa = np.array(xs, dtype=np.int64)
            ev_doc.append(xa[:, 0])
            ev_id.append(e_spu + xa[:, 1])
    docs_ev = np.concatenate(ev_doc) if ev_doc else np.zeros(0, dtype=np.int64)
    ids_ev = np.concatenate(ev_id) if ev_id else np.zeros(0, dtype=np.int64)
    if per_document:
        counts = np.bincount(docs_ev * n_ev + ids_ev, minlength=n_docs * n_ev).reshape(n_docs, n_ev)
    else:
        counts = np.bincount(ids_ev, minlength=n_ev).reshape(1, n_ev)
    rows = counts.astype(float) @ incidence
    row_of = (lambda d: d) if per_document else (lambda d: 0)

    for d in np.flatnonzero(complex_doc).tolist():
        ev: dict = {}
        gd = [(s, e, lb) for (s, e, lb) in gold_docs[d] if lb in lab_id]
        pd = [(s, e, lb) for (s, e, lb) in pred_docs[d] if lb in lab_id]
        doc_events(gd, pd, layout, ev, min_overlap_percentage=min_overlap_percentage)
        ev = {k: v for k, v in ev.items() if not (isinstance(k, tuple) and k[0] in ("kg", "kp", "kt"))} \
            if klue_done else ev
        # (the extra spurious of every document were counted with the vectorised events)
        acc = [0] * layout.size
        layout.expand(ev, acc)
        rows[row_of(d)] += np.array(acc, dtype=float)
    if not klue_done:  # astronomically large offsets: count the KLUE figures in Python
        for d in range(n_docs):
            if complex_doc[d]:
                continue
            gset = {m for m in gold_docs[d] if m[2] in lab_id}
            for m in {m for m in pred_docs[d] if m[2] in lab_id}:
                rows[row_of(d), layout.klue[(m[2], "pred")]] += 1
                if m in gset:
                    rows[row_of(d), layout.klue[(m[2], "tp")]] += 1
            for m in gset:
                rows[row_of(d), layout.klue[(m[2], "gold")]] += 1
    return rows


def evaluate_entities(gold_docs: Sequence[Iterable[Span3]], pred_docs: Sequence[Iterable[Span3]], *,
                      labels: Sequence[str] = ENTITY_LABELS, min_overlap_percentage: float = 1.0) -> dict[str, Any]:
    """Score lists of documents of ``(start, end, label)`` mentions (no bootstrap); plain floats and ints."""
    from .bootstrap import Columns as _Cols, _leaf_values, round_floats

    if len(gold_docs) != len(pred_docs):
        raise ValueError(f"{len(gold_docs)} gold documents but {len(pred_docs)} predicted")
    layout = Layout(labels)
    rows = batch_counts(gold_docs, pred_docs, layout, min_overlap_percentage=min_overlap_percentage,
                        per_document=False)
    cols = _Cols({n: i for i, n in enumerate(layout.names)}, rows)
    return round_floats(_leaf_values(report(cols, labels), 0), 12)
