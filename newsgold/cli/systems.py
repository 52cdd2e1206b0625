"""System commands: systems, clean, extract, bench."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

from . import UsageError


def register(sub) -> None:
    p = sub.add_parser("systems", help="list the baseline systems with their kind and version",
                       description="List every registered baseline: name, kind (cleaner, ner, attribution), "
                                   "version (part of the output cache key), languages.")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_systems)

    for name, kinds, what in (("clean", ("cleaner",), "a cleaner: writes {id, system, text}"),
                              ("extract", ("ner", "attribution"),
                               "an entity or attribution extractor: writes {id, system, text, entities|claims} (text: the input the offsets refer to, so a run on a cleaner's output scores as a pipeline)")):
        p = sub.add_parser(name, help=f"run {what}",
                           description=f"Run {what} on JSONL records {{\"id\", \"raw_text\"[, \"lang\"]}} "
                                       "(any text, not only corpus documents) or on a corpus split, and write "
                                       "prediction JSONL (schema/prediction.schema.json) to stdout or --out. "
                                       "Offsets refer to the input text. The language is the record's 'lang', "
                                       "else --lang, else guessed from the script (Hangul -> ko, else en). "
                                       "A progress bar goes to stderr.")
        p.add_argument("input", nargs="?", metavar="IN.jsonl", help="input records (omit with --split)")
        p.add_argument("--system", required=True, metavar="NAME", help="system name (see 'newsgold systems')")
        p.add_argument("--split", choices=["dev", "test", "all"], help="run on the corpus split instead of a file")
        p.add_argument("--lang", choices=["ko", "en"], help="language of records that do not say")
        p.add_argument("--out", metavar="FILE", help="write here (atomically) instead of stdout")
        p.add_argument("--no-progress", action="store_true", help="no progress bar")
        p.set_defaults(func=cmd_run, kinds=kinds)

    p = sub.add_parser("bench", help="run every baseline on a split, score it, print the leaderboards",
                       description="Run every cleaner on the raw text and every extractor on the raw text, on "
                                   "each cleaner's output and on the gold main content; cache outputs by "
                                   "(system, version, input sha256); write prediction JSONL per run (re-score "
                                   "with 'newsgold score'); print the cleaner, entity, claim and pipeline "
                                   "tables with bootstrap intervals. --report DIR writes a static HTML report.")
    p.add_argument("--split", choices=["dev", "test", "all"], default="test", help="corpus split (default: test)")
    p.add_argument("--systems", nargs="+", metavar="NAME", help="only these systems (names or comma lists)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object: {split, documents, systems: [{name, kind, version, scores}], ...}")
    p.add_argument("--markdown", action="store_true", help="print the leaderboards as Markdown tables (README)")
    p.add_argument("--report", metavar="DIR", help="write the HTML report (index.html) into DIR")
    p.add_argument("--out", metavar="DIR", help="prediction folder (default: bench-out/<split>)")
    p.add_argument("--cache", metavar="DIR", help="output cache (default: $NEWSGOLD_CACHE or .cache/newsgold)")
    p.add_argument("--no-cache", action="store_true", help="run every system afresh, write no cache")
    p.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                   help="bootstrap resamples over documents for 95%% intervals (default 1000; 0 = none)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_bench)


def cmd_systems(args) -> int:
    from ..baselines import SYSTEMS

    if args.json:
        print(json.dumps({"systems": [s.info() for s in SYSTEMS.values()]}, ensure_ascii=False, indent=1))
        return 0
    from ..bench import render_table

    rows = [[s.name, s.kind, s.version, ",".join(s.langs), s.description] for s in SYSTEMS.values()]
    print(render_table(["name", "kind", "version", "langs", "description"], rows, left=5))
    return 0


def _records(args) -> Iterator[tuple[str, str, str | None, int | None]]:
    """(id, raw_text, lang, line) from the input file or the corpus."""
    from ..io import InputError, iter_jsonl
    from ..model import ID_RE

    if args.split:
        if args.input:
            raise UsageError("give IN.jsonl or --split, not both")
        from ..corpus import load_documents

        for d in load_documents(split=args.split):
            yield d.id, d.raw_text, d.lang, None
        return
    if not args.input:
        raise UsageError("give IN.jsonl (records {\"id\", \"raw_text\"}) or --split")
    seen: dict[str, int] = {}
    for line, rec in iter_jsonl(args.input):
        doc_id, raw, lang = rec.get("id"), rec.get("raw_text"), rec.get("lang")
        if not isinstance(doc_id, str):
            raise InputError(args.input, "missing or non-string field 'id'", line=line, pointer="/id")
        if not ID_RE.match(doc_id):
            raise InputError(args.input, f"id {doc_id!r} does not match {ID_RE.pattern} (lower-case letters, "
                                         "digits and '-', 3-64 characters)", line=line, pointer="/id")
        if doc_id in seen:
            raise InputError(args.input, f"duplicate id (first at line {seen[doc_id]})", line=line,
                             doc_id=doc_id, pointer="/id")
        seen[doc_id] = line
        if not isinstance(raw, str):
            raise InputError(args.input, "missing or non-string field 'raw_text'", line=line, doc_id=doc_id,
                             pointer="/raw_text")
        if lang is not None and lang not in ("ko", "en"):
            raise InputError(args.input, f"lang must be 'ko' or 'en', not {lang!r}", line=line, doc_id=doc_id,
                             pointer="/lang")
        yield doc_id, raw, lang, line


def cmd_run(args) -> int:
    import unicodedata

    from tqdm import tqdm

    from ..baselines import detect_lang, get, predict_record
    from ..io import atomic_writer

    system = get(args.system)
    if system.kind not in args.kinds:
        other = "clean" if system.kind == "cleaner" else "extract"
        raise UsageError(f"{system.name} is a {system.kind}; use 'newsgold {other} --system {system.name}'")
    records = list(_records(args))
    out: list[str] = []
    skipped = 0
    for doc_id, raw, lang, _line in tqdm(records, desc=system.name, unit="doc", file=sys.stderr,
                                        disable=args.no_progress or None, leave=False):
        raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
        lang = lang or args.lang or detect_lang(raw)
        skipped += lang not in system.langs
        rec = predict_record(system.name, doc_id, raw, lang)
        if system.kind != "cleaner":
            # The offsets refer to this input text; saying so lets the scorer align it to the corpus raw_text
            # when the input was a cleaner's output (a pipeline), instead of misreading the offsets.
            rec["text"] = raw
        out.append(json.dumps(rec, ensure_ascii=False) + "\n")
    if skipped:
        print(f"newsgold: warning: {skipped} of {len(records)} records are not in {'/'.join(system.langs)}; "
              f"{system.name} wrote empty output for them", file=sys.stderr)
    if args.out:
        with atomic_writer(Path(args.out)) as fh:
            fh.writelines(out)
        print(f"wrote {len(out)} records to {args.out}", file=sys.stderr)
    else:
        sys.stdout.writelines(out)
        sys.stdout.flush()
    return 0


def cmd_bench(args) -> int:
    from ..bench import default_cache_dir, render_markdown, render_text, run_bench, select_systems, to_json
    from ..corpus import REPO_DIR, load_documents

    if args.json and args.markdown:
        raise UsageError("choose one of --json and --markdown")
    if args.bootstrap < 0:
        raise UsageError("--bootstrap must be 0 or more")
    systems = select_systems(args.systems)
    docs = load_documents(split=args.split)
    if not docs:
        raise UsageError(f"the {args.split} split has no documents")
    base = REPO_DIR if (REPO_DIR / "pyproject.toml").is_file() else Path.cwd()
    out = Path(args.out) if args.out else base / "bench-out" / args.split
    cache = None if args.no_cache else (Path(args.cache) if args.cache else default_cache_dir())
    res = run_bench(docs, systems, out_dir=out, cache_dir=cache, bootstrap=args.bootstrap, seed=args.seed,
                    split=args.split, progress=not args.no_progress)
    report_path = None
    if args.report:
        from ..report import write_report

        report_path = write_report(res, args.report)
    if args.json:
        obj: dict[str, Any] = to_json(res)
        if report_path:
            obj["report"] = str(report_path)
        print(json.dumps(obj, ensure_ascii=False, indent=1))
    elif args.markdown:
        print(render_markdown(res), end="")
    else:
        print(render_text(res))
        if report_path:
            print(f"Report: {report_path}")
    return 0
