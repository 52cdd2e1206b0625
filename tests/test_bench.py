"""``newsgold bench``: runs, cache, prediction files, leaderboard figures and the CLI."""
from __future__ import annotations

import json

import pytest

from newsgold.bench import (GOLD, RAW, Cache, cell, fmt, leaderboard, render_table, render_text, run_bench,
                            select_systems, to_json)
from newsgold.baselines import get
from newsgold.cli import UsageError, main
from newsgold.corpus import load_documents
from newsgold.io import iter_jsonl
from newsgold.scoring import load_predictions, score_records

SMALL = ["identity", "newsgold-rules", "c4-lines", "en-ner", "ko-ner", "attr-quotes"]


@pytest.fixture(scope="module")
def dev_docs():
    docs = load_documents(split="dev")
    if not docs:
        pytest.skip("no dev documents")
    return docs


@pytest.fixture(scope="module")
def bench(dev_docs, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    res = run_bench(dev_docs, select_systems(SMALL), out_dir=out / "pred", cache_dir=out / "cache",
                    bootstrap=50, seed=1, split="dev", progress=False)
    return res, out


def test_select_systems_accepts_comma_lists_and_rejects_unknown_names():
    assert [s.name for s in select_systems(["identity,c4-lines", "identity"])] == ["identity", "c4-lines"]
    with pytest.raises(UsageError):
        select_systems(["nope"])


def test_every_run_writes_a_prediction_file_that_rescores_identically(bench, dev_docs):
    res, _ = bench
    kinds = {"cleaner": "clean", "ner": "entities", "attribution": "claims"}
    # cleaners once; each extractor on raw, on each of the 3 cleaners and on gold
    assert len(res.runs) == 3 + 3 * 5
    for r in res.runs:
        docs = [d for d in dev_docs if d.lang in get(r.system).langs]
        if not docs:
            continue
        recs = load_predictions(r.path, docs)
        assert len(recs) == len(docs)
        assert score_records(kinds[r.kind], docs, recs, bootstrap=50, seed=1) == r.scores


def test_extractor_records_carry_their_input_text(bench, dev_docs):
    res, _ = bench
    by_id = {d.id: d for d in dev_docs}
    for _, rec in iter_jsonl(res.run("attr-quotes", GOLD).path):
        assert rec["text"] == by_id[rec["id"]].clean_text()
    for _, rec in iter_jsonl(res.run("attr-quotes", RAW).path):
        assert "text" not in rec
    cleaned = {r["id"]: r["text"] for _, r in iter_jsonl(res.run("newsgold-rules", RAW).path)}
    for _, rec in iter_jsonl(res.run("attr-quotes", "newsgold-rules").path):
        assert rec["text"] == cleaned[rec["id"]]


def test_language_specific_extractors_are_scored_on_their_language(bench, dev_docs):
    res, _ = bench
    ko = sum(d.lang == "ko" for d in dev_docs)
    assert res.run("ko-ner", GOLD).documents == ko
    assert res.run("ko-ner", GOLD).scores.get("documents", 0) == ko


def test_second_run_comes_from_the_cache(bench, dev_docs, tmp_path):
    res, out = bench
    again = run_bench(dev_docs, select_systems(SMALL), out_dir=tmp_path / "pred", cache_dir=out / "cache",
                      bootstrap=50, seed=1, split="dev", progress=False)
    assert again.cache_misses == 0 and again.cache_hits > 0
    assert [r.scores for r in again.runs] == [r.scores for r in res.runs]


def test_cache_key_includes_version_and_language(tmp_path):
    cache = Cache(tmp_path)
    sys_ = get("identity")
    cache.run(sys_, "abc", "en")
    cache.run(sys_, "abc", "ko")
    assert cache.misses == 2
    cache.run(sys_, "abc", "en")
    assert cache.hits == 1


def test_json_has_a_systems_list_with_name_kind_version_scores(bench):
    res, _ = bench
    obj = json.loads(json.dumps(to_json(res)))
    assert [s["name"] for s in obj["systems"]] == SMALL
    for s in obj["systems"]:
        assert {"name", "kind", "version", "scores"} <= set(s)
    rules = next(s for s in obj["systems"] if s["name"] == "newsgold-rules")
    assert 0 <= rules["scores"]["clean"]["char"]["f1"] <= 1
    assert set(next(s for s in obj["systems"] if s["name"] == "ko-ner")["pipelines"]) == \
        {RAW, "identity", "newsgold-rules", "c4-lines", GOLD}


def test_leaderboard_cells_carry_bootstrap_intervals(bench):
    res, _ = bench
    lb = leaderboard(res)
    assert [r["system"] for r in lb["cleaners"]][0] == "newsgold-rules"  # sorted by char F1
    c = lb["cleaners"][0]["char F1"]
    assert c["ci95"][0] <= c["value"] <= c["ci95"][1]
    assert lb["pipeline_inputs"] == [RAW, "identity", "newsgold-rules", "c4-lines", GOLD]


def test_identity_pipeline_equals_the_raw_pipeline(bench):
    """Running an extractor on the identity cleaner's output must score like running it on raw text."""
    res, _ = bench
    for p in leaderboard(res)["pipelines"]:
        assert p["identity"]["value"] == pytest.approx(p[RAW]["value"])


def test_rules_cleaner_beats_the_other_cleaners_on_dev(bench):
    res, _ = bench
    rows = leaderboard(res)["cleaners"]
    best = max(rows, key=lambda r: r["char F1"]["value"])
    assert best["system"] == "newsgold-rules"


def test_cell_and_fmt():
    scores = {"clean": {"char": {"f1": 0.5, "ci95": {"f1": [0.4, 0.6]}}}}
    c = cell(scores, ("clean", "char", "f1"))
    assert c == {"value": 0.5, "ci95": [0.4, 0.6]}
    assert fmt(c) == "0.500 [0.400-0.600]" and fmt(c, False) == "0.500" and fmt(None) == "-"
    assert cell(scores, ("clean", "token", "f1")) is None


def test_render_table_aligns_columns():
    t = render_table(["a", "bb"], [["x", "1"], ["yyy", "22"]]).splitlines()
    assert t == ["a    bb", "---  --", "x     1", "yyy  22"]


def test_render_text_prints_the_four_tables(bench):
    res, _ = bench
    text = render_text(res)
    for heading in ("Cleaners", "Entities", "Claims", "Pipelines"):
        assert f"\n{heading} (" in text
    assert "95% bootstrap intervals" in text and "[" in text


def test_cli_bench_json(tmp_path, capsys):
    code = main(["bench", "--split", "dev", "--systems", "identity,newsgold-rules", "attr-quotes", "--json",
                 "--bootstrap", "0", "--out", str(tmp_path / "p"), "--cache", str(tmp_path / "c"),
                 "--no-progress", "--report", str(tmp_path / "r")])
    assert code == 0
    obj = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in obj["systems"]] == ["identity", "newsgold-rules", "attr-quotes"]
    assert obj["split"] == "dev" and obj["documents"] > 0
    assert (tmp_path / "r" / "index.html").is_file() and obj["report"].endswith("index.html")
    assert (tmp_path / "p" / "clean" / "newsgold-rules.jsonl").is_file()
    assert (tmp_path / "p" / "claims" / "attr-quotes@newsgold-rules.jsonl").is_file()


def test_cli_bench_usage_errors(capsys):
    assert main(["bench", "--systems", "nope"]) == 2
    assert "unknown system" in capsys.readouterr().err
    assert main(["bench", "--bootstrap", "-1"]) == 2


def test_render_markdown_tables(bench):
    from newsgold.bench import render_markdown

    res, _ = bench
    md = render_markdown(res)
    assert md.count("| system |") == 3 and "| input |" in md
    assert "| newsgold-rules |" in md and "|---|---:|" in md


def test_cli_bench_markdown_and_json_are_exclusive(capsys):
    assert main(["bench", "--json", "--markdown"]) == 2
