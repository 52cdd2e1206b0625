"""Label Studio converters: documents -> tasks -> (predictions accepted) -> export -> documents.

The property tests generate valid documents over text with emoji (astral, skin-tone and ZWJ
sequences), Hangul, and combining marks that NFC leaves alone, with discontinuous claims and
source -> entity links, and require the three layers back unchanged. A second property
throws away our region ids and shuffles the result, as an annotator's own regions would
look, and requires the same layers up to ids: claims are rebuilt from relations.
"""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgold.io import InputError
from newsgold.labelstudio import (META_KEY, document_from_record, document_result, export_to_documents,
                                  gold_task)
from newsgold.model import (BOILERPLATE_LABELS, CLAIM_KINDS, ENTITY_LABELS, Annotation, Claim, Document,
                            LabeledSpan, Source, Span)
from newsgold.validate import validate_document_dict

# Pieces that survive NFC unchanged: ASCII, Hangul syllables, emoji (astral, modifier, ZWJ),
# and base letters with combining marks that have no precomposed form.
PIECES = ["a", "Z", "k", "가", "힣", "한", "국", "😀", "👍🏽", "👩‍💻", "🇰🇷", "q\u0301", "x\u0323\u0302",
          "é", "ß", "中", "Ω"]
word_st = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join)


def _doc(raw: str, boilerplate, entities, claims) -> Document:
    return Document(
        id="gen-001", lang="ko", split="dev", origin="synthetic", title="생성된 문서 😀",
        source=Source(publisher="Gen", site="gen.example", layout="gen-layout", url=None, license="CC0-1.0",
                      redistributable=True),
        annotation=Annotation(guidelines="1.0", annotators=["a1", "a2"], status="double"),
        raw_text=raw, boilerplate=boilerplate, entities=entities, claims=claims)


@st.composite
def documents(draw) -> Document:
    words = draw(st.lists(word_st, min_size=6, max_size=40))
    seps = draw(st.lists(st.sampled_from([" ", " ", "\n"]), min_size=len(words) - 1, max_size=len(words) - 1))
    raw, spans = "", []
    for i, w in enumerate(words):
        spans.append((len(raw), len(raw) + len(w)))
        raw += w + (seps[i] if i < len(seps) else "")
    assert unicodedata.is_normalized("NFC", raw)
    n = len(words)
    # Boilerplate: a few disjoint runs of words.
    role = ["content"] * n
    boilerplate = []
    i = 0
    while i < n:
        if draw(st.integers(0, 9)) == 0:
            j = min(n, i + draw(st.integers(1, 3)))
            boilerplate.append(LabeledSpan(f"b{len(boilerplate) + 1}", spans[i][0], spans[j - 1][1],
                                           draw(st.sampled_from(BOILERPLATE_LABELS))))
            role[i:j] = ["bp"] * (j - i)
            i = j + 1
        else:
            i += 1
    free = [k for k in range(n) if role[k] == "content"]
    # Entities: single words of main content, no overlaps.
    ent_words = sorted(draw(st.sets(st.sampled_from(free), max_size=len(free))) if free else [])
    entities = [LabeledSpan(f"e{m}", spans[k][0], spans[k][1], draw(st.sampled_from(ENTITY_LABELS)))
                for m, k in enumerate(ent_words, 1)]
    ent_at = {k: e for k, e in zip(ent_words, entities)}
    claims = []
    for _ in range(draw(st.integers(0, 4)) if free else 0):
        kind = draw(st.sampled_from(CLAIM_KINDS))
        content = sorted(set(draw(st.lists(st.sampled_from(free), min_size=1, max_size=3))))
        cue = sorted(set(draw(st.lists(st.sampled_from(free), min_size=1, max_size=2))))
        source = [] if kind == "unattributed" else sorted(set(draw(st.lists(st.sampled_from(free), min_size=1,
                                                                            max_size=2))))
        links = [ent_at[k].id for k in source if k in ent_at]
        if source and entities and draw(st.booleans()):   # a pronoun-style link to any entity
            extra = draw(st.sampled_from(entities)).id
            if extra not in links:
                links.append(extra)
        claims.append(Claim("", kind, [Span(*spans[k]) for k in content], [Span(*spans[k]) for k in source],
                            [Span(*spans[k]) for k in cue], links))
    claims.sort(key=lambda c: min(s.start for s in c.content + c.source + c.cue))
    for m, c in enumerate(claims, 1):
        c.id = f"c{m}"
    doc = _doc(raw, boilerplate, entities, claims)
    incidents, _ = validate_document_dict(doc.to_dict(), "<generated>")
    assert not incidents, incidents
    return doc


def accept(tasks: list[dict]) -> list[dict]:
    """What Label Studio exports after annotators accept each task's first prediction unchanged."""
    export = []
    for n, t in enumerate(json.loads(json.dumps(tasks, ensure_ascii=False)), 1):
        pred = t["predictions"][0]
        export.append({"id": n, "data": t["data"], "meta": {}, "predictions": [n],
                       "annotations": [{"id": 100 + n, "completed_by": 1, "was_cancelled": False,
                                        "ground_truth": False, "updated_at": "2026-01-01T00:00:00Z",
                                        "result": [dict(r, origin="prediction") for r in pred["result"]]}]})
    return export


def layers(doc: Document) -> dict:
    d = doc.to_dict()
    return {k: d[k] for k in ("boilerplate", "entities", "claims")}


def layers_without_ids(doc: Document) -> dict:
    ents = {e.id: (e.start, e.end) for e in doc.entities}
    return {
        "boilerplate": sorted((b.start, b.end, b.label) for b in doc.boilerplate),
        "entities": sorted((e.start, e.end, e.label) for e in doc.entities),
        "claims": sorted((c.kind, tuple(c.content), tuple(c.source), tuple(c.cue),
                          tuple(sorted(ents[x] for x in c.source_entities))) for c in doc.claims),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_is_lossless(doc):
    (back,), skipped = export_to_documents(accept([gold_task(doc)]), "export.json")
    assert skipped == []
    assert layers(back) == layers(doc)
    assert back.to_dict() == doc.to_dict()       # metadata too


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.randoms(use_true_random=False))
def test_claims_are_rebuilt_from_relations_not_ids(doc, rnd):
    export = accept([gold_task(doc)])
    result = export[0]["annotations"][0]["result"]
    new_id = {}
    for r in result:
        if "id" in r:
            new_id.setdefault(r["id"], "".join(rnd.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ_-")
                                               for _ in range(8)) + str(len(new_id)))
    for r in result:
        if "id" in r:
            r["id"] = new_id[r["id"]]
        else:
            r["from_id"], r["to_id"] = new_id[r["from_id"]], new_id[r["to_id"]]
            if rnd.random() < 0.5:      # arrow drawn the other way round, label dropped
                r["from_id"], r["to_id"] = r["to_id"], r["from_id"]
                r.pop("labels")
    rnd.shuffle(result)
    (back,), _ = export_to_documents(export, "export.json")
    assert layers_without_ids(back) == layers_without_ids(doc)


# -- hand-made cases -----------------------------------------------------------
RAW = '홈 | 경제\n김민준 대표는 "올해 매출이 늘었다"며 "내년도 좋다"고 말했다.\n그는 3명을 뽑는다고 밝혔다.'


def seed() -> Document:
    def sp(sub: str, nth: int = 0) -> Span:
        i = -1
        for _ in range(nth + 1):
            i = RAW.index(sub, i + 1)
        return Span(i, i + len(sub))

    kim, three = sp("김민준"), sp("3명")
    c1 = Claim("c1", "direct", [sp("올해 매출이 늘었다"), sp("내년도 좋다")], [sp("김민준 대표")], [sp("말했다")], ["e1"])
    c2 = Claim("c2", "indirect", [sp("3명을 뽑는다")], [sp("그")], [sp("밝혔다")], ["e1"])
    nav = sp("홈 | 경제")
    return _doc(RAW, [LabeledSpan("b1", nav.start, nav.end, "navigation")],
                [LabeledSpan("e1", kim.start, kim.end, "PS"), LabeledSpan("e2", three.start, three.end, "QT")],
                [c1, c2])


def test_seed_task_shape():
    task = gold_task(seed())
    assert task["data"]["text"] == RAW
    assert task["data"]["doc_id"] == "gen-001"
    assert task["data"][META_KEY]["annotation"]["status"] == "double"
    assert "raw_text" not in task["data"][META_KEY]
    pred = task["predictions"][0]
    assert pred["model_version"] == "gold"
    rel = [(r["from_id"], r["to_id"], r["labels"][0]) for r in pred["result"] if r["type"] == "relation"]
    assert rel == [("clm_c1_content_0", "clm_c1_content_1", "continues"),
                   ("clm_c1_source_0", "clm_c1_content_0", "source_of"),
                   ("clm_c1_cue_0", "clm_c1_content_0", "cue_of"),
                   ("clm_c1_source_0", "ent_e1", "names"),
                   ("clm_c2_source_0", "clm_c2_content_0", "source_of"),
                   ("clm_c2_cue_0", "clm_c2_content_0", "cue_of"),
                   ("clm_c2_source_0", "ent_e1", "names")]
    kinds = {r["id"]: r["value"]["choices"] for r in pred["result"] if r["type"] == "choices"}
    assert kinds == {"clm_c1_content_0": ["direct"], "clm_c1_content_1": ["direct"],
                     "clm_c2_content_0": ["indirect"]}


def test_seed_round_trip():
    """The hand-made document: a quote split in two, a pronoun source linked to a person."""
    doc = seed()
    (back,), _ = export_to_documents(accept([gold_task(doc)]), "export.json")
    assert back.to_dict() == doc.to_dict()
    assert len(back.claims[0].content) == 2 and back.claims[1].source_entities == ["e1"]


def _export_with(result: list[dict]) -> list[dict]:
    export = accept([gold_task(seed())])
    export[0]["annotations"][0]["result"] = result
    return export


def _region(rid, from_name, sub, label, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = RAW.index(sub, i + 1)
    return {"id": rid, "from_name": from_name, "to_name": "text", "type": "labels",
            "value": {"start": i, "end": i + len(sub), "text": sub, "labels": [label]}}


def _kind(rid, sub, kind):
    r = _region(rid, "kind", sub, "x")
    r["type"] = "choices"
    r["value"]["choices"] = [kind]
    del r["value"]["labels"]
    return r


def _rel(a, b, label=None):
    r = {"type": "relation", "from_id": a, "to_id": b, "direction": "right"}
    if label:
        r["labels"] = [label]
    return r


def test_new_regions_get_next_free_ids_and_old_ids_stay():
    # Regions drawn in Label Studio carry random ids: a new entity and a new unattributed claim.
    result = document_result(seed()) + [
        _region("Xy_1abcDEF", "entity", "내년", "DT"),
        _region("k1", "claim", "매출이 늘었다", "content"), _kind("k1", "매출이 늘었다", "unattributed"),
        _region("k2", "claim", "말했다", "cue"), _rel("k2", "k1", "cue_of"),
    ]
    (back,), _ = export_to_documents(_export_with(result), "e.json")
    assert [e.id for e in back.entities] == ["e1", "e3", "e2"]      # 내년 sits between 김민준 and 3명
    assert [c.id for c in back.claims] == ["c1", "c3", "c2"]        # sorted by first offset, as compiled
    assert back.claims[1].kind == "unattributed" and back.claims[1].source == []
    assert back.claims[0] == seed().claims[0]


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r.append(_region("s9", "claim", "김민준", "source")), "is not related to any content"),
    (lambda r: [x["value"].update(choices=["direct", "mixed"]) for x in r if x["type"] == "choices"][:0],
     "claim kind must be one of"),
    (lambda r: [r.remove(x) for x in [x for x in r if x["type"] == "choices"]], "has no kind"),
    (lambda r: r.append(_rel("bp_b1", "ent_e1", "names")), "has no meaning"),
    (lambda r: r.append(_rel("ent_e1", "nope", "names")), "does not exist"),
    (lambda r: r[0]["value"].update(text="elsewhere"), "differs from the page text"),
    (lambda r: r[0]["value"].update(end=10_000), "outside the text"),
    (lambda r: r[0]["value"].update(labels=["PS"]), "needs exactly one of"),
    (lambda r: r.append({"id": "t", "from_name": "notes", "to_name": "text", "type": "textarea",
                         "value": {"text": ["x"]}}), "unexpected result item"),
])
def test_bad_annotations_are_one_line_errors(mutate, message):
    result = document_result(seed())
    mutate(result)
    with pytest.raises(InputError) as e:
        export_to_documents(_export_with(result), "e.json")
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_kinds_conflicting_across_split_content():
    result = document_result(seed())
    for r in result:
        if r["type"] == "choices" and r["id"] == "clm_c1_content_1":
            r["value"]["choices"] = ["mixed"]
    with pytest.raises(InputError, match="conflicting kinds"):
        export_to_documents(_export_with(result), "e.json")


def test_guideline_violations_are_caught_before_writing(tmp_path):
    result = document_result(seed())
    # An entity inside the navigation line: level 4 must refuse it.
    result.append(_region("zz", "entity", "경제", "OG"))
    with pytest.raises(InputError, match=r"entity-in-boilerplate"):
        export_to_documents(_export_with(result), "e.json")


def test_text_edited_in_label_studio_is_refused():
    export = accept([gold_task(seed())])
    export[0]["data"]["text"] = RAW.replace("홈", "Home")
    with pytest.raises(InputError, match="must not be edited"):
        export_to_documents(export, "e.json")


def test_annotation_choice_and_skips():
    t = gold_task(seed())
    export = accept([t])
    good = export[0]["annotations"][0]
    cancelled = dict(good, id=1, was_cancelled=True, result=[], updated_at="2027-01-01T00:00:00Z")
    older = dict(good, id=2, result=[], updated_at="2020-01-01T00:00:00Z")
    export[0]["annotations"] = [older, cancelled, good]
    (back,), _ = export_to_documents(export, "e.json")
    assert layers(back) == layers(seed())
    truth = dict(older, id=3, ground_truth=True)
    export[0]["annotations"].append(truth)
    (back,), _ = export_to_documents(export, "e.json")
    assert back.entities == [] and back.claims == []
    export[0]["annotations"] = []
    docs, skipped = export_to_documents(export, "e.json")
    assert docs == [] and skipped == ["gen-001"]


def test_duplicate_document_in_export():
    export = accept([gold_task(seed()), gold_task(seed())])
    with pytest.raises(InputError, match="keep one task per document"):
        export_to_documents(export, "e.json")


def test_prediction_record_becomes_pre_annotation():
    doc = seed()
    kim = doc.entities[0]
    record = {"id": doc.id, "system": "x",
              "entities": [{"start": kim.start, "end": kim.end, "label": "OG"}],
              "claims": [{"kind": "direct", "content": [{"start": s.start, "end": s.end} for s in doc.claims[0].content],
                          "source": [{"start": s.start, "end": s.end} for s in doc.claims[0].source],
                          "cue": [{"start": s.start, "end": s.end} for s in doc.claims[0].cue]}]}
    pred = document_from_record(doc, record)
    assert [(e.id, e.label) for e in pred.entities] == [("e1", "OG")]
    assert pred.claims[0].source_entities == ["e1"]       # entity inside the source span
    assert pred.boilerplate == []
    with pytest.raises(InputError, match="cleaned text"):
        document_from_record(doc, {"id": doc.id, "text": "other"})


def test_corpus_round_trip(repo):
    from newsgold.corpus import load_documents

    docs = load_documents()
    back, skipped = export_to_documents(accept([gold_task(d) for d in docs]), "export.json")
    assert not skipped
    assert [d.to_dict() for d in back] == [d.to_dict() for d in docs]


def test_config_matches_the_model(repo):
    import xml.etree.ElementTree as ET

    from newsgold.labelstudio import LABELS_OF, RELATION_LABELS

    root = ET.parse(repo / "annotation" / "labelstudio" / "config.xml").getroot()
    text = [t for t in root.iter("Text") if t.get("name") == "text"]
    assert text and text[0].get("granularity") == "symbol" and text[0].get("value") == "$text"
    for labels in root.iter("Labels"):
        assert tuple(x.get("value") for x in labels.iter("Label")) == LABELS_OF[labels.get("name")]
    assert {x.get("name") for x in root.iter("Labels")} == set(LABELS_OF)
    (kind,) = list(root.iter("Choices"))
    assert kind.get("name") == "kind" and kind.get("perRegion") == "true"
    assert tuple(c.get("value") for c in kind.iter("Choice")) == CLAIM_KINDS
    assert tuple(r.get("value") for r in root.iter("Relation")) == RELATION_LABELS
    assert "GUIDELINES.md" in ET.tostring(root, encoding="unicode")


def test_cli_export_tasks_and_import(tmp_path, repo):
    from newsgold.cli import main

    out = tmp_path / "tasks.json"
    assert main(["ls", "export-tasks", str(out), "--ids", "ko-daum-000"]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 1 and tasks[0]["predictions"][0]["model_version"] == "gold"
    export = tmp_path / "export.json"
    export.write_text(json.dumps(accept(tasks), ensure_ascii=False), encoding="utf-8")
    docs = tmp_path / "docs"
    assert main(["ls", "import", str(export), "--out", str(docs)]) == 0
    assert (docs / "ko-daum-000.json").read_text(encoding="utf-8") == \
        (repo / "corpus" / "documents" / "ko-daum-000.json").read_text(encoding="utf-8")
    # An invalid export writes nothing and exits 1 with one line.
    bad = accept(tasks)
    bad[0]["annotations"][0]["result"][0]["value"]["end"] += 1
    export.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    empty = tmp_path / "none"
    assert main(["ls", "import", str(export), "--out", str(empty)]) == 1
    assert not empty.exists()
    assert main(["ls", "export-tasks", str(out), "--predictions", "none", "--ids", "nope"]) == 2


def test_cli_predictions_from_baselines(tmp_path, repo):
    """A named baseline's output becomes the pre-annotation, tagged with its name and version."""
    baselines = pytest.importorskip("newsgold.baselines")
    from newsgold.cli import main
    from newsgold.labelstudio import result_to_layers

    out = tmp_path / "tasks.json"
    for name in ("attr-quotes", "en-ner"):
        if name not in baselines.SYSTEMS:
            continue
        system = baselines.get(name)
        assert main(["ls", "export-tasks", str(out), "--predictions", name, "--ids", "en-wire-001"]) == 0
        (task,) = json.loads(out.read_text(encoding="utf-8"))
        (pred,) = task["predictions"]
        assert pred["model_version"].startswith(name) and system.version in pred["model_version"]
        bp, ents, claims = result_to_layers(task["data"]["text"], pred["result"], lambda m, p=None: AssertionError(m))
        assert bp == []
        assert (ents if system.kind == "ner" else claims)
    cleaner = next((n for n, s in baselines.SYSTEMS.items() if s.kind == "cleaner"), None)
    if cleaner:
        assert main(["ls", "export-tasks", str(out), "--predictions", cleaner]) == 2
