"""Claim metrics (hand-computed) and pipelines: offsets on a cleaned text projected to raw_text."""
from __future__ import annotations

import pytest

from newsgold.model import Annotation, Claim, Document, LabeledSpan, Source, Span
from newsgold.scoring import score_records

RAW = '김민준 대표는 "매출이 늘었다"고 말했다. 업계에 따르면 공장이 멈췄다.'


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = RAW.index(sub, i + 1)
    return i, i + len(sub)


def sp(sub: str) -> Span:
    return Span(*at(sub))


def d(sub: str) -> dict:
    s, e = at(sub)
    return {"start": s, "end": e}


def make_doc(raw: str = RAW, boilerplate=()) -> Document:
    kim = LabeledSpan("kim", *at("김민준"), "PS")
    return Document(
        id="ko-test-001", lang="ko", split="test", origin="synthetic",
        source=Source("Example", "example.org", "test", None, "CC0", True), raw_text=raw,
        boilerplate=list(boilerplate), entities=[kim],
        claims=[Claim("c1", "direct", [sp("매출이 늘었다")], [sp("김민준 대표")], [sp("말했다")], ["kim"]),
                Claim("c2", "according_to", [sp("공장이 멈췄다")], [sp("업계")], [sp("에 따르면")], [])],
        annotation=Annotation("1.0", [], "draft"))


PRED = {"id": "ko-test-001",
        "entities": [{"id": "e1", **d("김민준"), "label": "PS"}],
        "claims": [
            {"kind": "direct", "content": [d("매출이 늘었다")], "source": [d("김민준")], "cue": [d("말했다")],
             "source_entities": ["e1"]},
            {"kind": "indirect", "content": [d("공장이")], "source": [d("업계")], "cue": [d("따르면")]},
        ]}


def test_claims_hand_computed():
    c = score_records("claims", [make_doc()], [PRED])["claims"]
    assert (c["gold"], c["predicted"], c["matched"]) == (2, 2, 2)
    # content: exact 1 of 2; overlap: soft P (1 + 1)/2, soft R (1 + 1/2)/2
    assert c["content"]["exact"]["f1"] == pytest.approx(0.5)
    assert c["content"]["overlap"]["precision"] == pytest.approx(1.0)
    assert c["content"]["overlap"]["recall"] == pytest.approx(0.75)
    # source: "김민준" vs "김민준 대표" (1 of 2 tokens); "업계" exact (token 업계에 both)
    assert c["source"]["exact"]["precision"] == pytest.approx(0.5)
    assert c["source"]["overlap"]["recall"] == pytest.approx(0.75)
    # cue: "말했다" exact; "따르면" vs "에 따르면" = tokens {업계에, 따르면}: soft R 1/2
    assert c["cue"]["exact"]["recall"] == pytest.approx(0.5)
    assert c["cue"]["overlap"]["recall"] == pytest.approx(0.75)
    # full: only the first pair (the second has the wrong kind)
    assert c["full"]["precision"] == pytest.approx(0.5) and c["full"]["recall"] == pytest.approx(0.5)
    assert c["kind_accuracy"] == pytest.approx(0.5)
    assert c["source_link"]["f1"] == pytest.approx(1.0)


def test_unmatched_claims_count_in_denominators():
    pred = {"id": "ko-test-001", "claims": [
        {"kind": "direct", "content": [d("매출이 늘었다")], "source": [d("김민준 대표")], "cue": [d("말했다")]},
        {"kind": "direct", "content": [d("대표는")], "source": [d("김민준")], "cue": [d("말했다")]}]}
    c = score_records("claims", [make_doc()], [pred])["claims"]
    assert c["matched"] == 1
    assert c["content"]["exact"]["precision"] == pytest.approx(1 / 2)
    assert c["content"]["exact"]["recall"] == pytest.approx(1 / 2)
    assert c["full"]["f1"] == pytest.approx(0.5)
    assert c["source_link"]["recall"] == 0.0


def test_no_predictions():
    c = score_records("claims", [make_doc()], [{"id": "ko-test-001", "claims": []}])["claims"]
    assert c["full"]["recall"] == 0.0 and c["kind_accuracy"] == 0.0


# -- pipelines ----------------------------------------------------------------------------------
MENU = "홈 | 경제 | 사회"
PAGE = MENU + "\n" + RAW + "\n무단 전재 금지"


def page_doc() -> Document:
    shift = len(MENU) + 1
    doc = make_doc()
    doc.raw_text = PAGE
    for e in doc.entities:
        e.start += shift
        e.end += shift
    for c in doc.claims:
        for role in ("content", "source", "cue"):
            setattr(c, role, [Span(s.start + shift, s.end + shift) for s in c.parts(role)])
    doc.boilerplate = [LabeledSpan("b1", 0, len(MENU), "navigation"),
                       LabeledSpan("b2", len(PAGE) - len("무단 전재 금지"), len(PAGE), "legal")]
    return doc


def on_text(text: str, sub: str, label: str | None = None) -> dict:
    s = text.index(sub)
    out = {"start": s, "end": s + len(sub)}
    if label:
        out["label"] = label
    return out


def test_pipeline_projection_equals_raw_offsets():
    doc = page_doc()
    cleaned = RAW.replace(" 업계에", "\n업계에")  # the cleaner re-broke a line
    rec = {"id": doc.id, "text": cleaned,
           "entities": [on_text(cleaned, "김민준", "PS"), on_text(cleaned, "업계", "OG")],
           "claims": [{"kind": "direct", "content": [on_text(cleaned, "매출이 늘었다")],
                       "source": [on_text(cleaned, "김민준 대표")], "cue": [on_text(cleaned, "말했다")]}]}
    res = score_records("all", [doc], [rec])
    e = res["entities"]["overall"]["strict"]
    assert (e["correct"], e["spurious"], e["missed"]) == (1, 1, 0)
    assert res["claims"]["content"]["exact"]["precision"] == 1.0
    assert res["claims"]["matched"] == 1
    assert res["clean"]["char"]["f1"] == 1.0
    p = res["pipeline"]
    assert p["entity_recall_ceiling"] == 1.0 and p["unplaced"] == 0


def test_pipeline_span_on_invented_text_is_spurious_and_ceiling_drops():
    doc = page_doc()
    cleaned = "요약: 삼성이 발표했다.\n" + RAW[: RAW.index(" 업계에")]  # invented line; last sentence lost
    rec = {"id": doc.id, "text": cleaned,
           "entities": [on_text(cleaned, "삼성", "OG"), on_text(cleaned, "김민준", "PS")],
           "claims": [{"kind": "direct", "content": [on_text(cleaned, "삼성이 발표했다")],
                       "source": [], "cue": []}]}
    res = score_records("all", [doc], [rec])
    e = res["entities"]["overall"]["strict"]
    assert (e["correct"], e["spurious"]) == (1, 1)
    assert res["entities"]["per_label"]["OG"]["strict"]["spurious"] == 1
    assert res["claims"]["predicted"] == 1 and res["claims"]["matched"] == 0
    p = res["pipeline"]
    assert p["unplaced"] == 2 and p["projected"] == 3
    assert p["entity_recall_ceiling"] == 1.0  # the only gold mention, 김민준, survived
    assert p["claim_recall_ceiling"] == pytest.approx(0.5)  # 공장이 멈췄다 was cut
