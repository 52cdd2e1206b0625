"""Load NewsGold with Hugging Face `datasets` alone (no `newsgold` package), offline.

    python loaders/load_with_datasets.py [CORPUS_DIR]        # default: the corpus/ beside this folder

Prints each config's splits and row counts, keeps only redistributable rows, and
turns the `ner` config's character tags back into document offsets, checking
them against the `documents` config's gold entities. Exit 0 when they agree.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")        # a local folder needs no network
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from datasets import load_dataset  # noqa: E402  (after the offline switches)

CONFIGS = ("documents", "cleaning", "ner", "claims")


def tags_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans from IOB2 tags; an I- that continues nothing opens a span."""
    spans, start, label = [], 0, None
    for i, tag in enumerate(tags + ["O"]):
        kind, _, typ = tag.partition("-")
        if label is not None and not (kind == "I" and typ == label):
            spans.append((start, i, label))
            label = None
        if kind in ("B", "I") and label is None:
            start, label = i, typ
    return spans


def main(corpus: Path) -> int:
    data = {name: load_dataset(str(corpus), name) for name in CONFIGS}
    for name, dd in data.items():
        print(f"{name:10s}", {split: ds.num_rows for split, ds in dd.items()})

    public = data["documents"].filter(lambda row: row["redistributable"])
    print("redistributable documents:", {split: ds.num_rows for split, ds in public.items()})

    # ner rows -> document offsets: a tag at position i of a row is raw_text[offset + i]
    found: dict[str, list[tuple[int, int, str]]] = {}
    for split, ds in data["ner"].items():
        names = ds.features["ner_tags"].feature.names   # KLUE order: B-DT, I-DT, ..., I-TI, O
        for row in ds:
            tags = [names[i] for i in row["ner_tags"]]
            found.setdefault(row["doc_id"], []).extend(
                (row["offset"] + s, row["offset"] + e, label) for s, e, label in tags_to_spans(tags))
    bad = 0
    for split, ds in data["documents"].items():
        for row in ds:
            gold = sorted((e["start"], e["end"], e["label"]) for e in row["entities"])
            if sorted(found.get(row["id"], [])) != gold:
                bad += 1
                print(f"mismatch in {row['id']}", file=sys.stderr)
    n = sum(len(v) for v in found.values())
    print(f"ner round trip {'ok' if not bad else 'FAILED'}: {n} entities in {len(found)} documents")
    return 1 if bad else 0


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "corpus"))
