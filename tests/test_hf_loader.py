"""The Hugging Face loader: `datasets.load_dataset("corpus", CONFIG)` offline on the shipped folder.

Every load goes to a temporary cache (never ~/.cache, so a stale cache cannot hide a bug) with the Hub
switched off. The committed data files must be fresh (`newsgold build`); test_build.py checks that too.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgold.hf import (CONFIGS, KLUE_NER_LABELS, features, iob2_to_spans, ner_rows, ner_rows_to_entities,
                         spans_to_iob2)
from newsgold.io import InputError
from newsgold.model import Document, LabeledSpan, Source

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

# KLUE-NER's labels in KLUE's index order, written out here rather than imported (klue/ner on the Hub).
KLUE = ["B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI", "O"]


@pytest.fixture(scope="module")
def hf_cache(tmp_path_factory):
    """Offline switches and a fresh datasets cache for this module."""
    cache = tmp_path_factory.mktemp("hf-datasets-cache")
    saved = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_DATASETS_CACHE")}
    os.environ.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_DATASETS_CACHE=str(cache))
    import datasets.config

    old = (datasets.config.HF_HUB_OFFLINE, datasets.config.HF_DATASETS_OFFLINE)
    datasets.config.HF_HUB_OFFLINE = datasets.config.HF_DATASETS_OFFLINE = True
    yield cache
    datasets.config.HF_HUB_OFFLINE, datasets.config.HF_DATASETS_OFFLINE = old
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def gold():
    from newsgold.corpus import load_documents

    return {d.id: d for d in load_documents(CORPUS)}


@pytest.fixture(scope="module")
def loaded(hf_cache):
    import datasets

    return {c: datasets.load_dataset(str(CORPUS), c, cache_dir=str(hf_cache)) for c in CONFIGS}


def card_features():
    """The features each config declares in corpus/README.md, read the way datasets reads them."""
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(CORPUS / "README.md")
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    return {name: info.features for name, info in infos.items()}


def walk(feature, path=""):
    """Yield (path, leaf feature) for every leaf of a (nested) feature."""
    from datasets import Features, List

    if isinstance(feature, (dict, Features)):
        for k, v in feature.items():
            yield from walk(v, f"{path}.{k}" if path else k)
    elif isinstance(feature, List):
        yield from walk(feature.feature, path + "[]")
    else:
        yield path, feature


# -- acceptance: configs, features, offsets, labels, raw_text -----------------------------------------

def test_card_declares_every_config():
    declared = card_features()
    assert set(declared) == set(CONFIGS)
    for c in CONFIGS:
        assert declared[c] == features(c), c


@pytest.mark.parametrize("config", CONFIGS)
def test_load_dataset_features_equal_card(loaded, gold, config):
    ds = loaded[config]
    want_splits = {d.split for d in gold.values()} if config in ("documents", "cleaning") else set(ds)
    assert set(ds) == want_splits and set(ds) <= {"dev", "test"}
    declared = card_features()[config]
    for split in ds:
        assert ds[split].features == declared


@pytest.mark.parametrize("config", CONFIGS)
def test_offsets_are_int32(config):
    from datasets import Value

    leaves = dict(walk(features(config)))
    offsets = {p: f for p, f in leaves.items() if p.split(".")[-1].rstrip("[]") in ("start", "end", "offset")}
    assert offsets, config
    assert all(f == Value("int32") for f in offsets.values()), offsets


def test_ner_tags_are_klue_classlabel(loaded):
    from datasets import ClassLabel

    for split, ds in loaded["ner"].items():
        tags = ds.features["ner_tags"].feature
        assert isinstance(tags, ClassLabel)
        assert tags.names == KLUE
    assert list(KLUE_NER_LABELS) == KLUE


def test_rows_equal_canonical_documents(loaded, gold):
    for config in ("documents", "cleaning"):
        seen = []
        for split, ds in loaded[config].items():
            for row in ds:
                doc = gold[row["id"]]
                assert doc.split == split
                assert row["raw_text"] == doc.raw_text, (config, doc.id)
                assert row["redistributable"] == doc.source.redistributable
                seen.append(row["id"])
        assert sorted(seen) == sorted(gold), config
    for row in loaded["documents"]["dev"].to_list() + (loaded["documents"]["test"].to_list()
                                                         if "test" in loaded["documents"] else []):
        doc = gold[row["id"]]
        assert [(b["start"], b["end"], b["label"]) for b in row["boilerplate"]] == \
               [(b.start, b.end, b.label) for b in doc.boilerplate]
        assert [(e["start"], e["end"], e["label"]) for e in row["entities"]] == \
               [(e.start, e.end, e.label) for e in doc.entities]
        assert len(row["claims"]) == len(doc.claims)
        assert row["source"]["license"] == doc.source.license


def test_cleaning_rows(loaded, gold):
    for ds in loaded["cleaning"].values():
        for row in ds:
            doc = gold[row["id"]]
            assert row["clean_text"] == doc.clean_text()
            lines = row["clean_text"].split("\n")
            assert [doc.raw_text[s["start"]:s["end"]] for s in row["content_spans"]] == lines


def test_ner_rows_point_into_raw_text(loaded, gold):
    for ds in loaded["ner"].values():
        for row in ds:
            doc = gold[row["doc_id"]]
            text = "".join(row["tokens"])
            assert all(len(t) == 1 for t in row["tokens"])
            assert doc.raw_text[row["offset"]:row["offset"] + len(text)] == text
            assert len(row["ner_tags"]) == len(row["tokens"])


def test_claim_rows(loaded, gold):
    n = 0
    for ds in loaded["claims"].values():
        for row in ds:
            n += 1
            doc = gold[row["doc_id"]]
            claim = next(c for c in doc.claims if c.id == row["claim_id"])
            assert row["kind"] == claim.kind
            for role in ("content", "source", "cue"):
                assert [(s["start"], s["end"]) for s in row[role]] == [(s.start, s.end) for s in claim.parts(role)]
                assert all(doc.raw_text[s["start"]:s["end"]] == s["text"] for s in row[role])
            assert [e["id"] for e in row["source_entities"]] == claim.source_entities
    assert n == sum(len(d.claims) for d in gold.values())


# -- round trip: ner rows back to the gold entities --------------------------------------------------------

def test_ner_round_trip_gives_gold_entities(loaded, gold):
    rows = [r for ds in loaded["ner"].values() for r in ds]
    got = ner_rows_to_entities(rows)
    want = {d.id: sorted((e.start, e.end, e.label) for e in d.entities) for d in gold.values()}
    assert set(got) == set(want)  # every document has at least one content line
    for doc_id in want:
        assert got[doc_id] == want[doc_id], doc_id
    assert sum(map(len, got.values())) == sum(len(d.entities) for d in gold.values()) > 0


def test_ner_round_trip_without_datasets(gold):
    """The pure path (row builder -> converter) agrees too, with string tags as well as ids."""
    for doc in gold.values():
        rows = ner_rows(doc)
        as_strings = [dict(r, ner_tags=[KLUE[i] for i in r["ner_tags"]]) for r in rows]
        want = sorted((e.start, e.end, e.label) for e in doc.entities)
        assert ner_rows_to_entities(rows).get(doc.id, []) == want
        assert ner_rows_to_entities(as_strings).get(doc.id, []) == want


# -- the pure IOB2 converters, hand-computed ------------------------------------------------------------

def test_spans_to_iob2_hand_computed():
    text = "김민준 대표는 서울에서"
    ps = (0, len("김민준"), "PS")
    lc = (len("김민준 대표는 "), len("김민준 대표는 서울"), "LC")
    assert spans_to_iob2(len(text), [lc, ps]) == (
        ["B-PS", "I-PS", "I-PS"] + ["O"] * len(" 대표는 ") + ["B-LC", "I-LC"] + ["O"] * len("에서"))


def test_spans_to_iob2_adjacent_same_type_and_space_inside():
    assert spans_to_iob2(4, [(0, 2, "OG"), (2, 4, "OG")]) == ["B-OG", "I-OG", "B-OG", "I-OG"]
    assert spans_to_iob2(len("Sarah Klein"), [(0, 11, "PS")]) == ["B-PS"] + ["I-PS"] * 10


@pytest.mark.parametrize("spans", [[(0, 3, "PS"), (2, 4, "LC")], [(0, 9, "PS")], [(2, 2, "PS")], [(0, 1, "XX")]])
def test_spans_to_iob2_refuses(spans):
    with pytest.raises(ValueError):
        spans_to_iob2(5, spans)


@pytest.mark.parametrize("tags, want", [
    (["O", "B-PS", "I-PS", "O"], [(1, 3, "PS")]),
    (["B-PS", "I-PS"], [(0, 2, "PS")]),                        # runs to the end
    (["B-OG", "B-OG", "I-OG"], [(0, 1, "OG"), (1, 3, "OG")]),   # adjacent, same type
    (["I-PS", "I-PS", "O"], [(0, 2, "PS")]),                   # I- without B- opens a span (conlleval)
    (["B-PS", "I-OG", "I-OG"], [(0, 1, "PS"), (1, 3, "OG")]),  # type change opens a span
    (["O", "O"], []),
    ([], []),
    ([6, 7, 12, 10], [(0, 2, "PS"), (3, 4, "TI")]),            # ClassLabel ids in KLUE order
])
def test_iob2_to_spans(tags, want):
    assert iob2_to_spans(tags) == want


@pytest.mark.parametrize("tags", [["B-"], ["X-PS"], ["PS"]])
def test_iob2_to_spans_refuses_unknown_tags(tags):
    with pytest.raises(ValueError):
        iob2_to_spans(tags)


def _doc(raw, boilerplate=(), entities=()):
    return Document(id="xx-test-001", lang="ko", split="dev", origin="synthetic",
                    source=Source("p", "s", "l", None, "CC BY 4.0", True), raw_text=raw,
                    boilerplate=[LabeledSpan(f"b{i}", *b) for i, b in enumerate(boilerplate, 1)],
                    entities=[LabeledSpan(f"e{i}", *e) for i, e in enumerate(entities, 1)])


def test_ner_rows_one_per_content_line_with_offsets():
    raw = "홈 | 경제\n삼성전자가 26일 밝혔다.\n\n  무단 전재 금지\n"
    nav = (0, len("홈 | 경제"), "navigation")
    legal_start = raw.index("무단")
    doc = _doc(raw, [nav, (legal_start, legal_start + len("무단 전재 금지"), "legal")],
               [(raw.index("삼성전자"), raw.index("삼성전자") + 4, "OG"), (raw.index("26일"), raw.index("26일") + 3, "DT")])
    rows = ner_rows(doc)
    assert len(rows) == 1
    row = rows[0]
    assert row["offset"] == raw.index("삼성전자") and row["id"] == "xx-test-001-p000"
    assert "".join(row["tokens"]) == "삼성전자가 26일 밝혔다."
    assert [KLUE[i] for i in row["ner_tags"][:4]] == ["B-OG", "I-OG", "I-OG", "I-OG"]
    assert ner_rows_to_entities(rows) == {"xx-test-001": [(e.start, e.end, e.label) for e in doc.entities]}


def test_ner_rows_refuse_entity_across_lines():
    raw = "서울\n시청"
    doc = _doc(raw, entities=[(0, len(raw), "LC")])
    with pytest.raises(InputError, match="not inside one main-content line"):
        ner_rows(doc)


def test_klue_reference_file_uses_the_same_tags(external):
    """KLUE's own dev file (reference data, never copied) uses exactly these 13 tags."""
    path = external / "klue-ner" / "klue-ner-v1.1_dev.tsv"
    if not path.is_file():
        pytest.skip("KLUE-NER dev file absent")
    seen = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("##") or "\t" not in line:
                continue
            seen.add(line.rstrip("\n").split("\t")[-1])
    assert seen == set(KLUE)


# -- the Python API ----------------------------------------------------------------------------------------

def test_newsgold_load_and_filter(hf_cache, gold):
    import datasets

    import newsgold

    dd = newsgold.load(cache_dir=hf_cache)
    assert isinstance(dd, datasets.DatasetDict) and set(dd) == {"dev", "test"}
    assert sum(len(ds) for ds in dd.values()) == len(gold)
    dev = newsgold.load("ner", split="dev", cache_dir=hf_cache)
    assert isinstance(dev, datasets.Dataset) and dev.features == features("ner")
    public = newsgold.load("documents", redistributable_only=True, cache_dir=hf_cache)
    kept = {r["id"] for ds in public.values() for r in ds}
    assert kept == {d.id for d in gold.values() if d.source.redistributable}
    assert any(not d.source.redistributable for d in gold.values())  # the seed: the filter has work to do
    with pytest.raises(ValueError, match="unknown config"):
        newsgold.load("nope")
    with pytest.raises(ValueError, match="unknown split"):
        newsgold.load("ner", split="train")


def test_to_pandas(hf_cache, gold):
    import newsgold

    df = newsgold.to_pandas("ner", cache_dir=hf_cache)
    assert {"id", "split", "doc_id", "offset", "tokens", "ner_tags"} <= set(df.columns)
    assert set(df["split"]) <= {"dev", "test"}
    assert all(t in KLUE for tags in df["ner_tags"] for t in tags)
    one = newsgold.to_pandas("claims", split="dev", redistributable_only=True, cache_dir=hf_cache)
    assert set(one["split"]) <= {"dev"} and one["redistributable"].all()
    docs = newsgold.to_pandas(cache_dir=hf_cache)
    assert sorted(docs["id"]) == sorted(gold)


def test_import_newsgold_does_not_import_datasets():
    code = "import sys, newsgold, newsgold.cli; newsgold.cli.build_parser(); print('datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_acceptance_fresh_process_load_dataset_corpus(tmp_path):
    """Literally `datasets.load_dataset("corpus", name)` from the repository root, offline, empty cache."""
    code = (
        "import json, datasets\n"
        "out = {}\n"
        f"for name in {list(CONFIGS)!r}:\n"
        "    ds = datasets.load_dataset('corpus', name)\n"
        "    out[name] = {s: len(d) for s, d in ds.items()}\n"
        "default = datasets.load_dataset('corpus')\n"
        "assert default['dev'].features == datasets.load_dataset('corpus', 'documents')['dev'].features\n"
        "assert 'raw_text' in default['dev'].column_names\n"
        "print(json.dumps(out))\n"
    )
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_DATASETS_CACHE=str(tmp_path / "cache"),
               HF_HOME=str(tmp_path / "hf-home"))
    res = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    counts = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(counts) == set(CONFIGS)
    assert all(counts[c] and all(n > 0 for n in counts[c].values()) for c in CONFIGS)


@pytest.mark.parametrize("script, expect", [("load_with_datasets.py", "ner round trip ok"),
                                            ("load_with_pandas.py", "restricted documents")])
def test_loader_examples_run(script, expect, tmp_path):
    """The standalone examples in loaders/ keep working (they use datasets/pandas only, not newsgold)."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", HF_DATASETS_CACHE=str(tmp_path / "cache"),
               HF_HOME=str(tmp_path / "hf-home"))
    res = subprocess.run([sys.executable, str(REPO / "loaders" / script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert expect in res.stdout
    assert "import newsgold" not in (REPO / "loaders" / script).read_text(encoding="utf-8")
