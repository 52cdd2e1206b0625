"""The HTML report: pure rendering helpers, static checks, and a real headless Chromium.

The browser part runs Debian's ``chromium`` (installed by ``make chromium``, which ``make test`` runs) with
networking features off and a fresh profile, and checks that each page loads without console messages
and that its screenshot shows the highlight colours. Only that part is skipped when chromium is missing.
"""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from newsgold.bench import run_bench, select_systems
from newsgold.corpus import load_documents
from newsgold.model import Annotation, Document, LabeledSpan, Source
from newsgold.report import BP_COLORS, cleaner_marks, entity_marks, highlight, pr_chart, write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr",
         "--log-level=0", "--hide-scrollbars"]


def _doc(raw: str, boilerplate=(), entities=()) -> Document:
    return Document(id="doc-001", lang="en", split="dev", origin="synthetic",
                    source=Source("p", "s", "l", None, "CC BY 4.0", True), raw_text=raw,
                    boilerplate=[LabeledSpan(f"b{i}", s, e, lab) for i, (s, e, lab) in enumerate(boilerplate)],
                    entities=[LabeledSpan(f"e{i}", s, e, lab) for i, (s, e, lab) in enumerate(entities)],
                    annotation=Annotation("1.0", [], "draft"))


# -- pure helpers -----------------------------------------------------------------------------
def test_highlight_escapes_and_nests_overlapping_marks():
    text = "a <b> & c"
    out = highlight(text, [(0, 5, "x", "", "first"), (2, 9, "y", "color:red", "second")])
    assert out == ('<span class="x" title="first">a </span>'
                   '<span class="x y" style="color:red" title="first | second">&lt;b&gt;</span>'
                   '<span class="y" style="color:red" title="second"> &amp; c</span>')
    assert highlight(text, []) == "a &lt;b&gt; &amp; c"
    assert highlight(text, [(3, 99, "z", "", "")]) == "a &lt;b&gt; &amp; c"  # out of range: ignored


def test_cleaner_marks_classify_kept_and_dropped_characters():
    raw = "Menu\nBody text here.\nCopyright"
    doc = _doc(raw, boilerplate=[(0, 4, "navigation"), (raw.index("Copy"), len(raw), "legal")])
    marks, counts = cleaner_marks(doc, "Body text here.\nCopyright")
    assert counts == {"kept-ok": len("Bodytexthere."), "drop-ok": 4, "kept-bad": 9, "drop-bad": 0}
    assert {m[2] for m in marks} == {"kept-ok", "drop-ok", "kept-bad"}


def test_entity_marks_hits_partials_false_positives_misses():
    raw = "Anna Berg met Tom in Oslo"
    doc = _doc(raw, entities=[(0, 9, "PS"), (14, 17, "PS"), (21, 25, "LC")])
    _, counts = entity_marks(doc, [(0, 9, "PS"), (14, 17, "OG"), (10, 13, "OG")])
    assert counts == {"hit": 1, "part": 1, "fp": 1, "miss": 2}


def test_pr_chart_is_standalone_svg():
    svg = pr_chart([("sys-a", "cleaner", 0.9, 0.8), ("sys-b", "ner", 0.5, 0.25)])
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "sys-a" in svg and "sys-b" in svg


# -- a real report ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def report(tmp_path_factory):
    docs = load_documents(split="dev")
    if not docs:
        pytest.skip("no dev documents")
    out = tmp_path_factory.mktemp("report")
    res = run_bench(docs, select_systems(["identity", "newsgold-rules", "ko-ner", "en-ner", "attr-rules"]),
                    out_dir=out / "pred", cache_dir=out / "cache", bootstrap=20, split="dev", progress=False)
    index = write_report(res, out / "report")
    return index, docs


def test_report_is_static_and_offline(report):
    index, docs = report
    pages = [index] + sorted((index.parent / "docs").glob("*.html"))
    assert len(pages) == 1 + len(docs)
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), p
        assert "@import" not in html and "url(http" not in html
    text = index.read_text(encoding="utf-8")
    for heading in ("Cleaners", "Entities", "Claims", "Pipelines", "Precision and recall"):
        assert f"<h2>{heading}</h2>" in text
    assert "one &lt;p&gt; per line" in text  # the report says how the HTML extractors were run
    for d in docs:
        assert f'href="docs/{d.id}.html"' in text


# -- headless Chromium ------------------------------------------------------------------------
def _chromium(tmp_path: Path, url: str, *extra: str) -> tuple[str, str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120)
    return proc.stdout, proc.stderr


def _console_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln]


def _png_pixels(path: Path) -> tuple[int, int, int, bytes]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes): (width, height, channels, rows)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
            ch = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * ch
    out = bytearray()
    prev = bytearray(stride)
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, ch, bytes(out)


def _count_color(path: Path, hex_color: str) -> int:
    try:  # Pillow is fast; the small decoder above is the fallback when it is absent
        from PIL import Image

        with Image.open(path) as im:
            px, ch = im.convert("RGB").tobytes(), 3
    except ImportError:
        _, _, ch, px = _png_pixels(path)
    rgb = bytes.fromhex(hex_color.lstrip("#"))
    return sum(1 for i in range(0, len(px), ch * 3) if px[i:i + 3] == rgb)  # every 3rd pixel is enough


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (run 'make chromium')")


@needs_chromium
def test_console_detection_works(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('report-test-marker')</script></body></html>")
    _, err = _chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert any("report-test-marker" in ln for ln in _console_lines(err))


@needs_chromium
def test_report_opens_in_headless_chromium_without_console_messages(report, tmp_path):
    index, docs = report
    for page in [index, index.parent / "docs" / f"{docs[0].id}.html"]:
        dom, err = _chromium(tmp_path, page.as_uri(), "--dump-dom")
        assert _console_lines(err) == [], _console_lines(err)
        assert "<h1>" in dom and "</html>" in dom


@needs_chromium
def test_report_screenshot_shows_highlighted_text(report, tmp_path):
    index, docs = report
    doc = next((d for d in docs if len(d.boilerplate) >= 3), docs[0])
    shots = {}
    for name, page in (("index", index), ("doc", index.parent / "docs" / f"{doc.id}.html")):
        shot = index.parent / f"screenshot-{name}.png"
        _, err = _chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1280,6000")
        assert shot.is_file() and shot.stat().st_size > 10_000, err[-2000:]
        shots[name] = shot
    used = {b.label for b in doc.boilerplate}
    found = {lab: _count_color(shots["doc"], BP_COLORS[lab]) for lab in used}
    assert sum(found.values()) > 500, found  # gold boilerplate highlighted on the document page
    assert sum(_count_color(shots["index"], BP_COLORS[lab]) for lab in BP_COLORS) > 100  # the preview


def test_png_decoder_on_a_hand_made_image(tmp_path):
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    # 2x2 RGB; row 0 unfiltered, row 1 with the Sub filter
    rows = b"\x00" + bytes([255, 0, 0, 0, 255, 0]) + b"\x01" + bytes([10, 20, 30, 5, 5, 5])
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    p = tmp_path / "t.png"
    p.write_bytes(png)
    assert _png_pixels(p) == (2, 2, 3, bytes([255, 0, 0, 0, 255, 0, 10, 20, 30, 15, 25, 35]))
