"""``c4-lines``: the line rules of C4 (Raffel et al. 2020, "Exploring the Limits of Transfer Learning",
section 2.2), written here from the paper's description:

- keep only lines that end in a terminal punctuation mark (``.``, ``?``, ``!``, ``"``);
- keep only lines with at least 3 words (whitespace-separated);
- drop any line containing the word "javascript";
- drop lines mentioning cookie or usage policies ("terms of use", "privacy policy", "cookie policy",
  "uses cookies", "use of cookies", "use cookies" -- the policy phrases of the public C4 code);
- remove citation marks such as ``[1]``, ``[edit]``, ``[citation needed]``.

C4's page-level filters (fewer than 5 sentences, "lorem ipsum", curly brackets, the bad-words list)
decide whether a whole page enters the corpus; they are not line cleaning and are not applied here.
The rules are applied unchanged to Korean text (C4 was English-only): that is the point of the baseline.
"""
from __future__ import annotations

import re

from .base import System, source_hash

END_MARKS = (".", "?", "!", '"')
MIN_WORDS = 3
POLICY_PHRASES = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
                  "use cookies")
CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)


def keep_line(line: str) -> bool:
    line = line.strip()
    if not line.endswith(END_MARKS):
        return False
    if len(line.split()) < MIN_WORDS:
        return False
    low = line.lower()
    if "javascript" in low:
        return False
    return not any(p in low for p in POLICY_PHRASES)


class C4LinesCleaner(System):
    name = "c4-lines"
    kind = "cleaner"
    version = "1+src." + source_hash(__file__)
    description = "C4's line rules (terminal punctuation, >= 3 words, no javascript/policy lines)"

    def clean(self, raw_text: str, lang: str) -> str:
        kept = []
        for line in raw_text.split("\n"):
            if keep_line(line):
                kept.append(CITATION.sub("", line.strip()))
        return "\n".join(kept)
