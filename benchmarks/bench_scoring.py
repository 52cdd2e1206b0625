"""Speed of the scorers (a benchmark, not a test).  Run:

    .venv/bin/python benchmarks/bench_scoring.py            # full run (about a minute or two)
    .venv/bin/python benchmarks/bench_scoring.py --quick    # smaller sizes

1. Entity scoring on KLUE-dev-sized input (the KLUE-NER dev file with seeded
   perturbations when ../shared/external is present, else 5,000 synthetic
   sentences): ours vs nervaluate 1.2.1 vs seqeval, same figures checked.
2. Cleaner scoring (char, token, shingle, leak) of synthetic pages of about
   5,000 characters at 1x, 10x and 100x documents (100, 1,000, 10,000).
3. Alignment alone on one document of growing length (linear, not quadratic).
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from newsgold.model import Annotation, Document, LabeledSpan, Source  # noqa: E402

LABELS = ("PS", "LC", "OG", "DT", "TI", "QT")
SYLL = "가나다라마바사아자차카타파하국민경제정부시장기업반도체수출회의발표"
WORDS = ("the", "market", "said", "minister", "rates", "growth", "company", "report", "week", "shares")


def klue_like(rng: random.Random):
    """(gold spans, predicted spans, IOB2 tag lists) for KLUE-dev-sized input."""
    from test_score_entities import iob2_from_spans, perturb, read_klue, spans_from_iob2

    path = REPO.parent / "shared" / "external" / "klue-ner" / "klue-ner-v1.1_dev.tsv"
    if path.is_file():
        sents = read_klue(path)
        source = f"KLUE-NER dev ({len(sents)} sentences) with seeded perturbations"
        gold = [spans_from_iob2(t) for _, t in sents]
        lengths = [len(t) for _, t in sents]
    else:
        source = "5,000 synthetic sentences (KLUE-NER dev absent)"
        gold, lengths = [], []
        for _ in range(5000):
            n = rng.randint(20, 80)
            spans, pos = [], 0
            while True:
                pos += rng.randint(2, 15)
                e = pos + rng.randint(1, 5)
                if e > n:
                    break
                spans.append((pos, e, rng.choice(LABELS)))
                pos = e
            gold.append(spans)
            lengths.append(n)
    pred = [perturb(rng, g, n, LABELS, allow_overlap=False) for g, n in zip(gold, lengths)]
    tags_true = [iob2_from_spans(g, n) for g, n in zip(gold, lengths)]
    tags_pred = [iob2_from_spans(p, n) for p, n in zip(pred, lengths)]
    return source, gold, pred, tags_true, tags_pred


def bench_entities(rng: random.Random) -> None:
    import nervaluate
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    from newsgold.scoring.entities import evaluate_entities

    source, gold, pred, tt, tp = klue_like(rng)
    print(f"## Entity scoring: {source}, {sum(map(len, gold))} gold mentions")

    def conv(docs):
        return [[{"label": lb, "start": s, "end": e - 1} for s, e, lb in sorted(d)] for d in docs]

    def best(fn, n=3):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t0)
        return min(times), out

    t_ours, ours = best(lambda: evaluate_entities(gold, pred))
    g_conv, p_conv = conv(gold), conv(pred)
    t_nerv, theirs = best(lambda: nervaluate.Evaluator(g_conv, p_conv, tags=list(LABELS), loader="dict").evaluate())
    t_seq, macro = best(lambda: f1_score(tt, tp, average="macro", mode="strict", scheme=IOB2))
    same = all(abs(ours["overall"][s]["f1"] - theirs["overall"][k].f1) < 1e-12
               and ours["overall"][s]["correct"] == theirs["overall"][k].correct
               for s, k in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("type", "ent_type")))
    same_klue = abs(ours["klue_macro_f1"] - macro) < 1e-12
    print(f"ours (4 schemes + per label + KLUE macro F1): {t_ours * 1000:8.1f} ms")
    print(f"nervaluate 1.2.1 Evaluator.evaluate():        {t_nerv * 1000:8.1f} ms   "
          f"ratio {t_nerv / t_ours:5.1f}x   same figures: {same}")
    print(f"seqeval f1_score(macro, strict, IOB2):        {t_seq * 1000:8.1f} ms   "
          f"ratio {t_seq / t_ours:5.1f}x   same KLUE macro F1: {same_klue} ({macro:.4f})")
    print(f"strict F1 {ours['overall']['strict']['f1']:.4f}, partial F1 {ours['overall']['partial']['f1']:.4f}")


def synthetic_page(rng: random.Random, doc_id: str, target: int = 5000):
    """A ~5,000-character page: boilerplate lines around content paragraphs; and a cleaner's output."""
    lines, labels = [], []
    kinds = ["navigation", "ui", "summary", "byline", "related", "ad", "legal"]
    size = 0
    while size < target:
        if rng.random() < 0.35:
            label = rng.choice(kinds)
            line = " ".join(rng.choice(WORDS) if rng.random() < 0.3 else
                            "".join(rng.choice(SYLL) for _ in range(rng.randint(1, 4)))
                            for _ in range(rng.randint(2, 10)))
        else:
            label = None
            line = " ".join(rng.choice(WORDS) if rng.random() < 0.2 else
                            "".join(rng.choice(SYLL) for _ in range(rng.randint(1, 5)))
                            for _ in range(rng.randint(15, 45))) + "."
        lines.append(line)
        labels.append(label)
        size += len(line) + 1
    raw = "\n".join(lines)
    bps, pos = [], 0
    for n, (line, label) in enumerate(zip(lines, labels)):
        if label:
            bps.append(LabeledSpan(f"b{n}", pos, pos + len(line), label))
        pos += len(line) + 1
    doc = Document(id=doc_id, lang="ko", split="test", origin="synthetic",
                   source=Source("bench", "bench", "bench", None, "CC0", True), raw_text=raw, boilerplate=bps,
                   annotation=Annotation("1.0", [], "draft"))
    # the cleaner: keeps most content (re-joining some lines), some boilerplate, loses some content
    out = []
    for line, label in zip(lines, labels):
        r = rng.random()
        if (label is None and r < 0.92) or (label is not None and r < 0.15):
            out.append(line if rng.random() < 0.7 else line.replace(" ", "  "))
    text = ""
    for line in out:
        text += line + (" " if rng.random() < 0.3 else "\n\n")
    return doc, {"id": doc_id, "text": text}


def bench_clean(rng: random.Random, sizes) -> None:
    from newsgold.scoring import score_records

    print(f"\n## Cleaner scoring (char + token + shingle + leak), pages of ~5,000 characters")
    pages = [synthetic_page(rng, f"ko-bench-{i:05d}") for i in range(max(sizes))]
    chars = sum(len(d.raw_text) for d, _ in pages)
    print(f"generated {len(pages)} pages, mean {chars / len(pages):.0f} characters")
    base = None
    for n in sizes:
        docs = [d for d, _ in pages[:n]]
        recs = [r for _, r in pages[:n]]
        c0 = os.times()
        t0 = time.perf_counter()
        res = score_records("clean", docs, recs)
        dt = time.perf_counter() - t0
        c1 = os.times()
        cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) + (
            c1.children_system - c0.children_system)
        base = base or dt / n
        print(f"{n:6d} documents: {dt:7.2f} s wall, {cpu:7.2f} s CPU ({dt / n * 1000:5.2f} ms/document wall, "
              f"x{dt / n / base:4.2f} vs smallest)   char F1 {res['clean']['char']['f1']:.3f}")


def bench_align(rng: random.Random, lengths) -> None:
    from newsgold.align import align

    print("\n## Alignment alone, one document of growing length (cleaner drops 1 line in 4, re-joins others)")
    for n in lengths:
        lines, size = [], 0
        while size < n:
            line = " ".join("".join(rng.choice(SYLL) for _ in range(rng.randint(1, 5))) for _ in range(12))
            lines.append(line)
            size += len(line) + 1
        raw = "\n".join(lines)
        text = " ".join(line for i, line in enumerate(lines) if i % 4)
        t0 = time.perf_counter()
        align(text, raw)
        dt = time.perf_counter() - t0
        print(f"{len(raw):9d} characters: {dt * 1000:8.1f} ms  ({dt / len(raw) * 1e6:5.2f} µs/character)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(f"# newsgold scoring benchmark — Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.machine()}, load average at start {os.getloadavg()[0]:.1f}")
    bench_entities(random.Random(args.seed))
    bench_clean(random.Random(args.seed), (10, 100, 1000) if args.quick else (100, 1000, 10000))
    bench_align(random.Random(args.seed), (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000))


if __name__ == "__main__":
    main()
