"""The authoring format: annotate a page inline, compile to canonical JSON.

Nobody should count offsets by hand. An authoring file (``annotation/sources/<id>.txt``)
is a header, a line ``===``, then the page text with inline marks; compiling
strips the marks, computes every offset from the result and checks it.

Header (``key: value`` lines)::

    id, lang, split, origin, publisher, site, layout, url (or null), license,
    redistributable (true/false), guidelines, annotators (comma-separated),
    status, title (optional)

Marks in the body:

- ``@LABEL `` at the start of a line: the whole line (trimmed) is one
  boilerplate span of class LABEL (``@related - 헤드라인 …``).
- ``{{bp:LABEL|text}}``: a boilerplate span inside a line.
- ``[[text|TYPE]]`` or ``[[text|TYPE|key]]``: an entity mention (PS LC OG DT TI QT);
  the optional key lets a claim link to it by name.
- ``{{content:ID|text}}``, ``{{source:ID|text}}``, ``{{cue:ID|text}}``: parts of
  claim ID; any part may name the kind and explicit source links:
  ``{{cue:c1:direct|말했다}}``, ``{{source:c2:indirect@kim|그는}}``. People and
  organisations inside a claim's source spans (and an entity that is the whole source) are linked
  automatically.

Marks nest (an entity inside a source inside another claim's content). The
body's last newline is dropped: raw text never ends in one unless the header
says ``trailing_newline: true``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .io import InputError, atomic_write_text, dumps_document
from .model import (BOILERPLATE_LABELS, CLAIM_KINDS, CLAIM_ROLES, ENTITY_LABELS, GUIDELINES_VERSION, Annotation, Claim,
                    Document, LabeledSpan, Source, Span)

SEPARATOR = "==="
_ENTITY_RE = re.compile(r"\[\[([^\[\]{}|]+)\|([A-Z]{2})(?:\|([a-z0-9_-]+))?\]\]")
_LINE_BP_RE = re.compile(r"^@([a-z]+) ")
# Private-use characters stand in for the opening/closing of a mark while parsing.
_OPEN, _CLOSE = "\ue000", "\ue001"


@dataclass
class _Open:
    head: str
    start: int


@dataclass
class _ClaimDraft:
    kind: str | None = None
    parts: dict[str, list[Span]] = field(default_factory=lambda: {r: [] for r in CLAIM_ROLES})
    links: list[str] = field(default_factory=list)
    first: int = 0


def _parse_header(path: Path, lines: list[str]) -> dict[str, str]:
    header: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if ":" not in line:
            raise InputError(path, f"header line is not 'key: value': {line!r}", line=n)
        k, v = line.split(":", 1)
        header[k.strip()] = v.strip()
    for key in ("id", "lang", "split", "origin", "publisher", "site", "layout", "license", "redistributable"):
        if key not in header:
            raise InputError(path, f"header lacks {key!r}")
    return header


def compile_source(path: str | Path, text: str | None = None) -> Document:
    """Compile one authoring file to a :class:`Document` (not yet validated)."""
    path = Path(path)
    if text is None:
        from .io import _decode, open_binary

        with open_binary(path) as fh:
            data = fh.read()
        text = _decode(path, data)  # refuses a byte-order mark and invalid UTF-8 in one line
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    try:
        sep = lines.index(SEPARATOR)
    except ValueError:
        raise InputError(path, f"no '{SEPARATOR}' line between header and text") from None
    header = _parse_header(path, lines[:sep])
    body_lines = lines[sep + 1:]
    if header.get("trailing_newline", "false") != "true":
        while body_lines and body_lines[-1] == "":
            body_lines.pop()
    header_len = sep + 1

    out: list[str] = []
    pos = 0
    boilerplate: list[LabeledSpan] = []
    entities: list[LabeledSpan] = []
    entity_keys: dict[str, str] = {}
    claims: dict[str, _ClaimDraft] = {}
    stack: list[_Open] = []

    def err(lineno: int, msg: str) -> InputError:
        return InputError(path, msg, line=header_len + lineno)

    for lineno, line in enumerate(body_lines, 1):
        line_label = None
        m = _LINE_BP_RE.match(line)
        if m and m.group(1) in BOILERPLATE_LABELS:
            line_label = m.group(1)
            line = line[m.end():]
        # Entities become head-first marks so one stack parser handles everything.
        line = _ENTITY_RE.sub(lambda e: f"{_OPEN}ent:{e.group(2)}:{e.group(3) or ''}|{e.group(1)}{_CLOSE}", line)
        line = line.replace("{{", _OPEN).replace("}}", _CLOSE)
        if "[[" in line or "]]" in line:
            raise err(lineno, "malformed entity mark (expected [[text|TYPE]] with TYPE in "
                              f"{', '.join(ENTITY_LABELS)})")
        line_start = pos
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == _OPEN:
                bar = line.find("|", i)
                if bar < 0:
                    raise err(lineno, "mark without '|' after its head")
                stack.append(_Open(line[i + 1:bar], pos))
                i = bar + 1
            elif ch == _CLOSE:
                if not stack:
                    raise err(lineno, "'}}' closes nothing")
                op = stack.pop()
                _close_mark(op, pos, lineno, err, boilerplate, entities, entity_keys, claims)
                i += 1
            else:
                out.append(ch)
                pos += 1
                i += 1
        if line_label:
            seg = "".join(out)[line_start:pos]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            if pos - trail > line_start + lead:
                boilerplate.append(LabeledSpan("", line_start + lead, pos - trail, line_label))
        if lineno < len(body_lines):
            out.append("\n")
            pos += 1
    if stack:
        raise InputError(path, f"mark {stack[-1].head!r} is never closed")
    raw = "".join(out)

    boilerplate.sort(key=lambda s: (s.start, s.end))
    for n, b in enumerate(boilerplate, 1):
        b.id = f"b{n}"
    # Until renumbered here, an entity's id holds its optional key.
    entities.sort(key=lambda s: (s.start, s.end))
    id_of_key: dict[str, str] = {}
    for n, e in enumerate(entities, 1):
        key = e.id
        e.id = f"e{n}"
        if key:
            if key in id_of_key:
                raise InputError(path, f"entity key {key!r} is used twice")
            id_of_key[key] = e.id

    built: list[Claim] = []
    for cid, draft in sorted(claims.items(), key=lambda kv: kv[1].first):
        if draft.kind is None:
            raise InputError(path, f"claim {cid!r} names no kind (e.g. {{{{cue:{cid}:direct|…}}}})")
        links: list[str] = []
        for key in draft.links:
            if key not in id_of_key:
                raise InputError(path, f"claim {cid!r} links to unknown entity key {key!r}")
            links.append(id_of_key[key])
        for s in draft.parts["source"]:
            for e in entities:
                if s.start <= e.start and e.end <= s.end and e.id not in links and _names_source(e, s):
                    links.append(e.id)
        built.append(Claim(
            id=cid, kind=draft.kind,
            content=sorted(draft.parts["content"]), source=sorted(draft.parts["source"]),
            cue=sorted(draft.parts["cue"]), source_entities=links,
        ))

    return Document(
        id=header["id"], lang=header["lang"], split=header["split"], origin=header["origin"],
        title=header.get("title") or None,
        source=Source(
            publisher=header["publisher"], site=header["site"], layout=header["layout"],
            url=None if header.get("url", "null") in ("", "null") else header["url"],
            license=header["license"], redistributable=header["redistributable"].lower() == "true",
        ),
        annotation=Annotation(
            guidelines=header.get("guidelines", GUIDELINES_VERSION),
            annotators=[a.strip() for a in header.get("annotators", "").split(",") if a.strip()],
            status=header.get("status", "single"),
        ),
        raw_text=raw, boilerplate=boilerplate, entities=entities, claims=built,
    )


def _names_source(entity: LabeledSpan, source: Span) -> bool:
    """Whether an entity inside a source span names the source (and so is linked automatically).

    People and organisations do; a place, date or number in a descriptor ("a lender based in Hamburg")
    does not, unless it is the whole source ("China said …").
    """
    return entity.label in ("PS", "OG") or (entity.start, entity.end) == (source.start, source.end)


def _close_mark(op: _Open, end: int, lineno: int, err, boilerplate, entities, entity_keys, claims) -> None:
    head = op.head
    if op.start >= end:
        raise err(lineno, f"mark {head!r} is empty")
    kind_part, _, rest = head.partition(":")
    if kind_part == "ent":
        label, _, key = rest.partition(":")
        if label not in ENTITY_LABELS:
            raise err(lineno, f"unknown entity type {label!r}")
        entities.append(LabeledSpan(key, op.start, end, label))
        return
    if kind_part == "bp":
        if rest not in BOILERPLATE_LABELS:
            raise err(lineno, f"unknown boilerplate class {rest!r} (one of {', '.join(BOILERPLATE_LABELS)})")
        boilerplate.append(LabeledSpan("", op.start, end, rest))
        return
    if kind_part not in CLAIM_ROLES:
        raise err(lineno, f"unknown mark {head!r} (expected bp, content, source or cue)")
    spec, _, links = rest.partition("@")
    cid, _, kind = spec.partition(":")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", cid):
        raise err(lineno, f"bad claim id {cid!r}")
    draft = claims.setdefault(cid, _ClaimDraft(first=op.start))
    draft.first = min(draft.first, op.start)
    if kind:
        if kind not in CLAIM_KINDS:
            raise err(lineno, f"unknown claim kind {kind!r} (one of {', '.join(CLAIM_KINDS)})")
        if draft.kind and draft.kind != kind:
            raise err(lineno, f"claim {cid!r} is both {draft.kind} and {kind}")
        draft.kind = kind
    if links:
        draft.links.extend(k for k in links.split(",") if k and k not in draft.links)
    draft.parts[kind_part].append(Span(op.start, end))


def compile_paths(paths: list[Path], out_dir: Path) -> list[Path]:
    """Compile authoring files, validate each at every level, then write them atomically."""
    from .validate import validate_document_dict

    docs = []
    for p in paths:
        doc = compile_source(p)
        d = doc.to_dict()
        incidents, _ = validate_document_dict(d, str(p))
        if incidents:
            raise InputError(p, "; ".join(f"{i.pointer}: {i.message} [{i.test_id}]" for i in incidents[:5]),
                             doc_id=doc.id)
        if p.stem != doc.id:
            raise InputError(p, f"authoring file must be named {doc.id}.txt", doc_id=doc.id)
        docs.append(d)
    written = []
    for d in docs:
        target = out_dir / f"{d['id']}.json"
        atomic_write_text(target, dumps_document(d))
        written.append(target)
    return written


def decompile(doc: Document) -> str:
    """Write a document back in the authoring format (compile(decompile(d)) == d up to ids)."""
    raw = doc.raw_text
    # (position, order, text): closes before opens at one position, outer opens first.
    events: list[tuple[int, int, int, str]] = []
    line_bp: dict[int, str] = {}
    line_starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]
    line_of = {}
    for n, s in enumerate(line_starts):
        end = raw.find("\n", s)
        line_of[s] = end if end >= 0 else len(raw)
    for b in doc.boilerplate:
        ls = raw.rfind("\n", 0, b.start) + 1
        le = line_of[ls]
        if raw[ls:b.start].strip() == "" and raw[b.end:le].strip() == "" and ls not in line_bp:
            line_bp[ls] = b.label
        else:
            events.append((b.start, 1, -(b.end - b.start), "{{bp:" + b.label + "|"))
            events.append((b.end, 0, -(b.end - b.start), "}}"))
    ekey = {}
    for c in doc.claims:
        for role in CLAIM_ROLES:
            for k, s in enumerate(c.parts(role)):
                head = f"{role}:{c.id}"
                if role == "cue" and k == 0:
                    head += f":{c.kind}"
                if role == "source" and k == 0:
                    auto = {e.id for e in doc.entities for src in c.source
                            if src.start <= e.start and e.end <= src.end and _names_source(e, src)}
                    extra = [x for x in c.source_entities if x not in auto]
                    if extra:
                        head += "@" + ",".join(extra)
                        for x in extra:
                            ekey[x] = x
                events.append((s.start, 1, -(s.end - s.start), "{{" + head + "|"))
                events.append((s.end, 0, -(s.end - s.start), "}}"))
    for e in doc.entities:
        key = f"|{e.id}" if e.id in ekey else ""
        events.append((e.start, 2, 0, "[["))
        events.append((e.end, 0, 1, f"|{e.label}{key}]]"))
    events.sort(key=lambda x: (x[0], x[1], x[2] if x[1] else -x[2]))
    out = []
    pos = 0
    for at, _, _, mark in events:
        out.append(raw[pos:at])
        out.append(mark)
        pos = at
    out.append(raw[pos:])
    body = "".join(out)
    body_lines = body.split("\n")
    for n, s in enumerate(line_starts):
        if s in line_bp:
            body_lines[n] = f"@{line_bp[s]} " + body_lines[n]
    src = doc.source
    header = [
        f"id: {doc.id}", f"lang: {doc.lang}", f"split: {doc.split}", f"origin: {doc.origin}",
        *( [f"title: {doc.title}"] if doc.title else [] ),
        f"publisher: {src.publisher}", f"site: {src.site}", f"layout: {src.layout}",
        f"url: {src.url or 'null'}", f"license: {src.license}",
        f"redistributable: {'true' if src.redistributable else 'false'}",
        f"guidelines: {doc.annotation.guidelines}", f"annotators: {', '.join(doc.annotation.annotators)}",
        f"status: {doc.annotation.status}",
    ]
    if raw.endswith("\n"):
        header.append("trailing_newline: true")
    return "\n".join(header) + "\n" + SEPARATOR + "\n" + "\n".join(body_lines) + "\n"
