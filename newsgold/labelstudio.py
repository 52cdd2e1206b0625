"""Label Studio converters: documents -> tasks, Label Studio JSON export -> documents.

Pure functions over plain data, through the one document model; the server
I/O lives in :mod:`newsgold.lsclient`. The labeling interface is
``annotation/labelstudio/config.xml`` and the names below must match it:

- ``<Text name="text" value="$text" granularity="symbol">``: region offsets are
  code points into ``data.text`` (= raw_text), the same offsets as ours.
- ``<Labels name="boilerplate">`` (boilerplate classes), ``<Labels name="entity">``
  (KLUE types), ``<Labels name="claim">`` (content / source / cue).
- ``<Choices name="kind" perRegion="true">`` on content regions: the claim kind.
- ``<Relations>``: ``source_of`` (source -> content), ``cue_of`` (cue -> content),
  ``continues`` (content -> next content of one split quote) and ``names``
  (source -> the entity it names).

A claim is rebuilt from relations, not from ids: content regions joined by a
relation form one claim (discontinuous content stays one claim), and every
source or cue related to one of them belongs to it. The *meaning* of a relation
comes from the two regions it joins (content-content, source-content,
cue-content, source-entity), so a reversed arrow or a missing relation label is
harmless; a relation between any other pair is an error.

Region ids carry our span ids (``bp_b3``, ``ent_e12``, ``clm_c4_content_0``) so
that ids survive a round trip; regions drawn by annotators (random Label Studio
ids) get the next free id of their layer. Import sorts spans as the authoring
compiler does (by offsets, stable), so a corpus document comes back unchanged.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .io import InputError
from .model import (BOILERPLATE_LABELS, CLAIM_KINDS, CLAIM_ROLES, ENTITY_LABELS, GUIDELINES_VERSION, Annotation,
                    Claim, Document,
                    LabeledSpan, Source, Span, sha256_text)

TEXT = "text"                 # the <Text> object tag
FROM_BOILERPLATE = "boilerplate"
FROM_ENTITY = "entity"
FROM_CLAIM = "claim"
FROM_KIND = "kind"
REL_SOURCE, REL_CUE, REL_CONTINUES, REL_NAMES = "source_of", "cue_of", "continues", "names"
RELATION_LABELS = (REL_SOURCE, REL_CUE, REL_CONTINUES, REL_NAMES)
LABELS_OF = {FROM_BOILERPLATE: BOILERPLATE_LABELS, FROM_ENTITY: ENTITY_LABELS, FROM_CLAIM: CLAIM_ROLES}
# Region-id prefixes per layer; the underscore cannot occur in our ids, so parsing is unambiguous.
PREFIX = {FROM_BOILERPLATE: "bp_", FROM_ENTITY: "ent_", FROM_CLAIM: "clm_"}
# Letters for fresh ids of regions drawn in Label Studio.
FRESH = {FROM_BOILERPLATE: "b", FROM_ENTITY: "e", "claims": "c"}
GOLD = "gold"
# Task data key holding the document's metadata (everything but raw_text and the layers).
META_KEY = "newsgold"
_SPAN_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


# -- documents -> tasks -------------------------------------------------------
def document_metadata(doc: Document) -> dict[str, Any]:
    d = doc.to_dict(with_text=False)
    for k in ("raw_text", "boilerplate", "entities", "claims"):
        d.pop(k)
    return d


def document_result(doc: Document) -> list[dict[str, Any]]:
    """The three layers of ``doc`` as one Label Studio result list (regions, kinds, relations)."""
    raw = doc.raw_text
    out: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []

    def region(rid: str, from_name: str, start: int, end: int, label: str) -> None:
        out.append({"id": rid, "from_name": from_name, "to_name": TEXT, "type": "labels",
                    "value": {"start": start, "end": end, "text": raw[start:end], "labels": [label]}})

    def relation(a: str, b: str, label: str) -> None:
        relations.append({"type": "relation", "from_id": a, "to_id": b, "direction": "right", "labels": [label]})

    for b in doc.boilerplate:
        region(PREFIX[FROM_BOILERPLATE] + b.id, FROM_BOILERPLATE, b.start, b.end, b.label)
    entity_rid = {}
    entity_by_id = {}
    for e in doc.entities:
        entity_rid[e.id] = PREFIX[FROM_ENTITY] + e.id
        entity_by_id[e.id] = e
        region(entity_rid[e.id], FROM_ENTITY, e.start, e.end, e.label)
    for c in doc.claims:
        rids: dict[str, list[str]] = {}
        for role in CLAIM_ROLES:
            rids[role] = []
            for j, s in enumerate(c.parts(role)):
                rid = f"{PREFIX[FROM_CLAIM]}{c.id}_{role}_{j}"
                rids[role].append(rid)
                region(rid, FROM_CLAIM, s.start, s.end, role)
                if role == "content":
                    out.append({"id": rid, "from_name": FROM_KIND, "to_name": TEXT, "type": "choices",
                                "value": {"start": s.start, "end": s.end, "text": raw[s.start:s.end],
                                          "choices": [c.kind]}})
        if not rids["content"]:
            raise InputError(None, f"claim {c.id!r} has no content span", doc_id=doc.id)
        first = rids["content"][0]
        for a, b in zip(rids["content"], rids["content"][1:]):
            relation(a, b, REL_CONTINUES)
        for rid in rids["source"]:
            relation(rid, first, REL_SOURCE)
        for rid in rids["cue"]:
            relation(rid, first, REL_CUE)
        for ent_id in c.source_entities:
            if not rids["source"]:
                raise InputError(None, f"claim {c.id!r} links entity {ent_id!r} but has no source span to link "
                                       "it from", doc_id=doc.id)
            if ent_id not in entity_by_id:
                raise InputError(None, f"claim {c.id!r} links unknown entity {ent_id!r}", doc_id=doc.id)
            e = entity_by_id[ent_id]
            # Link from the source span that contains the entity, else from the first one (pronouns).
            holder = next((rid for rid, s in zip(rids["source"], c.source) if s.start <= e.start and e.end <= s.end),
                          rids["source"][0])
            relation(holder, entity_rid[ent_id], REL_NAMES)
    return out + relations


def document_from_record(doc: Document, record: dict[str, Any]) -> Document:
    """A copy of ``doc`` whose layers are a system's prediction record (offsets into raw_text).

    Layers the record does not predict stay empty; ids are assigned as the compiler would.
    """
    if "text" in record and record["text"] != doc.raw_text:
        raise InputError(None, "the prediction's offsets refer to its own cleaned text, not to raw_text; "
                               "only span-producing systems can pre-annotate Label Studio tasks", doc_id=doc.id)
    pred = copy.deepcopy(doc)
    pred.boilerplate = sorted((LabeledSpan("", s["start"], s["end"], s.get("label", "")) for s in
                               record.get("boilerplate", [])), key=lambda s: (s.start, s.end))
    if any(not b.label for b in pred.boilerplate):
        raise InputError(None, "predicted boilerplate spans need a class label to pre-annotate", doc_id=doc.id)
    for n, b in enumerate(pred.boilerplate, 1):
        b.id = f"b{n}"
    ents = sorted(((s.get("id"), LabeledSpan("", s["start"], s["end"], s["label"])) for s in
                   record.get("entities", [])), key=lambda x: (x[1].start, x[1].end))
    old_to_new = {}
    for n, (old, e) in enumerate(ents, 1):
        e.id = f"e{n}"
        if old:
            old_to_new[old] = e.id
    pred.entities = [e for _, e in ents]
    claims = []
    for c in record.get("claims", []):
        parts = {r: sorted(Span(s["start"], s["end"]) for s in c.get(r, [])) for r in CLAIM_ROLES}
        links = [old_to_new[x] for x in c.get("source_entities", []) if x in old_to_new]
        if not links:
            links = [e.id for e in pred.entities for s in parts["source"] if s.start <= e.start and e.end <= s.end]
        claims.append(Claim("", c["kind"], parts["content"], parts["source"], parts["cue"], links))
    claims.sort(key=lambda c: min(s.start for r in CLAIM_ROLES for s in c.parts(r)))
    for n, c in enumerate(claims, 1):
        c.id = f"c{n}"
    pred.claims = claims
    return pred


def document_to_task(doc: Document, predictions: Iterable[tuple[str, Document]] = ()) -> dict[str, Any]:
    """One Label Studio task: ``data.text`` = raw_text, metadata under ``data.newsgold``.

    ``predictions`` are ``(model_version, document)`` pairs whose layers become pre-annotations.
    """
    task: dict[str, Any] = {"data": {TEXT: doc.raw_text, "doc_id": doc.id, META_KEY: document_metadata(doc)}}
    preds = [{"model_version": mv, "result": document_result(p)} for mv, p in predictions]
    if preds:
        task["predictions"] = preds
    return task


def gold_task(doc: Document) -> dict[str, Any]:
    return document_to_task(doc, [(GOLD, doc)])


# -- export -> documents -------------------------------------------------------
@dataclass
class _Region:
    rid: str
    layer: str          # boilerplate | entity | claim
    label: str
    start: int
    end: int
    order: int
    kinds: list[str] = field(default_factory=list)


class _Err:
    """Builds InputErrors that name the export file, the task and the document."""

    def __init__(self, path: Any, task_index: int, task: dict[str, Any]):
        self.path = path
        self.where = f"task {task.get('id', '#' + str(task_index))}"
        data = task.get("data") if isinstance(task.get("data"), dict) else {}
        self.doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) else None

    def __call__(self, message: str, pointer: str | None = None) -> InputError:
        return InputError(self.path, f"{self.where}: {message}", doc_id=self.doc_id, pointer=pointer)


def choose_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The annotation to import: not cancelled; a ground-truth one first, else the latest updated."""
    anns = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not anns:
        return None
    return max(anns, key=lambda a: (bool(a.get("ground_truth")), str(a.get("updated_at") or ""),
                                    a.get("id") if isinstance(a.get("id"), int) else 0))


def _fresh_ids(prefix: str, used: set[str]):
    n = 1
    while True:
        cand = f"{prefix}{n}"
        if cand not in used:
            used.add(cand)
            yield cand
        n += 1


def _list(value: Any) -> list[Any]:
    """A result field that should be a list; anything else (a hand-edited export) counts as a 1-item list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def result_to_layers(raw: str, result: list[Any], err) -> tuple[list[LabeledSpan], list[LabeledSpan], list[Claim]]:
    """Rebuild boilerplate, entities and claims from one Label Studio result list."""
    if not isinstance(result, list):
        raise err("annotation result is not a list", "/result")
    regions: dict[str, _Region] = {}
    kinds: dict[str, list[str]] = {}
    relations: list[tuple[int, str, str]] = []
    for i, item in enumerate(result):
        ptr = f"/result/{i}"
        if not isinstance(item, dict):
            raise err("result item is not an object", ptr)
        typ = item.get("type")
        if typ == "relation":
            a, b = item.get("from_id"), item.get("to_id")
            if not isinstance(a, str) or not isinstance(b, str):
                raise err("relation lacks from_id/to_id", ptr)
            labels = _list(item.get("labels"))
            if any(lab not in RELATION_LABELS for lab in labels):
                raise err(f"unknown relation label in {labels!r}; expected one of {', '.join(RELATION_LABELS)}", ptr)
            relations.append((i, a, b))
            continue
        from_name, rid, value = item.get("from_name"), item.get("id"), item.get("value")
        if not isinstance(rid, str) or not rid:
            raise err("result item has no region id", ptr)
        if item.get("to_name", TEXT) != TEXT:
            raise err(f"result item points at {item.get('to_name')!r}, expected {TEXT!r}", ptr)
        if not isinstance(value, dict):
            raise err("result item has no value object", ptr)
        if typ == "choices" and from_name == FROM_KIND:
            choices = _list(value.get("choices"))
            if len(choices) != 1 or choices[0] not in CLAIM_KINDS:
                raise err(f"claim kind must be one of {', '.join(CLAIM_KINDS)}, got {choices!r}", ptr + "/value")
            kinds.setdefault(rid, []).append(choices[0])
            continue
        if typ != "labels" or not isinstance(from_name, str) or from_name not in LABELS_OF:
            raise err(f"unexpected result item (type {typ!r}, from_name {from_name!r}); is the project using "
                      "annotation/labelstudio/config.xml?", ptr)
        labels = _list(value.get("labels"))
        if len(labels) != 1 or labels[0] not in LABELS_OF[from_name]:
            raise err(f"a {from_name} region needs exactly one of {', '.join(LABELS_OF[from_name])}, "
                      f"got {labels!r}", ptr + "/value/labels")
        start, end = value.get("start"), value.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) \
                or isinstance(end, bool):
            raise err("region offsets must be integers (is the Text tag's granularity 'symbol'?)", ptr + "/value")
        if not 0 <= start < end <= len(raw):
            raise err(f"region [{start},{end}) lies outside the text ({len(raw)} characters)", ptr + "/value")
        if "text" in value and value["text"] != raw[start:end]:
            raise err(f"region text {value['text']!r} differs from the page text at [{start},{end}) "
                      f"{raw[start:end]!r}", ptr + "/value/text")
        if rid in regions:
            other = regions[rid]
            raise err(f"region {rid!r} has two labels ({other.layer}:{other.label} and {from_name}:{labels[0]}); "
                      "give each region one label", ptr)
        regions[rid] = _Region(rid, from_name, labels[0], start, end, i)
    for rid, ks in kinds.items():
        if rid not in regions:
            raise err(f"a claim kind is attached to region {rid!r}, which does not exist")
        regions[rid].kinds.extend(ks)

    def describe(r: _Region) -> str:
        return f"{r.label} {raw[r.start:r.end]!r} [{r.start},{r.end})"

    for rid, r in regions.items():
        if r.kinds and not (r.layer == FROM_CLAIM):
            raise err(f"claim kind set on {describe(r)}, which is not a claim part")

    # -- ids for boilerplate and entities: keep ours, number new ones after them
    used: set[str] = set()

    def kept_id(r: _Region) -> str | None:
        rest = r.rid[len(PREFIX[r.layer]):] if r.rid.startswith(PREFIX[r.layer]) else None
        if r.layer == FROM_CLAIM:
            rest = rest.split("_")[0] if rest else None
        if rest and _SPAN_ID_RE.match(rest):
            return rest
        return None

    by_layer = {layer: sorted((r for r in regions.values() if r.layer == layer), key=lambda r: (r.start, r.end))
                for layer in LABELS_OF}
    span_ids: dict[str, str] = {}
    for layer in (FROM_BOILERPLATE, FROM_ENTITY):
        for r in by_layer[layer]:
            k = kept_id(r)
            if k and k not in used:
                used.add(k)
                span_ids[r.rid] = k

    # -- claims: union content regions, attach sources and cues
    parent: dict[str, str] = {r.rid: r.rid for r in by_layer[FROM_CLAIM] if r.label == "content"}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    attached: dict[str, list[str]] = {}      # source/cue rid -> content rids
    names: list[tuple[str, str]] = []        # (source rid, entity rid), in relation order
    for i, a, b in relations:
        ptr = f"/result/{i}"
        for x in (a, b):
            if x not in regions:
                raise err(f"relation refers to region {x!r}, which does not exist", ptr)
        ra, rb = regions[a], regions[b]
        role = {r.rid: (r.label if r.layer == FROM_CLAIM else r.layer) for r in (ra, rb)}
        pair = {role[a], role[b]}
        if pair == {"content"}:
            if a != b:
                parent[find(a)] = find(b)
        elif pair in ({"source", "content"}, {"cue", "content"}):
            part, content = (a, b) if role[b] == "content" else (b, a)
            attached.setdefault(part, []).append(content)
        elif pair == {"source", FROM_ENTITY}:
            src, ent = (a, b) if role[a] == "source" else (b, a)
            names.append((src, ent))
        else:
            raise err(f"a relation between {describe(ra)} and {describe(rb)} has no meaning; relations join "
                      "source/cue -> content, content -> content (one split claim) and source -> entity", ptr)

    groups: dict[str, list[str]] = {}
    for rid in parent:
        groups.setdefault(find(rid), []).append(rid)
    members: dict[str, dict[str, list[str]]] = {g: {"content": list(m), "source": [], "cue": []}
                                                for g, m in groups.items()}
    for r in by_layer[FROM_CLAIM]:
        if r.label == "content":
            continue
        targets = attached.get(r.rid, [])
        if not targets:
            raise err(f"{describe(r)} is not related to any content; draw a relation "
                      f"{r.label} -> content ({REL_SOURCE if r.label == 'source' else REL_CUE})")
        for g in dict.fromkeys(find(t) for t in targets):
            members[g][r.label].append(r.rid)

    def first_pos(g: str) -> tuple[int, int]:
        return min((regions[x].start, regions[x].order) for role in CLAIM_ROLES for x in members[g][role])

    claims: list[tuple[str, Claim]] = []
    for g in sorted(members, key=first_pos):
        m = members[g]
        ks = list(dict.fromkeys(k for role in CLAIM_ROLES for x in m[role] for k in regions[x].kinds))
        content_desc = "; ".join(describe(regions[x]) for x in sorted(m["content"], key=lambda x: regions[x].start))
        if not ks:
            raise err(f"claim with content {content_desc} has no kind; select its content and choose one")
        if len(ks) > 1:
            raise err(f"claim with content {content_desc} has conflicting kinds {ks}")
        links: list[str] = []
        srcs = set(m["source"])
        for src, ent in names:
            if src in srcs and ent not in links:
                links.append(ent)
        claims.append((g, Claim("", ks[0],
                                content=sorted(Span(regions[x].start, regions[x].end) for x in m["content"]),
                                source=sorted(Span(regions[x].start, regions[x].end) for x in m["source"]),
                                cue=sorted(Span(regions[x].start, regions[x].end) for x in m["cue"]),
                                source_entities=links)))
    # Claim ids: the id carried by its content regions (in text order), unless taken.
    for g, c in claims:
        for x in sorted(members[g]["content"], key=lambda x: (regions[x].start, regions[x].end)):
            k = kept_id(regions[x])
            if k and k not in used:
                used.add(k)
                c.id = k
                break
    fresh_claim = _fresh_ids(FRESH["claims"], used)
    fresh = {layer: _fresh_ids(FRESH[layer], used) for layer in (FROM_BOILERPLATE, FROM_ENTITY)}
    for layer in (FROM_BOILERPLATE, FROM_ENTITY):
        for r in by_layer[layer]:
            if r.rid not in span_ids:
                span_ids[r.rid] = next(fresh[layer])
    for _, c in claims:
        if not c.id:
            c.id = next(fresh_claim)
        c.source_entities = [span_ids[rid] for rid in c.source_entities]

    boilerplate = [LabeledSpan(span_ids[r.rid], r.start, r.end, r.label) for r in by_layer[FROM_BOILERPLATE]]
    entities = [LabeledSpan(span_ids[r.rid], r.start, r.end, r.label) for r in by_layer[FROM_ENTITY]]
    return boilerplate, entities, [c for _, c in claims]


def task_to_document(task: dict[str, Any], result: list[Any], err) -> Document:
    """Rebuild a document from a task's data (text + metadata) and one result list (not validated)."""
    data = task.get("data")
    if not isinstance(data, dict):
        raise err("task has no data object", "/data")
    raw, meta = data.get(TEXT), data.get(META_KEY)
    if not isinstance(raw, str) or not raw:
        raise err(f"task data has no {TEXT!r} string", f"/data/{TEXT}")
    if not isinstance(meta, dict):
        raise err(f"task data has no {META_KEY!r} metadata; was it made by 'newsgold ls export-tasks' or "
                  "'newsgold ls push'?", f"/data/{META_KEY}")
    if "doc_id" in data and data["doc_id"] != meta.get("id"):
        raise err(f"task data names document {data['doc_id']!r} but its metadata is for {meta.get('id')!r}",
                  "/data/doc_id")
    if "raw_sha256" in meta and meta["raw_sha256"] != sha256_text(raw):
        raise err("the task's text was changed in Label Studio (its SHA-256 differs from the document's); "
                  "the text must not be edited", f"/data/{TEXT}")
    boilerplate, entities, claims = result_to_layers(raw, result, err)
    for key in ("source", "annotation"):
        if key in meta and not isinstance(meta[key], dict) and not (key == "annotation" and meta[key] is None):
            raise err(f"task metadata field {key!r} is not an object", f"/data/{META_KEY}/{key}")
    try:
        src, ann = meta["source"], meta.get("annotation") or {}
        return Document(
            id=meta["id"], lang=meta["lang"], split=meta["split"], origin=meta["origin"], title=meta.get("title"),
            source=Source(publisher=src["publisher"], site=src["site"], layout=src["layout"], url=src.get("url"),
                          license=src["license"], redistributable=src["redistributable"]),
            annotation=Annotation(guidelines=ann.get("guidelines", GUIDELINES_VERSION),
                                  annotators=list(ann.get("annotators", [])), status=ann.get("status", "draft")),
            raw_text=raw, boilerplate=boilerplate, entities=entities, claims=claims,
        )
    except KeyError as e:
        raise err(f"task metadata lacks {e}", f"/data/{META_KEY}") from None
    except (TypeError, AttributeError, ValueError) as e:
        raise err(f"task metadata is malformed ({type(e).__name__}: {e})", f"/data/{META_KEY}") from None


def export_to_documents(export: Any, path: Any = None) -> tuple[list[Document], list[str]]:
    """Convert a Label Studio JSON export into validated documents.

    Returns ``(documents, skipped)``: ``skipped`` names tasks without a submitted
    (non-cancelled) annotation. Every document is validated at all four levels;
    the first invalid one raises :class:`InputError`, so nothing half-converted
    ever reaches the caller.
    """
    from .validate import validate_document_dict

    if not isinstance(export, list):
        raise InputError(path, "a Label Studio JSON export is a list of tasks (choose the 'JSON' export format)")
    docs: list[Document] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for n, task in enumerate(export):
        if not isinstance(task, dict):
            raise InputError(path, f"task #{n} is not an object", pointer=f"/{n}")
        err = _Err(path, n, task)
        ann = choose_annotation(task)
        if ann is None:
            skipped.append(err.doc_id or err.where)
            continue
        doc = task_to_document(task, ann.get("result"), err)
        obj = doc.to_dict()
        incidents, _ = validate_document_dict(obj, str(path) if path is not None else "<export>")
        if incidents:
            first = incidents[0]
            more = f" (and {len(incidents) - 1} more)" if len(incidents) > 1 else ""
            raise InputError(path, f"{err.where}: annotation {ann.get('id')} does not validate: {first.message} "
                                   f"[L{first.level} {first.test_id}]{more}", doc_id=doc.id, pointer=first.pointer)
        if doc.id in seen:
            raise InputError(path, f"{err.where}: document is also annotated in {seen[doc.id]}; keep one task per "
                                   "document", doc_id=doc.id)
        seen[doc.id] = err.where
        docs.append(doc)
    return docs, skipped


def write_documents(docs: list[Document], out_dir) -> list:
    """Write already validated documents as ``<id>.json``, each atomically."""
    from pathlib import Path

    from .io import atomic_write_text, dumps_document

    out = Path(out_dir)
    paths = []
    for d in docs:
        p = out / f"{d.id}.json"
        atomic_write_text(p, dumps_document(d.to_dict()))
        paths.append(p)
    return paths
