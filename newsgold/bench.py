"""``newsgold bench``: run every baseline on a corpus split, score it, and build the leaderboards.

Runs
- every cleaner on each document's raw text;
- every extractor (ner, attribution) on three kinds of input -- the raw text, each cleaner's output,
  and the gold main content (``Document.clean_text()``, the ceiling) -- so the pipeline table shows
  what each cleaner costs or saves the extractor. Extractor output on a cleaned text is written with
  ``"text"`` = that text; the scorer aligns it to raw_text and projects the spans.
An extractor written for some languages (ko-ner, en-ner) is scored on the documents in those languages.

Outputs are cached by (system name, system version, sha256 of the input text) under the cache folder,
so a second run only scores; predictions are written as JSONL per run under the output folder
(``clean/<cleaner>.jsonl``, ``entities/<system>@<input>.jsonl``, ``claims/<system>@<input>.jsonl``), so
anyone can re-score them with ``newsgold score``.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .baselines import SYSTEMS, System, get, run_system
from .io import atomic_write_text, dumps_jsonl
from .model import Document, sha256_text

RAW, GOLD = "raw", "gold"


# -- cache ---------------------------------------------------------------------------------
class Cache:
    """System outputs on disk: ``DIR/<system>/<version-hash>/<sha256 of input>.json``."""

    def __init__(self, folder: str | os.PathLike | None):
        self.folder = Path(folder) if folder else None
        self.hits = self.misses = 0

    def _path(self, system: System, text_sha: str) -> Path:
        assert self.folder is not None
        v = hashlib.sha256(system.version.encode("utf-8")).hexdigest()[:12]
        return self.folder / system.name / v / f"{text_sha}.json"

    def run(self, system: System, text: str, lang: str) -> dict[str, Any]:
        from .baselines import empty_output

        if lang not in system.langs:
            return empty_output(system, text)
        if self.folder is None:
            self.misses += 1
            return run_system(system, text, lang)
        p = self._path(system, sha256_text(f"{lang}\n{text}"))
        if p.is_file():
            try:
                out = json.loads(p.read_text(encoding="utf-8"))
                self.hits += 1
                return out
            except (OSError, ValueError):
                pass  # a damaged cache entry is recomputed
        self.misses += 1
        out = run_system(system, text, lang)
        try:
            atomic_write_text(p, json.dumps(out, ensure_ascii=False))
        except OSError:
            pass  # a read-only cache only costs time
        return out


def default_cache_dir() -> Path:
    env = os.environ.get("NEWSGOLD_CACHE")
    if env:
        return Path(env)
    from .corpus import REPO_DIR

    if (REPO_DIR / "pyproject.toml").is_file():  # a checkout: next to the code (.cache/ is git-ignored)
        return REPO_DIR / ".cache" / "newsgold"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsgold"


# -- runs ----------------------------------------------------------------------------------
@dataclass
class Run:
    """One scored prediction file: a system on one kind of input."""

    system: str
    kind: str                 # cleaner | ner | attribution
    input: str                # raw | gold | <cleaner name>
    path: str
    documents: int
    scores: dict[str, Any] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list, repr=False)


@dataclass
class BenchResult:
    split: str
    documents: list[Document]
    runs: list[Run]
    systems: list[System]
    bootstrap: int
    seed: int
    out_dir: Path
    cache_hits: int = 0
    cache_misses: int = 0

    def run(self, system: str, inp: str) -> Run | None:
        for r in self.runs:
            if r.system == system and r.input == inp:
                return r
        return None


def select_systems(names: Sequence[str] | None) -> list[System]:
    if not names:
        return list(SYSTEMS.values())
    out = []
    for n in names:
        for part in n.split(","):
            if part.strip():
                s = get(part.strip())
                if s not in out:
                    out.append(s)
    return out


def run_bench(docs: list[Document], systems: list[System], *, out_dir: str | os.PathLike,
              cache_dir: str | os.PathLike | None, bootstrap: int = 0, seed: int = 0,
              split: str = "test", progress: bool = True,
              scorer: Callable[..., dict[str, Any]] | None = None) -> BenchResult:
    if scorer is None:
        from .scoring import score_records as scorer
    out = Path(out_dir)
    cache = Cache(cache_dir)
    cleaners = [s for s in systems if s.kind == "cleaner"]
    extractors = [s for s in systems if s.kind in ("ner", "attribution")]
    inputs = [RAW] + [c.name for c in cleaners] + [GOLD]
    total = len(docs) * (len(cleaners) + len(extractors) * len(inputs))
    bar = _bar(total, progress)

    runs: list[Run] = []
    cleaned: dict[str, dict[str, str]] = {}
    for c in cleaners:
        bar.set_description(f"{c.name}")
        recs = []
        for d in docs:
            text = cache.run(c, d.raw_text, d.lang)["text"]
            cleaned.setdefault(c.name, {})[d.id] = text
            recs.append({"id": d.id, "system": c.name, "text": text})
            bar.update(1)
        path = out / "clean" / f"{c.name}.jsonl"
        atomic_write_text(path, dumps_jsonl(recs))
        runs.append(Run(c.name, "cleaner", RAW, str(path), len(docs), records=recs))

    for x in extractors:
        section = "entities" if x.kind == "ner" else "claims"
        mine = [d for d in docs if d.lang in x.langs]
        for inp in inputs:
            bar.set_description(f"{x.name}@{inp}")
            recs = []
            for d in docs:
                if d.lang not in x.langs:
                    bar.update(1)
                    continue
                if inp == RAW:
                    text = d.raw_text
                elif inp == GOLD:
                    text = d.clean_text()
                else:
                    text = cleaned[inp][d.id]
                rec: dict[str, Any] = {"id": d.id, "system": x.name}
                if inp != RAW:
                    rec["text"] = text
                rec[section] = cache.run(x, text, d.lang)[section]
                recs.append(rec)
                bar.update(1)
            path = out / section / f"{x.name}@{inp}.jsonl"
            atomic_write_text(path, dumps_jsonl(recs))
            runs.append(Run(x.name, x.kind, inp, str(path), len(mine), records=recs))
    bar.close()

    scoring = [r for r in runs]
    sbar = _bar(len(scoring), progress, desc="scoring")
    for r in scoring:
        kind = {"cleaner": "clean", "ner": "entities", "attribution": "claims"}[r.kind]
        sysobj = get(r.system)
        gold_docs = [d for d in docs if d.lang in sysobj.langs]
        r.scores = scorer(kind, gold_docs, r.records, bootstrap=bootstrap, seed=seed) if gold_docs else {}
        sbar.update(1)
    sbar.close()
    return BenchResult(split=split, documents=docs, runs=runs, systems=systems, bootstrap=bootstrap, seed=seed,
                       out_dir=out, cache_hits=cache.hits, cache_misses=cache.misses)


def _bar(total: int, progress: bool, desc: str = "running"):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="run", file=sys.stderr, disable=None if progress else True, leave=False,
                dynamic_ncols=True)


# -- figures -------------------------------------------------------------------------------
def fig(d: Any, *path: str) -> Any:
    """``d[path...]`` or None."""
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def cell(scores: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    """A leaderboard cell: ``{"value": x, "ci95": [low, high]}`` (the interval when the scorer gave one).

    The scorer puts intervals beside the figures: ``{"f1": x, "ci95": {"f1": [low, high]}}``.
    """
    v = fig(scores, *path)
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return None
    out: dict[str, Any] = {"value": float(v)}
    ci = fig(scores, *path[:-1], "ci95", path[-1])
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(isinstance(c, (int, float)) for c in ci):
        out["ci95"] = [float(ci[0]), float(ci[1])]
    return out


def value(x: Any) -> float | None:
    if isinstance(x, dict):
        return x.get("value")
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None


def interval(x: Any) -> tuple[float, float] | None:
    if isinstance(x, dict) and "ci95" in x:
        return x["ci95"][0], x["ci95"][1]
    return None


# Columns per table: (header, path into the score object)
CLEANER_COLUMNS = [
    ("char P", ("clean", "char", "precision")), ("char R", ("clean", "char", "recall")),
    ("char F1", ("clean", "char", "f1")), ("token F1", ("clean", "token", "f1")),
    ("shingle F1", ("clean", "shingle", "f1")),
]
ENTITY_COLUMNS = [
    ("strict P", ("entities", "overall", "strict", "precision")),
    ("strict R", ("entities", "overall", "strict", "recall")),
    ("strict F1", ("entities", "overall", "strict", "f1")),
    ("partial F1", ("entities", "overall", "partial", "f1")),
    ("type F1", ("entities", "overall", "type", "f1")),
    ("KLUE macro F1", ("entities", "klue_macro_f1")),
]
CLAIM_COLUMNS = [
    ("content ovl F1", ("claims", "content", "overlap", "f1")),
    ("source ovl F1", ("claims", "source", "overlap", "f1")),
    ("cue exact F1", ("claims", "cue", "exact", "f1")),
    ("full F1", ("claims", "full", "f1")),
    ("kind acc", ("claims", "kind_accuracy")),
]
PIPELINE_HEADLINE = {"ner": ("strict F1", ("entities", "overall", "strict", "f1")),
                     "attribution": ("content ovl F1", ("claims", "content", "overlap", "f1"))}


def leaderboard(res: BenchResult) -> dict[str, Any]:
    """The four tables as plain data: rows of {system, ...figures}."""
    def row(r: Run, cols) -> dict[str, Any]:
        out = {"system": r.system, "input": r.input, "documents": r.documents}
        for name, path in cols:
            out[name] = cell(r.scores, path)
        return out

    cleaners = [row(r, CLEANER_COLUMNS) for r in res.runs if r.kind == "cleaner"]
    cleaners.sort(key=lambda x: -(value(x["char F1"]) or 0))
    ents = [row(r, ENTITY_COLUMNS) for r in res.runs if r.kind == "ner" and r.input == GOLD]
    claims = [row(r, CLAIM_COLUMNS) for r in res.runs if r.kind == "attribution" and r.input == GOLD]
    inputs = [RAW] + [r.system for r in res.runs if r.kind == "cleaner"] + [GOLD]
    pipes = []
    for s in res.systems:
        if s.kind not in PIPELINE_HEADLINE:
            continue
        name, path = PIPELINE_HEADLINE[s.kind]
        p = {"system": s.name, "metric": name}
        for inp in inputs:
            r = res.run(s.name, inp)
            p[inp] = cell(r.scores, path) if r else None
        pipes.append(p)
    return {"cleaners": cleaners, "entities": ents, "claims": claims, "pipelines": pipes,
            "pipeline_inputs": inputs}


def to_json(res: BenchResult) -> dict[str, Any]:
    systems = []
    for s in res.systems:
        runs = {r.input: {"scores": r.scores, "predictions": r.path, "documents": r.documents}
                for r in res.runs if r.system == s.name}
        entry: dict[str, Any] = {"name": s.name, "kind": s.kind, "version": s.version, "langs": list(s.langs),
                                 "description": s.description}
        if s.kind == "cleaner":
            entry["scores"] = runs[RAW]["scores"]
            entry["predictions"] = runs[RAW]["predictions"]
        else:
            entry["scores"] = runs[GOLD]["scores"]
            entry["predictions"] = runs[GOLD]["predictions"]
            entry["pipelines"] = {inp: {"scores": v["scores"], "predictions": v["predictions"]}
                                  for inp, v in runs.items()}
        entry["documents"] = runs[RAW]["documents"] if RAW in runs else 0
        systems.append(entry)
    return {"split": res.split, "documents": len(res.documents), "bootstrap": res.bootstrap, "seed": res.seed,
            "predictions_dir": str(res.out_dir), "systems": systems, "leaderboard": leaderboard(res),
            "cache": {"hits": res.cache_hits, "misses": res.cache_misses}}


def fmt(x: Any, with_ci: bool = True) -> str:
    v = value(x)
    if v is None:
        return "-"
    s = f"{v:.3f}"
    ci = interval(x) if with_ci else None
    if ci:
        s += f" [{ci[0]:.3f}-{ci[1]:.3f}]"
    return s


def render_table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A plain-text table; the first ``left`` columns are left-aligned, the rest right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) if i < left else c.rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def render_text(res: BenchResult) -> str:
    lb = leaderboard(res)
    ci = res.bootstrap > 0
    parts = [f"NewsGold leaderboard: split {res.split}, {len(res.documents)} documents"
             + (f", 95% bootstrap intervals over documents ({res.bootstrap} resamples, seed {res.seed})"
                if ci else "")]
    parts.append("\nCleaners (main-content characters/tokens after alignment to raw_text; shingle = AEB metric)")
    parts.append(render_table(["system"] + [c for c, _ in CLEANER_COLUMNS],
                              [[r["system"]] + [fmt(r[c], ci) for c, _ in CLEANER_COLUMNS]
                               for r in lb["cleaners"]]))
    parts.append("\nEntities (extractor on gold main content; SemEval-2013 schemes)")
    parts.append(render_table(["system", "docs"] + [c for c, _ in ENTITY_COLUMNS],
                              [[r["system"], str(r["documents"])] + [fmt(r[c], ci) for c, _ in ENTITY_COLUMNS]
                               for r in lb["entities"]]))
    parts.append("\nClaims (extractor on gold main content)")
    parts.append(render_table(["system", "docs"] + [c for c, _ in CLAIM_COLUMNS],
                              [[r["system"], str(r["documents"])] + [fmt(r[c], ci) for c, _ in CLAIM_COLUMNS]
                               for r in lb["claims"]]))
    parts.append("\nPipelines (extractor on raw text, on each cleaner's output, on gold main content; "
                 "scored on raw_text; entities: strict F1, claims: content overlap F1)")
    inputs = lb["pipeline_inputs"]
    parts.append(render_table(["input"] + [p["system"] for p in lb["pipelines"]],
                              [[i] + [fmt(p[i], ci) for p in lb["pipelines"]] for i in inputs]))
    parts.append(f"\nPredictions: {res.out_dir} (re-score with 'newsgold score KIND FILE --split {res.split}'; "
                 "files of single-language extractors hold only that language's documents, and 'newsgold score' "
                 "counts the others as empty output)")
    return "\n".join(parts)


def render_markdown(res: BenchResult) -> str:
    """The leaderboards as Markdown tables (for the README); intervals in brackets."""
    lb = leaderboard(res)
    ci = res.bootstrap > 0

    def table(headers: list[str], rows: list[list[str]]) -> str:
        out = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)

    parts = [f"Split `{res.split}`: {len(res.documents)} documents "
             f"({sum(d.lang == 'ko' for d in res.documents)} Korean, "
             f"{sum(d.lang == 'en' for d in res.documents)} English)"
             + (f"; 95% bootstrap intervals over documents ({res.bootstrap} resamples, seed {res.seed})." if ci else ".")]
    parts.append("\n**Cleaners** (main content after alignment to raw_text; shingle = the AEB metric)\n")
    parts.append(table(["system"] + [c for c, _ in CLEANER_COLUMNS],
                       [[r["system"]] + [fmt(r[c], ci and c == "char F1") for c, _ in CLEANER_COLUMNS]
                        for r in lb["cleaners"]]))
    parts.append("\n**Entities** (on gold main content, documents in the system's language)\n")
    parts.append(table(["system", "docs"] + [c for c, _ in ENTITY_COLUMNS],
                       [[r["system"], str(r["documents"])] + [fmt(r[c], ci and c == "strict F1")
                                                              for c, _ in ENTITY_COLUMNS] for r in lb["entities"]]))
    parts.append("\n**Claims** (on gold main content)\n")
    parts.append(table(["system", "docs"] + [c for c, _ in CLAIM_COLUMNS],
                       [[r["system"], str(r["documents"])] + [fmt(r[c], ci and c == "full F1")
                                                              for c, _ in CLAIM_COLUMNS] for r in lb["claims"]]))
    inputs = lb["pipeline_inputs"]
    parts.append("\n**Pipelines** (extractor input: raw text, each cleaner's output, gold main content; scored on "
                 "raw_text; entities strict F1, claims content overlap F1)\n")
    parts.append(table(["input"] + [p["system"] for p in lb["pipelines"]],
                       [[i] + [fmt(p[i], False) for p in lb["pipelines"]] for i in inputs]))
    return "\n".join(parts) + "\n"
