"""Property tests (hypothesis) for the parts that meet arbitrary input: alignment, span projection and the
Label Studio import.

What is already covered elsewhere is not repeated: tests/test_align.py has hand-made alignment cases and a
seeded random-edit invariant over a small alphabet; tests/test_labelstudio_roundtrip.py has the lossless
round trip of generated documents and the rebuild of claims from relations. Here:

- alignment over any Unicode (astral, combining marks, every kind of whitespace, zero-width characters,
  surrogate code points) never fails and keeps its invariants;
- span projection takes any integers (negative, reversed, past the end) and returns None or a span inside
  raw_text whose non-whitespace characters are the span's own;
- identity and substring alignments are exact, and whitespace rewrites (CRLF, re-wrapped lines) lose nothing;
- a Label Studio export damaged in any way is either imported as valid documents or refused with one
  InputError line, never another exception.
"""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsgold.align import IGNORABLE, align, project_span
from newsgold.io import InputError

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that stress the alignment: ASCII, Hangul, CJK, astral emoji, combining marks, many kinds
# of whitespace (incl. \r, NBSP, ideographic space), zero-width characters and surrogate code points.
SPECIAL = ["\n", "\r", "\t", " ", "\u00a0", "\u3000", "\u2028", "\u200b", "\u200d", "\ufeff", "\u0301",
           "😀", "👩\u200d💻", "🇰🇷", "\ud800", "\udfff", "\x00"]
char_st = st.one_of(st.sampled_from("abc가나다 .\"-"), st.sampled_from(SPECIAL),
                    st.characters(codec="utf-8"), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
text_st = st.lists(char_st, max_size=300).map("".join)


def _skel(s: str) -> str:
    return "".join(c for c in s if c not in IGNORABLE)


def _check_alignment(text: str, raw: str):
    al = align(text, raw)
    ri = al.raw_index
    assert isinstance(ri, np.ndarray) and ri.shape == (len(text),)
    assert ((ri >= -1) & (ri < max(len(raw), 1))).all()
    placed = [(i, int(r)) for i, r in enumerate(ri.tolist()) if r >= 0]
    assert all(r1 < r2 for (_, r1), (_, r2) in zip(placed, placed[1:])), "not strictly monotonic"
    for i, r in placed:
        assert text[i] == raw[r] or (text[i] in IGNORABLE and raw[r] in IGNORABLE), (i, r)
    assert al.matched == sum(1 for i, _ in placed if text[i] not in IGNORABLE)
    kept = al.raw_kept()
    assert kept.shape == (len(raw),) and int(kept.sum()) == al.matched
    return al


@FUZZ
@given(text_st, text_st)
def test_alignment_of_arbitrary_text_keeps_its_invariants(text, raw):
    _check_alignment(text, raw)


@FUZZ
@given(text_st, st.data())
def test_edited_text_aligns_and_projects_within_bounds(raw, data):
    # A cleaner's typical output: some lines dropped, others kept, whitespace rewritten, junk inserted.
    lines = raw.split("\n")
    keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    sep = data.draw(st.sampled_from(["\n", "\r\n", " ", "\n\n"]))
    junk = data.draw(text_st.map(lambda s: s[:20]))
    kept = [ln for ln, k in zip(lines, keep) if k]
    at = data.draw(st.integers(0, len(kept)))
    text = sep.join(kept[:at] + ([junk] if junk else []) + kept[at:])
    al = _check_alignment(text, raw)
    for _ in range(10):
        s = data.draw(st.integers(-5, len(text) + 5))
        e = data.draw(st.integers(-5, len(text) + 5))
        _check_projection(al, text, raw, s, e)


def _check_projection(al, text: str, raw: str, s: int, e: int) -> None:
    proj = project_span(al, s, e)
    if not 0 <= s < e <= len(text):
        assert proj is None, (s, e, proj)
        return
    if proj is None:
        return
    a, b = proj
    assert 0 <= a < b <= len(raw), (s, e, proj)
    src, dst = _skel(text[s:e]), _skel(raw[a:b])
    assert len(src) == len(dst)          # substitutions at the ends are tolerated, insertions are not
    assert raw[a] not in IGNORABLE and raw[b - 1] not in IGNORABLE


@FUZZ
@given(text_st, text_st, st.lists(st.tuples(st.integers(-10, 400), st.integers(-10, 400)), max_size=20))
def test_projection_of_any_offsets_is_none_or_in_bounds(text, raw, spans):
    al = align(text, raw)
    for s, e in spans:
        _check_projection(al, text, raw, s, e)


def _trimmed(s: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and s[a] in IGNORABLE:
        a += 1
    while b > a and s[b - 1] in IGNORABLE:
        b -= 1
    return (a, b) if a < b else None


@FUZZ
@given(text_st, st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=20))
def test_identity_alignment_is_exact(raw, spans):
    al = align(raw, raw)
    assert al.raw_index.tolist() == list(range(len(raw)))
    for s, e in spans:
        if s < e <= len(raw):
            assert project_span(al, s, e) == _trimmed(raw, s, e)


# Raw text whose visible characters are all different, so a substring has exactly one place to go.
@st.composite
def unique_raw(draw) -> str:
    visible = st.characters(codec="utf-8").filter(lambda c: c not in IGNORABLE)
    chars = draw(st.lists(visible, min_size=1, max_size=150, unique=True))
    seps = draw(st.lists(st.sampled_from(["", "", " ", "\n", "  ", "\t"]), min_size=len(chars),
                         max_size=len(chars)))
    return "".join(c + sep for c, sep in zip(chars, seps))


# Raw text with many repeats: a substring may be placed on another copy, but it must be placed whole.
repetitive_raw = st.lists(st.sampled_from(["가", "나", "뉴스", "a", "ab", " ", "\n", "😀", "e\u0301"]),
                          min_size=1, max_size=200).map("".join)


@FUZZ
@given(unique_raw(), st.data())
def test_substring_alignment_is_exact(raw, data):
    a = data.draw(st.integers(0, len(raw) - 1))
    b = data.draw(st.integers(a + 1, len(raw)))
    text = raw[a:b]
    al = align(text, raw)
    ri = al.raw_index.tolist()
    for i, ch in enumerate(text):
        if ch not in IGNORABLE:
            assert ri[i] == a + i, (i, ri[i], a + i)
    for _ in range(10):
        s = data.draw(st.integers(0, len(text) - 1))
        e = data.draw(st.integers(s + 1, len(text)))
        want = _trimmed(text, s, e)
        assert project_span(al, s, e) == (None if want is None else (want[0] + a, want[1] + a))


@FUZZ
@given(repetitive_raw, st.data())
def test_substring_of_repetitive_text_is_placed_whole(raw, data):
    a = data.draw(st.integers(0, len(raw) - 1))
    b = data.draw(st.integers(a + 1, len(raw)))
    text = raw[a:b]
    al = _check_alignment(text, raw)
    assert al.matched == len(_skel(text))


@FUZZ
@given(unique_raw(), st.sampled_from(["\r\n", "\r", " \n ", "\n\n", "\u2028"]))
def test_whitespace_rewrites_lose_nothing(raw, newline):
    text = " ".join(raw.split(" ")).replace("\n", newline).replace("\t", "    ")
    al = align(text, raw)
    assert al.matched == len(_skel(raw))
    assert int(al.raw_kept().sum()) == len(_skel(raw))


# -- Label Studio import of damaged exports -------------------------------------------------------------
try:  # the document generator and the 'accept' helper live with the round-trip tests
    from test_labelstudio_roundtrip import accept, documents
except ImportError:  # pragma: no cover - run from another rootdir
    documents = accept = None

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-5, 10_000) | st.floats(allow_nan=False)
                           | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                          max_size=3),
                           max_leaves=6)


def _paths(value, prefix=()):
    """Every (container, key) location inside a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield value, k
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield value, i
            yield from _paths(v, prefix + (i,))


def _damage(draw, value, times: int):
    """Replace, delete, shift or swap ``times`` values anywhere inside a JSON value (in place)."""
    for _ in range(times):
        spots = list(_paths(value))
        if not spots:
            break
        container, key = spots[draw(st.integers(0, len(spots) - 1))]
        action = draw(st.sampled_from(["replace", "delete", "int", "swap"]))
        if action == "replace":
            container[key] = draw(JSON_VALUES)
        elif action == "delete":
            del container[key]
        elif action == "int" and isinstance(container[key], int) and not isinstance(container[key], bool):
            container[key] += draw(st.sampled_from([-1, 1, -1000, 1000]))
        elif action == "swap" and isinstance(container, list) and len(container) > 1:
            j = draw(st.integers(0, len(container) - 1))
            container[key], container[j] = container[j], container[key]
    return value


@st.composite
def damaged_exports(draw):
    doc = draw(documents())
    from newsgold.labelstudio import gold_task

    return _damage(draw, accept([gold_task(doc)]), draw(st.integers(1, 4)))


@st.composite
def damaged_documents(draw):
    return _damage(draw, draw(documents()).to_dict(), draw(st.integers(1, 4)))


@pytest.mark.skipif(documents is None, reason="tests/test_labelstudio_roundtrip.py not importable")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_documents() if documents is not None else st.nothing())
def test_validator_reports_damaged_documents_without_failing(obj):
    """The validator is the gate for everything else: on any damage it returns incidents, never raises."""
    from newsgold.validate import validate_document_dict

    incidents, _ = validate_document_dict(obj, "<damaged>")
    for inc in incidents:
        assert "\n" not in inc.render()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_prediction_validator_reports_damaged_records_without_failing(data):
    from newsgold.validate import validate_prediction_records

    raw = "김민준 한빛전자 대표는 “올해 매출이 늘었다”고 말했다."
    rec = {"id": "gen-001", "text": raw, "boilerplate": [{"start": 0, "end": 3, "label": "byline"}],
           "entities": [{"id": "e1", "start": 0, "end": 3, "label": "PS", "text": "김민준"}],
           "claims": [{"kind": "direct", "content": [{"start": 13, "end": 23}], "source": [{"start": 0, "end": 11}],
                       "cue": [{"start": 26, "end": 29}], "source_entities": ["e1"]}]}
    records = [(1, _damage(data.draw, rec, data.draw(st.integers(1, 5))))]
    if not isinstance(records[0][1], dict):
        return
    validate_prediction_records(records, "pred.jsonl", None)


@pytest.mark.skipif(documents is None, reason="tests/test_labelstudio_roundtrip.py not importable")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_exports() if documents is not None else st.nothing())
def test_damaged_export_is_imported_valid_or_refused_in_one_line(export):
    from newsgold.labelstudio import export_to_documents
    from newsgold.validate import validate_document_dict

    snapshot = copy.deepcopy(export)
    try:
        docs, _ = export_to_documents(export, "export.json")
    except InputError as e:
        msg = str(e)
        assert msg.startswith("export.json") and "\n" not in msg, msg
        return
    finally:
        assert export == snapshot, "the converter changed its input"
    for d in docs:
        incidents, _ = validate_document_dict(json.loads(json.dumps(d.to_dict())), "<imported>")
        assert not incidents, incidents


@pytest.mark.skipif(documents is None, reason="tests/test_labelstudio_roundtrip.py not importable")
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents() if documents is not None else st.nothing(), st.integers(1, 5))
def test_damaged_export_bytes_are_refused_by_the_cli_reader(doc, cut):
    """An export file cut short anywhere is one InputError from read_json, never a crash."""
    import tempfile
    from pathlib import Path

    from newsgold.io import read_json
    from newsgold.labelstudio import gold_task

    data = json.dumps(accept([gold_task(doc)]), ensure_ascii=False).encode("utf-8")
    assume(len(data) > cut)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "export.json"
        p.write_bytes(data[: len(data) * cut // 6])
        with pytest.raises(InputError) as e:
            read_json(p)
        assert "\n" not in str(e.value)
