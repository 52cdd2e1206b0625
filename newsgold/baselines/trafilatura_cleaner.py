"""``trafilatura``: trafilatura 2.x's main-text extraction on the raw text wrapped one ``<p>`` per line.

Options: plain text output, no comments, tables kept, no deduplication (its cache would make the
output depend on the documents seen before), no metadata, no fallback search of the web.
"""
from __future__ import annotations

from . import html_wrap
from .base import System, package_version, source_hash
from .html_wrap import wrap_lines


class TrafilaturaCleaner(System):
    name = "trafilatura"
    kind = "cleaner"
    description = "trafilatura 2.x extract() on the text wrapped one <p> per line"

    def __init__(self) -> None:
        self.version = f"1+src.{source_hash(__file__, html_wrap.__file__)}+trafilatura-{package_version('trafilatura')}"

    def clean(self, raw_text: str, lang: str) -> str:
        import logging

        import trafilatura

        logging.getLogger("trafilatura").setLevel(logging.ERROR)
        out = trafilatura.extract(wrap_lines(raw_text), output_format="txt", include_comments=False,
                                  include_tables=True, deduplicate=False, with_metadata=False,
                                  favor_precision=False, favor_recall=False)
        return out or ""
