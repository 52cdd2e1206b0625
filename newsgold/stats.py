"""Corpus statistics (``newsgold stats``): counts a datasheet can quote."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from .model import Document


def corpus_stats(docs: Iterable[Document]) -> dict[str, Any]:
    docs = list(docs)
    by = lambda key: dict(sorted(Counter(key(d) for d in docs).items()))  # noqa: E731
    ents = Counter(e.label for d in docs for e in d.entities)
    kinds = Counter(c.kind for d in docs for c in d.claims)
    bps = Counter(b.label for d in docs for b in d.boilerplate)
    bp_chars = sum(b.end - b.start for d in docs for b in d.boilerplate)
    content_chars = sum(s.end - s.start for d in docs for s in d.content_spans())
    return {
        "documents": len(docs),
        "by_split": by(lambda d: d.split),
        "by_lang": by(lambda d: d.lang),
        "by_origin": by(lambda d: d.origin),
        "by_layout": by(lambda d: d.source.layout),
        "by_split_lang": by(lambda d: f"{d.split}/{d.lang}"),
        "redistributable": sum(d.source.redistributable for d in docs),
        "entities": {"total": sum(ents.values()), "by_label": dict(sorted(ents.items()))},
        "claims": {"total": sum(kinds.values()), "by_kind": dict(sorted(kinds.items()))},
        "boilerplate": {"total": sum(bps.values()), "by_label": dict(sorted(bps.items()))},
        "chars": {"raw": sum(len(d.raw_text) for d in docs), "content": content_chars,
                  "boilerplate": bp_chars},
    }


def render_stats(s: dict[str, Any]) -> str:
    """A Markdown table per facet, the form DATASHEET.md quotes."""
    out = [f"Documents: {s['documents']} ({s['redistributable']} redistributable)", ""]

    def table(title: str, counts: dict[str, int]) -> None:
        out.append(f"| {title} | count |")
        out.append("|---|---:|")
        out.extend(f"| {k} | {v} |" for k, v in counts.items())
        out.append("")

    table("split", s["by_split"])
    table("language", s["by_lang"])
    table("origin", s["by_origin"])
    table("layout family", s["by_layout"])
    table(f"entity label (total {s['entities']['total']})", s["entities"]["by_label"])
    table(f"claim kind (total {s['claims']['total']})", s["claims"]["by_kind"])
    table(f"boilerplate class (total {s['boilerplate']['total']})", s["boilerplate"]["by_label"])
    c = s["chars"]
    out.append(f"Characters: {c['raw']} raw; {c['content']} main content; {c['boilerplate']} boilerplate.")
    return "\n".join(out)
