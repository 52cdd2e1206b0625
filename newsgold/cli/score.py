"""``newsgold score``: score cleaner, extractor or pipeline output against the gold layers."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import UsageError

DESCRIPTION = """\
Score system output (JSONL, one record per document, schema/prediction.schema.json) against the gold layers.
clean: cleaner output {"id","text"} (aligned to raw_text) or {"id","boilerplate":[{"start","end"}]};
char and token P/R/F1 (non-whitespace only, monotonic alignment: moved or duplicated text does not count),
the Article Extraction Benchmark shingle metric, and the share of each boilerplate class kept.
entities: SemEval-2013 strict/exact/partial/type (nervaluate 1.2.1 counts) and KLUE macro F1.
claims: per-component exact and overlap F1, full match, kind accuracy, source links.
all: every section the records have. Offsets into a record's own "text" are projected to raw_text (pipelines).
Several PRED files: one column each, plus the difference against the first.
Documents without a record count as empty output (warning on stderr)."""


def register(sub) -> None:
    p = sub.add_parser("score", help="score cleaner / extractor / pipeline output against the gold",
                       description=DESCRIPTION,
                       formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["clean", "entities", "claims", "all"])
    p.add_argument("pred", nargs="+", metavar="PRED.jsonl", help="prediction file(s)")
    p.add_argument("--split", choices=["dev", "test", "all"], default="test",
                   help="corpus split to score against (default: test)")
    p.add_argument("--lang", choices=["ko", "en"],
                   help="score only the documents in this language (a system written for one language; "
                        "the leaderboard scores ko-ner and en-ner this way)")
    p.add_argument("--gold", metavar="FILE.jsonl",
                   help="external cleaner gold, JSONL of {\"id\",\"text\"} (clean only; replaces the corpus)")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N",
                   help="add 95%% intervals from N bootstrap resamples of the documents")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap (default 0)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--per-label", action="store_true", help="human output: also print per-label entity rows")
    p.set_defaults(func=cmd_score)


def cmd_score(args) -> int:
    from ..io import InputError
    from ..scoring import load_external_gold, load_predictions, score_records
    from ..scoring.pipeline import compare

    if args.bootstrap < 0:
        raise UsageError("--bootstrap must be 0 or more")
    if args.gold and args.lang:
        raise UsageError("--lang selects corpus documents; it does not apply to --gold")
    if args.gold and args.kind not in ("clean", "all"):
        raise UsageError("--gold holds clean texts only; use it with 'score clean'")
    known = None
    if args.gold:
        docs = load_external_gold(args.gold)
        source = f"gold {args.gold}"
    else:
        from ..corpus import load_documents

        everything = load_documents(split="all")
        docs = [d for d in everything if (args.split == "all" or d.split == args.split)
                and (args.lang is None or d.lang == args.lang)]
        known = [d.id for d in everything]
        source = f"split {args.split}" + (f", language {args.lang}" if args.lang else "")
    if not docs:
        raise UsageError(f"no gold documents in {source}")
    if len(set(args.pred)) != len(args.pred):
        raise UsageError("a prediction file is given twice")
    results = {}
    for path in args.pred:
        records = load_predictions(path, docs, known_ids=known)
        try:
            results[path] = score_records(args.kind, docs, records, bootstrap=args.bootstrap, seed=args.seed,
                                          progress=True)
        except InputError as e:
            if e.path is None:
                raise InputError(path, e.message) from None
            raise
    if len(results) == 1:
        out = next(iter(results.values()))
    else:
        out = {"kind": args.kind, "systems": results, "delta": compare(results), "documents": len(docs)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(render(results, source=source, per_label=args.per_label))
    return 0


# -- human output -------------------------------------------------------------------------
def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _ci(d: dict, key: str) -> str:
    ci = d.get("ci95", {}).get(key)
    return f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _single(res: dict, per_label: bool) -> list[str]:
    blocks = []
    boot = "bootstrap" in res
    ci_head = ["95% CI (F1)"] if boot else []
    if "clean" in res:
        c = res["clean"]
        rows = []
        for name, d in (("char (micro)", c["char"]), ("char (macro)", c["char"]["macro"]),
                        ("token (micro)", c["token"]), ("token (macro)", c["token"]["macro"]),
                        ("shingle (AEB)", c["shingle"])):
            rows.append([name, _fmt(d["precision"]), _fmt(d["recall"]), _fmt(d["f1"])] + ([_ci(d, "f1")] if boot else []))
        blocks.append(_table(["clean", "precision", "recall", "f1"] + ci_head, rows))
        if c["leak_by_label"]:
            rows = [[lb, _fmt(v["kept"]), _fmt(v["total"]), _fmt(v["rate"])] for lb, v in c["leak_by_label"].items()]
            blocks.append(_table(["leak by class", "kept", "chars", "rate"], rows))
    if "entities" in res:
        e = res["entities"]
        head = ["entities", "precision", "recall", "f1", "COR", "INC", "PAR", "MIS", "SPU"] + ci_head
        rows = []
        for scheme, d in e["overall"].items():
            rows.append([scheme] + [_fmt(d[k]) for k in ("precision", "recall", "f1", "correct", "incorrect",
                                                          "partial", "missed", "spurious")]
                        + ([_ci(d, "f1")] if boot else []))
        if per_label:
            for label, schemes in e["per_label"].items():
                d = schemes["strict"]
                rows.append([f"{label} (strict)"] + [_fmt(d[k]) for k in ("precision", "recall", "f1", "correct",
                                                                         "incorrect", "partial", "missed",
                                                                         "spurious")]
                            + ([_ci(d, "f1")] if boot else []))
        blocks.append(_table(head, rows))
        blocks.append(f"KLUE macro F1 (seqeval strict IOB2): {_fmt(e['klue_macro_f1'])} {_ci(e, 'klue_macro_f1')}"
                      f"   macro F1 over labels (strict): {_fmt(e['overall']['strict']['macro_f1'])}")
    if "claims" in res:
        c = res["claims"]
        rows = []
        for role in ("content", "source", "cue"):
            ex, ov = c[role]["exact"], c[role]["overlap"]
            rows.append([role] + [_fmt(ex[k]) for k in ("precision", "recall", "f1")]
                        + [_fmt(ov[k]) for k in ("precision", "recall", "f1")] + ([_ci(ov, "f1")] if boot else []))
        for name in ("full", "source_link"):
            d = c[name]
            rows.append([name] + [_fmt(d[k]) for k in ("precision", "recall", "f1")] + ["", "", ""]
                        + ([_ci(d, "f1")] if boot else []))
        blocks.append(_table(["claims", "exact P", "exact R", "exact F1", "overlap P", "overlap R", "overlap F1"]
                             + (["95% CI"] if boot else []), rows))
        blocks.append(f"claims: gold {c['gold']}, predicted {c['predicted']}, matched {c['matched']}, "
                      f"kind accuracy {_fmt(c['kind_accuracy'])} {_ci(c, 'kind_accuracy')}")
    if "pipeline" in res:
        p = res["pipeline"]
        blocks.append(f"pipeline: {p['documents']} documents given as cleaned text; recall ceiling left by the "
                      f"cleaner: entities {_fmt(p['entity_recall_ceiling'])}, claims "
                      f"{_fmt(p['claim_recall_ceiling'])}; spans not placed in raw_text: {p['unplaced']} of "
                      f"{p['projected']}")
    return blocks


def render(results: dict[str, dict], *, source: str, per_label: bool = False) -> str:
    from ..scoring.pipeline import HEADLINES, _get, compare

    first = next(iter(results.values()))
    title = f"newsgold score {first['kind']} — {source}, {first['documents']} documents"
    if "bootstrap" in first:
        b = first["bootstrap"]
        title += f", 95% intervals from {b['resamples']} bootstrap resamples (seed {b['seed']})"
    if len(results) == 1:
        name = next(iter(results))
        return "\n\n".join([title + f"\n{name}"] + _single(first, per_label))
    names = list(results)
    deltas = compare(results)
    rows = []
    for path in HEADLINES:
        vals = [_get(results[n], path) for n in names]
        if all(v is None for v in vals):
            continue
        row = [".".join(path)] + [_fmt(v) for v in vals]
        row += [f"{deltas[n]['.'.join(path)]:+.3f}" if '.'.join(path) in deltas[n] else "-" for n in names[1:]]
        rows.append(row)
    short = [Path(n).name for n in names]
    head = ["figure"] + short + [f"Δ {s}" for s in short[1:]]
    return title + "\n\n" + _table(head, rows) + f"\n\nΔ = difference against {short[0]}"
