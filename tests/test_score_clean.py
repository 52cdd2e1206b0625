"""Cleaner metrics: hand-computed cases, position-awareness, and the AEB shingle metric reproduced."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from newsgold.model import Annotation, Document, LabeledSpan, Source
from newsgold.scoring import score_records
from newsgold.scoring.clean import doc_stats, gold_from_text, kept_text, shingle_page, shingle_score


def make_doc(lines: list[tuple[str | None, str]], doc_id: str = "en-test-001") -> Document:
    """A document from (boilerplate label or None, line text) pairs."""
    raw, bps, pos = [], [], 0
    for n, (label, text) in enumerate(lines):
        if label:
            bps.append(LabeledSpan(f"b{n}", pos, pos + len(text), label))
        raw.append(text)
        pos += len(text) + 1
    return Document(id=doc_id, lang="en", split="test", origin="synthetic",
                    source=Source("Example", "example.org", "test", None, "CC0", True),
                    raw_text="\n".join(raw), boilerplate=bps, annotation=Annotation("1.0", [], "draft"))


def clean(doc, **out):
    return score_records("clean", [doc], [{"id": doc.id, **out}])["clean"]


# raw: "ab cd\nXY\nef" with XY boilerplate (ui): 6 content characters a b c d e f
SMALL = [(None, "ab cd"), ("ui", "XY"), (None, "ef")]


def test_char_metric_ignores_whitespace():
    doc = make_doc(SMALL)
    c = clean(doc, text="abcd ef")
    assert (c["char"]["tp"], c["char"]["predicted"], c["char"]["gold"]) == (6, 6, 6)
    assert c["char"]["f1"] == 1.0


def test_char_and_token_hand_computed():
    doc = make_doc(SMALL)
    c = clean(doc, text="ab XY")
    assert c["char"]["precision"] == pytest.approx(2 / 4)
    assert c["char"]["recall"] == pytest.approx(2 / 6)
    # tokens: ab (gold), XY (boilerplate) -> P 1/2; gold tokens ab cd ef -> R 1/3
    assert c["token"]["precision"] == pytest.approx(1 / 2)
    assert c["token"]["recall"] == pytest.approx(1 / 3)
    assert c["leak_by_label"]["ui"] == {"rate": 1.0, "kept": 2, "total": 2}


def test_joined_words_cost_tokens_not_characters():
    doc = make_doc(SMALL)
    c = clean(doc, text="abcd ef")
    assert c["char"]["f1"] == 1.0
    # "abcd" is not a token of raw_text: 1 of 2 output tokens right, 1 of 3 gold tokens found
    assert c["token"]["precision"] == pytest.approx(1 / 2)
    assert c["token"]["recall"] == pytest.approx(1 / 3)


def test_boilerplate_spans_equal_text_output():
    doc = make_doc(SMALL)
    xy = doc.raw_text.index("XY")
    by_spans = clean(doc, boilerplate=[{"start": xy, "end": xy + 2}])
    by_text = clean(doc, text="ab cd\nef")
    for k in ("char", "token", "shingle"):
        assert by_spans[k]["f1"] == by_text[k]["f1"] == 1.0


def test_unplaced_output_is_false_positive():
    doc = make_doc(SMALL)
    c = clean(doc, text="ab cd ef ZZZZ")
    assert c["char"]["precision"] == pytest.approx(6 / 10)
    assert c["char"]["recall"] == 1.0


DUP = "The minister said rates will rise."
SUMMARY_PAGE = [(None, "Rates to rise"), ("summary", DUP), ("ui", "Share"), (None, "Officials met on Monday."),
                (None, DUP), (None, "Markets fell on the news."), ("legal", "© 2024 Example")]


def test_summary_box_copy_scores_lower_than_body_copy():
    doc = make_doc(SUMMARY_PAGE)
    keeps_body = "Rates to rise\nOfficials met on Monday.\n" + DUP + "\nMarkets fell on the news."
    keeps_box = "Rates to rise\n" + DUP + "\nOfficials met on Monday.\nMarkets fell on the news."
    # a bag of words cannot tell them apart
    assert Counter(keeps_body.split()) == Counter(keeps_box.split())
    body, box = clean(doc, text=keeps_body), clean(doc, text=keeps_box)
    assert body["char"]["f1"] == 1.0 and body["token"]["f1"] == 1.0
    assert box["char"]["f1"] < 0.8 and box["token"]["f1"] < 0.8
    assert box["leak_by_label"]["summary"]["rate"] == 1.0
    assert body["leak_by_label"]["summary"]["rate"] == 0.0
    # the same with boilerplate spans over raw_text
    raw = doc.raw_text
    box_at, body_at = raw.index(DUP), raw.rindex(DUP)
    share, legal = raw.index("Share"), raw.index("©")
    span = lambda s, n: {"start": s, "end": s + n}  # noqa: E731
    body_spans = clean(doc, boilerplate=[span(box_at, len(DUP)), span(share, 5), span(legal, 14)])
    box_spans = clean(doc, boilerplate=[span(body_at, len(DUP)), span(share, 5), span(legal, 14)])
    assert body_spans["char"]["f1"] == 1.0
    assert box_spans["char"]["f1"] < 0.8


def test_reordering_paragraphs_costs_char_and_token():
    paras = [(None, "First paragraph about the budget vote today."),
             (None, "Second paragraph with the reaction of the opposition."),
             (None, "Third paragraph on what happens next week.")]
    doc = make_doc(paras)
    in_order = "\n".join(t for _, t in paras)
    swapped = "\n".join([paras[1][1], paras[0][1], paras[2][1]])
    a, b = clean(doc, text=in_order), clean(doc, text=swapped)
    assert a["char"]["f1"] == 1.0 and a["token"]["f1"] == 1.0
    assert b["char"]["f1"] < 1.0 and b["token"]["f1"] < 1.0
    # exactly one of the two swapped paragraphs cannot be placed (the shorter)
    first = len("".join(paras[0][1].split()))
    assert b["char"]["tp"] == b["char"]["gold"] - first


def test_macro_versus_micro():
    d1 = make_doc([(None, "aaaa bbbb")], "en-test-001")
    d2 = make_doc([(None, "cc")], "en-test-002")
    res = score_records("clean", [d1, d2], [{"id": d1.id, "text": "aaaa bbbb"}, {"id": d2.id, "text": ""}])
    c = res["clean"]["char"]
    assert c["recall"] == pytest.approx(8 / 10)
    assert c["macro"]["recall"] == pytest.approx((1 + 0) / 2)
    assert c["macro"]["precision"] == 1.0  # the empty output is left out of macro precision
    assert c["macro"]["f1"] == pytest.approx(0.5)


def test_missing_document_counts_as_empty_output():
    d1 = make_doc([(None, "aaaa bbbb")], "en-test-001")
    d2 = make_doc([(None, "cc")], "en-test-002")
    res = score_records("clean", [d1, d2], [{"id": d1.id, "text": "aaaa bbbb"}])
    assert res["clean"]["char"]["recall"] == pytest.approx(8 / 10)
    assert res["documents"] == 2


def test_bootstrap_is_seeded_and_brackets_the_point():
    docs = [make_doc([(None, f"paragraph {i} " * 5)], f"en-test-{i:03d}") for i in range(12)]
    recs = [{"id": d.id, "text": d.raw_text[: 10 + 5 * i]} for i, d in enumerate(docs)]
    a = score_records("clean", docs, recs, bootstrap=200, seed=5)
    b = score_records("clean", docs, recs, bootstrap=200, seed=5)
    assert a == b
    lo, hi = a["clean"]["char"]["ci95"]["f1"]
    assert lo <= a["clean"]["char"]["f1"] <= hi and lo < hi


def test_kept_text_rebuilds_lines():
    import numpy as np

    raw = "ab cd\nXY\nef"
    kept = np.ones(len(raw), dtype=bool)
    kept[6:8] = False
    assert kept_text(raw, kept) == "ab cd\nef"


# -- shingles --------------------------------------------------------------------------------
def test_shingle_page_hand_computed():
    g = "a b c d e"  # shingles (a b c d), (b c d e)
    page = shingle_page(g, "a b c d")
    assert (page["precision"], page["recall"]) == (1.0, 0.5)
    assert page["tp"] == pytest.approx(1 / 2) and page["fn"] == pytest.approx(1 / 2)
    short = shingle_page(g, "x")  # fewer than 4 tokens: one short shingle
    assert (short["precision"], short["recall"]) == (0.0, 0.0)
    empty = shingle_page(g, "")
    assert empty["precision"] is None and empty["recall"] == 0.0
    assert shingle_page("", "")["precision"] is None
    same = shingle_page("Hello, world", "Hello world")
    assert same["precision"] == same["recall"] == 1.0 and same["accuracy"]


def test_shingle_score_leaves_empty_outputs_out_of_precision():
    g = "a b c d e"
    s = shingle_score([(g, "a b c d"), (g, "")])
    assert s["precision"] == 1.0
    assert s["recall"] == pytest.approx(0.25)
    assert s["f1"] == pytest.approx(2 * 0.25 / 1.25)


# -- Article Extraction Benchmark ---------------------------------------------------------------
# published (F1, precision, recall), ../shared/external/README.md
AEB = {"trafilatura": (0.958, 0.938, 0.978), "newspaper": (0.949, 0.964, 0.934),
       "news_please": (0.948, 0.964, 0.933), "readability": (0.922, 0.913, 0.931),
       "goose3": (0.896, 0.940, 0.856), "boilerpipe": (0.860, 0.850, 0.870), "justext": (0.804, 0.858, 0.756)}


@pytest.fixture(scope="module")
def aeb(external):
    root = external / "aeb"
    if not (root / "ground-truth.json").is_file():
        pytest.skip("AEB files absent")
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    outputs = {}
    for name in AEB:
        data = json.loads((root / "output" / f"{name}.json").read_text(encoding="utf-8"))
        data = data["output"] if isinstance(data.get("output"), dict) else data  # two layouts exist
        outputs[name] = {k: (v or {}).get("articleBody") or "" for k, v in data.items()}
    return gold, outputs


@pytest.mark.parametrize("system", list(AEB))
def test_aeb_published_figures_reproduced(aeb, system):
    gold, outputs = aeb
    out = outputs[system]
    assert set(out) >= set(gold)
    s = shingle_score((gold[k]["articleBody"], out[k]) for k in sorted(gold))
    f, p, r = AEB[system]
    assert s["f1"] == pytest.approx(f, abs=0.001)
    assert s["precision"] == pytest.approx(p, abs=0.001)
    assert s["recall"] == pytest.approx(r, abs=0.001)


def test_vectorised_shingles_equal_the_reference(aeb):
    import numpy as np

    from newsgold.align import codes
    from newsgold.scoring.clean import shingle_counts_page, token_hashes, word_mask

    def toks(t):
        cp = codes(t)
        return token_hashes(cp, word_mask(cp))

    gold, outputs = aeb
    pages = [(gold[k]["articleBody"], outputs["justext"][k]) for k in sorted(gold)]
    pages += [("a b c", "a b c"), ("a b c", "a b"), ("", "x y"), ("x_1 y-2 ÿ 𝟘𝟙 z", "x_1 y 2 ÿ 𝟘𝟙 z"), ("", "")]
    for g, p in pages:
        ref, fast = shingle_page(g, p), shingle_counts_page(toks(g), toks(p))
        for k in ("precision", "recall", "accuracy"):
            assert ref[k] == fast[k], (k, g[:40], p[:40])
        for k in ("tp", "fp", "fn"):
            assert np.isclose(ref[k], fast[k])


def test_aeb_through_the_cli(aeb, tmp_path, capsys):
    from newsgold.cli import main

    gold, outputs = aeb
    gold_file = tmp_path / "aeb-gold.jsonl"
    gold_file.write_text("".join(json.dumps({"id": k, "text": v["articleBody"]}) + "\n"
                                 for k, v in sorted(gold.items())), encoding="utf-8")
    for system in ("trafilatura", "justext"):
        pred_file = tmp_path / f"{system}.jsonl"
        pred_file.write_text("".join(json.dumps({"id": k, "text": outputs[system][k]}) + "\n"
                                     for k in sorted(gold)), encoding="utf-8")
        assert main(["score", "clean", str(pred_file), "--gold", str(gold_file), "--json"]) == 0
        res = json.loads(capsys.readouterr().out)
        assert res["documents"] == 181
        assert res["clean"]["shingle"]["f1"] == pytest.approx(AEB[system][0], abs=0.001)
        assert 0 < res["clean"]["char"]["f1"] <= 1


def test_external_gold_text_scores_itself_perfectly():
    g = gold_from_text("page-001", "Some article text.\nSecond line.")
    row = doc_stats(g, text="Some article text. Second line.")
    assert row["char_tp"] == row["char_pred"] == row["char_gold"]
