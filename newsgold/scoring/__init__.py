"""Scoring cleaners, entity extractors, claim extractors and whole pipelines against the gold layers.

Entry points (fixed names other parts rely on):

- :func:`load_predictions` reads and validates a prediction JSONL file;
- :func:`score_records` scores validated records and returns the ``newsgold
  score --json`` object.

The metrics themselves are pure functions in :mod:`.clean`, :mod:`.entities`,
:mod:`.claims` and :mod:`.pipeline`; :mod:`.bootstrap` turns per-document
statistics into figures and intervals.

Missing documents (in the gold set, no record in the file) are scored as empty
output, so a system cannot improve its figures by skipping hard documents; a
warning naming them is printed on stderr.  Records for unknown ids, duplicate
records and malformed records are errors.
"""
from __future__ import annotations

import os
import sys
import unicodedata
from typing import Any, Iterable, Sequence

from ..io import InputError, iter_jsonl
from ..model import ID_RE, Document
from . import bootstrap as bs
from . import claims as claims_mod
from . import clean as clean_mod
from . import entities as ent_mod
from . import pipeline as pipe_mod
from .clean import CleanGold, gold_from_document, gold_from_text

__all__ = ["score_records", "load_predictions", "load_external_gold", "KINDS", "CleanGold"]

KINDS = ("clean", "entities", "claims", "all")
_MISSING_SHOWN = 5


def load_predictions(path: str | os.PathLike, docs: Sequence[Document | CleanGold], *,
                     known_ids: Iterable[str] | None = None, warn=None) -> list[dict]:
    """Read and validate a prediction JSONL file against ``docs``.

    Raises :class:`InputError` naming file, line, document and field for the
    first problem (schema, offsets, duplicate or unknown id).  Records whose id
    is in ``known_ids`` (e.g. the whole corpus) but not in ``docs`` (the split
    being scored) are skipped.  Documents without a record are reported through
    ``warn`` (default: a line on stderr) and later scored as empty output.
    """
    from ..validate import validate_prediction_records

    doc_by_id = {d.id: d for d in docs}
    records = list(iter_jsonl(path))
    if known_ids is not None:
        known = set(known_ids)
        records = [(ln, r) for ln, r in records
                   if not (isinstance(r.get("id"), str) and r["id"] in known and r["id"] not in doc_by_id)]
        if not records:
            raise InputError(path, "no record belongs to the documents being scored (wrong --split?)")
    incidents = validate_prediction_records(records, str(path), doc_by_id)
    if incidents:
        first = incidents[0]
        more = f" (and {len(incidents) - 1} more; see 'newsgold validate {path}')" if len(incidents) > 1 else ""
        raise InputError(path, f"{first.message} [{first.test_id}]{more}", line=first.line,
                         doc_id=first.doc_id, pointer=first.pointer)
    out = [r for _, r in records]
    for line, r in records:
        _nfc_text(path, line, r)
    seen = {r["id"] for r in out}
    missing = [d.id for d in docs if d.id not in seen]
    if missing:
        shown = ", ".join(missing[:_MISSING_SHOWN]) + (" …" if len(missing) > _MISSING_SHOWN else "")
        msg = (f"{path}: {len(missing)} of {len(docs)} documents have no record and are scored as empty "
               f"output: {shown}")
        if warn is None:
            print(f"newsgold: warning: {msg}", file=sys.stderr)
        else:
            warn(msg)
    return out


def _nfc_text(path, line: int, rec: dict) -> None:
    """A cleaner's text in NFD (macOS tools) looks right but has other code points than raw_text (NFC).

    Without offsets into it, normalise it in place (figures as for the NFC text); with entity or claim
    offsets into it, normalising would move them, so refuse with one line.
    """
    text = rec.get("text")
    if not isinstance(text, str) or unicodedata.is_normalized("NFC", text):
        return
    if rec.get("entities") or rec.get("claims"):
        raise InputError(path, "text is not in Unicode NFC (decomposed Hangul or accents?) and has offsets into "
                               "it; normalise the text to NFC before computing the offsets",
                         line=line, doc_id=rec.get("id"), pointer="/text")
    rec["text"] = unicodedata.normalize("NFC", text)


def load_external_gold(path: str | os.PathLike) -> list[CleanGold]:
    """External cleaner gold: JSONL of ``{"id", "text"}`` (e.g. another benchmark's ground truth)."""
    out, seen = [], {}
    for line, rec in iter_jsonl(path):
        doc_id, text = rec.get("id"), rec.get("text")
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError(path, "missing or non-string field 'id'", line=line, pointer="/id")
        if not ID_RE.match(doc_id):
            raise InputError(path, f"id {doc_id!r} does not match {ID_RE.pattern}", line=line, pointer="/id")
        if not isinstance(text, str):
            raise InputError(path, "missing or non-string field 'text'", line=line, doc_id=doc_id, pointer="/text")
        if doc_id in seen:
            raise InputError(path, f"duplicate id (first at line {seen[doc_id]})", line=line, doc_id=doc_id,
                             pointer="/id")
        seen[doc_id] = line
        out.append(gold_from_text(doc_id, text))
    return out


def _sections(kind: str, records: list[dict], external: bool) -> list[str]:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    has = {
        "clean": any("text" in r or "boilerplate" in r for r in records),
        "entities": any("entities" in r for r in records),
        "claims": any("claims" in r for r in records),
    }
    fields = {"clean": "'text' or 'boilerplate'", "entities": "'entities'", "claims": "'claims'"}
    if external and kind != "clean":
        raise InputError(None, "external gold (--gold) holds clean texts only; score 'clean' with it")
    if kind != "all":
        if records and not has[kind]:
            raise InputError(None, f"no record has {fields[kind]}: nothing to score as {kind}")
        return [kind]
    out = [k for k in ("clean", "entities", "claims") if has[k] and not (external and k != "clean")]
    if not out:
        raise InputError(None, "no record has 'text', 'boilerplate', 'entities' or 'claims'")
    return out


_LAYOUT = ent_mod.Layout()
PARALLEL_MIN_DOCS = 400  # below this, worker start-up costs more than it saves


def _doc_rows(sections: tuple[str, ...], external: bool, doc, rec: dict) -> dict[str, dict]:
    """All per-document statistics of one document, by section (plus ``pipeline``)."""
    rows: dict[str, dict] = {}
    raw = doc.raw_text
    al = None
    if "text" in rec and ("entities" in rec or "claims" in rec or
                          ("clean" in sections and "boilerplate" not in rec)):
        from ..align import align

        # Ties between equally good placements go to the gold main content (a lead kept once
        # fits the summary box and the body alike); order still decides where it can.
        prefer = None if isinstance(doc, CleanGold) else gold_from_document(doc).content
        al = align(rec["text"], raw, prefer=prefer)
    if "clean" in sections:
        gold = doc if isinstance(doc, CleanGold) else gold_from_document(doc)
        if "boilerplate" in rec:
            rows["clean"] = clean_mod.doc_stats(gold, boilerplate=rec["boilerplate"])
        else:
            rows["clean"] = clean_mod.doc_stats(gold, text=rec.get("text", ""), alignment=al)
    if external:
        return rows
    proj = None
    if "entities" in sections or "claims" in sections:
        proj = pipe_mod.project_record(rec, raw, al)
    gold_ents = [(e.start, e.end, e.label) for e in doc.entities]
    gold_claims = claims_mod.claims_from_document(doc) if ("claims" in sections or al is not None) else []
    if "entities" in sections:  # counted for all documents at once afterwards
        rows["entities"] = (gold_ents, proj.entities, proj.unplaced_entity_labels)
    if "claims" in sections:
        rows["claims"] = claims_mod.doc_stats(raw, gold_claims, proj.claims, unplaced=proj.unplaced_claims)
    if proj is not None and proj.alignment is not None:
        row = pipe_mod.ceiling_stats(raw, proj.alignment.raw_kept(), gold_ents, gold_claims)
        row["spans"] = proj.spans
        row["unplaced_spans"] = proj.unplaced_spans
        rows["pipeline"] = row
    return rows


def _chunk_rows(args) -> list[dict[str, dict]]:
    sections, external, pairs = args
    return [_doc_rows(sections, external, doc, rec) for doc, rec in pairs]


def _default_workers(n_docs: int) -> int:
    if n_docs < PARALLEL_MIN_DOCS:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def score_records(kind: str, docs: Sequence[Document | CleanGold], records: list[dict], *,
                  bootstrap: int = 0, seed: int = 0, progress: bool = False,
                  workers: int | None = None) -> dict[str, Any]:
    """Score validated prediction records against ``docs``; the ``newsgold score --json`` object.

    ``docs`` are corpus documents, or :class:`CleanGold` items for external
    cleaner gold.  A document without a record counts as empty output.
    ``workers``: processes for the per-document work (default: one per CPU
    from 400 documents on; results do not depend on it).
    """
    external = any(isinstance(d, CleanGold) for d in docs)
    sections = tuple(_sections(kind, records, external))
    by_id = {r["id"]: r for r in records}
    pairs = [(doc, by_id.get(doc.id, {"id": doc.id})) for doc in docs]
    stats = {s: bs.Stats() for s in sections}
    pipe = bs.Stats()
    workers = _default_workers(len(docs)) if workers is None else max(1, workers)

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(docs), desc="scoring", unit="doc", file=sys.stderr, disable=None, leave=False)

    ent_in: list[tuple] = []

    def collect(rows: dict[str, dict]) -> None:
        for s in sections:
            if s == "entities":
                ent_in.append(rows["entities"])
            else:
                stats[s].add(rows.get(s, {}))
        pipe.add(rows.get("pipeline", {}))
        if bar is not None:
            bar.update(1)

    if workers > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        size = max(20, len(pairs) // (workers * 8))
        chunks = [(sections, external, pairs[i:i + size]) for i in range(0, len(pairs), size)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for chunk in pool.map(_chunk_rows, chunks):
                for rows in chunk:
                    collect(rows)
    else:
        for doc, rec in pairs:
            collect(_doc_rows(sections, external, doc, rec))
    if bar is not None:
        bar.close()
    if "entities" in sections:
        matrix = ent_mod.batch_counts([x[0] for x in ent_in], [x[1] for x in ent_in], _LAYOUT,
                                      extra_spurious=[x[2] for x in ent_in])
        stats["entities"] = bs.Stats.from_matrix(_LAYOUT.names, matrix)

    weights = bs.resample_weights(len(docs), bootstrap, seed) if bootstrap > 0 else None
    reports = {"clean": clean_mod.report, "entities": ent_mod.report, "claims": claims_mod.report}
    out: dict[str, Any] = {"kind": kind}
    for s in sections:
        out[s] = bs.evaluate(stats[s], reports[s], weights=weights)
    if any(pipe.rows):
        out["pipeline"] = bs.evaluate(pipe, pipe_mod.report, weights=weights)
    out["documents"] = len(docs)
    if bootstrap > 0:
        out["bootstrap"] = {"resamples": bootstrap, "seed": seed, "level": 0.95, "unit": "document"}
    return bs.round_floats(out)
