"""Raw page text -> a minimal HTML page, one ``<p>`` per non-blank line (HTML-escaped).

trafilatura and jusText are HTML extractors; NewsGold's raw text has no markup left, so the
only structure they can use is the line break. This wrapping is the documented way we run them
(the report says so): it measures what their text heuristics do without the DOM cues they were
built for.
"""
from __future__ import annotations

import html


def wrap_lines(raw_text: str, title: str | None = None) -> str:
    body = "".join(f"<p>{html.escape(line.strip(), quote=False)}</p>\n"
                   for line in raw_text.split("\n") if line.strip())
    head = f"<title>{html.escape(title, quote=False)}</title>" if title else ""
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">{head}</head>\n"
            f"<body>\n{body}</body></html>\n")
