"""``newsgold score``: JSON shape, tables, validation errors as one line, missing documents, several files."""
from __future__ import annotations

import json

import pytest

from newsgold.cli import main
from newsgold.io import dumps_document
from newsgold.model import Annotation, Document, LabeledSpan, Source

LINES = ["홈 | 경제", "반도체 수출 늘었다", "공유하기", "삼성전자는 26일 실적을 발표했다.", "김민준 기자", "무단 전재 금지"]
LABELS = ["navigation", None, "ui", None, "byline", "legal"]


def make_doc(doc_id: str, split: str) -> Document:
    raw = "\n".join(LINES)
    bps, pos = [], 0
    for n, (line, label) in enumerate(zip(LINES, LABELS)):
        if label:
            bps.append(LabeledSpan(f"b{n}", pos, pos + len(line), label))
        pos += len(line) + 1
    s = raw.index("삼성전자")
    ents = [LabeledSpan("e1", s, s + 4, "OG"), LabeledSpan("e2", raw.index("26일"), raw.index("26일") + 3, "DT")]
    return Document(id=doc_id, lang="ko", split=split, origin="synthetic",
                    source=Source("Example", "example.org", "test", None, "CC0", True), raw_text=raw,
                    boilerplate=bps, entities=ents, annotation=Annotation("1.0", ["t"], "single"))


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "corpus" / "documents"
    d.mkdir(parents=True)
    docs = [make_doc("ko-test-001", "test"), make_doc("ko-test-002", "test"), make_doc("ko-dev-001", "dev")]
    for doc in docs:
        (d / f"{doc.id}.json").write_text(dumps_document(doc.to_dict()), encoding="utf-8")
    return tmp_path / "corpus", docs


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def run(corpus_dir, *args):
    return main(["--corpus", str(corpus_dir), "score", *args])


def perfect(doc):
    """Entities with raw_text offsets, and the cleaner output as boilerplate spans."""
    return {"id": doc.id, "boilerplate": [{"start": b.start, "end": b.end} for b in doc.boilerplate],
            "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in doc.entities]}


def test_json_shape(corpus, tmp_path, capsys):
    cdir, docs = corpus
    # entity offsets into the cleaned text: a pipeline record
    recs = []
    for doc in docs[:2]:
        text = doc.clean_text()
        ents = [{"start": text.index(doc.text(e)), "end": text.index(doc.text(e)) + len(doc.text(e)),
                 "label": e.label} for e in doc.entities]
        recs.append({"id": doc.id, "text": text, "entities": ents, "claims": []})
    pred = write(tmp_path / "p.jsonl", recs)
    assert run(cdir, "all", pred, "--json", "--bootstrap", "50", "--seed", "3") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 2
    for k in ("precision", "recall", "f1"):
        assert out["clean"]["char"][k] == 1.0
        assert k in out["clean"]["token"] and k in out["clean"]["shingle"]
    assert set(out["clean"]["leak_by_label"]) == {"navigation", "ui", "byline", "legal"}
    strict = out["entities"]["overall"]["strict"]
    assert set(strict) >= {"precision", "recall", "f1", "correct", "incorrect", "partial", "missed", "spurious"}
    assert set(out["entities"]["overall"]) == {"strict", "exact", "partial", "type"}
    assert strict["f1"] == 1.0 and strict["ci95"]["f1"] == [1.0, 1.0]
    assert set(out["entities"]["per_label"]) == {"OG", "DT"}
    assert out["entities"]["klue_macro_f1"] == 1.0
    claims = out["claims"]
    for role in ("content", "source", "cue"):
        assert set(claims[role]) >= {"exact", "overlap"}
    assert {"full", "kind_accuracy", "source_link"} <= set(claims)
    assert out["pipeline"]["entity_recall_ceiling"] == 1.0
    assert out["bootstrap"]["resamples"] == 50


def test_human_table(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "p.jsonl", [perfect(d) for d in docs[:2]])
    assert run(cdir, "all", pred) == 0
    out = capsys.readouterr().out
    assert "char (micro)" in out and "strict" in out and "KLUE macro F1" in out


def test_dev_records_are_skipped_when_scoring_test(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "p.jsonl", [perfect(d) for d in docs])
    assert run(cdir, "entities", pred, "--json") == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 2
    assert run(cdir, "entities", pred, "--json", "--split", "all") == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 3


def test_missing_document_warns_and_counts_empty(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "p.jsonl", [perfect(docs[0])])
    assert run(cdir, "entities", pred, "--json") == 0
    cap = capsys.readouterr()
    assert "ko-test-002" in cap.err and "empty output" in cap.err
    assert json.loads(cap.out)["entities"]["overall"]["strict"]["recall"] == 0.5


@pytest.mark.parametrize("record,needle", [
    ({"id": "ko-nope-001", "text": "x"}, "unknown-document"),
    ({"id": "ko-test-001", "entities": [{"start": 0, "end": 2, "label": "XX"}]}, "/entities/0/label"),
    ({"id": "ko-test-001", "entities": [{"start": 5, "end": 2, "label": "PS"}]}, "offset-reversed"),
    ({"id": "ko-test-001", "entities": [{"start": 0, "end": 9999, "label": "PS"}]}, "past the end"),
    ({"id": "ko-test-001", "txt": "x"}, "schema"),
])
def test_bad_records_are_one_line_errors(corpus, tmp_path, capsys, record, needle):
    cdir, docs = corpus
    pred = write(tmp_path / "bad.jsonl", [perfect(docs[1]), record])
    assert run(cdir, "all", pred) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "bad.jsonl:2" in err and needle in err


def test_duplicate_record(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "dup.jsonl", [perfect(docs[0]), perfect(docs[0])])
    assert run(cdir, "all", pred) == 1
    err = capsys.readouterr().err
    assert "dup.jsonl:2" in err and "duplicate" in err


def test_not_json(corpus, tmp_path, capsys):
    cdir, _ = corpus
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "ko-test-001", "text": \n', encoding="utf-8")
    assert run(cdir, "clean", str(p)) == 1
    assert "x.jsonl:1" in capsys.readouterr().err


def test_wrong_kind_for_file(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "t.jsonl", [{"id": d.id, "text": d.clean_text()} for d in docs[:2]])
    assert run(cdir, "entities", pred) == 1
    assert "no record has 'entities'" in capsys.readouterr().err


def test_usage_errors(corpus, tmp_path, capsys):
    cdir, docs = corpus
    pred = write(tmp_path / "p.jsonl", [perfect(d) for d in docs[:2]])
    assert run(cdir, "entities", pred, "--gold", pred) == 2
    assert run(cdir, "clean", pred, "--bootstrap", "-1") == 2


def test_several_files_show_deltas(corpus, tmp_path, capsys):
    cdir, docs = corpus
    raw_run = write(tmp_path / "raw.jsonl", [{"id": d.id, "text": d.raw_text} for d in docs[:2]])
    cleaned = write(tmp_path / "cleaned.jsonl", [{"id": d.id, "text": d.clean_text()} for d in docs[:2]])
    assert run(cdir, "clean", raw_run, cleaned, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    delta = out["delta"][cleaned]["clean.char.f1"]
    assert delta == pytest.approx(1.0 - out["systems"][raw_run]["clean"]["char"]["f1"], abs=1e-6)
    assert run(cdir, "clean", raw_run, cleaned) == 0
    assert "Δ cleaned.jsonl" in capsys.readouterr().out


def test_boilerplate_span_records(corpus, tmp_path, capsys):
    cdir, docs = corpus
    recs = [{"id": d.id, "boilerplate": [{"start": b.start, "end": b.end} for b in d.boilerplate]} for d in docs[:2]]
    pred = write(tmp_path / "bp.jsonl", recs)
    assert run(cdir, "clean", pred, "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clean"]["char"]["f1"] == 1.0 and out["clean"]["shingle"]["f1"] == 1.0
