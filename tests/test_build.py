"""`newsgold build`: deterministic data files, the stale check, empty splits, the dataset card."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from newsgold.cli import main
from newsgold.corpus import load_documents
from newsgold.hf import (CARD_NAME, CONFIGS, Built, build_files, card_body, data_path, existing_data_files,
                         stale_files, write_built)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def docs():
    return load_documents(CORPUS)


@pytest.fixture()
def tmp_corpus(tmp_path, docs):
    """A private copy of the canonical documents and the card's prose (the build's only inputs)."""
    root = tmp_path / "corpus"
    (root / "documents").mkdir(parents=True)
    for d in docs:
        shutil.copy(CORPUS / "documents" / f"{d.id}.json", root / "documents")
    shutil.copy(CORPUS / CARD_NAME, root / CARD_NAME)
    return root


def run(argv, monkeypatch):
    monkeypatch.delenv("NEWSGOLD_CORPUS", raising=False)
    try:
        return main(argv)
    finally:
        os.environ.pop("NEWSGOLD_CORPUS", None)


def front(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


# -- determinism and freshness ------------------------------------------------------------------------------

def test_build_twice_gives_identical_bytes(tmp_corpus, tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(["--corpus", str(tmp_corpus), "build", "--out", str(a)], monkeypatch) == 0
    assert run(["--corpus", str(tmp_corpus), "build", "--out", str(b)], monkeypatch) == 0
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b and CARD_NAME in files_a
    assert any(f.endswith(".parquet") for f in files_a)
    for f in files_a:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f


def test_build_in_memory_is_deterministic(docs):
    body = card_body(CORPUS)
    one, two = build_files(docs, body), build_files(list(reversed(docs)), body)
    assert one.files == two.files


def test_committed_files_are_fresh(docs):
    """Fails when a document changed without `newsgold build` (the committed data files are stale)."""
    built = build_files(docs, card_body(CORPUS))
    assert stale_files(CORPUS, built) == [], "run 'newsgold build' and commit corpus/README.md and corpus/data"


def test_check_exit_codes(tmp_corpus, monkeypatch, capsys):
    base = ["--corpus", str(tmp_corpus), "build"]
    assert run(base + ["--check"], monkeypatch) == 1  # nothing built yet
    assert "missing" in capsys.readouterr().err
    assert run(base, monkeypatch) == 0
    assert run(base + ["--check"], monkeypatch) == 0
    # the documents change (one is withdrawn) -> stale
    sorted((tmp_corpus / "documents").glob("*.json"))[-1].unlink()
    assert run(base + ["--check"], monkeypatch) == 1
    err = capsys.readouterr().err
    assert "out of date" in err and "run 'newsgold build'" in err
    assert run(base, monkeypatch) == 0
    assert run(base + ["--check"], monkeypatch) == 0
    # a stray data file -> stale, and the build removes it
    stray = tmp_corpus / "data" / "ner" / "train.parquet"
    stray.write_bytes(b"x")
    assert run(base + ["--check"], monkeypatch) == 1
    assert "not produced by the build" in capsys.readouterr().err
    assert run(base, monkeypatch) == 0
    assert not stray.exists()


def test_invalid_corpus_is_one_line_exit_1(tmp_corpus, monkeypatch, capsys):
    (tmp_corpus / "documents" / "broken-001.json").write_text("{", encoding="utf-8")
    assert run(["--corpus", str(tmp_corpus), "build"], monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsgold: error:") and err.count("\n") == 1
    assert not (tmp_corpus / "data").exists()


def test_redistributable_only_needs_out(tmp_corpus, monkeypatch, capsys):
    assert run(["--corpus", str(tmp_corpus), "build", "--redistributable-only"], monkeypatch) == 2
    assert "--out" in capsys.readouterr().err
    assert run(["--corpus", str(tmp_corpus), "build", "--redistributable-only", "--out", str(tmp_corpus)],
               monkeypatch) == 2
    assert "another --out" in capsys.readouterr().err


def test_redistributable_only_leaves_out_restricted_documents(tmp_corpus, tmp_path, docs, monkeypatch):
    out = tmp_path / "public"
    assert run(["--corpus", str(tmp_corpus), "build", "--redistributable-only", "--out", str(out)], monkeypatch) == 0
    restricted = [d.id for d in docs if not d.source.redistributable]
    assert restricted, "the seed document is not redistributable"
    import pyarrow.parquet as pq

    ids = [i for p in sorted((out / "data" / "documents").glob("*.parquet")) for i in pq.read_table(p)["id"].to_pylist()]
    assert sorted(ids) == sorted(d.id for d in docs if d.source.redistributable)
    assert not set(restricted) & set(ids)


# -- empty splits ----------------------------------------------------------------------------------------------

def test_empty_test_split_has_no_file_and_loads_empty(tmp_corpus, tmp_path, monkeypatch):
    for p in (tmp_corpus / "documents").glob("*.json"):
        if '"split": "test"' in p.read_text(encoding="utf-8"):
            p.unlink()
    assert run(["--corpus", str(tmp_corpus), "build"], monkeypatch) == 0
    assert existing_data_files(tmp_corpus) == sorted(data_path(c, "dev") for c in CONFIGS)
    meta = front((tmp_corpus / CARD_NAME).read_text(encoding="utf-8"))
    for entry in meta["configs"]:
        assert [f["split"] for f in entry["data_files"]] == ["dev"]
    for info in meta["dataset_info"]:
        assert [s["name"] for s in info["splits"]] == ["dev"]

    import datasets

    import newsgold
    from newsgold.hf import features

    cache = tmp_path / "cache"
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    raw = datasets.load_dataset(str(tmp_corpus), "ner", cache_dir=str(cache))
    assert set(raw) == {"dev"}
    for config in CONFIGS:
        test = newsgold.load(config, split="test", corpus=tmp_corpus, cache_dir=cache)
        assert len(test) == 0 and test.features == features(config)
    both = newsgold.load("claims", corpus=tmp_corpus, cache_dir=cache)
    assert set(both) == {"dev", "test"} and len(both["test"]) == 0
    df = newsgold.to_pandas("ner", corpus=tmp_corpus, cache_dir=cache)
    assert set(df["split"]) == {"dev"}


def test_no_documents_at_all(tmp_path):
    built = build_files([], card_body(CORPUS))
    assert built.data_files == [] and built.documents == 0
    meta = front(built.files[CARD_NAME].decode("utf-8"))
    assert all(entry["data_files"] == [] for entry in meta["configs"])
    write_built(tmp_path, built)
    assert stale_files(tmp_path, built) == []


# -- the card -----------------------------------------------------------------------------------------------

def test_card_front_matter_is_generated_and_prose_kept(tmp_corpus, docs, monkeypatch):
    card = tmp_corpus / CARD_NAME
    original = card.read_text(encoding="utf-8")
    prose = original.split("---\n", 2)[2]
    # hand edits to the YAML and to a generated table are overwritten; prose edits survive
    card.write_text("---\nlicense: mit\n---\n" + prose.replace("## Citation", "## Citation\n\nHand-written note.")
                    .replace("<!-- newsgold-build:counts -->\n", "<!-- newsgold-build:counts -->\nstale table\n"),
                    encoding="utf-8")
    assert run(["--corpus", str(tmp_corpus), "build"], monkeypatch) == 0
    text = card.read_text(encoding="utf-8")
    assert "Hand-written note." in text and "stale table" not in text
    meta = front(text)
    assert meta["license"] == "other" and meta["language"] == ["ko", "en"]
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    assert [c for c in meta["configs"] if c.get("default")] == [{"config_name": "documents", "default": True,
                                                               "data_files": meta["configs"][0]["data_files"]}]
    for info in meta["dataset_info"]:
        for split in info["splits"]:  # sizes always listed with their splits (NonMatchingSplitsSizesError)
            assert split["num_examples"] > 0 and split["num_bytes"] > 0
    n_docs = {sp: sum(d.split == sp for d in docs) for sp in ("dev", "test")}
    documents = next(i for i in meta["dataset_info"] if i["config_name"] == "documents")
    assert {s["name"]: s["num_examples"] for s in documents["splits"]} == {k: v for k, v in n_docs.items() if v}


def test_card_says_the_seed_is_not_redistributable():
    text = (CORPUS / CARD_NAME).read_text(encoding="utf-8")
    assert "not redistributable" in text and "ko-daum-000" in text
    assert "redistributable-only" in text


def test_built_object_lists_data_files(docs):
    built = build_files(docs, card_body(CORPUS))
    assert isinstance(built, Built)
    assert built.data_files == sorted(p for p in built.files if p != CARD_NAME)
    assert set(built.counts) == set(CONFIGS)


def test_config_with_no_rows_at_all(docs, tmp_path, monkeypatch):
    """A config with no rows in any split (no claims anywhere) still loads, as empty, and the others load."""
    import copy

    import datasets

    import newsgold
    from newsgold.hf import declared_splits, features

    no_claims = copy.deepcopy(docs)
    for d in no_claims:
        d.claims = []
    root = tmp_path / "corpus"
    write_built(root, build_files(no_claims, card_body(CORPUS)))
    assert declared_splits(root)["claims"] == []
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    claims = newsgold.load("claims", corpus=root, cache_dir=tmp_path / "cache")
    assert {sp: len(ds) for sp, ds in claims.items()} == {"dev": 0, "test": 0}
    assert claims["dev"].features == features("claims")
    ner = newsgold.load("ner", corpus=root, cache_dir=tmp_path / "cache")
    assert sum(len(ds) for ds in ner.values()) > 0


def test_date_like_strings_stay_strings(tmp_path, monkeypatch):
    """The JSON reader would parse "2024-01-26" as a timestamp; the Parquet files keep it a string."""
    import datasets

    from newsgold.model import Document, LabeledSpan, Source

    raw = "2024-01-26\n2024-01-26 10:00 회의가 열렸다."
    doc = Document(id="xx-date-001", lang="ko", split="dev", origin="synthetic", title="2024-01-26",
                   source=Source("p", "s", "l", "2024-01-26", "CC BY 4.0", True), raw_text=raw,
                   boilerplate=[LabeledSpan("b1", 0, 10, "byline")],
                   entities=[LabeledSpan("e1", 11, 21, "DT"), LabeledSpan("e2", 22, 27, "TI")])
    root = tmp_path / "corpus"
    write_built(root, build_files([doc], card_body(CORPUS)))
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    row = datasets.load_dataset(str(root), "documents", cache_dir=str(tmp_path / "cache"))["dev"][0]
    assert row["title"] == "2024-01-26" and row["source"]["url"] == "2024-01-26"
    assert [e["text"] for e in row["entities"]] == ["2024-01-26", "10:00"]
    assert row["boilerplate"][0]["text"] == "2024-01-26"
