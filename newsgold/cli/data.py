"""Corpus commands: validate, stats, compile, decompile."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import UsageError


def register(sub) -> None:
    p = sub.add_parser("validate", help="check documents or prediction files at every level",
                       description="Validate the corpus (no FILE) or the given files in four levels: "
                                   "L1 JSON and schema, L2 offsets, L3 references, L4 guideline rules. "
                                   "Files holding records with raw_text are documents; other JSONL files "
                                   "are checked as system predictions against the corpus. One line per error: "
                                   "path: doc-id: /json/pointer: message [level test-id]. Exit 0 when clean, "
                                   "1 when not.")
    p.add_argument("files", nargs="*", metavar="FILE", help="document (.json/.jsonl) or prediction (.jsonl) files")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="corpus statistics by split, language, origin, layout and layer",
                       description="Count documents, entities, claims, boilerplate spans and characters.")
    p.add_argument("--split", choices=["dev", "test", "all"], default="all")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--datasheet", action="store_true",
                   help="rewrite the composition block of DATASHEET.md with these statistics")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("compile", help="compile authoring files (annotation/sources/*.txt) to corpus documents",
                       description="Strip the inline marks of authoring files, compute offsets, validate "
                                   "every level, and write corpus/documents/<id>.json atomically. Nothing is "
                                   "written unless every file compiles.")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="authoring files (default: annotation/sources/*.txt)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: the corpus documents folder)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any compiled document differs from the one on disk")
    p.set_defaults(func=cmd_compile)

    p = sub.add_parser("agreement", help="score the second annotations against the gold (inter-annotator agreement)",
                       description="Compile annotation/second/*.txt (independent second annotations on the same raw "
                                   "text), score each against the corpus gold with the project's own scorer, and "
                                   "print boilerplate character F1, entity strict/partial F1 and claim "
                                   "content/source/cue overlap F1, per document and micro over all of them. "
                                   "These are the figures DATASHEET.md reports.")
    p.add_argument("--second", metavar="DIR", help="folder of second annotations (default: annotation/second)")
    p.add_argument("--gold", metavar="DIR",
                   help="score against these authoring files instead of the corpus (e.g. "
                        "annotation/adjudication/gold-before: the gold as it was before adjudication)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("decompile", help="print a corpus document in the authoring format")
    p.add_argument("document", metavar="FILE_OR_ID")
    p.set_defaults(func=cmd_decompile)


def _is_document_file(path: Path) -> bool:
    if path.suffix == ".json":
        return True
    from ..io import iter_jsonl

    for _, rec in iter_jsonl(path):
        return "raw_text" in rec
    return True


def cmd_validate(args) -> int:
    from ..corpus import document_paths, documents_dir, load_documents
    from ..io import InputError, iter_jsonl
    from ..validate import Incident, Report, render, validate_paths, validate_prediction_records

    if not args.files:
        report = validate_paths(document_paths(), corpus_mode=True)
    else:
        report = Report()
        doc_files, pred_files = [], []
        for f in args.files:
            p = Path(f)
            try:
                (doc_files if _is_document_file(p) else pred_files).append(p)
            except InputError as e:
                report.errors.append(Incident(1, "unreadable-file", str(p), None, "", e.message, e.line))
        # A file in the corpus folder is held to the corpus rules (its name is its id); others are not.
        corpus_folder = documents_dir().resolve()
        in_corpus = [p for p in doc_files if p.resolve().parent == corpus_folder]
        for files, mode in ((in_corpus, True), ([p for p in doc_files if p not in in_corpus], False)):
            sub = validate_paths(files, corpus_mode=mode)
            report.errors.extend(sub.errors)
            report.records_checked += sub.records_checked
        if pred_files:
            docs = {d.id: d for d in load_documents()}
            for p in pred_files:
                try:
                    records = list(iter_jsonl(p))
                except InputError as e:
                    report.errors.append(Incident(1, "unreadable-file", str(p), None, "", e.message, e.line))
                    continue
                report.records_checked += len(records)
                report.errors.extend(validate_prediction_records(records, str(p), docs))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        if report.errors:
            print(render(report), file=sys.stderr)
            print(f"invalid: {len(report.errors)} errors in {report.records_checked} records", file=sys.stderr)
        else:
            print(f"valid: {report.records_checked} records, 0 errors")
    return 1 if report.errors else 0


def cmd_stats(args) -> int:
    from ..corpus import load_documents
    from ..stats import corpus_stats, render_stats

    s = corpus_stats(load_documents(split=args.split))
    if args.datasheet:
        import re

        from ..corpus import REPO_DIR
        from ..io import atomic_write_text

        path = REPO_DIR / "DATASHEET.md"
        text = path.read_text(encoding="utf-8")
        block = "<!-- stats:begin -->\n" + render_stats(s) + "\n<!-- stats:end -->"
        new, n = re.subn(r"<!-- stats:begin -->.*?<!-- stats:end -->", lambda _: block, text, flags=re.S)
        if n != 1:
            raise UsageError(f"{path} has no stats block (<!-- stats:begin --> … <!-- stats:end -->)")
        atomic_write_text(path, new)
        print(f"updated {path}")
        return 0
    print(json.dumps(s, ensure_ascii=False, indent=1) if args.json else render_stats(s))
    return 0


def cmd_compile(args) -> int:
    from ..authoring import compile_paths, compile_source
    from ..corpus import REPO_DIR, documents_dir
    from ..io import dumps_document

    sources = [Path(s) for s in args.sources] or sorted((REPO_DIR / "annotation" / "sources").glob("*.txt"))
    if not sources:
        raise UsageError("no authoring files given or found in annotation/sources/")
    out = Path(args.out) if args.out else documents_dir()
    if args.check:
        stale = []
        for s in sources:
            d = compile_source(s).to_dict()
            target = out / f"{d['id']}.json"
            if not target.exists() or target.read_text(encoding="utf-8") != dumps_document(d):
                stale.append(str(target))
        if stale:
            print("out of date (run 'newsgold compile'): " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"up to date: {len(sources)} documents")
        return 0
    written = compile_paths(sources, out)
    print(f"compiled {len(written)} documents into {out}")
    return 0


def cmd_decompile(args) -> int:
    from ..authoring import decompile
    from ..corpus import documents_dir, read_document

    p = Path(args.document)
    if not p.exists():
        from ..model import ID_RE

        if not ID_RE.match(args.document):  # an id never becomes a path outside the documents folder
            raise UsageError(f"{args.document!r} is neither a file nor a document id")
        p = documents_dir() / f"{args.document}.json"
    sys.stdout.write(decompile(read_document(p)))
    return 0


def cmd_agreement(args) -> int:
    from ..agreement import agreement, load_second_annotations, render_agreement
    from ..corpus import REPO_DIR, load_documents

    if args.gold:
        from ..authoring import compile_source

        gold_paths = sorted(Path(args.gold).glob("*.txt"))
        if not gold_paths:
            raise UsageError(f"no authoring files (*.txt) in {args.gold}")
        gold = [compile_source(p) for p in gold_paths]
    else:
        gold = load_documents()
    folder = Path(args.second) if args.second else REPO_DIR / "annotation" / "second"
    second = load_second_annotations(folder, {d.id: d for d in gold})
    result = agreement(gold, second)
    print(json.dumps(result, indent=1) if args.json else render_agreement(result))
    return 0
