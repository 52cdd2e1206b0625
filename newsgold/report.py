"""The static HTML report of ``newsgold bench --report DIR``.

``DIR/index.html``: the four leaderboards with 95% intervals, a precision/recall chart (inline SVG),
the systems and how they were run, and a list of documents. ``DIR/docs/<id>.html``: one page per
document with its raw text shown several ways -- gold boilerplate (by class), entities and claim parts
highlighted; each cleaner's kept and dropped text coloured against the gold main content; each
extractor's hits, partial hits, misses and false positives (on the raw text and on the gold main
content). Plain HTML and CSS: no script, no web fonts, nothing fetched from the network.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any, Iterable

from .io import atomic_write_text
from .model import BOILERPLATE_LABELS, ENTITY_LABELS, Document

BP_COLORS = {"navigation": "#d9d9d9", "ui": "#cfe2f3", "summary": "#fff2cc", "byline": "#d9ead3",
             "caption": "#ead1dc", "legal": "#e6e0f8", "related": "#fce5cd", "ad": "#f4cccc",
             "banner": "#d0e0e3", "comments": "#e2efda"}
ENT_COLORS = {"PS": "#c0392b", "LC": "#27ae60", "OG": "#2471a3", "DT": "#b9770e", "TI": "#7d3c98", "QT": "#117864"}

CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR", sans-serif;
        color: #1b1b1b; background: #fff; }
body { margin: 0 auto; max-width: 1440px; padding: 16px 24px 64px; line-height: 1.45; }
h1 { font-size: 1.6em; margin: .2em 0 .1em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
h3 { margin: 1.2em 0 .4em; }
.note { color: #555; font-size: .92em; }
table.lb { border-collapse: collapse; margin: .5em 0 1em; font-size: .9em; display: block; overflow-x: auto;
           max-width: 100%; }
table.lb th, table.lb td { padding: 3px 9px; border-bottom: 1px solid #e3e3e3; text-align: right; white-space: nowrap; }
table.lb th:first-child, table.lb td:first-child { text-align: left; }
table.lb tr.best td { font-weight: 600; background: #f3faf3; }
.ci { color: #777; font-size: .85em; margin-left: 3px; }
.bar { display: inline-block; height: 8px; background: #7fb3d5; vertical-align: middle; margin-right: 5px; }
.raw { white-space: pre-wrap; word-break: break-word; font-size: .95em; border: 1px solid #ddd;
       padding: 10px 12px; background: #fcfcfc; border-radius: 4px; }
details { margin: .6em 0; } summary { cursor: pointer; font-weight: 600; }
.legend span { display: inline-block; padding: 0 6px; margin: 2px 4px 2px 0; border-radius: 3px; font-size: .85em; }
.ent { border-bottom: 3px solid; } .content { background-image: linear-gradient(#fff59d, #fff59d);
  background-size: 100% 40%; background-position: 0 100%; background-repeat: no-repeat; }
.source { font-weight: 700; color: #0b5394; } .cue { text-decoration: underline wavy #cc0000; }
.kept-ok { background: #c8f7c5; } .drop-ok { color: #9a9a9a; }
.kept-bad { background: #ffd59e; } .drop-bad { background: #ff9c9c; text-decoration: line-through; }
.hit { background: #b7f0b1; } .part { background: #fff0a0; } .fp { background: #ffb3b3; }
.miss { outline: 2px dashed #1f5fbf; outline-offset: -1px; }
ul.docs { columns: 3; font-size: .92em; }
svg text { font-family: inherit; }
"""


def _e(s: Any) -> str:
    return html.escape(str(s), quote=True)


# -- highlighted text ------------------------------------------------------------------------
def highlight(text: str, marks: Iterable[tuple[int, int, str, str, str]]) -> str:
    """``text`` as HTML with ``marks`` = (start, end, css class, inline style, title) possibly overlapping.

    The text is cut at every mark boundary; each piece gets the classes, styles and titles of the
    marks covering it.
    """
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    starts: dict[int, list] = {}
    for m in marks:
        starts.setdefault(m[0], []).append(m)
    active: list = []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m[1] > a] + starts.get(a, [])
        piece = _e(text[a:b])
        if not active:
            out.append(piece)
            continue
        cls = " ".join(dict.fromkeys(m[2] for m in active if m[2]))
        style = ";".join(m[3] for m in active if m[3])
        title = " | ".join(dict.fromkeys(m[4] for m in active if m[4]))
        attrs = (f' class="{cls}"' if cls else "") + (f' style="{_e(style)}"' if style else "") + \
                (f' title="{_e(title)}"' if title else "")
        out.append(f"<span{attrs}>{piece}</span>")
    return "".join(out)


def gold_marks(doc: Document) -> list[tuple[int, int, str, str, str]]:
    marks = []
    for b in doc.boilerplate:
        marks.append((b.start, b.end, f"bp bp-{b.label}", f"background:{BP_COLORS.get(b.label, '#eee')}",
                      f"boilerplate: {b.label}"))
    for e in doc.entities:
        marks.append((e.start, e.end, "ent", f"border-bottom-color:{ENT_COLORS.get(e.label, '#000')}",
                      f"entity {e.label}"))
    for c in doc.claims:
        for role in ("content", "source", "cue"):
            for s in c.parts(role):
                marks.append((s.start, s.end, role, "", f"claim {c.id} ({c.kind}) {role}"))
    return marks


def cleaner_marks(doc: Document, text: str) -> tuple[list, dict[str, int]]:
    """Kept/dropped characters of a cleaner's output against the gold content mask."""
    from .align import align

    bp = doc.boilerplate_mask()
    kept = align(text, doc.raw_text, prefer=[not x for x in bp]).raw_kept()
    raw = doc.raw_text
    marks, counts = [], {"kept-ok": 0, "drop-ok": 0, "kept-bad": 0, "drop-bad": 0}
    names = {"kept-ok": "kept content", "drop-ok": "dropped boilerplate", "kept-bad": "kept boilerplate",
             "drop-bad": "dropped content"}
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        cls = ("kept-" if kept[i] else "drop-") + ("bad" if bool(bp[i]) == bool(kept[i]) else "ok")
        j = i + 1
        while j < n and (raw[j].isspace() or
                         (("kept-" if kept[j] else "drop-") + ("bad" if bool(bp[j]) == bool(kept[j]) else "ok"))
                         == cls) and raw[j] != "\n":
            j += 1
        while j > i + 1 and raw[j - 1].isspace():
            j -= 1
        counts[cls] += sum(not c.isspace() for c in raw[i:j])
        marks.append((i, j, cls, "", names[cls]))
        i = j
    return marks, counts


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def entity_marks(doc: Document, predicted: list[tuple[int, int, str]]) -> tuple[list, dict[str, int]]:
    gold = [(e.start, e.end, e.label) for e in doc.entities]
    gset = set(gold)
    marks, counts = [], {"hit": 0, "part": 0, "fp": 0, "miss": 0}
    for s, e, lab in predicted:
        if (s, e, lab) in gset:
            cls, t = "hit", f"hit {lab}"
        elif any(_overlap((s, e), (g[0], g[1])) for g in gold):
            g = next(g for g in gold if _overlap((s, e), (g[0], g[1])))
            cls, t = "part", f"partial: predicted {lab}, gold {g[2]} '{doc.raw_text[g[0]:g[1]]}'"
        else:
            cls, t = "fp", f"false positive {lab}"
        counts[cls] += 1
        marks.append((s, e, cls, "", t))
    pset = set(predicted)
    for g in gold:
        if g not in pset:
            counts["miss"] += 1
            marks.append((g[0], g[1], "miss", "", f"missed {g[2]}"))
    return marks, counts


def claim_marks(doc: Document, claims: list[dict]) -> tuple[list, dict[str, int]]:
    gold_content = [(s.start, s.end) for c in doc.claims for s in c.content]
    gold_role = {(s.start, s.end, r) for c in doc.claims for r in ("source", "cue") for s in c.parts(r)}
    marks, counts = [], {"hit": 0, "part": 0, "fp": 0, "miss": 0}
    pred_content = []
    for c in claims:
        for s, e in c.get("content", []):
            pred_content.append((s, e))
            if (s, e) in gold_content:
                cls = "hit"
            elif any(_overlap((s, e), g) for g in gold_content):
                cls = "part"
            else:
                cls = "fp"
            counts[cls] += 1
            marks.append((s, e, cls, "", f"{c['kind']} content: {cls}"))
        for role in ("source", "cue"):
            for s, e in c.get(role, []):
                ok = (s, e, role) in gold_role
                marks.append((s, e, role + (" hit" if ok else " fp"), "", f"{role}: {'hit' if ok else 'no exact match'}"))
    for g in gold_content:
        if not any(_overlap(g, p) for p in pred_content):
            counts["miss"] += 1
            marks.append((g[0], g[1], "miss", "", "missed claim content"))
    return marks, counts


# -- tables and chart --------------------------------------------------------------------------
def _cell(x: Any) -> str:
    from .bench import interval, value

    v = value(x)
    if v is None:
        return "<td>–</td>"
    ci = interval(x)
    width = int(round(max(0.0, min(1.0, v)) * 50))
    ci_txt = f'<span class="ci">[{ci[0]:.3f}–{ci[1]:.3f}]</span>' if ci else ""
    return f'<td><span class="bar" style="width:{width}px"></span>{v:.3f}{ci_txt}</td>'


def _table(rows: list[dict], cols: list[str], first: str = "system", extra: list[str] = (),
           best_col: str | None = None) -> str:
    from .bench import value

    best = None
    if best_col and rows:
        best = max(rows, key=lambda r: value(r.get(best_col)) or -1)
    head = "".join(f"<th>{_e(c)}</th>" for c in [first, *extra, *cols])
    body = []
    for r in rows:
        cls = ' class="best"' if r is best else ""
        cells = [f"<td>{_e(r[first])}</td>"] + [f"<td>{_e(r.get(x, ''))}</td>" for x in extra] + \
                [_cell(r.get(c)) for c in cols]
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return f'<table class="lb"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def pr_chart(points: list[tuple[str, str, float, float]], size: int = 420) -> str:
    """An SVG precision/recall scatter: (label, group, precision, recall); F1 isolines drawn."""
    pad = 46
    w = h = size
    inner = size - 2 * pad

    def x(r: float) -> float:
        return pad + r * inner

    def y(p: float) -> float:
        return h - pad - p * inner

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 290}" height="{h}" role="img" '
           f'aria-label="precision and recall of each system">']
    out.append(f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="#fafafa" stroke="#bbb"/>')
    for f1 in (0.2, 0.4, 0.6, 0.8, 0.9):
        pts = []
        for k in range(0, 101):
            r = f1 / 2 + (1 - f1 / 2) * k / 100
            p = f1 * r / (2 * r - f1) if 2 * r - f1 > 1e-9 else 1.0
            if 0 <= p <= 1:
                pts.append(f"{x(r):.1f},{y(p):.1f}")
        out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#ddd" stroke-dasharray="3,3"/>')
        out.append(f'<text x="{x(1) - 2:.1f}" y="{y(f1 / (2 - f1)) - 3:.1f}" font-size="9" fill="#aaa" '
                   f'text-anchor="end">F1={f1}</text>')
    for t in range(0, 11, 2):
        v = t / 10
        out.append(f'<text x="{x(v):.1f}" y="{h - pad + 14}" font-size="10" text-anchor="middle">{v:.1f}</text>')
        out.append(f'<text x="{pad - 6}" y="{y(v) + 3:.1f}" font-size="10" text-anchor="end">{v:.1f}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 8}" font-size="12" text-anchor="middle">recall</text>')
    out.append(f'<text x="14" y="{h / 2}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 14 {h / 2})">precision</text>')
    colors = {"cleaner": "#2471a3", "ner": "#c0392b", "attribution": "#117864"}
    for i, (label, group, p, r) in enumerate(points):
        c = colors.get(group, "#555")
        out.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="5" fill="{c}" fill-opacity=".8">'
                   f'<title>{_e(label)}: P {p:.3f}, R {r:.3f}</title></circle>')
        out.append(f'<text x="{x(r) + 7:.1f}" y="{y(p) - 5 + (i % 3) * 4:.1f}" font-size="10" '
                   f'fill="{c}">{_e(label)}</text>')
    ly = pad
    for g, c in colors.items():
        what = {"cleaner": "cleaners (main-content characters)", "ner": "entity extractors (strict, on gold)",
                "attribution": "attribution (content overlap, on gold)"}[g]
        out.append(f'<circle cx="{w + 8}" cy="{ly}" r="5" fill="{c}"/>'
                   f'<text x="{w + 18}" y="{ly + 4}" font-size="11">{_e(what)}</text>')
        ly += 20
    out.append("</svg>")
    return "".join(out)


def _write(path: Path, text: str) -> None:
    atomic_write_text(path, text)
    try:
        os.chmod(path, 0o644)  # temp files are created private; a report is for reading
    except OSError:
        pass


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><link rel="icon" href="data:,"><style>{CSS}</style></head>'
            f'<body>{body}</body></html>\n')


def _legend_gold() -> str:
    bp = "".join(f'<span style="background:{BP_COLORS[b]}">{b}</span>' for b in BOILERPLATE_LABELS)
    ent = "".join(f'<span class="ent" style="border-bottom-color:{ENT_COLORS[e]}">{e}</span>' for e in ENTITY_LABELS)
    return (f'<p class="legend">Boilerplate: {bp}<br>Entities: {ent}<br>Claims: '
            f'<span class="content">content</span><span class="source">source</span>'
            f'<span class="cue">cue</span></p>')


LABELS = {"kept-ok": "kept content", "drop-ok": "dropped boilerplate", "kept-bad": "kept boilerplate",
          "drop-bad": "dropped content"}
LEGEND_CLEAN = ('<p class="legend"><span class="kept-ok">kept content</span><span class="drop-ok">dropped '
                'boilerplate</span><span class="kept-bad">kept boilerplate</span><span class="drop-bad">dropped '
                'content</span></p>')
LEGEND_EXTRACT = ('<p class="legend"><span class="hit">hit</span><span class="part">overlaps gold, not exact '
                  '(boundary or type)</span><span class="fp">false positive</span><span class="miss">missed '
                  'gold</span> — hover a span for details</p>')


# -- pages ---------------------------------------------------------------------------------------
def write_report(res, folder: str | os.PathLike) -> Path:
    """Write ``folder/index.html`` and ``folder/docs/<id>.html``; return the index path."""
    from .bench import CLAIM_COLUMNS, CLEANER_COLUMNS, ENTITY_COLUMNS, GOLD, RAW, leaderboard, value
    from .scoring.pipeline import project_record

    out = Path(folder)
    lb = leaderboard(res)
    docs = res.documents

    best_cleaner = lb["cleaners"][0]["system"] if lb["cleaners"] else None
    per_doc: dict[str, dict[str, dict[str, int]]] = {}
    # per-document pages
    for d in docs:
        parts = [f'<p><a href="../index.html">← leaderboard</a></p><h1>{_e(d.id)}</h1>',
                 f'<p class="note">{_e(d.title or "")} · {_e(d.lang)} · {_e(d.split)} · {_e(d.origin)} · '
                 f'layout {_e(d.source.layout)} · {len(d.raw_text)} characters, {len(d.boilerplate)} boilerplate '
                 f'spans, {len(d.entities)} entities, {len(d.claims)} claims</p>']
        parts.append('<h2>Gold annotation</h2>' + _legend_gold() +
                     f'<div class="raw" id="gold">{highlight(d.raw_text, gold_marks(d))}</div>')
        parts.append('<h2>Cleaners</h2>' + LEGEND_CLEAN)
        for r in res.runs:
            if r.kind != "cleaner":
                continue
            rec = next((x for x in r.records if x["id"] == d.id), None)
            if rec is None:
                continue
            marks, counts = cleaner_marks(d, rec["text"])
            per_doc.setdefault(d.id, {})[r.system] = counts
            summ = ", ".join(f"{LABELS[k]} {v}" for k, v in counts.items()) + " non-space"
            parts.append(f'<details><summary>{_e(r.system)} <span class="note">({summ} characters)</span>'
                         f'</summary><div class="raw">{highlight(d.raw_text, marks)}</div></details>')
        parts.append('<h2>Extractors</h2>' + LEGEND_EXTRACT)
        for r in res.runs:
            if r.kind not in ("ner", "attribution") or r.input not in (RAW, best_cleaner, GOLD):
                continue
            rec = next((x for x in r.records if x["id"] == d.id), None)
            if rec is None:
                continue
            proj = project_record(rec, d.raw_text)
            if r.kind == "ner":
                marks, counts = entity_marks(d, proj.entities)
            else:
                marks, counts = claim_marks(d, proj.claims)
            where = {RAW: "on the raw text", GOLD: "on the gold main content"}.get(
                r.input, f"on {r.input}'s output (the best cleaner; spans projected to the raw text)")
            summ = ", ".join(f"{k} {v}" for k, v in counts.items())
            parts.append(f'<details><summary>{_e(r.system)} {where} <span class="note">({summ})</span></summary>'
                         f'<div class="raw">{highlight(d.raw_text, marks)}</div></details>')
        _write(out / "docs" / f"{d.id}.html", _page(f"NewsGold {d.id}", "".join(parts)))

    # index
    ci = res.bootstrap > 0
    b = [f"<h1>NewsGold benchmark</h1>",
         f'<p class="note">Split <b>{_e(res.split)}</b>: {len(docs)} documents '
         f'({sum(d.lang == "ko" for d in docs)} Korean, {sum(d.lang == "en" for d in docs)} English). '
         + (f"Brackets: 95% bootstrap intervals over documents ({res.bootstrap} resamples, seed {res.seed}). "
            if ci else "No bootstrap intervals (run with --bootstrap N). ")
         + 'Regenerate with <code>newsgold bench --split ' + _e(res.split) + ' --report DIR</code>.</p>']
    b.append("<h2>Cleaners</h2><p class=\"note\">Main-content precision/recall/F1 over characters and tokens "
             "after a monotonic alignment of the output to the raw text (micro over the split); shingle = the "
             "Article Extraction Benchmark's 4-token shingle metric. trafilatura and jusText are HTML "
             "extractors: they are run on the raw text wrapped one &lt;p&gt; per line (HTML-escaped), since "
             "the corpus has no markup.</p>")
    b.append(_table(lb["cleaners"], [c for c, _ in CLEANER_COLUMNS], best_col="char F1"))
    leak_rows = []
    for r in lb["cleaners"]:
        run = res.run(r["system"], RAW)
        leak = (run.scores.get("clean") or {}).get("leak_by_label") or {} if run else {}
        row: dict[str, Any] = {"system": r["system"]}
        for lab in BOILERPLATE_LABELS:
            x = leak.get(lab)
            if isinstance(x, dict) and isinstance(x.get("rate"), (int, float)):
                row[lab] = {"value": float(x["rate"])}
        leak_rows.append(row)
    if any(len(r) > 1 for r in leak_rows):
        b.append("<h3>What each cleaner keeps</h3><p class=\"note\">Share of each boilerplate class's characters "
                 "the cleaner kept (lower is better; the main content kept is char R above).</p>")
        b.append(_table(leak_rows, list(BOILERPLATE_LABELS)))
    b.append("<h2>Entities</h2><p class=\"note\">Each extractor on the gold main content of the documents "
             "in its language(s); SemEval-2013 schemes; KLUE macro F1 = seqeval strict IOB2.</p>")
    b.append(_table(lb["entities"], [c for c, _ in ENTITY_COLUMNS], extra=["documents"], best_col="strict F1"))
    b.append("<h2>Claims</h2><p class=\"note\">Each extractor on the gold main content; per-part overlap and "
             "exact F1, full = all parts overlap and the kind is right.</p>")
    b.append(_table(lb["claims"], [c for c, _ in CLAIM_COLUMNS], extra=["documents"], best_col="full F1"))
    b.append("<h2>Pipelines</h2><p class=\"note\">Each extractor on the raw text, on each cleaner's output "
             "(spans projected back to the raw text through the alignment) and on the gold main content "
             "(the ceiling). Entities: strict F1; claims: content overlap F1.</p>")
    prow = []
    for inp in lb["pipeline_inputs"]:
        row = {"input": inp}
        for p in lb["pipelines"]:
            row[p["system"]] = p[inp]
        prow.append(row)
    b.append(_table(prow, [p["system"] for p in lb["pipelines"]], first="input"))
    points = []
    for r in lb["cleaners"]:
        if value(r["char P"]) is not None:
            points.append((r["system"], "cleaner", value(r["char P"]), value(r["char R"])))
    for r in lb["entities"]:
        if value(r["strict P"]) is not None:
            points.append((r["system"], "ner", value(r["strict P"]), value(r["strict R"])))
    for run in res.runs:
        if run.kind == "attribution" and run.input == GOLD:
            from .bench import fig

            p = fig(run.scores, "claims", "content", "overlap", "precision")
            rr = fig(run.scores, "claims", "content", "overlap", "recall")
            if isinstance(p, (int, float)) and isinstance(rr, (int, float)):
                points.append((run.system, "attribution", float(p), float(rr)))
    b.append("<h2>Precision and recall</h2>" + pr_chart(points))
    b.append("<h2>Systems</h2><table class=\"lb\"><thead><tr><th>name</th><th>kind</th><th>version</th>"
             "<th>langs</th><th>description</th></tr></thead><tbody>" +
             "".join(f"<tr><td>{_e(s.name)}</td><td>{_e(s.kind)}</td><td>{_e(s.version)}</td>"
                     f"<td>{_e(','.join(s.langs))}</td><td style=\"text-align:left\">{_e(s.description)}</td></tr>"
                     for s in res.systems) + "</tbody></table>")
    first = docs[0] if docs else None
    b.append("<h2>Documents</h2><p class=\"note\">Each page shows the raw text with the gold layers, each "
             "cleaner's kept/dropped text and each extractor's hits, misses and false positives.</p>")
    cleaner_names = [r["system"] for r in lb["cleaners"]]
    if cleaner_names:
        rows = []
        for d in docs:
            row: dict[str, Any] = {"document": d.id, "lang": d.lang, "layout": d.source.layout}
            for c in cleaner_names:
                k = per_doc.get(d.id, {}).get(c)
                if k:
                    tp, fp, fn = k["kept-ok"], k["kept-bad"], k["drop-bad"]
                    row[c] = {"value": 2 * tp / (2 * tp + fp + fn)} if tp + fp + fn else None
            rows.append(row)
        body = []
        for row in rows:
            cells = [f'<td><a href="docs/{_e(row["document"])}.html">{_e(row["document"])}</a></td>',
                     f"<td>{_e(row['lang'])}</td>", f"<td>{_e(row['layout'])}</td>"]
            cells += [_cell(row.get(c)) for c in cleaner_names]
            body.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f"<th>{_e(h)}</th>" for h in ["document", "lang", "layout", *cleaner_names])
        b.append('<p class="note">Per document: each cleaner\'s character F1 of main content (non-space '
                 'characters, from the same alignment as the document pages).</p>'
                 f'<table class="lb"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    else:
        b.append('<ul class="docs">' + "".join(
            f'<li><a href="docs/{_e(d.id)}.html">{_e(d.id)}</a></li>' for d in docs) + "</ul>")
    if first is not None:
        b.append(f'<h3>Preview: {_e(first.id)} (gold layers)</h3>' + _legend_gold() +
                 f'<div class="raw" id="preview">{highlight(first.raw_text, gold_marks(first))}</div>')
    index = out / "index.html"
    _write(index, _page(f"NewsGold benchmark ({res.split})", "".join(b)))
    return index
