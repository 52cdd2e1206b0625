"""Entity metrics: hand-computed scenarios, then agreement with nervaluate 1.2.1 and seqeval on KLUE-NER dev."""
from __future__ import annotations

import random

import pytest

from newsgold.scoring.entities import SCHEMES, evaluate_entities

COUNTS = ("correct", "incorrect", "partial", "missed", "spurious")

# text: "Kim met Lee in Seoul" — offsets written as len() so the fixtures check themselves
KIM = (0, len("Kim"), "PS")
LEE = (len("Kim met "), len("Kim met Lee"), "PS")
SEOUL = (len("Kim met Lee in "), len("Kim met Lee in Seoul"), "LC")

# scenario -> (gold, pred, {scheme: (correct, incorrect, partial, missed, spurious)})
SCENARIOS = {
    "perfect": ([KIM, LEE], [KIM, LEE], {s: (2, 0, 0, 0, 0) for s in SCHEMES}),
    "missed": ([KIM, LEE], [KIM], {s: (1, 0, 0, 1, 0) for s in SCHEMES}),
    "spurious": ([KIM], [KIM, SEOUL], {s: (1, 0, 0, 0, 1) for s in SCHEMES}),
    "wrong type": ([SEOUL], [(SEOUL[0], SEOUL[1], "OG")],
                   {"strict": (0, 1, 0, 0, 0), "exact": (1, 0, 0, 0, 0), "partial": (1, 0, 0, 0, 0),
                    "type": (0, 1, 0, 0, 0)}),
    "wrong boundary": ([SEOUL], [(SEOUL[0] - len("in "), SEOUL[1], "LC")],
                       {"strict": (0, 1, 0, 0, 0), "exact": (0, 1, 0, 0, 0), "partial": (0, 0, 1, 0, 0),
                        "type": (1, 0, 0, 0, 0)}),
    "wrong boundary and type": ([SEOUL], [(SEOUL[0], SEOUL[1] - 1, "OG")],
                                {"strict": (0, 1, 0, 0, 0), "exact": (0, 1, 0, 0, 0), "partial": (0, 0, 1, 0, 0),
                                 "type": (0, 1, 0, 0, 0)}),
    "shifted off": ([KIM], [(KIM[1] + 1, KIM[1] + 4, "PS")], {s: (0, 0, 0, 1, 1) for s in SCHEMES}),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenarios_hand_computed(name):
    gold, pred, expected = SCENARIOS[name]
    res = evaluate_entities([gold], [pred])
    for scheme, counts in expected.items():
        got = tuple(res["overall"][scheme][k] for k in COUNTS)
        assert got == counts, (scheme, got)


def test_precision_recall_formulas():
    # partial: 1 correct + 1 partial + 1 missed + 1 spurious: P = (1 + .5) / 3, R = (1 + .5) / 3
    gold = [KIM, LEE, SEOUL]
    pred = [KIM, (LEE[0], LEE[1] - 1, "PS"), (100, 104, "OG")]
    r = evaluate_entities([gold], [pred])["overall"]
    assert r["partial"]["precision"] == pytest.approx(1.5 / 3)
    assert r["partial"]["recall"] == pytest.approx(1.5 / 3)
    # strict: 1 correct, 1 incorrect, 1 missed, 1 spurious: P = 1/3, R = 1/3
    assert r["strict"]["precision"] == pytest.approx(1 / 3)
    assert r["strict"]["f1"] == pytest.approx(1 / 3)


def test_aggregation_over_documents_keeps_partial_credit():
    one = evaluate_entities([[SEOUL]], [[(SEOUL[0] + 1, SEOUL[1], "LC")]])["overall"]["partial"]
    two = evaluate_entities([[SEOUL], [KIM]], [[(SEOUL[0] + 1, SEOUL[1], "LC")], [KIM]])["overall"]["partial"]
    assert one["partial"] == 1 and two["partial"] == 1 and two["correct"] == 1
    assert two["precision"] == pytest.approx(1.5 / 2)


def test_klue_macro_is_over_types_seen():
    # PS: P=R=1; LC: predicted as OG -> LC F1 0, OG F1 0 -> macro over {PS, LC, OG} = 1/3
    res = evaluate_entities([[KIM, SEOUL]], [[KIM, (SEOUL[0], SEOUL[1], "OG")]])
    assert res["klue_macro_f1"] == pytest.approx(1 / 3)


# -- agreement with nervaluate on random data (no external files needed) ----------------------------
def _nervaluate(gold_docs, pred_docs, labels, thr=1.0):
    nervaluate = pytest.importorskip("nervaluate")

    def conv(docs):
        return [[{"label": lb, "start": s, "end": e - 1} for s, e, lb in sorted(d)] for d in docs]

    return nervaluate.Evaluator(conv(gold_docs), conv(pred_docs), tags=list(labels), loader="dict",
                                min_overlap_percentage=thr).evaluate()


def _assert_same(ours, theirs, labels):
    key = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    for scheme, nk in key.items():
        t = theirs["overall"][nk]
        o = ours["overall"][scheme]
        for f in COUNTS + ("precision", "recall", "f1"):
            assert o[f] == pytest.approx(getattr(t, f), abs=1e-12), (scheme, f)
    assert set(ours["per_label"]) == set(theirs["entities"])
    for label, by_scheme in theirs["entities"].items():
        for scheme, nk in key.items():
            t = by_scheme[nk]
            o = ours["per_label"][label][scheme]
            for f in COUNTS + ("precision", "recall", "f1"):
                assert o[f] == pytest.approx(getattr(t, f), abs=1e-12), (label, scheme, f)


def _random_docs(rng, n_docs, labels, overlap_gold):
    gold_docs, pred_docs = [], []
    for _ in range(n_docs):
        length = rng.randint(5, 60)
        gold = []
        pos = 0
        while pos < length - 1:
            pos += rng.randint(0, 6)
            e = pos + rng.randint(1, 5)
            if e > length:
                break
            gold.append((pos, e, rng.choice(labels)))
            pos = e if not overlap_gold else pos + rng.randint(0, 2)
        pred = []
        for s, e, lb in gold:
            r = rng.random()
            if r < 0.15:
                continue
            if r < 0.35:
                s2 = max(0, s + rng.randint(-2, 2))
                e2 = max(s2 + 1, e + rng.randint(-2, 2))
                pred.append((s2, e2, lb))
            elif r < 0.5:
                pred.append((s, e, rng.choice(labels)))
            else:
                pred.append((s, e, lb))
        for _ in range(rng.randint(0, 3)):
            s = rng.randint(0, length)
            pred.append((s, s + rng.randint(1, 8), rng.choice(labels)))
        gold_docs.append(gold)
        pred_docs.append(pred)
    return gold_docs, pred_docs


@pytest.mark.parametrize("seed,overlap_gold,thr", [(1, False, 1.0), (2, True, 1.0), (3, False, 50.0),
                                                    (4, True, 34.0)])
def test_identical_to_nervaluate_on_random_documents(seed, overlap_gold, thr):
    labels = ("PS", "LC", "OG")
    gold, pred = _random_docs(random.Random(seed), 400, labels, overlap_gold)
    ours = evaluate_entities(gold, pred, labels=labels, min_overlap_percentage=thr)
    _assert_same(ours, _nervaluate(gold, pred, labels, thr), labels)


# -- KLUE-NER dev: nervaluate and seqeval on the same perturbed input --------------------------------
def read_klue(path):
    """Sentences of KLUE-NER's TSV as (chars, IOB2 tags)."""
    sents, chars, tags = [], [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("## "):
                continue
            if not line:
                if chars:
                    sents.append((chars, tags))
                chars, tags = [], []
                continue
            ch, _, tag = line.rpartition("\t")
            chars.append(ch)
            tags.append(tag)
    if chars:
        sents.append((chars, tags))
    return sents


def spans_from_iob2(tags):
    """Strict IOB2: an entity is B-X followed by I-X*; a stray I-X is not an entity."""
    out, i = [], 0
    while i < len(tags):
        t = tags[i]
        if t.startswith("B-"):
            label, j = t[2:], i + 1
            while j < len(tags) and tags[j] == "I-" + label:
                j += 1
            out.append((i, j, label))
            i = j
        else:
            i += 1
    return out


def iob2_from_spans(spans, n):
    tags = ["O"] * n
    for s, e, label in spans:
        tags[s] = "B-" + label
        for k in range(s + 1, e):
            tags[k] = "I-" + label
    return tags


def perturb(rng, gold, n, labels, allow_overlap):
    pred = []
    for s, e, label in gold:
        r = rng.random()
        if r < 0.1:
            continue  # dropped
        if r < 0.25:  # shifted boundaries
            s = min(max(0, s + rng.randint(-2, 2)), n - 1)
            e = min(max(s + 1, e + rng.randint(-2, 2)), n)
        elif r < 0.35:
            label = rng.choice([x for x in labels if x != label])  # wrong type
        pred.append((s, e, label))
    for _ in range(rng.randint(0, 2)):  # invented
        s = rng.randrange(n)
        pred.append((s, min(n, s + rng.randint(1, 4)), rng.choice(labels)))
    pred = sorted(set(pred))
    if allow_overlap:
        return pred
    kept, end = [], -1
    for sp in pred:
        if sp[0] >= end:
            kept.append(sp)
            end = sp[1]
    return kept


@pytest.fixture(scope="module")
def klue(external):
    path = external / "klue-ner" / "klue-ner-v1.1_dev.tsv"
    if not path.is_file():
        pytest.skip("KLUE-NER dev file absent")
    return read_klue(path)


def test_klue_file_read(klue):
    assert len(klue) == 5000
    assert sum(len(spans_from_iob2(t)) for _, t in klue) == 14257


@pytest.mark.parametrize("seed", [0, 1])
def test_klue_identical_to_nervaluate_and_seqeval(klue, seed):
    seqeval_metrics = pytest.importorskip("seqeval.metrics")
    from seqeval.scheme import IOB2

    labels = ("PS", "LC", "OG", "DT", "TI", "QT")
    rng = random.Random(seed)
    gold = [spans_from_iob2(t) for _, t in klue]
    pred = [perturb(rng, g, len(t), labels, allow_overlap=False) for g, (_, t) in zip(gold, klue)]
    ours = evaluate_entities(gold, pred)
    _assert_same(ours, _nervaluate(gold, pred, labels), labels)

    y_true = [t for _, t in klue]
    y_pred = [iob2_from_spans(p, len(t)) for p, (_, t) in zip(pred, klue)]
    macro = seqeval_metrics.f1_score(y_true, y_pred, average="macro", mode="strict", scheme=IOB2)
    assert ours["klue_macro_f1"] == pytest.approx(macro, abs=1e-12)
    from seqeval.metrics.v1 import precision_recall_fscore_support  # what mode="strict" calls

    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average=None, scheme=IOB2, zero_division=0)
    for label, pi, ri, fi in zip(sorted(ours["klue_per_label"]), p, r, f):
        got = ours["klue_per_label"][label]
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((pi, ri, fi), abs=1e-12)
    assert 0.5 < ours["overall"]["strict"]["f1"] < 0.95  # the perturbation really perturbs


def test_klue_overlapping_predictions_identical_to_nervaluate(klue):
    labels = ("PS", "LC", "OG", "DT", "TI", "QT")
    rng = random.Random(7)
    gold = [spans_from_iob2(t) for _, t in klue]
    pred = [perturb(rng, g, len(t), labels, allow_overlap=True) for g, (_, t) in zip(gold, klue)]
    _assert_same(evaluate_entities(gold, pred), _nervaluate(gold, pred, labels), labels)


@pytest.mark.parametrize("seed,overlap_gold", [(11, False), (12, True)])
def test_vectorised_rows_equal_document_by_document(seed, overlap_gold):
    from newsgold.scoring.entities import Layout, batch_counts, doc_counts

    rng = random.Random(seed)
    labels = ("PS", "LC", "OG", "DT", "TI", "QT")
    gold, pred = _random_docs(rng, 300, labels, overlap_gold)
    pred = [p + p[:1] if i % 17 == 0 else p for i, p in enumerate(pred)]  # some duplicate predictions
    extra = [[rng.choice(labels)] if i % 5 == 0 else [] for i in range(len(gold))]
    layout = Layout()
    rows = batch_counts(gold, pred, layout, extra_spurious=extra)
    for d, (g, p) in enumerate(zip(gold, pred)):
        acc = [0] * layout.size
        doc_counts(g, p, layout, acc, extra_spurious=extra[d])
        assert rows[d].tolist() == acc, d


def test_macro_f1_per_scheme_and_bootstrap_keys():
    from newsgold.model import Annotation, Document, LabeledSpan, Source
    from newsgold.scoring import score_records

    raw = "Kim met Lee in Seoul"
    doc = Document(id="en-test-001", lang="en", split="test", origin="synthetic",
                   source=Source("x", "x", "x", None, "CC0", True), raw_text=raw,
                   entities=[LabeledSpan(f"e{i}", s, e, lb) for i, (s, e, lb) in enumerate([KIM, LEE, SEOUL])],
                   annotation=Annotation("1.0", [], "draft"))
    rec = {"id": doc.id, "entities": [{"start": s, "end": e, "label": lb} for s, e, lb in (KIM, SEOUL)]}
    res = score_records("entities", [doc], [rec], bootstrap=20)["entities"]
    # PS: P 1, R 1/2 -> F1 2/3; LC: F1 1 -> macro (2/3 + 1) / 2
    assert res["overall"]["strict"]["macro_f1"] == pytest.approx((2 / 3 + 1) / 2, abs=1e-6)
    assert isinstance(res["overall"]["partial"]["partial"], int)
    assert set(res["overall"]["partial"]["ci95"]) == {"precision", "recall", "f1", "macro_f1"}
