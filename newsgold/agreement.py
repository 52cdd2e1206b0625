"""Inter-annotator agreement: a second annotation scored against the gold with the project's own scorer.

Second annotations live in ``annotation/second/<id>.txt`` (authoring format, written by an annotator who saw
only the raw text and the guidelines). Each is compiled, turned into prediction records (a cleaner record and
an extractor record) and scored like any system output, so the agreement figures and the leaderboard use the
same definitions.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .authoring import compile_source
from .io import InputError
from .model import Document


def second_annotation_records(second: Document, gold_raw: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The second annotation as a cleaner record and an extractor record.

    When the gold text was edited after the second annotator saw the page, the records carry the second
    annotator's text and the scorer aligns it to the gold raw_text, as it does for any system output on
    another text: marks on unchanged text are compared normally, marks on edited text cannot match.
    """
    same_text = second.raw_text == gold_raw
    if same_text:
        clean: dict[str, Any] = {"id": second.id, "boilerplate": [
            {"start": b.start, "end": b.end, "label": b.label} for b in second.boilerplate]}
    else:
        clean = {"id": second.id, "text": second.clean_text()}
    extract: dict[str, Any] = {
        "id": second.id,
        "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in second.entities],
        "claims": [
            {
                "kind": c.kind,
                "content": [{"start": s.start, "end": s.end} for s in c.content],
                "source": [{"start": s.start, "end": s.end} for s in c.source],
                "cue": [{"start": s.start, "end": s.end} for s in c.cue],
            }
            for c in second.claims
        ],
    }
    if not same_text:
        extract["text"] = second.raw_text
    return clean, extract


def text_edits(a: str, b: str) -> int:
    """Characters that differ between two versions of a page (for reporting, not scoring)."""
    import difflib

    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def load_second_annotations(folder: Path, gold: dict[str, Document]) -> list[Document]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        second = compile_source(path)
        if second.id not in gold:
            raise InputError(path, "no gold document with this id", doc_id=second.id)
        docs.append(second)
    if not docs:
        raise InputError(folder, "no second annotations (*.txt) found")
    return docs


def _score(gold: list[Document], second: list[Document]) -> dict[str, Any]:
    from .scoring import score_records

    by_id = {d.id: d for d in gold}
    pairs = [second_annotation_records(s, by_id[s.id].raw_text) for s in second]
    docs = [by_id[s.id] for s in second]
    scores = score_records("clean", docs, [c for c, _ in pairs])
    scores.update({k: v for k, v in score_records("all", docs, [e for _, e in pairs]).items()
                   if k in ("entities", "claims")})
    return scores


def headline_figures(scores: dict[str, Any]) -> dict[str, float]:
    """The agreement figures the datasheet reports, picked from a score_records result."""
    ent = scores["entities"]["overall"]
    claims = scores["claims"]
    return {
        "boilerplate_char_f1": scores["clean"]["char"]["f1"],
        "entity_strict_f1": ent["strict"]["f1"],
        "entity_partial_f1": ent["partial"]["f1"],
        "claim_content_overlap_f1": claims["content"]["overlap"]["f1"],
        "claim_source_overlap_f1": claims["source"]["overlap"]["f1"],
        "claim_cue_overlap_f1": claims["cue"]["overlap"]["f1"],
        "claim_content_exact_f1": claims["content"]["exact"]["f1"],
        "claim_kind_accuracy": claims["kind_accuracy"],
    }


def agreement(gold_docs: list[Document], second_docs: list[Document]) -> dict[str, Any]:
    """Overall figures (micro over the documents) and one row per document."""
    by_id = {d.id: d for d in gold_docs}
    overall = headline_figures(_score(gold_docs, second_docs))
    per_doc = {}
    for s in second_docs:
        g = by_id[s.id]
        per_doc[s.id] = {"lang": g.lang, **headline_figures(_score([g], [s])),
                         "text_edits": text_edits(s.raw_text, g.raw_text)}
    return {"documents": len(second_docs), "overall": overall, "per_document": per_doc}


def render_agreement(result: dict[str, Any]) -> str:
    cols = list(result["overall"])
    short = ["bp char F1", "ent strict F1", "ent partial F1", "content ovl F1", "source ovl F1", "cue ovl F1",
             "content exact F1", "kind acc."]
    lines = ["| document | " + " | ".join(short) + " |", "|---|" + "---:|" * len(cols)]
    notes = []
    for doc_id, row in result["per_document"].items():
        lines.append(f"| {doc_id} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")
        if row["text_edits"]:
            notes.append(f"{doc_id}: the gold text was edited after the second annotation "
                         f"({row['text_edits']} characters); the annotation was aligned to it")
    lines.append(f"| **all {result['documents']}** | "
                 + " | ".join(f"**{result['overall'][c]:.3f}**" for c in cols) + " |")
    return "\n".join(lines + ([""] + notes if notes else []))
