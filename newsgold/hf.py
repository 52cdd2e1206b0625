"""Hugging Face data files: feature declarations, rows, and the dataset card.

``corpus/`` is a Hugging Face dataset repository without a loading script
(``datasets`` 4+ no longer runs them): ``corpus/README.md`` declares four
configs in its YAML ``configs:`` and their typed features in ``dataset_info``,
and the data files ``corpus/data/<config>/<split>.parquet`` are built from the
canonical documents (``corpus/documents/*.json``) by :func:`build_files`
(``newsgold build``).

Choices, and why:

- Parquet, not JSON Lines: the packaged JSON builder lets pyarrow *infer* a
  schema first and casts afterwards, so a string such as ``"2024-01-26"`` (an
  entity's text) is read as a timestamp. Parquet carries its exact schema,
  and the features JSON ``datasets`` expects sits in the schema metadata too.
- Deterministic bytes: rows in document-id order, one row group, fixed
  compression, no timestamps. Same documents and same pyarrow -> same bytes.
- Empty splits: ``datasets`` 5.2 cannot load a split with no rows ("Instruction
  'test' corresponds to no data!"), so a split with no rows gets no data file
  and is left out of the card's ``configs`` and ``splits``; :func:`newsgold.load`
  fills it in as an empty ``Dataset`` with the declared features.
- Every row of every config carries ``redistributable`` so users can filter.

The row builders and the IOB2 converters are pure functions over the document
model; only :func:`features` and the writers import ``datasets``/``pyarrow``.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from .io import InputError
from .model import ENTITY_LABELS, SPLITS, Document

CONFIGS = ("documents", "cleaning", "ner", "claims")
DEFAULT_CONFIG = "documents"
DATA_DIR = "data"
CARD_NAME = "README.md"

# KLUE-NER's label inventory in KLUE's own index order (klue/ner on the Hub: 0 = B-DT ... 12 = O),
# so a model trained on KLUE reads these ids unchanged.
KLUE_NER_LABELS = (
    "B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS",
    "B-QT", "I-QT", "B-TI", "I-TI", "O",
)
assert sorted({t[2:] for t in KLUE_NER_LABELS if t != "O"}) == sorted(ENTITY_LABELS)


def data_path(config: str, split: str) -> str:
    """The data file of one config and split, relative to the corpus folder (POSIX)."""
    return f"{DATA_DIR}/{config}/{split}.parquet"


# --------------------------------------------------------------------------
# Character-level IOB2 (pure)
# --------------------------------------------------------------------------

def spans_to_iob2(length: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Tag ``length`` characters: ``B-X`` on a span's first character, ``I-X`` on the rest, ``O`` elsewhere.

    ``spans`` are half-open ``(start, end, label)`` offsets relative to the
    tagged text. Overlapping or out-of-range spans raise ``ValueError``
    (IOB2 cannot represent them; nothing is dropped silently).
    """
    tags = ["O"] * length
    for start, end, label in sorted(spans):
        if not (0 <= start < end <= length):
            raise ValueError(f"span [{start},{end}) {label} is outside [0,{length})")
        if label not in ENTITY_LABELS:
            raise ValueError(f"span [{start},{end}) has unknown label {label!r}")
        if any(t != "O" for t in tags[start:end]):
            raise ValueError(f"span [{start},{end}) {label} overlaps another span")
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def iob2_to_spans(tags: Sequence[str | int], names: Sequence[str] = KLUE_NER_LABELS) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, label)`` from IOB2 tags (strings, or ClassLabel ids into ``names``).

    Lenient like conlleval: an ``I-X`` that does not continue an ``X`` span
    (after ``O``, or after another type) opens a new span. Unknown tags raise
    ``ValueError``.
    """
    spans: list[tuple[int, int, str]] = []
    cur_start, cur_label = -1, None
    for i, raw in enumerate(tags):
        tag = names[raw] if isinstance(raw, int) else raw
        if tag == "O":
            prefix, label = "O", None
        elif len(tag) > 2 and tag[:2] in ("B-", "I-"):
            prefix, label = tag[0], tag[2:]
        else:
            raise ValueError(f"tag {i} is {tag!r}; expected O, B-X or I-X")
        continues = prefix == "I" and label == cur_label
        if cur_label is not None and not continues:
            spans.append((cur_start, i, cur_label))
            cur_label = None
        if label is not None and not continues:
            cur_start, cur_label = i, label
    if cur_label is not None:
        spans.append((cur_start, len(tags), cur_label))
    return spans


def ner_rows_to_entities(rows: Iterable[Mapping[str, Any]],
                         names: Sequence[str] = KLUE_NER_LABELS) -> dict[str, list[tuple[int, int, str]]]:
    """Document-level entity spans from ``ner`` rows (gold or predicted tags).

    Each row needs ``doc_id``, ``offset`` and ``ner_tags``; a span found at
    ``i`` in a row is ``offset + i`` in the document's raw_text. Returns
    ``{doc_id: sorted [(start, end, label), ...]}`` for every doc_id seen.
    """
    out: dict[str, list[tuple[int, int, str]]] = {}
    for row in rows:
        offset = int(row["offset"])
        spans = out.setdefault(row["doc_id"], [])
        spans.extend((offset + s, offset + e, label) for s, e, label in iob2_to_spans(row["ner_tags"], names))
    return {doc_id: sorted(spans) for doc_id, spans in out.items()}


# --------------------------------------------------------------------------
# Rows (pure): one function per config
# --------------------------------------------------------------------------

def _labeled(doc: Document, spans) -> list[dict[str, Any]]:
    return [{"id": s.id, "start": s.start, "end": s.end, "label": s.label, "text": doc.text(s)} for s in spans]


def _plain(doc: Document, spans) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "text": doc.text(s)} for s in spans]


def document_row(doc: Document) -> dict[str, Any]:
    d = doc.to_dict(with_text=True)
    return {
        "id": doc.id,
        "lang": doc.lang,
        "split": doc.split,
        "origin": doc.origin,
        "title": doc.title,
        "redistributable": doc.source.redistributable,
        "source": d["source"],
        "annotation": d["annotation"],
        "raw_sha256": doc.raw_sha256,
        "raw_text": doc.raw_text,
        "boilerplate": _labeled(doc, doc.boilerplate),
        "entities": _labeled(doc, doc.entities),
        "claims": [
            {
                "id": c.id,
                "kind": c.kind,
                "content": _plain(doc, c.content),
                "source": _plain(doc, c.source),
                "cue": _plain(doc, c.cue),
                "source_entities": list(c.source_entities),
            }
            for c in doc.claims
        ],
    }


def cleaning_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "lang": doc.lang,
        "layout": doc.source.layout,
        "redistributable": doc.source.redistributable,
        "raw_text": doc.raw_text,
        "clean_text": doc.clean_text(),
        "content_spans": [{"start": s.start, "end": s.end} for s in doc.content_spans()],
        "boilerplate": _labeled(doc, doc.boilerplate),
    }


def ner_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per main-content run (``Document.content_spans()``), tags as ClassLabel ids.

    Raises InputError when an entity does not lie inside one content run (it
    could not be recovered from the rows).
    """
    runs = doc.content_spans()
    per_run: list[list[tuple[int, int, str]]] = [[] for _ in runs]
    for e in doc.entities:
        for k, run in enumerate(runs):
            if run.start <= e.start and e.end <= run.end:
                per_run[k].append((e.start - run.start, e.end - run.start, e.label))
                break
        else:
            raise InputError(None, f"entity {e.id} {doc.text(e)!r} [{e.start},{e.end}) is not inside one "
                                   "main-content line; the ner config cannot hold it", doc_id=doc.id)
    index = {name: i for i, name in enumerate(KLUE_NER_LABELS)}
    rows = []
    for k, run in enumerate(runs):
        text = doc.text(run)
        try:
            tags = spans_to_iob2(len(text), per_run[k])
        except ValueError as err:
            raise InputError(None, f"content run {k} [{run.start},{run.end}): {err}", doc_id=doc.id) from None
        rows.append({
            "id": f"{doc.id}-p{k:03d}",
            "doc_id": doc.id,
            "lang": doc.lang,
            "redistributable": doc.source.redistributable,
            "offset": run.start,
            "tokens": list(text),
            "ner_tags": [index[t] for t in tags],
        })
    return rows


def claim_rows(doc: Document) -> list[dict[str, Any]]:
    entities = {e.id: e for e in doc.entities}
    rows = []
    for c in doc.claims:
        linked = [entities[i] for i in c.source_entities if i in entities]
        rows.append({
            "id": f"{doc.id}-{c.id}",
            "doc_id": doc.id,
            "claim_id": c.id,
            "lang": doc.lang,
            "redistributable": doc.source.redistributable,
            "kind": c.kind,
            "content": _plain(doc, c.content),
            "source": _plain(doc, c.source),
            "cue": _plain(doc, c.cue),
            "source_entities": _labeled(doc, linked),
        })
    return rows


def rows_for(config: str, docs: Iterable[Document]) -> list[dict[str, Any]]:
    """All rows of ``config`` for ``docs``, in document-id order."""
    docs = sorted(docs, key=lambda d: d.id)
    if config == "documents":
        return [document_row(d) for d in docs]
    if config == "cleaning":
        return [cleaning_row(d) for d in docs]
    if config == "ner":
        return [r for d in docs for r in ner_rows(d)]
    if config == "claims":
        return [r for d in docs for r in claim_rows(d)]
    raise ValueError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")


# --------------------------------------------------------------------------
# Features (imports datasets)
# --------------------------------------------------------------------------

def features(config: str):
    """The declared ``datasets.Features`` of a config (what the card's ``dataset_info`` says)."""
    from datasets import ClassLabel, Features, List, Value

    s, i32, b = Value("string"), Value("int32"), Value("bool")
    span = {"start": i32, "end": i32, "text": s}
    labeled = {"id": s, "start": i32, "end": i32, "label": s, "text": s}
    if config == "documents":
        return Features({
            "id": s, "lang": s, "split": s, "origin": s, "title": s, "redistributable": b,
            "source": {"publisher": s, "site": s, "layout": s, "url": s, "license": s, "redistributable": b},
            "annotation": {"guidelines": s, "annotators": List(s), "status": s},
            "raw_sha256": s, "raw_text": s,
            "boilerplate": List(labeled),
            "entities": List(labeled),
            "claims": List({"id": s, "kind": s, "content": List(span), "source": List(span), "cue": List(span),
                            "source_entities": List(s)}),
        })
    if config == "cleaning":
        return Features({
            "id": s, "lang": s, "layout": s, "redistributable": b, "raw_text": s, "clean_text": s,
            "content_spans": List({"start": i32, "end": i32}),
            "boilerplate": List(labeled),
        })
    if config == "ner":
        return Features({
            "id": s, "doc_id": s, "lang": s, "redistributable": b, "offset": i32,
            "tokens": List(s), "ner_tags": List(ClassLabel(names=list(KLUE_NER_LABELS))),
        })
    if config == "claims":
        return Features({
            "id": s, "doc_id": s, "claim_id": s, "lang": s, "redistributable": b, "kind": s,
            "content": List(span), "source": List(span), "cue": List(span),
            "source_entities": List(labeled),
        })
    raise ValueError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")


# --------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------

def parquet_bytes(config: str, rows: list[dict[str, Any]]) -> bytes:
    """Rows as one deterministic Parquet file (one row group, zstd level 9, HF features in the schema)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = features(config).arrow_schema
    table = pa.Table.from_pylist(rows, schema=schema)
    buf = io.BytesIO()
    with pq.ParquetWriter(buf, schema, compression="zstd", compression_level=9, use_dictionary=True,
                          write_statistics=True) as writer:
        writer.write_table(table, row_group_size=max(1, len(rows)))
    return buf.getvalue()


def parquet_nbytes(data: bytes) -> int:
    """The in-memory Arrow size of a Parquet file: what ``datasets`` records as a split's num_bytes."""
    import pyarrow.parquet as pq

    return pq.read_table(io.BytesIO(data), use_threads=False).nbytes


def same_parquet_content(a: bytes, b: bytes) -> bool:
    """True when two Parquet files hold equal tables and schema metadata (writer bytes may differ)."""
    import pyarrow.parquet as pq

    try:
        # use_threads=False: pyarrow 26 aborts the interpreter at exit ("terminate called without an active
        # exception", exit 134) in about 1 run in 10 after a threaded read.
        ta, tb = pq.read_table(io.BytesIO(a), use_threads=False), pq.read_table(io.BytesIO(b), use_threads=False)
    except Exception:  # noqa: BLE001 - an unreadable committed file is simply not the same
        return False
    return ta.schema.equals(tb.schema, check_metadata=True) and ta.equals(tb)


# --------------------------------------------------------------------------
# The dataset card
# --------------------------------------------------------------------------

FRONT_MATTER_RE = re.compile(r"\A---\n(?:.*?\n)?---\n", re.S)
BLOCK_RE = re.compile(r"(<!-- newsgold-build:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /newsgold-build:(?P=name) -->)",
                      re.S)

DEFAULT_BODY = """# NewsGold

<!-- newsgold-build:counts -->
<!-- /newsgold-build:counts -->

<!-- newsgold-build:licenses -->
<!-- /newsgold-build:licenses -->
"""


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


@dataclass
class Built:
    """Everything ``newsgold build`` writes: ``files`` maps a corpus-relative POSIX path to its bytes."""

    files: dict[str, bytes] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> rows
    documents: int = 0

    @property
    def data_files(self) -> list[str]:
        return sorted(p for p in self.files if p.startswith(DATA_DIR + "/"))


def _license_meta(docs: Sequence[Document]) -> dict[str, str]:
    """The Hub licence tag: CC BY 4.0 when every document is under it, else 'other' (per document)."""
    if docs and all(d.source.redistributable and d.source.license.startswith("CC BY 4.0") for d in docs):
        return {"license": "cc-by-4.0"}
    return {"license": "other", "license_name": "mixed-per-document", "license_link": "README.md#licensing"}


def front_matter(counts: Mapping[str, Mapping[str, int]], nbytes: Mapping[tuple[str, str], int],
                 docs: Sequence[Document]) -> str:
    """The card's YAML front matter (deterministic: fixed key order, no timestamps)."""
    n_documents = len(docs)
    import yaml

    configs, infos = [], []
    for config in CONFIGS:
        present = [sp for sp in SPLITS if counts[config].get(sp, 0) > 0]
        entry: dict[str, Any] = {"config_name": config}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = [{"split": sp, "path": data_path(config, sp)} for sp in present]
        configs.append(entry)
        info: dict[str, Any] = {"config_name": config, "features": features(config)._to_yaml_list()}
        if present:
            info["splits"] = [{"name": sp, "num_bytes": nbytes[(config, sp)], "num_examples": counts[config][sp]}
                              for sp in present]
        infos.append(info)
    meta: dict[str, Any] = {
        "pretty_name": "NewsGold",
        "language": ["ko", "en"],
        "multilinguality": ["multilingual"],
        **_license_meta(docs),
        # Honest provenance: one page was found on the web; the rest were written, and all were annotated,
        # by language-model assistants working to the guidelines under the developers' review.
        "annotations_creators": ["machine-generated"],
        "language_creators": (["found"] if any(d.origin == "real" for d in docs) else [])
        + (["machine-generated"] if any(d.origin == "synthetic" for d in docs) else []),
        "source_datasets": ["original"],
        "size_categories": [_size_category(n_documents)],
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["news", "boilerplate-removal", "web-content-extraction", "quotation-attribution",
                 "attribution", "klue-ner", "benchmark"],
        "configs": configs,
        "dataset_info": infos,
    }
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return "---\n" + text + "---\n"


def _counts_block(counts: Mapping[str, Mapping[str, int]], docs: Sequence[Document]) -> str:
    lines = ["| config | row = | " + " | ".join(SPLITS) + " |", "|---|---|" + "---:|" * len(SPLITS)]
    unit = {"documents": "document", "cleaning": "document", "ner": "content line", "claims": "claim"}
    for config in CONFIGS:
        lines.append(f"| `{config}` | {unit[config]} | " + " | ".join(str(counts[config].get(sp, 0)) for sp in SPLITS)
                     + " |")
    by_lang = {}
    for d in docs:
        by_lang.setdefault((d.split, d.lang), 0)
        by_lang[(d.split, d.lang)] += 1
    langs = ", ".join(f"{sp}/{lang}: {n}" for (sp, lang), n in sorted(by_lang.items())) or "none"
    empty = [sp for sp in SPLITS if counts["documents"].get(sp, 0) == 0]
    origins = {}
    for d in docs:
        origins[d.origin] = origins.get(d.origin, 0) + 1
    origin = ", ".join(f"{o}: {n}" for o, n in sorted(origins.items())) or "none"
    out = "\n".join(lines) + f"\n\nDocuments by split and language: {langs}. By origin: {origin}.\n"
    if empty:
        out += ("\nEmpty split(s) at this build: " + ", ".join(empty) + ". They have no data file and are not "
                "listed in `configs` (`datasets` cannot load a split with no rows); `newsgold.load()` returns "
                "them as empty datasets with the declared features.\n")
    return out


def _licenses_block(docs: Sequence[Document]) -> str:
    groups: dict[tuple[bool, str], list[Document]] = {}
    for d in docs:
        groups.setdefault((d.source.redistributable, d.source.license), []).append(d)
    if not groups:
        return "No documents at this build.\n"
    lines = ["| redistributable | license / terms (`source.license`) | documents |", "|---|---|---|"]
    for (redis, lic), members in sorted(groups.items()):
        cell = lic.replace("|", "\\|").replace("\n", " ")
        ids = ", ".join(f"`{d.id}`" for d in members)
        lines.append(f"| {'yes' if redis else '**no**'} | {cell} | {len(members)}: {ids} |")
    n_no = sum(len(m) for (r, _), m in groups.items() if not r)
    return "\n".join(lines) + f"\n\n{n_no} of {len(docs)} documents are **not** redistributable.\n"


def _restricted_block(docs: Sequence[Document]) -> str:
    """What the card says about documents that may not be redistributed: true of this very build."""
    restricted = [d for d in docs if not d.source.redistributable]
    if not restricted:
        return ("- Every document in this copy is redistributable: it was built with "
                "`newsgold build --redistributable-only`, which leaves out the documents whose licence forbids "
                "redistribution (in NewsGold, the real seed page). Scores on this copy are not comparable "
                "with scores on the full corpus.\n")
    ids = ", ".join(f"`{d.id}`" for d in restricted)
    return (f"- {ids}: **not redistributable** (for the real seed page, a 매일경제 article as shown on Daum News,\n"
            "  the publisher reserves all rights and its notice forbids reproduction, redistribution and use for AI\n"
            "  training). It is included here, raw text and all, in `documents/` and in every built data file,\n"
            "  because the benchmark is scored against it and the loader must agree with the canonical corpus;\n"
            "  its rows say `redistributable: false`. Use it only to evaluate, do not train on it, and do not\n"
            "  republish it.\n"
            "- So this folder must **not** be pushed to a public Hub repository as it is. For a public copy run\n"
            "  `newsgold build --redistributable-only --out DIR`, which leaves out every non-redistributable\n"
            "  document; with the Python API, `newsgold.load(..., redistributable_only=True)` filters the same way.\n")


def render_card(body: str, front: str, counts, docs: Sequence[Document]) -> str:
    """Front matter + the prose body with its generated blocks refreshed (other prose kept verbatim)."""
    body = FRONT_MATTER_RE.sub("", body, count=1)
    blocks = {"counts": _counts_block(counts, docs), "licenses": _licenses_block(docs),
              "restricted": _restricted_block(docs)}

    def fill(m: re.Match) -> str:
        name = m.group("name")
        if name not in blocks:
            return m.group(0)
        return m.group(1) + blocks[name] + m.group(4)

    return front + BLOCK_RE.sub(fill, body)


def card_body(corpus: Path) -> str:
    """The prose of the current card (``corpus/README.md`` without its front matter), or a stub."""
    p = corpus / CARD_NAME
    if p.is_file():
        return FRONT_MATTER_RE.sub("", p.read_text(encoding="utf-8"), count=1)
    return DEFAULT_BODY


def declared_splits(corpus: Path) -> dict[str, list[str]]:
    """``{config: [split, ...]}`` as the card's ``configs`` lists them (a split with no rows is absent)."""
    import yaml

    p = Path(corpus) / CARD_NAME
    m = FRONT_MATTER_RE.match(p.read_text(encoding="utf-8")) if p.is_file() else None
    if not m:
        raise InputError(p, "no dataset card with YAML front matter; run 'newsgold build'")
    meta = yaml.safe_load(m.group(0)[4:-4]) or {}
    out: dict[str, list[str]] = {}
    for entry in meta.get("configs") or []:
        out[entry["config_name"]] = [f["split"] for f in entry.get("data_files") or []]
    return out


def build_files(docs: Sequence[Document], body: str) -> Built:
    """Build every data file and the card from ``docs`` (pure: returns bytes, writes nothing)."""
    docs = sorted(docs, key=lambda d: d.id)
    built = Built(documents=len(docs))
    nbytes: dict[tuple[str, str], int] = {}
    for config in CONFIGS:
        built.counts[config] = {}
        for sp in SPLITS:
            rows = rows_for(config, [d for d in docs if d.split == sp])
            built.counts[config][sp] = len(rows)
            if rows:
                data = parquet_bytes(config, rows)
                built.files[data_path(config, sp)] = data
                nbytes[(config, sp)] = parquet_nbytes(data)
    front = front_matter(built.counts, nbytes, docs)
    built.files[CARD_NAME] = render_card(body, front, built.counts, docs).encode("utf-8")
    return built


def existing_data_files(corpus: Path) -> list[str]:
    """Data files currently under ``corpus/data/<config>/`` (what a build owns and may replace or remove)."""
    out = []
    for config in CONFIGS:
        d = corpus / DATA_DIR / config
        if d.is_dir():
            out.extend(f"{DATA_DIR}/{config}/{p.name}" for p in sorted(d.iterdir()) if p.is_file()
                       and not p.name.startswith("."))
    return sorted(out)


def stale_files(corpus: Path, built: Built) -> list[str]:
    """Paths (relative to ``corpus``) that differ from ``built``: changed, missing or extra. Empty = fresh.

    A Parquet file whose bytes differ but whose table and schema metadata are
    equal (another pyarrow version wrote it) counts as fresh.
    """
    problems = []
    for rel, data in sorted(built.files.items()):
        p = corpus / rel
        if not p.is_file():
            problems.append(f"{rel}: missing")
            continue
        have = p.read_bytes()
        if have == data:
            continue
        if rel.endswith(".parquet") and same_parquet_content(have, data):
            continue
        problems.append(f"{rel}: out of date")
    for rel in existing_data_files(corpus):
        if rel not in built.files:
            problems.append(f"{rel}: not produced by the build (remove it)")
    return problems


def write_built(corpus: Path, built: Built) -> list[str]:
    """Write ``built`` into ``corpus`` atomically, removing data files the build no longer produces.

    Returns the relative paths written or removed (unchanged files are not rewritten).
    """
    from .io import atomic_write_bytes

    changed = []
    for rel, data in sorted(built.files.items()):
        p = corpus / rel
        if p.is_file() and p.read_bytes() == data:
            continue
        atomic_write_bytes(p, data)
        changed.append(rel)
    for rel in existing_data_files(corpus):
        if rel not in built.files:
            (corpus / rel).unlink()
            changed.append(rel)
    return changed

