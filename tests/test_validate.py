"""The validator, level by level: each broken document fails with the right level, test id, pointer and message."""
from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgold.validate import TESTS, validate_document_dict, validate_paths

HEAD = "한빛전자 실적 발표"
NAV = "홈 | 경제 | 산업"
BODY = "김민준 한빛전자 대표는 “올해 매출이 늘었다”고 말했다."
RAW = f"{NAV}\n{HEAD}\n{BODY}"
# Offsets written as len(...) so the fixture checks itself.
B0 = len(NAV) + 1 + len(HEAD) + 1  # start of BODY


def _valid() -> dict:
    def span(start: int, text: str) -> dict:
        assert RAW[start:start + len(text)] == text
        return {"start": start, "end": start + len(text), "text": text}

    q_start = B0 + len("김민준 한빛전자 대표는 “")
    return {
        "id": "ko-test-001",
        "lang": "ko",
        "split": "dev",
        "origin": "synthetic",
        "source": {"publisher": "테스트일보", "site": "test", "layout": "test-layout", "url": None,
                   "license": "CC BY 4.0", "redistributable": True},
        "annotation": {"guidelines": "1.0", "annotators": ["t"], "status": "single"},
        "raw_sha256": hashlib.sha256(RAW.encode()).hexdigest(),
        "raw_text": RAW,
        "boilerplate": [{"id": "b1", "label": "navigation", **span(0, NAV)}],
        "entities": [
            {"id": "e1", "label": "OG", **span(len(NAV) + 1, "한빛전자")},
            {"id": "e2", "label": "PS", **span(B0, "김민준")},
            {"id": "e3", "label": "OG", **span(B0 + len("김민준 "), "한빛전자")},
        ],
        "claims": [{
            "id": "c1", "kind": "direct",
            "content": [span(q_start, "올해 매출이 늘었다")],
            "source": [span(B0, "김민준 한빛전자 대표")],
            "cue": [span(B0 + len("김민준 한빛전자 대표는 “올해 매출이 늘었다”고 "), "말했다")],
            "source_entities": ["e2", "e3"],
        }],
    }


def _set_raw(d: dict, raw: str) -> None:
    d["raw_text"] = raw
    d["raw_sha256"] = hashlib.sha256(raw.encode()).hexdigest()


def _mut(path: str, value):
    """A mutation setting a value at a '/'-separated path."""
    def apply(d: dict) -> None:
        *parents, last = path.split("/")
        node = d
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return apply


def _nfd(d: dict) -> None:
    import unicodedata

    _set_raw(d, unicodedata.normalize("NFD", d["raw_text"]))
    for layer in ("boilerplate", "entities"):
        d[layer] = []
    d["claims"] = []


def _crlf(d: dict) -> None:
    _set_raw(d, d["raw_text"].replace("\n", "\r\n"))
    d["boilerplate"], d["entities"], d["claims"] = [], [], []


CASES = [
    # level 1: schema
    ("missing-field", lambda d: d.pop("raw_text"), 1, "schema", "", "'raw_text' is a required property"),
    ("id-with-slash", _mut("id", "ko/../etc"), 1, "schema", "/id", "does not match"),
    ("id-with-dotdot", _mut("id", "..-x"), 1, "schema", "/id", "does not match"),
    ("unknown-entity-label", _mut("entities/0/label", "PER"), 1, "schema", "/entities/0/label", "is not one of"),
    ("float-offset", _mut("entities/0/start", 1.5), 1, "schema", "/entities/0/start", "is not of type 'integer'"),
    ("negative-offset", _mut("entities/0/start", -1), 1, "schema", "/entities/0/start", "less than the minimum"),
    ("string-offset", _mut("entities/0/end", "7"), 1, "schema", "/entities/0/end", "is not of type 'integer'"),
    ("empty-claim-content", _mut("claims/0/content", []), 1, "schema", "/claims/0/content", "should be non-empty"),
    # level 2: offsets and text
    ("offset-past-end", _mut("entities/2/end", len(RAW) + 5), 2, "offset-out-of-range", "/entities/2/end",
     "past the end"),
    ("offset-reversed", _mut("entities/1/start", B0 + 3), 2, "offset-reversed", "/entities/1",
     "must be less than end"),
    ("text-mismatch", _mut("entities/1/text", "김민수"), 2, "span-text-mismatch", "/entities/1/text", "differs from"),
    ("nfd-text", _nfd, 2, "raw-not-nfc", "/raw_text", "not in Unicode NFC"),
    ("crlf", _crlf, 2, "raw-crlf", "/raw_text", "line ends must be \\n"),
    ("sha-mismatch", _mut("raw_sha256", "0" * 64), 2, "raw-sha256-mismatch", "/raw_sha256", "expected"),
    # level 3: references
    ("duplicate-entity-id", _mut("entities/1/id", "e1"), 3, "duplicate-span-id", "/entities/1/id", "already used"),
    ("duplicate-claim-id", _mut("claims/0/id", "b1"), 3, "duplicate-span-id", "/claims/0/id", "already used"),
    ("dangling-entity-ref", _mut("claims/0/source_entities", ["e2", "e9"]), 3, "dangling-entity-ref",
     "/claims/0/source_entities/1", "'e9' does not exist"),
    # level 4: guideline rules
    ("overlapping-boilerplate",
     lambda d: d["boilerplate"].append({"id": "b2", "start": 2, "end": len(NAV), "label": "ui"}),
     4, "boilerplate-overlap", "/boilerplate/1", "overlaps boilerplate b1"),
    ("entity-in-boilerplate",
     lambda d: d["entities"].append({"id": "e4", "start": 0, "end": 1, "label": "LC"}),
     4, "entity-in-boilerplate", "/entities/3", "lies in boilerplate"),
    ("overlapping-entities",
     lambda d: d["entities"].append({"id": "e4", "start": B0, "end": B0 + 2, "label": "PS"}),
     4, "entity-overlap", "/entities/", "overlaps entity"),
    ("unattributed-with-source", _mut("claims/0/kind", "unattributed"), 4, "claim-source-kind",
     "/claims/0/source", "unattributed claim has no source"),
    ("claim-without-cue", _mut("claims/0/cue", []), 4, "claim-no-cue", "/claims/0/cue", "needs a cue"),
    ("untrimmed-entity", lambda d: d["entities"][1].update(end=B0 + len("김민준 "), text="김민준 "), 4,
     "span-untrimmed", "/entities/1", "whitespace"),
]


def test_the_base_document_is_valid():
    incidents, doc = validate_document_dict(_valid(), "base.json")
    assert incidents == []
    assert doc.text(doc.claims[0].content[0]) == "올해 매출이 늘었다"


@pytest.mark.parametrize("name,mutate,level,test_id,pointer,fragment", CASES, ids=[c[0] for c in CASES])
def test_broken_document(name, mutate, level, test_id, pointer, fragment):
    d = copy.deepcopy(_valid())
    mutate(d)
    incidents, _ = validate_document_dict(d, "broken.json")
    assert incidents, f"{name} was accepted"
    first = incidents[0]
    assert (first.level, first.test_id) == (level, test_id), first.render()
    assert first.pointer.startswith(pointer), first.render()
    assert fragment in first.message, first.render()
    assert first.render().startswith("broken.json: ")
    assert TESTS[test_id][0] == level


def test_each_level_has_at_least_three_cases():
    per_level: dict[int, int] = {}
    for case in CASES:
        per_level[case[2]] = per_level.get(case[2], 0) + 1
    assert all(per_level.get(level, 0) >= 3 for level in (1, 2, 3, 4)), per_level


def test_a_level_failure_stops_later_levels():
    d = _valid()
    d["entities"][0]["end"] = len(RAW) + 1  # L2
    d["entities"][1]["id"] = "e1"            # would be L3
    incidents, _ = validate_document_dict(d, "x.json")
    assert {i.level for i in incidents} == {2}


def test_corpus_mode_checks_file_names_and_duplicate_ids(tmp_path):
    d = _valid()
    (tmp_path / "wrong-name.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "ko-test-001.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    report = validate_paths(sorted(tmp_path.glob("*.json")), corpus_mode=True)
    ids = sorted(i.test_id for i in report.errors)
    assert ids == ["duplicate-document-id", "file-name-not-id"]


def test_unreadable_files_are_level_one(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(_valid()).encode())
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": ', encoding="utf-8")
    report = validate_paths([empty, bom, broken])
    msgs = [i.message for i in report.errors]
    assert [i.test_id for i in report.errors] == ["unreadable-file"] * 3
    assert "empty" in msgs[0] and "byte-order mark" in msgs[1] and "not valid JSON" in msgs[2]


def test_cli_validate_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_valid(), ensure_ascii=False), encoding="utf-8")
    bad_doc = _valid()
    bad_doc["entities"][1]["text"] = "김민수"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_doc, ensure_ascii=False), encoding="utf-8")
    cli = [sys.executable, "-m", "newsgold.cli"]
    ok = subprocess.run(cli + ["validate", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    res = subprocess.run(cli + ["validate", str(bad)], capture_output=True, text=True)
    assert res.returncode == 1
    assert f"{bad}: ko-test-001: /entities/1/text: text '김민수' differs" in res.stderr
    assert "Traceback" not in res.stderr
    js = subprocess.run(cli + ["validate", "--json", str(bad)], capture_output=True, text=True)
    payload = json.loads(js.stdout)
    assert payload["valid"] is False and payload["errors"][0]["test_id"] == "span-text-mismatch"
    usage = subprocess.run(cli + ["validate", "--no-such-flag"], capture_output=True, text=True)
    assert usage.returncode == 2
