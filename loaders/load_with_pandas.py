"""Read NewsGold's Parquet files with pandas alone (no `datasets`, no `newsgold` package).

    python loaders/load_with_pandas.py [CORPUS_DIR]          # default: the corpus/ beside this folder

The data files are plain Parquet: `CORPUS_DIR/data/<config>/<split>.parquet`.
A split with no rows has no file. Prints small summaries of each layer.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

CONFIGS = ("documents", "cleaning", "ner", "claims")
# The ner config's ner_tags are ClassLabel ids in KLUE-NER's order.
KLUE = ["B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI", "O"]


def read(corpus: Path, config: str) -> pd.DataFrame:
    """All splits of one config in one frame, with a `split` column."""
    frames = []
    for path in sorted((corpus / "data" / config).glob("*.parquet")):
        df = pd.read_parquet(path)
        if "split" not in df.columns:  # the documents config has its own split column
            df.insert(0, "split", path.stem)
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def main(corpus: Path) -> int:
    docs = read(corpus, "documents")
    print(docs.groupby(["split", "lang"]).size().rename("documents").to_string(), "\n")

    entities = docs[["id", "entities"]].explode("entities").dropna()
    labels = entities["entities"].map(lambda e: e["label"])
    print(labels.value_counts().rename("entity mentions").to_string(), "\n")

    claims = read(corpus, "claims")
    if len(claims):
        print(claims["kind"].value_counts().rename("claims").to_string(), "\n")

    cleaning = read(corpus, "cleaning")
    kept = cleaning["clean_text"].str.len() / cleaning["raw_text"].str.len()
    print(f"main content is {kept.mean():.0%} of a page's characters on average\n")

    ner = read(corpus, "ner")
    ner["tags"] = ner["ner_tags"].map(lambda ids: [KLUE[i] for i in ids])
    print(f"ner: {len(ner)} content lines, first: {''.join(ner['tokens'].iloc[0])[:40]!r}")
    print("restricted documents (redistributable = false):", ", ".join(docs.loc[~docs["redistributable"], "id"]) or "none")
    return 0


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "corpus"))
