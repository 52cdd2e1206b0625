"""``newsgold build``: the Hugging Face data files and dataset card, from the canonical documents."""
from __future__ import annotations

import sys
from pathlib import Path

from . import UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "build", help="build the Hugging Face data files and dataset card (corpus/data, corpus/README.md)",
        description="Validate the corpus, then write corpus/data/<config>/<split>.parquet for the configs "
                    "documents, cleaning, ner and claims, and refresh the YAML front matter and the generated "
                    "tables of corpus/README.md (its prose is kept). Deterministic: the same documents give "
                    "the same bytes. A split with no rows gets no file. Exit 0 when done (or, with --check, "
                    "when the files are up to date), 1 when --check finds stale files or the corpus is invalid.")
    p.add_argument("--check", action="store_true",
                   help="write nothing; list stale, missing or extra files and exit 1 if there are any")
    p.add_argument("--out", metavar="DIR",
                   help="write into DIR instead of the corpus folder (the card's prose is taken from the corpus)")
    p.add_argument("--redistributable-only", action="store_true",
                   help="leave out documents whose source is not redistributable (for a public copy; use with --out)")
    p.set_defaults(func=cmd_build)


def cmd_build(args) -> int:
    from ..corpus import corpus_dir, load_documents
    from ..hf import build_files, card_body, stale_files, write_built

    corpus = corpus_dir()
    out = Path(args.out) if args.out else corpus
    if args.redistributable_only and not args.out:
        raise UsageError("--redistributable-only needs --out DIR: the corpus folder itself holds every document")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if args.redistributable_only and out.resolve() == corpus.resolve():
        raise UsageError("--redistributable-only cannot write into the corpus folder itself; give another --out DIR")
    docs = load_documents(corpus)
    if args.redistributable_only:
        docs = [d for d in docs if d.source.redistributable]
    built = build_files(docs, card_body(corpus))
    rows = ", ".join(f"{c} {sum(n.values())}" for c, n in built.counts.items())
    restricted = sum(not d.source.redistributable for d in docs)
    if args.check:
        problems = stale_files(out, built)
        for line in problems:
            print(f"{out / line.split(':', 1)[0]}:{line.split(':', 1)[1]}", file=sys.stderr)
        if problems:
            print(f"newsgold build --check: {len(problems)} file(s) stale; run 'newsgold build'", file=sys.stderr)
            return 1
        print(f"up to date: {built.documents} documents; rows: {rows}")
        return 0
    changed = write_built(out, built)
    print(f"built {out}: {built.documents} documents ({restricted} not redistributable); rows: {rows}; "
          f"{len(changed)} file(s) written or removed" + (": " + ", ".join(changed) if changed else ""))
    return 0
