"""``justext``: jusText 3.x on the raw text wrapped one ``<p>`` per line, with its stoplist for the
document's language (Korean or English); paragraphs it classes as good are kept, everything else
(bad, short, near-good left unresolved) dropped, as its README's example does.
"""
from __future__ import annotations

from . import html_wrap
from .base import System, package_version, source_hash
from .html_wrap import wrap_lines

_STOPLISTS = {"ko": "Korean", "en": "English"}


class JustextCleaner(System):
    name = "justext"
    kind = "cleaner"
    description = "jusText 3.x (language stoplist) on the text wrapped one <p> per line"

    def __init__(self) -> None:
        self.version = f"1+src.{source_hash(__file__, html_wrap.__file__)}+justext-{package_version('jusText')}"
        self._stoplists: dict[str, frozenset] = {}

    def clean(self, raw_text: str, lang: str) -> str:
        import justext

        if lang not in self._stoplists:
            self._stoplists[lang] = justext.get_stoplist(_STOPLISTS.get(lang, "English"))
        html = wrap_lines(raw_text).encode("utf-8")
        paragraphs = justext.justext(html, self._stoplists[lang], encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
