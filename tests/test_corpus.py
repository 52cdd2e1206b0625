"""The shipped corpus: valid at every level, a real schema contract, the seed intact, sources in sync."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from newsgold.authoring import compile_source, decompile
from newsgold.corpus import document_paths, load_documents

CLI = [sys.executable, "-m", "newsgold.cli"]
SEED_ID = "ko-daum-000"


def test_newsgold_validate_is_clean():
    res = subprocess.run(CLI + ["validate"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]


def test_every_document_satisfies_the_schema_with_plain_jsonschema(repo):
    schema = json.loads((repo / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    paths = document_paths()
    assert paths
    for p in paths:
        validator.validate(json.loads(p.read_text(encoding="utf-8")))


def test_the_schema_is_a_real_contract(repo):
    schema = json.loads((repo / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    doc = json.loads(document_paths()[0].read_text(encoding="utf-8"))
    for broken in ({**doc, "id": "../x"}, {**doc, "extra": 1}, {**doc, "origin": "scraped"},
                   {**doc, "entities": [{"id": "e1", "start": 0, "end": 1, "label": "PER"}]}):
        assert not validator.is_valid(broken)


def test_seed_raw_text_is_the_seed_file(repo):
    doc = next(d for d in load_documents() if d.id == SEED_ID)
    seed = repo.parent / "shared" / "seed" / "000_d0bada52296caba6.txt"
    if seed.exists():
        assert doc.raw_text == seed.read_text(encoding="utf-8")
    # Pinned so the check holds on a clone without ../shared too.
    assert doc.raw_sha256 == "120263098cfb1169ccc43b366d4f62cf259df12331f3f28eb32aadd6903339a6"
    assert doc.origin == "real" and doc.source.redistributable is False and doc.split == "dev"


def test_authoring_sources_compile_to_the_committed_documents():
    res = subprocess.run(CLI + ["compile", "--check"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_decompile_then_compile_gives_the_same_document(repo):
    for path in sorted((repo / "annotation" / "sources").glob("*.txt")):
        doc = compile_source(path)
        again = compile_source(path, decompile(doc))
        assert again.to_dict() == doc.to_dict(), path.name


def test_ids_are_unique_and_splits_known():
    docs = load_documents()
    assert len({d.id for d in docs}) == len(docs)
    assert {d.split for d in docs} <= {"dev", "test"}


def test_stats_json_has_the_documented_keys():
    res = subprocess.run(CLI + ["stats", "--json"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    for key in ("documents", "by_split", "by_lang", "by_origin", "by_layout", "entities", "claims",
                "boilerplate", "chars"):
        assert key in s
    assert set(s["entities"]) >= {"total", "by_label"}
    assert set(s["claims"]) >= {"total", "by_kind"}
    assert set(s["boilerplate"]) >= {"total", "by_label"}
    assert set(s["chars"]) >= {"content", "boilerplate"}
    assert s["documents"] == len(load_documents())


def test_no_two_documents_share_a_body_paragraph():
    seen: dict[str, str] = {}
    for doc in load_documents():
        for span in doc.content_spans():
            para = doc.raw_text[span.start:span.end]
            if len(para) < 40:
                continue
            assert para not in seen or seen[para] == doc.id, f"{doc.id} repeats a paragraph of {seen[para]}"
            seen[para] = doc.id


def test_corpus_meets_the_size_targets():
    """Issue 3's floor: 40 documents (28 ko, 10 en), 6 layout families, every label used."""
    from newsgold.model import BOILERPLATE_LABELS, CLAIM_KINDS, ENTITY_LABELS
    from newsgold.stats import corpus_stats

    s = corpus_stats(load_documents())
    assert s["documents"] >= 40 and s["by_lang"]["ko"] >= 28 and s["by_lang"]["en"] >= 10
    assert len(s["by_layout"]) >= 6
    assert s["entities"]["total"] >= 600 and set(s["entities"]["by_label"]) == set(ENTITY_LABELS)
    assert s["claims"]["total"] >= 150 and set(s["claims"]["by_kind"]) == set(CLAIM_KINDS)
    assert s["boilerplate"]["total"] >= 400 and set(s["boilerplate"]["by_label"]) == set(BOILERPLATE_LABELS)
    assert s["by_origin"] == {"real": 1, "synthetic": s["documents"] - 1}


def test_synthetic_documents_are_labelled_as_such():
    for doc in load_documents():
        if doc.origin == "synthetic":
            assert doc.source.redistributable and "fictional" in doc.source.license.lower(), doc.id
            assert "(fictional" in doc.source.publisher, doc.id


def test_guidelines_version_is_one_everywhere(repo):
    """Documents, the guidelines file, the model default and the Label Studio config name one version."""
    from newsgold.model import GUIDELINES_VERSION

    head = (repo / "annotation" / "GUIDELINES.md").read_text(encoding="utf-8")[:400]
    assert f"**Version {GUIDELINES_VERSION}**" in head
    assert {d.annotation.guidelines for d in load_documents()} == {GUIDELINES_VERSION}
    config = (repo / "annotation" / "labelstudio" / "config.xml").read_text(encoding="utf-8")
    assert f"guidelines {GUIDELINES_VERSION}" in config and f"(v{GUIDELINES_VERSION})" in config
