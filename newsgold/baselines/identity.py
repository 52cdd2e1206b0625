"""``identity``: keeps every character (the floor of the cleaner table: recall 1, precision = content share)."""
from __future__ import annotations

from .base import System, source_hash


class IdentityCleaner(System):
    name = "identity"
    kind = "cleaner"
    version = "1+src." + source_hash(__file__)
    description = "keeps the whole raw text"

    def clean(self, raw_text: str, lang: str) -> str:
        return raw_text
