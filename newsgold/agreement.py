"""Inter-annotator agreement: a second annotation scored against the gold with the project's own scorer.

Second annotations live in ``annotation/second/<id>.txt`` (authoring format, written by an annotator who saw
only the raw text and the guidelines). Each is compiled, checked to be on exactly the gold raw text, turned
into one prediction record carrying all three layers, and scored like any system output, so the agreement
figures and the leaderboard use the same definitions.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .authoring import compile_source
from .io import InputError
from .model import Document


def second_annotation_record(second: Document) -> dict[str, Any]:
    """The second annotation as one prediction record over raw_text (all three layers)."""
    return {
        "id": second.id,
        "boilerplate": [{"start": b.start, "end": b.end, "label": b.label} for b in second.boilerplate],
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


def load_second_annotations(folder: Path, gold: dict[str, Document]) -> list[Document]:
    docs = []
    for path in sorted(folder.glob("*.txt")):
        second = compile_source(path)
        if second.id not in gold:
            raise InputError(path, "no gold document with this id", doc_id=second.id)
        if second.raw_text != gold[second.id].raw_text:
            raise InputError(path, "the second annotation's text differs from the gold raw_text "
                                   "(marks must be added without editing the text)", doc_id=second.id)
        docs.append(second)
    if not docs:
        raise InputError(folder, "no second annotations (*.txt) found")
    return docs


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
    }


def agreement(gold_docs: list[Document], second_docs: list[Document]) -> dict[str, Any]:
    """Overall figures (micro over the documents) and one row per document."""
    from .scoring import score_records

    by_id = {d.id: d for d in gold_docs}
    pairs = [(by_id[s.id], second_annotation_record(s)) for s in second_docs]
    overall = headline_figures(score_records("all", [g for g, _ in pairs], [r for _, r in pairs]))
    per_doc = {g.id: {"lang": g.lang, **headline_figures(score_records("all", [g], [r]))} for g, r in pairs}
    return {"documents": len(pairs), "overall": overall, "per_document": per_doc}


def render_agreement(result: dict[str, Any]) -> str:
    cols = list(result["overall"])
    short = ["bp char F1", "ent strict F1", "ent partial F1", "content ovl F1", "source ovl F1", "cue ovl F1"]
    lines = ["| document | " + " | ".join(short) + " |", "|---|" + "---:|" * len(cols)]
    for doc_id, row in result["per_document"].items():
        lines.append(f"| {doc_id} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")
    lines.append(f"| **all {result['documents']}** | "
                 + " | ".join(f"**{result['overall'][c]:.3f}**" for c in cols) + " |")
    return "\n".join(lines)
