"""``newsgold-rules``: NewsGold's reference cleaner for raw page text (no HTML needed).

Line classification in four passes, all general (tuned on the dev split only):

1. **Lexicon**: each line is matched against the per-language boilerplate lexicon
   (:mod:`.rules_lexicon`): copyright, bylines and time stamps, share/font-size controls, summary-box
   markers, related/most-read headings, ads, banners, comment counters, captions, menus.
2. **Shape**: a *prose* line ends in terminal punctuation and has enough words; a *title* line is
   headline-shaped (a few words, no terminal punctuation, no menu separators); runs of 3+ lines
   sharing a bullet, a numbering or a "- Publisher" suffix are lists (related headlines, menus).
3. **Body block**: the largest run of prose lines, allowing short gaps (subheadings, captions) is the
   body; above it, the nearest title lines (up to three: headline and decks) are kept; everything
   else outside the block is dropped. Lines after a summary marker ("요약", "Key points") are the
   summary box.
4. **Duplicates**: a line whose text is contained in another kept line (a summary-box or pull-quote copy
   of a body sentence) is dropped; of two equal lines the first (the box above the body) goes.

Inline wire bylines at the start of the lead ("[서울=연합뉴스] 홍길동 기자 =", "LONDON (Reuters) -")
are cut from the kept line.
"""
from __future__ import annotations

import re

from .base import System
from .rules_lexicon import LEAD_BYLINE, classify_line

TERMINAL = (".", "?", "!", "。", "”", '"', "’", "'", "…", ")")
_BULLET = re.compile(r"^\s*([-–—•·*▶▷►■□◆◇○●※]|\d{1,2}[.)]?\s)")
_SEPARATORS = re.compile(r"\s[|>›»/·]\s|\s{2,}")
_SUFFIX = re.compile(r"\s[-–—·|]\s*([^-–—·|]{2,30})$")
_NORM = re.compile(r"[\W_]+", re.UNICODE)

MIN_PROSE_WORDS = {"ko": 4, "en": 6}
MIN_TITLE_WORDS = {"ko": 3, "en": 4}
LONG_LINE = 160


def _words(s: str) -> int:
    return len(s.split())


def _norm(s: str) -> str:
    return _NORM.sub("", s).lower()


class RulesCleaner(System):
    name = "newsgold-rules"
    kind = "cleaner"
    version = "1.0"
    description = "NewsGold's line rules: lexicon + shape + body block + duplicates"

    def clean(self, raw_text: str, lang: str) -> str:
        lines = raw_text.split("\n")
        keep = self.classify(lines, lang)
        out = []
        for i, (line, label) in enumerate(zip(lines, keep)):
            if label is not None:
                continue
            s = line.strip()
            if not s:
                continue
            m = LEAD_BYLINE.get(lang, LEAD_BYLINE["en"]).match(s)
            if m and m.end() < len(s) and _words(s[m.end():]) >= 3:
                s = s[m.end():].strip()
            out.append(s)
        return "\n".join(out)

    # -- the passes ------------------------------------------------------------------
    def classify(self, lines: list[str], lang: str) -> list[str | None]:
        """One label per line: None for main content, else a boilerplate class."""
        lang = lang if lang in MIN_PROSE_WORDS else "en"
        n = len(lines)
        text = [ln.strip() for ln in lines]
        label: list[str | None] = [None] * n
        blank = [not t for t in text]

        # 1. lexicon
        lex: list[str | None] = [None] * n
        for i, t in enumerate(text):
            if blank[i]:
                continue
            got = classify_line(t, lang)
            if got and len(t) > LONG_LINE:
                # a long sentence only counts as furniture when the phrase opens it
                got = got if _lexicon_at_start(t, lang) else None
            lex[i] = got

        # 2. shape
        prose = [not blank[i] and lex[i] is None and self._is_prose(text[i], lang) for i in range(n)]
        title = [not blank[i] and lex[i] is None and self._is_title(text[i], lang) for i in range(n)]
        listed = self._list_runs(text, blank)

        # summary boxes: prose lines right after a marker
        summary = [False] * n
        for i in range(n):
            if lex[i] == "summary":
                j, taken = i + 1, 0
                while j < n and taken < 5:
                    if blank[j]:
                        j += 1
                        continue
                    if lex[j] is not None or not (prose[j] or _BULLET.match(text[j])):
                        break
                    summary[j] = True
                    taken += 1
                    j += 1

        # 3. body block: the run of prose lines with the most characters, gaps allowed
        content_like = [prose[i] and not summary[i] and not listed[i] for i in range(n)]
        best, best_chars = None, 0
        i = 0
        while i < n:
            if not content_like[i]:
                i += 1
                continue
            start = end = i
            chars = len(text[i])
            gap = 0
            j = i + 1
            while j < n:
                if blank[j]:
                    j += 1
                    continue
                if content_like[j]:
                    end, gap = j, 0
                    chars += len(text[j])
                elif lex[j] in ("legal", "comments"):
                    break
                else:
                    gap += 1
                    if gap > 3:
                        break
                j += 1
            if chars > best_chars:
                best, best_chars = (start, end), chars
            i = end + 1
        if best is None:
            # no prose at all: keep title-shaped lines that are not furniture
            return [None if (title[i] and not listed[i]) else (lex[i] or "navigation") for i in range(n)]
        b0, b1 = best

        after_related_heading = False
        for i in range(n):
            if blank[i]:
                continue
            if b0 <= i <= b1:
                if lex[i] is not None:
                    label[i] = lex[i]
                    after_related_heading = lex[i] == "related"
                elif summary[i]:
                    label[i] = "summary"
                elif listed[i] and not prose[i]:
                    label[i] = "related"
                elif after_related_heading and not prose[i]:
                    label[i] = "related"
                else:
                    after_related_heading = False
                    label[i] = None
            else:
                label[i] = lex[i] or ("summary" if summary[i] else "navigation")

        # headline and decks: the nearest title lines above the body (furniture in between is skipped)
        kept_titles = 0
        i = b0 - 1
        while i >= 0 and kept_titles < 3:
            if blank[i] or lex[i] is not None or summary[i]:
                i -= 1
                continue
            if title[i] and not listed[i]:
                label[i] = None
                kept_titles += 1
                i -= 1
                continue
            break

        # 4. duplicates among kept lines
        kept = [i for i in range(n) if label[i] is None]
        norms = {i: _norm(text[i]) for i in kept}
        for i in kept:
            a = norms[i]
            if len(a) < 15:
                continue
            for j in kept:
                if i == j or label[j] is not None:
                    continue
                b = norms[j]
                if (a == b and i < j) or (len(a) < len(b) and a in b):
                    label[i] = "summary"
                    break
        return label

    @staticmethod
    def _is_prose(t: str, lang: str) -> bool:
        return t.endswith(TERMINAL) and _words(t) >= MIN_PROSE_WORDS[lang] and len(t) >= 20

    @staticmethod
    def _is_title(t: str, lang: str) -> bool:
        if not (10 <= len(t) <= 200) or _words(t) < MIN_TITLE_WORDS[lang]:
            return False
        if _SEPARATORS.search(t) or t.count("|") >= 1:
            return False
        if t.endswith((".", "?", "!", "。")) and not t.endswith(("...", "…")):
            return False  # a sentence, not a headline
        return True

    @staticmethod
    def _list_runs(text: list[str], blank: list[bool]) -> list[bool]:
        """Lines in runs of 3+ consecutive non-blank lines sharing a bullet or a "- Publisher" suffix."""
        n = len(text)
        out = [False] * n
        idx = [i for i in range(n) if not blank[i]]

        def key_bullet(t: str) -> str | None:
            m = _BULLET.match(t)
            if not m:
                return None
            b = m.group(1).strip()
            return "#" if b[:1].isdigit() else b

        def key_suffix(t: str) -> str | None:
            m = _SUFFIX.search(t)
            return m.group(1).strip() if m else None

        for keyf in (key_bullet, key_suffix):
            run: list[int] = []
            prev = None
            for i in idx + [None]:
                k = keyf(text[i]) if i is not None else None
                if k is not None and k == prev:
                    run.append(i)
                else:
                    if len(run) >= 3:
                        for r in run:
                            out[r] = True
                    run = [i] if k is not None else []
                prev = k
        return out


def _lexicon_at_start(t: str, lang: str) -> bool:
    from .rules_lexicon import LEXICON

    for _, p in LEXICON.get(lang, LEXICON["en"]):
        for m in p.finditer(t):
            if m.start() == 0 or m.end() == len(t):
                return True
    return False
