"""The one document model every reader, writer, converter and scorer goes through.

Offsets are the single truth: half-open ``[start, end)`` Unicode code-point
offsets into ``Document.raw_text`` (NFC, ``\\n`` line ends).  A span's text is
derived from them; when a serialised span carries ``text`` it is a check, not
a second source of truth (the validator compares it with the slice).

The model is plain dataclasses so that scorers and converters can use it
without pulling in any heavy dependency.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
SPAN_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ID_RE = re.compile(ID_PATTERN)

LANGS = ("ko", "en")
SPLITS = ("dev", "test")
ORIGINS = ("real", "synthetic")
STATUSES = ("draft", "single", "double", "adjudicated")
# The guidelines version in force (annotation/GUIDELINES.md); new annotations default to it.
GUIDELINES_VERSION = "1.1"

# Boilerplate classes; their definitions live in annotation/GUIDELINES.md.
BOILERPLATE_LABELS = (
    "navigation",  # menus, breadcrumbs, section tabs, footer link lists
    "ui",          # controls and their text: share, listen, translate, font-size preview
    "summary",     # auto-summary boxes and other duplicates of body text
    "byline",      # reporter names, contact lines, publish/update timestamps
    "caption",     # photo/video captions and credits
    "legal",       # copyright and reuse notices
    "related",     # related / recommended / most-read headline lists
    "ad",          # advertisements and promos
    "banner",      # subscription, newsletter, cookie and app banners
    "comments",    # comment sections and their counters
)
# KLUE-NER's six types so KLUE-trained Korean systems plug in unchanged.
ENTITY_LABELS = ("PS", "LC", "OG", "DT", "TI", "QT")
CLAIM_KINDS = ("direct", "indirect", "mixed", "according_to", "unattributed")
CLAIM_ROLES = ("content", "source", "cue")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, order=True)
class Span:
    """A half-open code-point range ``[start, end)`` into a document's raw_text."""

    start: int
    end: int

    def text_in(self, raw_text: str) -> str:
        return raw_text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class LabeledSpan:
    """A boilerplate span or an entity mention: an id, offsets and a label."""

    id: str
    start: int
    end: int
    label: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass
class Claim:
    """One attributed (or unattributed) claim.

    ``content`` is a list so that a quote interrupted by "라며" or "he said"
    stays one claim; ``source`` is empty for unattributed claims;
    ``source_entities`` holds ids of entity mentions that name the source.
    """

    id: str
    kind: str
    content: list[Span] = field(default_factory=list)
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    source_entities: list[str] = field(default_factory=list)

    def parts(self, role: str) -> list[Span]:
        return getattr(self, role)


@dataclass
class Source:
    publisher: str
    site: str
    layout: str
    url: str | None
    license: str
    redistributable: bool


@dataclass
class Annotation:
    guidelines: str
    annotators: list[str]
    status: str


@dataclass
class Document:
    id: str
    lang: str
    split: str
    origin: str
    source: Source
    raw_text: str
    boilerplate: list[LabeledSpan] = field(default_factory=list)
    entities: list[LabeledSpan] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    annotation: Annotation = field(default_factory=lambda: Annotation(GUIDELINES_VERSION, [], "draft"))
    title: str | None = None

    @property
    def raw_sha256(self) -> str:
        return sha256_text(self.raw_text)

    def text(self, span: Span | LabeledSpan) -> str:
        return self.raw_text[span.start:span.end]

    # -- derived views -------------------------------------------------
    def boilerplate_mask(self) -> bytearray:
        """One byte per code point: 1 where the character is boilerplate."""
        mask = bytearray(len(self.raw_text))
        for b in self.boilerplate:
            mask[b.start:b.end] = b"\x01" * (b.end - b.start)
        return mask

    def content_spans(self) -> list[Span]:
        """Maximal runs of main content (raw_text minus boilerplate), whitespace-trimmed per line."""
        mask = self.boilerplate_mask()
        spans: list[Span] = []
        pos = 0
        for line in self.raw_text.split("\n"):
            line_start, line_end = pos, pos + len(line)
            pos = line_end + 1
            i = line_start
            while i < line_end:
                if mask[i]:
                    i += 1
                    continue
                j = i
                while j < line_end and not mask[j]:
                    j += 1
                seg_start, seg_end = i, j
                while seg_start < seg_end and self.raw_text[seg_start].isspace():
                    seg_start += 1
                while seg_end > seg_start and self.raw_text[seg_end - 1].isspace():
                    seg_end -= 1
                if seg_start < seg_end:
                    spans.append(Span(seg_start, seg_end))
                i = j
        return spans

    def clean_text(self) -> str:
        """Main content as the guidelines define it: content runs, one per line."""
        return "\n".join(self.raw_text[s.start:s.end] for s in self.content_spans())

    # -- serialisation ---------------------------------------------------
    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        raw = self.raw_text

        def labeled(s: LabeledSpan) -> dict[str, Any]:
            d: dict[str, Any] = {"id": s.id, "start": s.start, "end": s.end, "label": s.label}
            if with_text:
                d["text"] = raw[s.start:s.end]
            return d

        def plain(s: Span) -> dict[str, Any]:
            d: dict[str, Any] = {"start": s.start, "end": s.end}
            if with_text:
                d["text"] = raw[s.start:s.end]
            return d

        out: dict[str, Any] = {
            "id": self.id,
            "lang": self.lang,
            "split": self.split,
            "origin": self.origin,
        }
        if self.title is not None:
            out["title"] = self.title
        out.update({
            "source": {
                "publisher": self.source.publisher,
                "site": self.source.site,
                "layout": self.source.layout,
                "url": self.source.url,
                "license": self.source.license,
                "redistributable": self.source.redistributable,
            },
            "annotation": {
                "guidelines": self.annotation.guidelines,
                "annotators": list(self.annotation.annotators),
                "status": self.annotation.status,
            },
            "raw_sha256": self.raw_sha256,
            "raw_text": raw,
            "boilerplate": [labeled(b) for b in self.boilerplate],
            "entities": [labeled(e) for e in self.entities],
            "claims": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "content": [plain(s) for s in c.content],
                    "source": [plain(s) for s in c.source],
                    "cue": [plain(s) for s in c.cue],
                    "source_entities": list(c.source_entities),
                }
                for c in self.claims
            ],
        })
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        """Build a document from its JSON form.

        Assumes the dict passed schema validation (level 1); the offsets are
        checked by the validator, not here, so that a broken document can still
        be loaded and reported on.
        """
        src = d["source"]
        ann = d.get("annotation") or {}
        return cls(
            id=d["id"],
            lang=d["lang"],
            split=d["split"],
            origin=d["origin"],
            title=d.get("title"),
            source=Source(
                publisher=src["publisher"],
                site=src["site"],
                layout=src["layout"],
                url=src.get("url"),
                license=src["license"],
                redistributable=bool(src["redistributable"]),
            ),
            annotation=Annotation(
                guidelines=ann.get("guidelines", GUIDELINES_VERSION),
                annotators=list(ann.get("annotators", [])),
                status=ann.get("status", "draft"),
            ),
            raw_text=d["raw_text"],
            boilerplate=[_labeled(x) for x in d.get("boilerplate", [])],
            entities=[_labeled(x) for x in d.get("entities", [])],
            claims=[
                Claim(
                    id=c["id"],
                    kind=c["kind"],
                    content=_spans(c.get("content", [])),
                    source=_spans(c.get("source", [])),
                    cue=_spans(c.get("cue", [])),
                    source_entities=list(c.get("source_entities", [])),
                )
                for c in d.get("claims", [])
            ],
        )


def _labeled(x: dict[str, Any]) -> LabeledSpan:
    return LabeledSpan(id=x["id"], start=x["start"], end=x["end"], label=x["label"])


def _spans(xs: Iterable[dict[str, Any]]) -> list[Span]:
    return [Span(x["start"], x["end"]) for x in xs]
