"""Boilerplate lexicons for ``newsgold-rules``: regular expressions that mark a whole line as
page furniture, per class and language.

Sources, as the issue requires (no test-split document was read to write these):
- "general": general knowledge of Korean and English news pages (portal and newspaper CMS furniture,
  wire-service layouts, cookie banners) -- what any reader of those sites sees on every page;
- "dev: ID": a pattern first seen in that dev-split document of corpus/documents/.
Patterns are searched (``re.search``) in the stripped line; ``^`` / ``$`` anchor them where the
phrase must be the whole line or its start. Keep them general: a site name or a fictional
publisher never goes in here.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

# label -> patterns shared by both languages
COMMON: dict[str, list[str]] = {
    "legal": [
        r"copyright|ⓒ|©|\(c\)\s*\d{4}",                 # general (dev: ko-daum-000, en-wire-001)
        r"all rights reserved",                          # general (dev: en-wire-001, ko-paper-001)
    ],
    "byline": [
        r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$",                 # a lone e-mail address (general)
    ],
    "ad": [
        r"^(AD|Ad|광고|Advertisement|ADVERTISEMENT)$",   # general (dev: ko-paper-001)
    ],
}

KO: dict[str, list[str]] = {
    "legal": [
        r"무단\s*전재|재배포\s*금지|무단\s*복제|AI\s*학습\s*이용\s*금지",  # general (dev: ko-daum-000)
        r"저작권자|저작권\s*ⓒ",                                           # general (dev: ko-paper-001)
        r"등록번호\s*:|발행[·ㆍ]?편집인|발행인\s*:|편집인\s*:|청소년보호책임자|사업자\s*등록번호|"
        r"대표전화|통신판매업",                                            # newspaper footers (general; dev: ko-paper-001)
    ],
    "byline": [
        r"^(기사\s*)?입력\s*:?\s*\d{4}[.\-/]|\|\s*입력\s*\d{4}|\b수정\s*:?\s*\d{4}[.\-/]\d",  # time stamps (general)
        r"^기자명\s",                                                        # CMS byline (dev: ko-paper-001)
        r"^송고\s*시간|\d{2}:\d{2}\s*송고$",                                  # wire time stamps (general)
        r"^[가-힣]{2,4}\s?(기자|특파원|선임기자|논설위원|객원기자|인턴기자)(\s+[\w.+-]+@[\w.-]+)?\s*$",  # general
        r"^[가-힣]{2,4}\s?(기자|특파원)\s*[\w.+-]+@[\w.-]+",                # general (dev: ko-daum-001)
        r"^(글|사진|영상|취재|정리)\s*[=:]\s*[가-힣]{2,4}",                 # general
    ],
    "ui": [
        r"글자\s*크기|글씨\s*(키우기|줄이기|크기)|이 글자크기로 변경됩니다",    # font controls (general; dev: ko-daum-000)
        r"^\(예시\)\s*가장 빠른 뉴스",                                       # Daum's font preview (dev: ko-daum-000)
        r"URL\s*복사|링크\s*복사|기사\s*스크랩|스크랩하기|인쇄하기|^인쇄$|기사\s*공유|^공유(하기)?$",  # general
        r"^(페이스북|트위터|카카오톡|카카오스토리|네이버\s*블로그|밴드|라인)(\s|$)",          # share row (general)
        r"추천해요|좋아요|슬퍼요|화나요|후속기사\s*원해요|^기사\s*추천",          # reaction buttons (general)
        r"본문\s*듣기|음성으로\s*듣기|번역\s*설정|^번역$|^듣기$|^요약봇|^닫기$|^더보기$|^이전$|^다음$",  # general
        r"밀어서\s*사진\s*넘기기|^‹?\s*\d+\s*/\s*\d+\s*›?$|기자\s*페이지$|기자\s*구독$",  # slides, reporter links (general)
    ],
    "summary": [
        r"본문.{0,6}보기를\s*권장|^(AI\s*)?요약$|^3줄\s*요약|^핵심\s*요약|자동\s*요약|요약된\s*내용|요약\s*기술|"
        r"AI가\s*(작성|생성)한\s*요약|요약으로\s*본문과",  # summary boxes and their notices (general; dev: ko-daum-000, ko-naver-001)
    ],
    "related": [
        r"^(관련\s*기사|관련\s*뉴스|많이\s*본\s*(뉴스|기사)|인기\s*(뉴스|기사)|추천\s*(뉴스|기사)|"
        r"주요\s*뉴스|최신\s*(뉴스|기사)|이\s*시각\s*(주요\s*)?뉴스|함께\s*볼\s*만한\s*뉴스|"
        r"오늘의\s*(주요\s*)?뉴스|실시간\s*(인기|뉴스)|랭킹\s*뉴스|포토\s*뉴스|헤드라인)",   # general (dev: ko-paper-001)
    ],
    "ad": [
        r"^\[광고\]|^\(광고\)|^광고\s*문의$|^Sponsored",                        # general (dev: ko-paper-001)
        r"바로가기\s*›?$|최대\s*\d+\s*%\s*할인|무료\s*(체험|상담|신청)",               # promos (general)
    ],
    "banner": [
        r"구독(하세요|하기|하고|하면|신청)|받아\s*보세요|구독\s*버튼|뉴스레터|앱\s*(다운로드|설치)|채널\s*추가|제보하기",  # general
        r"^(로그인|회원가입)(\s|$)",                                           # general (dev: ko-paper-001)
    ],
    "comments": [
        r"^댓글(\s*\d+|\s*쓰기|\s*보기|을?\s*입력)?$|^댓글\s*\d+개|^\d+\s*개의\s*댓글|^댓글\s*정렬",  # general
    ],
    "caption": [
        r"^▲|^△|^▶\s*사진|^\[?사진\s*[=:]|\(사진\s*=|\[사진\s*=|사진\s*제공\s*=|/\s*사진\s*=",  # general (dev: ko-paper-001)
        r"\[[^\[\]]{1,30}\s*제공\]$|\([^()]{1,30}\s*제공\)$|/\s*연합뉴스$|\[연합뉴스\s*자료사진\]",  # general (dev: ko-daum-001)
        r"^.{0,100}\s[\w·]{2,12}\s?제공\.?$|재판매\s*및\s*DB\s*금지",                     # photo credits (general)
    ],
    "navigation": [
        r"^홈\s*[>›/]|^HOME\s*[>›]|^전체\s*(기사|메뉴)|^메뉴$|^검색$|^본문\s*바로가기",   # general (dev: ko-paper-001)
        r"회사\s*소개.*(개인정보|이용약관|광고|제보)|개인정보\s*처리\s*방침|이메일\s*무단\s*수집",  # footers (general)
        r"^(붙임|첨부)\s*\d*\s*[.:]|^첨부\s*파일|^이전\s*글\s|^다음\s*글\s|^목록$",   # press-release pages (general)
    ],
}

EN: dict[str, list[str]] = {
    "legal": [
        r"^our standards|terms (of use|and conditions)|privacy policy|^privacy$",  # general (dev: en-wire-001)
    ],
    "byline": [
        r"^by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(\s*(,|and)\s*[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3})*\s*$",  # general
        r"^(updated|published|posted|last updated|first published)\b.*\d",          # general (dev: en-wire-001)
        r"^(reporting|writing|editing|additional reporting|compiled) by\b",           # wire credits (general)
        r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,2} (covers|writes about|reports on|is a (staff )?(reporter|writer|"
        r"correspondent|columnist))\b",                                                # author bios (general)
        r"^\d{1,2}\s+(min|mins|minutes|hours?)\s+(ago|read)$|^\d+\s+min(ute)?s?\s+read$",  # general
    ],
    "ui": [
        r"^listen to (this|the) (article|story)|^(share|save|print|email|link|copy link|follow|"
        r"gift (this )?article|comment)(\s+(x|facebook|linkedin|email|link|twitter|whatsapp))*\s*$",  # general (dev: en-wire-001)
        r"opens new tab|^purchase licensing rights|^text size|^font size|^toggle|^close$|^menu$|^search$",  # general
        r"^click here\b|^(read|see) (the )?full (story|article)$|^continue reading\b|^print (this|article)$",  # general
    ],
    "summary": [
        r"^(key points|summary|in brief|at a glance|the big picture|what to know|highlights|tl;?dr)\s*:?\s*$",  # general
    ],
    "related": [
        r"^(read (more|next|also)|related( stories| articles| coverage| content)?|most (read|popular|viewed)|"
        r"more (from|on|stories)|recommended( for you)?|trending( now)?|you may also like|top stories|"
        r"latest (news|stories)|editors?'?’?s?'? picks|also read|see also|popular (now|stories|posts))\b",                # general (dev: en-wire-001)
    ],
    "ad": [
        r"^(sponsored|advertisement|promoted|paid (post|content)|partner content)\b",  # general (dev: en-wire-001)
        r"\b(apply|shop|book|order|subscribe) (today|now)\b|\blearn more\s*[›>]?$|\bAPR\b",  # promos (general)
    ],
    "banner": [
        r"^(this|our) (web)?site uses cookies|cookies (are|that are) (absolutely )?(necessary|essential)|"
        r"^(privacy overview|necessary|non-necessary|always enabled|cookie settings)\b|"
        r"\bcookies?\b.*\b(use|accept|consent|settings|preferences)|^accept( all)?\b|^manage preferences|"
        r"newsletter|^sign up\b|^subscribe\b|subscribe (now|today)|download (the|our) app|"
        r"^already a subscriber|^log ?in$|^sign in$|^register$|^stay up to date\b|^no,? thanks$|"
        r"successfully subscribed|activation link|^get (our|the) (free )?(newsletter|app)\b",                         # general (dev: en-wire-001)
    ],
    "comments": [
        r"^comments?\s*(\(\d+\))?$|^\d+\s+comments?$|^join the conversation|^show comments|^leave a comment",  # general
        r"^\d+\s+(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|\bsaid:$|^rating:\s*-?\d+|"
        r"^(reply|report|like|\d+\s+(replies|likes))$|^(log in|sign in) to (comment|reply)|^#comment",  # comment threads (general)
    ],
    "caption": [
        r"\bphoto(graph)?:|^photo by\b|\bfile photo\b|\bgetty images\b|\bimage:|\bcredit:|"
        r"\((reuters|ap|afp)( photo)?\)$|/(reuters|ap|afp)$",                           # general (dev: en-wire-001)
    ],
    "navigation": [
        r"^skip to (main )?content|^(home|back to top|sections?|all sections)$",        # general (dev: en-wire-001)
        r"^suggested topics:|^topics?:|^tags?:|^filed under:",                          # general (dev: en-wire-001)
        r"^(about us|contact us|careers|accessibility)\b.*\b(privacy|terms|contact|careers)\b",  # footers (general)
    ],
}


def _compile(table: dict[str, list[str]]) -> list[tuple[str, re.Pattern]]:
    return [(label, re.compile(p, _I)) for label, pats in table.items() for p in pats]


LEXICON = {
    "ko": _compile(COMMON) + _compile(KO),
    "en": _compile(COMMON) + _compile(EN),
}
# Korean pages quote English furniture ("Copyright ... All rights reserved") and vice versa is rare.
LEXICON["ko"] += [x for x in _compile(EN) if x[0] in ("legal", "banner")]

# Inline bylines at the start of a lead (removed from the line, the rest kept):
LEAD_BYLINE = {
    # "[서울=한빛통신] 김하늘 기자 =", "(서울=연합뉴스) 홍길동 기자 =" (general: Korean wire datelines; dev: ko-daum-001)
    "ko": re.compile(r"^\s*[\[(][^\[\]()]{1,30}=[^\[\]()]{1,30}[\])]\s*([가-힣]{2,4}\s*(기자|특파원)\s*[=·]?\s*)*"
                     r"|^\s*[가-힣]{2,4}\s*(기자|특파원)\s*=\s*"),
    # "ROTTERDAM, March 3 (Meridian Wire) -", "WASHINGTON (AP) —" (general: wire datelines; dev: en-wire-001)
    "en": re.compile(r"^\s*[A-Z][A-Z .'-]{1,40}(,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*\([^()]{2,40}\)\s*[-–—]{1,2}\s*"),
}


def classify_line(line: str, lang: str) -> str | None:
    """The boilerplate class of a whole line by lexicon, or None."""
    for label, pat in LEXICON.get(lang, LEXICON["en"]):
        if pat.search(line):
            return label
    return None
