"""Validation in levels, after Universal Dependencies' validator.

- Level 1: the file parses as JSON and each record satisfies its JSON Schema.
- Level 2: offsets: in range, start < end, span text equals the slice,
  raw_text is NFC with ``\\n`` line ends, raw_sha256 matches.
- Level 3: references: ids unique in a document and across the corpus, file
  name equals id, claim ``source_entities`` exist.
- Level 4: guideline rules: boilerplate spans do not overlap, entities and
  claims lie in main content, entity mentions do not overlap, spans are
  trimmed, claim parts fit the claim's kind.

A record that fails a level is not checked at the next (its later checks would
only be noise). Checks *return* incidents; printing is :func:`render`'s job.
Every incident has a stable kebab-case ``test_id`` (the catalogue is
``TESTS`` below, mirrored in README's validation table).
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .io import InputError, iter_jsonl, read_json
from .model import CLAIM_ROLES, Document, sha256_text

# test id -> (level, what it means). One invalid fixture per id lives in tests/fixtures/invalid/.
TESTS: dict[str, tuple[int, str]] = {
    "unreadable-file": (1, "the file cannot be read or decoded as UTF-8 JSON"),
    "schema": (1, "the record does not satisfy its JSON Schema"),
    "offset-out-of-range": (2, "a span ends past the end of raw_text"),
    "offset-reversed": (2, "a span's start is not before its end"),
    "span-text-mismatch": (2, "a span's text differs from raw_text[start:end]"),
    "raw-not-nfc": (2, "raw_text is not in Unicode NFC"),
    "raw-crlf": (2, "raw_text contains \\r (line ends must be \\n)"),
    "raw-sha256-mismatch": (2, "raw_sha256 is not the SHA-256 of raw_text"),
    "duplicate-span-id": (3, "two spans or claims of one document share an id"),
    "duplicate-document-id": (3, "two documents share an id"),
    "file-name-not-id": (3, "a corpus file is not named <id>.json"),
    "dangling-entity-ref": (3, "a claim's source_entities names no entity of the document"),
    "unknown-document": (3, "a prediction names a document that is not in the corpus"),
    "boilerplate-overlap": (4, "two boilerplate spans overlap"),
    "entity-in-boilerplate": (4, "an entity overlaps boilerplate (entities are main content only)"),
    "claim-in-boilerplate": (4, "a claim part overlaps boilerplate (claims are main content only)"),
    "entity-overlap": (4, "two entity mentions overlap (annotate the longest only)"),
    "span-untrimmed": (4, "a span starts or ends with whitespace"),
    "claim-empty-content": (4, "a claim's content is only whitespace or punctuation"),
    "claim-source-kind": (4, "an unattributed claim has a source, or an attributed claim lacks one"),
    "claim-no-cue": (4, "a claim has no cue span"),
}


@dataclass
class Incident:
    level: int
    test_id: str
    path: str
    doc_id: str | None
    pointer: str
    message: str
    line: int | None = None

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.doc_id or '-'}: {self.pointer or '/'}: {self.message} [L{self.level} {self.test_id}]"


@dataclass
class Report:
    errors: list[Incident] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    records_checked: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": not self.errors,
            "records": self.records_checked,
            "errors": [asdict(e) for e in self.errors],
        }


@lru_cache(maxsize=2)
def _validator(name: str):
    import jsonschema

    from .corpus import schema_dir

    schema = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    # JSON Schema counts 3.0 as an integer; an offset must be a real int or slicing breaks downstream.
    strict_int = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, x: isinstance(x, int) and not isinstance(x, bool))
    cls = jsonschema.validators.extend(base, type_checker=strict_int)
    return cls(schema, format_checker=base.FORMAT_CHECKER)


def _pointer(parts: Iterable[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _schema_incidents(obj: Any, schema_name: str, path: str, line: int | None) -> list[Incident]:
    doc_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
    out = []
    # Sorting by path keeps the output stable; only the first few are useful anyway.
    errs = sorted(_validator(schema_name).iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))
    for err in errs[:20]:
        msg = err.message
        if len(msg) > 200:
            msg = msg[:200] + "…"
        out.append(Incident(1, "schema", path, doc_id if doc_id and _id_safe(doc_id) else None,
                            _pointer(err.absolute_path), msg, line))
    return out


def _id_safe(doc_id: str) -> bool:
    from .model import ID_RE

    return bool(ID_RE.match(doc_id))


# -- level 2 ---------------------------------------------------------------
def _iter_spans(d: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    for layer in ("boilerplate", "entities"):
        for i, s in enumerate(d.get(layer, [])):
            yield _pointer([layer, i]), s
    for i, c in enumerate(d.get("claims", [])):
        for role in CLAIM_ROLES:
            for j, s in enumerate(c.get(role, [])):
                yield _pointer(["claims", i, role, j]), s


def check_offsets(d: dict[str, Any], path: str, line: int | None = None) -> list[Incident]:
    out: list[Incident] = []
    doc_id = d["id"]
    raw = d["raw_text"]

    def add(test_id: str, pointer: str, msg: str) -> None:
        out.append(Incident(2, test_id, path, doc_id, pointer, msg, line))

    if "\r" in raw:
        add("raw-crlf", "/raw_text", f"contains \\r at character {raw.index(chr(13))}; line ends must be \\n")
    if not unicodedata.is_normalized("NFC", raw):
        first = next(i for i, ch in enumerate(raw) if not unicodedata.is_normalized("NFC", ch)
                     or unicodedata.normalize("NFC", raw[i:i + 2]) != raw[i:i + 2])
        add("raw-not-nfc", "/raw_text", f"not in Unicode NFC (first at character {first}); normalise with NFC")
    if d.get("raw_sha256") != sha256_text(raw):
        add("raw-sha256-mismatch", "/raw_sha256", f"expected {sha256_text(raw)}, got {d.get('raw_sha256')}")
    n = len(raw)
    for pointer, s in _iter_spans(d):
        start, end = s["start"], s["end"]
        if end > n:
            add("offset-out-of-range", pointer + "/end", f"end {end} is past the end of raw_text ({n} characters)")
        elif start >= end:
            add("offset-reversed", pointer, f"start {start} must be less than end {end}")
        elif "text" in s and s["text"] != raw[start:end]:
            add("span-text-mismatch", pointer + "/text",
                f"text {s['text']!r} differs from raw_text[{start}:{end}] = {raw[start:end]!r}")
    return out


# -- level 3 ---------------------------------------------------------------
def check_references(doc: Document, path: str, line: int | None = None) -> list[Incident]:
    out: list[Incident] = []
    seen: dict[str, str] = {}
    ids = ([("boilerplate", i, b.id) for i, b in enumerate(doc.boilerplate)]
           + [("entities", i, e.id) for i, e in enumerate(doc.entities)]
           + [("claims", i, c.id) for i, c in enumerate(doc.claims)])
    for layer, i, sid in ids:
        pointer = _pointer([layer, i, "id"])
        if sid in seen:
            out.append(Incident(3, "duplicate-span-id", path, doc.id, pointer,
                                f"id {sid!r} is already used at {seen[sid]}", line))
        else:
            seen[sid] = pointer
    entity_ids = {e.id for e in doc.entities}
    for i, c in enumerate(doc.claims):
        for j, ref in enumerate(c.source_entities):
            if ref not in entity_ids:
                out.append(Incident(3, "dangling-entity-ref", path, doc.id,
                                    _pointer(["claims", i, "source_entities", j]),
                                    f"entity {ref!r} does not exist in this document", line))
    return out


# -- level 4 ---------------------------------------------------------------
_STRIP_PUNCT = "\"'“”‘’「」『』.,;:!?…-—()[] \n\t"


def check_guidelines(doc: Document, path: str, line: int | None = None) -> list[Incident]:
    out: list[Incident] = []
    raw = doc.raw_text

    def add(test_id: str, pointer: str, msg: str) -> None:
        out.append(Incident(4, test_id, path, doc.id, pointer, msg, line))

    bps = sorted(enumerate(doc.boilerplate), key=lambda x: (x[1].start, x[1].end))
    for (i, a), (j, b) in zip(bps, bps[1:]):
        if b.start < a.end:
            add("boilerplate-overlap", _pointer(["boilerplate", j]),
                f"[{b.start},{b.end}) overlaps boilerplate {a.id} [{a.start},{a.end})")
    mask = doc.boilerplate_mask()

    def in_boilerplate(start: int, end: int) -> bool:
        return any(mask[start:end])

    def check_trim(pointer: str, start: int, end: int) -> None:
        if raw[start].isspace() or raw[end - 1].isspace():
            add("span-untrimmed", pointer, f"span {raw[start:end]!r} starts or ends with whitespace")

    for i, b in enumerate(doc.boilerplate):
        check_trim(_pointer(["boilerplate", i]), b.start, b.end)
    ents = sorted(enumerate(doc.entities), key=lambda x: (x[1].start, x[1].end))
    for (i, a), (j, b) in zip(ents, ents[1:]):
        if b.start < a.end:
            add("entity-overlap", _pointer(["entities", j]),
                f"{raw[b.start:b.end]!r} overlaps entity {a.id} {raw[a.start:a.end]!r}")
    for i, e in enumerate(doc.entities):
        pointer = _pointer(["entities", i])
        check_trim(pointer, e.start, e.end)
        if in_boilerplate(e.start, e.end):
            add("entity-in-boilerplate", pointer, f"entity {raw[e.start:e.end]!r} lies in boilerplate")
    for i, c in enumerate(doc.claims):
        for role in CLAIM_ROLES:
            for j, s in enumerate(c.parts(role)):
                pointer = _pointer(["claims", i, role, j])
                check_trim(pointer, s.start, s.end)
                if in_boilerplate(s.start, s.end):
                    add("claim-in-boilerplate", pointer, f"{role} {raw[s.start:s.end]!r} lies in boilerplate")
        if not any(raw[s.start:s.end].strip(_STRIP_PUNCT) for s in c.content):
            add("claim-empty-content", _pointer(["claims", i, "content"]), "content has no words")
        if c.kind == "unattributed" and c.source:
            add("claim-source-kind", _pointer(["claims", i, "source"]), "an unattributed claim has no source span")
        if c.kind != "unattributed" and not c.source:
            add("claim-source-kind", _pointer(["claims", i, "source"]), f"a {c.kind} claim needs a source span")
        if not c.cue:
            add("claim-no-cue", _pointer(["claims", i, "cue"]), "every claim needs a cue span")
    return out


# -- documents ---------------------------------------------------------------
def validate_document_dict(obj: Any, path: str, line: int | None = None) -> tuple[list[Incident], Document | None]:
    """Run all four levels on one document; stop at the first level that fails."""
    incidents = _schema_incidents(obj, "document.schema.json", path, line)
    if incidents:
        return incidents, None
    incidents = check_offsets(obj, path, line)
    if incidents:
        return incidents, None
    doc = Document.from_dict(obj)
    incidents = check_references(doc, path, line)
    if incidents:
        return incidents, doc
    return check_guidelines(doc, path, line), doc


def validate_paths(paths: Iterable[Path], *, corpus_mode: bool = False) -> Report:
    """Validate document files (.json: one document; .jsonl: one per line).

    In corpus mode the file name must equal the id, and ids are unique across files.
    """
    report = Report()
    first_seen: dict[str, str] = {}
    for p in paths:
        p = Path(p)
        try:
            if p.suffix == ".jsonl":
                records = list(iter_jsonl(p))
            else:
                records = [(None, read_json(p))]
        except InputError as e:
            report.errors.append(Incident(1, "unreadable-file", str(p), None, "", e.message, e.line))
            continue
        for line, obj in records:
            report.records_checked += 1
            incidents, doc = validate_document_dict(obj, str(p), line)
            report.errors.extend(incidents)
            if doc is None:
                continue
            if corpus_mode and p.name != f"{doc.id}.json":
                report.errors.append(Incident(3, "file-name-not-id", str(p), doc.id, "/id",
                                              f"file must be named {doc.id}.json", line))
            if doc.id in first_seen:
                report.errors.append(Incident(3, "duplicate-document-id", str(p), doc.id, "/id",
                                              f"id already used by {first_seen[doc.id]}", line))
            else:
                first_seen[doc.id] = str(p) if line is None else f"{p}:{line}"
            if not incidents:
                report.documents.append(doc)
    return report


# -- predictions -------------------------------------------------------------
def validate_prediction_records(records: Iterable[tuple[int, dict[str, Any]]], path: str,
                                documents: dict[str, Document] | None = None) -> list[Incident]:
    """Levels 1-3 for system output: schema, offsets (against raw_text or the record's text), ids."""
    out: list[Incident] = []
    seen: dict[str, int] = {}
    for line, rec in records:
        incidents = _schema_incidents(rec, "prediction.schema.json", path, line)
        if incidents:
            out.extend(incidents)
            continue
        doc_id = rec["id"]
        if "text" in rec and "boilerplate" in rec and "entities" not in rec and "claims" not in rec:
            # With extractor output, "text" is the base of its offsets; alone, the two would be two
            # competing cleaner outputs.
            out.append(Incident(1, "schema", path, doc_id, "/boilerplate",
                                "give a cleaner's output as 'text' or as 'boilerplate' spans over raw_text, "
                                "not both", line))
            continue
        if doc_id in seen:
            out.append(Incident(3, "duplicate-document-id", path, doc_id, "/id",
                                f"a record for this id is already at line {seen[doc_id]}", line))
            continue
        seen[doc_id] = line
        doc = None
        if documents is not None:
            doc = documents.get(doc_id)
            if doc is None:
                out.append(Incident(3, "unknown-document", path, doc_id, "/id",
                                    "no document with this id in the gold set (wrong split or file?)", line))
                continue
        if "text" in rec:
            base, base_name = rec["text"], "text"
        elif doc is not None:
            base, base_name = doc.raw_text, "raw_text"
        else:
            base, base_name = None, ""
        if base is None:
            continue
        spans = [(_pointer(["boilerplate", i]), s) for i, s in enumerate(rec.get("boilerplate", []))]
        spans += [(_pointer(["entities", i]), s) for i, s in enumerate(rec.get("entities", []))]
        for i, c in enumerate(rec.get("claims", [])):
            for role in CLAIM_ROLES:
                spans += [(_pointer(["claims", i, role, j]), s) for j, s in enumerate(c.get(role, []))]
        for pointer, s in spans:
            start, end = s["start"], s["end"]
            if end > len(base):
                out.append(Incident(2, "offset-out-of-range", path, doc_id, pointer + "/end",
                                    f"end {end} is past the end of {base_name} ({len(base)} characters)", line))
            elif start >= end:
                out.append(Incident(2, "offset-reversed", path, doc_id, pointer,
                                    f"start {start} must be less than end {end}", line))
            elif "text" in s and s["text"] != base[start:end]:
                out.append(Incident(2, "span-text-mismatch", path, doc_id, pointer + "/text",
                                    f"text {s['text']!r} differs from {base_name}[{start}:{end}]", line))
    return out


def render(report: Report, *, limit: int = 200) -> str:
    lines = [e.render() for e in report.errors[:limit]]
    if len(report.errors) > limit:
        lines.append(f"... {len(report.errors) - limit} more errors")
    return "\n".join(lines)
