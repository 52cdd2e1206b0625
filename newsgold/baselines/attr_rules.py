"""Attribution baselines.

``attr-rules``: cue-lexicon rules per language finding source, cue and content spans in each sentence.

Korean (general knowledge of Korean news style):
- "X에 따르면 Y"                          -> according_to: source X, cue "에 따르면", content Y;
- "Y 것으로 알려졌다 / 전해졌다 / 전해진다" -> unattributed: content "Y 것", cue the verb;
- "X는 “Q1”라며 “Q2”고 말했다"            -> direct: content Q1, Q2 (one claim), source X;
- "X는 Y다고 밝혔다", "Y라고 X는 설명했다"  -> indirect (mixed when Y holds a quotation).
English:
- "According to X, Y" / "Y, according to X" -> according_to;
- "It is understood / believed / reported that Y" -> unattributed;
- "“Q,” X said" / "“Q,” said X" / "X said: “Q”" -> direct; a following sentence that is all quotation
  continues the claim;
- "X said (that) Y", "Y, X said" -> indirect (mixed when Y holds a quotation).

``attr-quotes``: the quotation-mark floor: every quotation of three or more words is a direct claim with
no source or cue (what a reader who only looks for quotation marks would find).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from .base import System, _base_file, _trimmed, iter_lines, source_hash, span

OPEN_Q = "“\""
CLOSE_Q = "”\""
QUOTE = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")

KO_CUE_VERBS = ["말했다", "밝혔다", "강조했다", "전했다", "설명했다", "덧붙였다", "주장했다", "지적했다", "언급했다",
                "평가했다", "답했다", "반문했다", "토로했다", "호소했다", "내다봤다", "예상했다", "전망했다", "우려했다",
                "비판했다", "당부했다", "촉구했다", "말한다", "설명한다", "강조한다", "밝힌다", "전한다", "꼬집었다",
                "분석했다", "진단했다", "발표했다", "알렸다", "경고했다", "제안했다", "요구했다", "해명했다", "시사했다",
                "귀띔했다", "털어놨다", "말했습니다", "밝혔습니다", "했다"]
KO_UNATTR = r"(?P<cue>알려졌다|알려졌습니다|알려진다|전해졌다|전해졌습니다|전해진다|파악됐다|파악된다|확인됐다)"
# the quotative ending: "…다고", "…냐고", "…”고", "…라며", "…이라고" (not the "고" of "조사하고")
KO_ENDING = r"(?P<ending>(?:이)?라(?:며|면서|고)|(?<=[다냐자까요”\"’'])(?:고|며|면서))"
KO_LEAD_ADVERBS = r"^(?:(?:또(?!\s*다른)|또한|이어|이어서|한편|특히|다만|그러면서|그러나|하지만|아울러|이에|앞서)\s+)*"
EN_CUES = r"(?P<cue>said|says|say|told|tells|added|adds|noted|notes|warned|warn|warns|argued|argue|argues|" \
          r"insisted|stressed|explained|wrote|writes|announced|claimed|claim|acknowledged|admitted|confirmed|" \
          r"estimated|estimate|predicted|predict|suggested|suggest|reported|asked|believe|believes|expect|expects)"


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence ranges that never split inside a quotation (“…” or "…")."""
    for ls, le, line in iter_lines(text):
        start, depth, straight_open = 0, 0, False
        i, n = 0, len(line)
        while i < n:
            ch = line[i]
            if ch == "“":
                depth += 1
            elif ch == "”":
                depth = max(0, depth - 1)
            elif ch == '"':
                straight_open = not straight_open
            elif ch in ".?!" and depth == 0 and not straight_open:
                j = i + 1
                while j < n and line[j] in "”\"’)":
                    j += 1
                if (j == n or line[j].isspace()) and not re.search(
                        r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Inc|Co|Corp|Ltd|No|Gov|Sen|Rep|Gen|Prof)|\b[A-Z]|\d)$", line[:i]):
                    yield from _trimmed(line, ls, start, j)
                    start = j
                    i = j
                    continue
            i += 1
        yield from _trimmed(line, ls, start, n)


def _clean(text: str, s: int, e: int, extra: str = "") -> tuple[int, int]:
    chars = " \t.,;:" + extra
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _claim(kind: str, content: list[tuple[int, int]], source: list[tuple[int, int]],
           cue: list[tuple[int, int]]) -> dict[str, Any] | None:
    content = [c for c in content if c[0] < c[1]]
    if not content:
        return None
    return {"kind": kind, "content": [span(*c) for c in content], "source": [span(*c) for c in source if c[0] < c[1]],
            "cue": [span(*c) for c in cue if c[0] < c[1]]}


def _quotes_in(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    for m in QUOTE.finditer(text, s, e):
        g = 1 if m.group(1) is not None else 2
        out.append(_clean(text, m.start(g), m.end(g), ",.!?"))
    return out


class AttrRules(System):
    name = "attr-rules"
    kind = "attribution"
    version = "1.0+src." + source_hash(__file__, _base_file())
    description = "cue-lexicon rules (말했다, 밝혔다, 에 따르면, 것으로 알려졌다; said, told, according to ...)"

    def extract(self, text: str, lang: str) -> dict[str, Any]:
        claims: list[dict[str, Any]] = []
        sents = list(sentences(text))
        for s, e in sents:
            c = self._ko(text, s, e) if lang == "ko" else self._en(text, s, e, claims)
            if c:
                claims.append(c)
        return {"claims": claims}

    # -- Korean ------------------------------------------------------------------------
    def _ko(self, text: str, s: int, e: int) -> dict[str, Any] | None:
        sent = text[s:e]
        lead = re.match(KO_LEAD_ADVERBS, sent)
        body0 = s + (lead.end() if lead else 0)
        # X에 따르면 Y
        m = re.search(r"에\s?따르면\s*,?\s*", sent)
        if m and m.start() < 60:
            src = _clean(text, body0, s + m.start())
            cue = (s + m.start(), s + m.start() + len(m.group(0).rstrip(" ,")))
            con = _clean(text, s + m.end(), e, "”\"")
            return _claim("according_to", [con], [src], [cue])
        # …것으로 알려졌다
        m = re.search(r"(것)\s?(?:으로|로)\s+(?:\S+\s+)?" + KO_UNATTR + r"[.\s”\"]*$", sent)
        if m:
            con = _clean(text, body0, s + m.end(1), "“”\"")
            cue = (s + m.start("cue"), s + m.end("cue"))
            return _claim("unattributed", [con], [], [cue])
        # reported speech with a cue verb at the end
        cue_re = r"(?P<cue>" + "|".join(KO_CUE_VERBS) + r")[.\s”\"]*$"
        m = re.search(KO_ENDING + r"\s+(?P<mid>(?:[^\s“”\"]+\s+){0,3}?)" + cue_re, sent)
        if not m:
            return None
        cue = (s + m.start("cue"), s + m.end("cue"))
        content_end = s + m.start("ending")
        mid = m.group("mid")
        source: tuple[int, int] | None = None
        content_start = body0
        # source after the quotation: "…라고 김 대표는 말했다"
        ms = re.match(r"(?P<src>.{1,30}?)(?:은|는|이|가)\s", mid) if mid.strip() else None
        if ms and not re.match(r"^\d", mid):
            source = (s + m.start("mid"), s + m.start("mid") + ms.end("src"))
        else:
            # source at the start: the first topic/subject particle before the content
            head = text[body0:content_end]
            mh = re.match(r"(?P<src>[^“\"]{1,40}?)(?:은|는|이|가)\s+", head)
            if mh and not re.search(r"[.,]", mh.group("src")):
                source = (body0, body0 + mh.end("src"))
                content_start = body0 + mh.end()
                adv = re.match(r"(?:(?:또|또한|이어|특히|아울러|다시)\s+)+", text[content_start:content_end])
                if adv:
                    content_start += adv.end()
        quotes = _quotes_in(text, content_start, content_end + 1)
        core = text[content_start:content_end]
        only_quotes = bool(quotes) and re.fullmatch(
            r"\s*(?:[“\"][^“”\"]+[”\"]\s*(?:(?:이)?라며|(?:이)?라면서|고|며|면서)?\s*)+", core + "”"[:0])
        lead_in = core[:core.find("“") if "“" in core else core.find('"')] if quotes else ""
        tail = core[core.rfind("”") + 1:] if "”" in core else (core[core.rfind('"') + 1:] if quotes else "")
        framed = quotes and len(lead_in.split()) <= 4 and not re.search(r"다\s*$", lead_in) and \
            re.fullmatch(r"\s*(?:이)?(?:라)?\s*", tail) is not None
        if quotes and ((only_quotes is not None and only_quotes) or framed):
            # "김 장관은 이날 간담회에서 “…”라고 말했다": the quotation is the content
            kind, content = "direct", quotes
        else:
            # the quotative ending belongs outside; "…다고" -> content ends at 다
            con = _clean(text, content_start, content_end, "“”\"" if not quotes else "")
            kind, content = ("mixed" if quotes else "indirect"), [con]
        if source is None:
            return None
        return _claim(kind, content, [source], [cue])

    # -- English -----------------------------------------------------------------------
    def _en(self, text: str, s: int, e: int, prev: list[dict[str, Any]]) -> dict[str, Any] | None:
        sent = text[s:e]
        # a sentence that is one quotation continues the previous direct claim on the same line
        if re.fullmatch(r"[“\"][^“”\"]+[”\"]", sent) and prev and prev[-1]["kind"] == "direct" and \
                "\n" not in text[prev[-1]["content"][-1]["end"]:s]:
            q = _quotes_in(text, s, e)
            prev[-1]["content"].extend(span(*c) for c in q)
            return None
        m = re.match(r"According to (?P<src>[^,]{2,120}?),\s*(?P<con>.+)$", sent)
        if m:
            return _claim("according_to", [_clean(text, s + m.start("con"), e)],
                          [(s + m.start("src"), s + m.end("src"))], [(s, s + len("According to"))])
        m = re.search(r",\s*(?P<cue>according to)\s+(?P<src>[^,]{2,120}?)[.\s]*$", sent)
        if m:
            return _claim("according_to", [_clean(text, s, s + m.start(), "“”\"")],
                          [_clean(text, s + m.start("src"), s + m.end("src"))],
                          [(s + m.start("cue"), s + m.end("cue"))])
        m = re.match(r"(?P<cue>It is (?:understood|believed|reported|said|thought|expected))\s+(?:that\s+)?(?P<con>.+)$",
                     sent)
        if m:
            return _claim("unattributed", [_clean(text, s + m.start("con"), e)], [],
                          [(s + m.start("cue"), s + m.end("cue"))])
        # “Q,” X said / “Q,” said X
        m = re.match(r"[“\"](?P<q>[^“”\"]+)[”\"],?\s+(?:(?P<cue1>said|says|added|told|asked|wrote)\s+(?P<src1>[^.]+?)"
                     r"|(?P<src2>[^“”\"]{2,120}?)\s+" + EN_CUES + r"\b[^“”\"]*?)[.\s]*$", sent)
        if m:
            q = [_clean(text, s + m.start("q"), s + m.end("q"), ",")]
            if m.group("cue1"):
                src = _clean(text, s + m.start("src1"), s + m.end("src1"))
                cue = (s + m.start("cue1"), s + m.end("cue1"))
            else:
                src = _clean(text, s + m.start("src2"), s + m.end("src2"))
                cue = (s + m.start("cue"), s + m.end("cue"))
            return _claim("direct", q, [src], [cue])
        # X said: “Q.”
        m = re.match(r"(?P<src>[^“”\",]{2,80}?)\s+" + EN_CUES + r"\s*[:,]\s*[“\"](?P<q>[^“”\"]+)[”\"]\.?$", sent)
        if m:
            return _claim("direct", [_clean(text, s + m.start("q"), s + m.end("q"), ",")],
                          [(s + m.start("src"), s + m.end("src"))], [(s + m.start("cue"), s + m.end("cue"))])
        # Y, X said (on Monday, ...)
        m = re.match(r"(?P<con>[^“”\"]{10,}?),\s+(?P<src>(?:[^,]|, (?:a|an|the) )[^,]{1,80}?)\s+" + EN_CUES +
                     r"\b(?P<rest>.*)$", sent)
        if m and not re.search(r"\bthat\b", m.group("src")):
            return _claim("indirect", [_clean(text, s + m.start("con"), s + m.end("con"))],
                          [(s + m.start("src"), s + m.end("src"))], [(s + m.start("cue"), s + m.end("cue"))])
        # X said (that) Y
        m = re.match(r"(?P<src>[A-Z][^“”\"]{0,100}?)\s+" + EN_CUES +
                     r"(?:\s+(?:reporters|investors|analysts|lawmakers|[A-Z]\w+|him|her|them|us))?"
                     r"(?:(?:\s+(?:on|in|at|during|after|before|via|through)\s+[^“”\",]{1,50}?)?\s+that\s+"
                     r"|(?:\s+on\s+\w+)?\s+(?!that\b)(?=\w))(?P<con>.{10,})$", sent)
        if m and len(m.group("src").split()) <= 12:
            con = _clean(text, s + m.start("con"), e)
            kind = "mixed" if QUOTE.search(text, con[0], con[1]) else "indirect"
            return _claim(kind, [con], [(s + m.start("src"), s + m.end("src"))],
                          [(s + m.start("cue"), s + m.end("cue"))])
        return None


class AttrQuotes(System):
    name = "attr-quotes"
    kind = "attribution"
    version = "1.0+src." + source_hash(__file__, _base_file())
    description = "every quotation of 3+ words is a direct claim (no source, no cue): the quotation-mark floor"

    def extract(self, text: str, lang: str) -> dict[str, Any]:
        claims = []
        for m in QUOTE.finditer(text):
            g = 1 if m.group(1) is not None else 2
            s, e = _clean(text, m.start(g), m.end(g), ",.!?")
            if len(text[s:e].split()) >= 3:
                claims.append({"kind": "direct", "content": [span(s, e)], "source": [], "cue": []})
        return {"claims": claims}
