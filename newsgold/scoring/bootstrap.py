"""Per-document sufficient statistics, their totals, and bootstrap intervals over documents.

Every headline figure of the scorers is a function of *sums* of per-document
statistics (counts, or per-page values and the number of pages they count
for).  A :class:`Stats` table holds one row per document; :func:`evaluate`
turns column totals into the report with the section's report function; with
``bootstrap=N`` the same function runs on N resamples of the documents (drawn
with replacement, seeded) and every float figure named in ``HEADLINE_KEYS``
gets a ``ci95`` entry ``[low, high]`` (the 2.5th and 97.5th percentiles) beside
it.  Point estimates and intervals therefore come from the very same code.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

HEADLINE_KEYS = frozenset({"precision", "recall", "f1", "macro_f1", "klue_macro_f1", "kind_accuracy",
                           "accuracy", "rate", "entity_recall_ceiling", "claim_recall_ceiling"})


class Columns(Mapping[str, np.ndarray]):
    """Column totals by name; a column no document has is all zeros."""

    def __init__(self, names: dict[str, int], totals: np.ndarray):
        self._names = names
        self._totals = totals  # shape (R, K)

    def __getitem__(self, name: str) -> np.ndarray:
        i = self._names.get(name)
        if i is None:
            return np.zeros(self._totals.shape[0])
        return self._totals[:, i]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class Stats:
    """A table of per-document statistics, one row per document."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.rows: list[dict[int, float]] = []
        self._matrix: np.ndarray | None = None

    @classmethod
    def from_matrix(cls, names: list[str], matrix: np.ndarray) -> "Stats":
        st = cls()
        st.names = {n: i for i, n in enumerate(names)}
        st._matrix = np.asarray(matrix, dtype=float)
        st.rows = [{}] * len(st._matrix)
        return st

    def add(self, row: Mapping[str, float]) -> None:
        r: dict[int, float] = {}
        for k, v in row.items():
            if v:
                i = self.names.get(k)
                if i is None:
                    i = self.names[k] = len(self.names)
                r[i] = float(v)
        self.rows.append(r)

    def matrix(self) -> np.ndarray:
        if self._matrix is not None:
            return self._matrix
        m = np.zeros((len(self.rows), max(len(self.names), 1)))
        for d, r in enumerate(self.rows):
            for i, v in r.items():
                m[d, i] = v
        return m

    def __len__(self) -> int:
        return len(self.rows)


def div(a, b):
    """Elementwise a/b with 0 where b == 0 (arrays or scalars)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), 0.0)


def f1(p, r):
    p = np.asarray(p, dtype=float)
    r = np.asarray(r, dtype=float)
    return div(2 * p * r, p + r)


def prf(tp, pred, gold) -> dict[str, Any]:
    p, r = div(tp, pred), div(tp, gold)
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def resample_weights(n_docs: int, n: int, seed: int) -> np.ndarray:
    """``n`` bootstrap resamples of ``n_docs`` documents as count vectors (n x n_docs)."""
    rng = np.random.default_rng(seed)
    if n_docs == 0:
        return np.zeros((n, 0))
    return rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n).astype(float)


def _leaf_values(tree: Any, index: int) -> Any:
    if isinstance(tree, dict):
        return {k: _leaf_values(v, index) for k, v in tree.items()}
    if isinstance(tree, np.ndarray):
        v = tree[index] if tree.ndim else tree
        return v.item() if isinstance(v, np.generic) else v
    if isinstance(tree, np.generic):
        return tree.item()
    return tree


def _attach_ci(point: Any, boot: Any) -> None:
    if not isinstance(point, dict):
        return
    ci = {}
    for k, v in point.items():
        if isinstance(v, dict):
            _attach_ci(v, boot[k])
        elif k in HEADLINE_KEYS and isinstance(v, float):
            arr = np.asarray(boot[k], dtype=float)
            lo, hi = np.percentile(arr, [2.5, 97.5])
            ci[k] = [round(float(lo), 6), round(float(hi), 6)]
    if ci:
        point["ci95"] = ci


def evaluate(stats: Stats, report: Callable[[Columns], dict], *, weights: np.ndarray | None = None) -> dict:
    """Run ``report`` on the column totals, plus the bootstrap resamples in ``weights``."""
    m = stats.matrix()
    point = _leaf_values(report(Columns(stats.names, m.sum(axis=0, keepdims=True))), 0)
    if weights is not None and len(weights):
        boot = report(Columns(stats.names, weights @ m if len(stats) else np.zeros((len(weights), m.shape[1]))))
        _attach_ci(point, boot)
    return point


COUNT_KEYS = frozenset({"correct", "incorrect", "partial", "missed", "spurious", "possible", "actual",
                        "documents", "matched", "predicted", "gold", "kept", "total", "projected", "unplaced",
                        "pages", "resamples", "tp"})


def round_floats(tree: Any, digits: int = 6) -> Any:
    """Round floats for output; counts (keys in COUNT_KEYS) become ints."""
    if isinstance(tree, dict):
        return {k: (int(round(v)) if k in COUNT_KEYS and isinstance(v, float) else round_floats(v, digits))
                for k, v in tree.items()}
    if isinstance(tree, list):
        return [round_floats(v, digits) for v in tree]
    if isinstance(tree, float):
        return round(tree, digits)
    return tree
