"""``ko-ner``: a Korean entity baseline on kiwipiepy (its model ships in the kiwipiepy_model package;
nothing is downloaded).

- DT, TI, QT by pattern on the text (numbers with date, clock and counter units; relative dates such
  as "지난해", "올해", "다음 달"), written from general knowledge of Korean news style;
- names from Kiwi's morphemes: runs of proper nouns (NNP) and foreign words (SL, with following digits)
  inside one word; the type comes from a title word that follows (사장, 대표 -> PS), an
  organisation or place suffix (…전자, …은행, …부 / …시, …공항), a small general-knowledge list of
  countries, regions and cities, and the shape of Korean personal names (surname + 1-2 syllables);
  an unresolved name is an organisation (the commonest type of unknown proper noun in business news).
- a name typed PS once is PS everywhere in the document (the later "올트먼은").

No list was built from gold annotations.
"""
from __future__ import annotations

import re
import threading
from typing import Any

from . import ner_common
from .base import System, source_hash
from .ner_common import SpanSet, words

_NUM = r"\d[\d,]*(?:\.\d+)?"
_BIG = r"(?:\s?(?:조|억|만|천)(?:\s?\d[\d,]*(?:\.\d+)?)?)*"
QT_UNITS = ["원", "달러", "유로", "엔", "위안", "파운드", "%", "％", "퍼센트", "%p", "%포인트", "포인트", "bp",
            "명", "개", "건", "곳", "대", "톤", "t", "kg", "g", "km", "m", "㎡", "㎞", "평", "배", "위", "차례", "번",
            "회", "척", "가구", "세대", "마리", "권", "편", "층", "개국", "개사", "채", "장", "병", "잔", "표", "석",
            "세", "살", "인", "기", "MW", "GW", "kW", "GWh", "MWh", "kWh", "TEU", "GB", "TB", "nm", "℃", "도",
            "점", "연승", "연패", "세트", "골", "승", "패", "타점", "홈런", "경기", "라운드", "회차", "개월치"]
NATIVE_NUM = ["한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "서른", "마흔", "쉰", "몇", "수십",
              "수백", "수천", "수만", "수억", "여러"]
# "도" (degrees) and "주" (shares) are ambiguous with particles; they only count after a number.
DT_REL = ["이날", "평일", "주말", "이번 시즌", "지난 시즌", "다음 시즌", "올 시즌", "새해", "연휴", "지난해", "올해", "내년", "작년", "재작년", "내후년", "전년", "이듬해", "지난달", "이번 달", "이달", "다음 달",
          "다음달", "지난주", "이번 주", "다음 주", "어제", "오늘", "내일", "그제", "모레", "전날", "다음 날", "연초",
          "연말", "연내", "상반기", "하반기", "최근 몇 년"]
_DT_TAIL = r"(?:\s?(?:초|중순|말|께|경|상반기|하반기|[1-4]분기|전|후|만|간|째))?"
DATE = re.compile(
    r"(?:(?:지난해|올해|내년|작년|지난|올|내|오는|이번)\s?)?"
    r"(?:\d{2,4}\s?년(?:\s?\d{1,2}\s?월)?(?:\s?\d{1,2}\s?일)?|\d{1,2}\s?월(?:\s?\d{1,2}\s?일)?|\d{1,2}\s?일(?![가-힣]))"
    + _DT_TAIL
    + r"|(?:\d+|수|몇|십수)\s?(?:~\s?\d+\s?)?(?:개월|주일|년|세기)" + _DT_TAIL
    + r"|\d+~\d+\s?년" + _DT_TAIL
    + r"|(?:" + words(DT_REL) + r")(?:\s?(?:[1-4]분기|상반기|하반기|초|말))?"
    + r"|[월화수목금토일]요일|\d{4}\s?년대|\d{2}\s?년대"
    + r"|\d+\s?주(?:일|간|째|\s?전|\s?후)?(?![가-힣])"
    + r"|(?:" + words(["한", "두", "세", "네", "석", "넉", "다섯", "여섯", "몇", "수", "여러"]) + r")\s?(?:달|해|주)(?:\s?(?:전|후|간|째))?(?![가-힣])"
)
TIME = re.compile(r"(?:오전|오후|새벽|밤|저녁|아침|낮|정오)\s?\d{1,2}\s?시(?:\s?\d{1,2}\s?분)?(?:\s?\d{1,2}\s?초)?"
                  r"|\d+\s?시간(?:\s?\d+\s?분)?|\d+\s?분(?:\s?\d+\s?초)?(?=[\s,.]|간|만|동안|$)"
                  r"|\d{1,2}\s?시\s?\d{1,2}\s?분|\d{1,2}:\d{2}(?::\d{2})?")
QUANT = re.compile(r"(?<![\w.])(?:" + _NUM + _BIG + r")(?:\s?(?:" + words([u for u in QT_UNITS if len(u) > 1] + ["원", "명"])
                   + r")|(?:" + words(QT_UNITS) + r"))(?![a-zA-Z])"
                   r"|(?<![\w.])\d[\d,]*\s?(?:조|억|만)(?:\s?\d[\d,]*\s?(?:억|만|천))*(?![가-힣a-zA-Z])"
                   r"|(?<![\w.-])\d{1,3}\s?-\s?\d{1,3}(?![\w.-])"   # scores: 3-1, 25-19
                   r"|(?:" + words(NATIVE_NUM) + r")\s?(?:배|명|개|곳|살|번|차례|가지|마리|권|대|척|건)(?![가-힣])")

TITLES = {"사장", "대표", "회장", "부회장", "부사장", "전무", "상무", "이사", "장관", "차관", "대통령", "총리", "의원",
          "위원장", "교수", "기자", "특파원", "씨", "감독", "선수", "원장", "청장", "처장", "총재", "국장", "팀장", "실장",
          "본부장", "센터장", "소장", "지사", "후보", "대변인", "변호사", "박사", "최고경영자", "CEO", "회장님", "대표이사",
          "의장", "부총리", "비서관", "수석", "총장", "시장", "군수", "구청장", "전", "대사", "연구원", "애널리스트",
          "고문", "변호인", "검사", "판사", "작가", "배우", "가수", "조합장", "이사장", "공동대표", "단장", "주장"}
ORG_SUFFIX = ("전자", "그룹", "은행", "증권", "보험", "생명", "화재", "건설", "화학", "제약", "바이오", "자동차", "모터스",
              "항공", "해운", "통신", "텔레콤", "일보", "신문", "방송", "통신사", "뉴스", "대학교", "대학", "연구원", "연구소",
              "협회", "협의회", "위원회", "공사", "공단", "재단", "정부", "법원", "검찰", "경찰청", "경찰", "의회", "국회",
              "부", "청", "처", "원", "당", "홀딩스", "산업", "에너지", "중공업", "조선", "물산", "상사", "제철", "철강",
              "반도체", "디스플레이", "카드", "캐피탈", "자산운용", "투자", "거래소", "랩스", "테크", "소프트", "시스템",
              "시스템즈", "닉스", "엔터테인먼트", "리서치", "컨설팅", "파트너스", "마린", "정밀", "머티리얼즈", "제과",
              "식품", "유통", "백화점", "마트", "병원", "학교", "센터", "기구", "연합", "노조", "조합", "협동조합", "타임스",
              "저널", "포스트", "미디어", "재단법인", "기금", "펀드", "금고")
LOC_SUFFIX = ("시", "도", "군", "구", "동", "읍", "면", "섬", "산", "강", "국", "주", "역", "공항", "항", "캠퍼스",
              "단지", "산업단지", "국가산업단지", "로", "길", "광장", "타워", "빌딩", "해", "만", "반도", "대륙", "공원", "호",
              "부두", "터미널", "특별시", "광역시", "특별자치도", "특별자치시")
LOC_SPACED = {"캠퍼스", "공항", "역", "항", "산업단지", "국가산업단지", "산단", "타워", "광장", "공원", "터미널", "기지",
              "경기장", "발전소", "대교", "터널", "해협", "평야", "사막"}
GENERIC_NOUNS = {"반도체", "부", "원", "시", "도", "구", "동", "주", "국", "로", "길", "해", "만", "호", "산", "강", "처",
                 "청", "당", "리", "면", "섬"}
PLACES = {"한국", "남한", "북한", "미국", "중국", "일본", "대만", "홍콩", "마카오", "러시아", "영국", "프랑스", "독일",
          "이탈리아", "스페인", "포르투갈", "캐나다", "호주", "인도", "베트남", "태국", "인도네시아", "싱가포르",
          "말레이시아", "필리핀", "브라질", "멕시코", "칠레", "아르헨티나", "페루", "콜롬비아", "사우디", "사우디아라비아",
          "이란", "이라크", "이스라엘", "팔레스타인", "튀르키예", "터키", "우크라이나", "폴란드", "네덜란드", "벨기에",
          "스위스", "스웨덴", "노르웨이", "덴마크", "핀란드", "오스트리아", "체코", "헝가리", "그리스", "아랍에미리트",
          "카타르", "쿠웨이트", "이집트", "남아공", "나이지리아", "케냐", "뉴질랜드", "몽골", "카자흐스탄", "파키스탄",
          "방글라데시", "유럽", "아시아", "중동", "아프리카", "북미", "남미", "중남미", "동남아", "동남아시아", "동북아",
          "서울", "부산", "인천", "대구", "대전", "광주", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남",
          "경북", "경남", "제주", "수도권", "영남", "호남", "충청", "도쿄", "오사카", "베이징", "상하이", "선전", "워싱턴",
          "뉴욕", "런던", "파리", "베를린", "모스크바", "실리콘밸리", "월가", "여의도", "강남", "판교", "평양", "독도",
          "한반도", "텍사스", "캘리포니아", "플로리다", "시카고", "보스턴", "애리조나", "오하이오", "조지아"}
PLACES |= {"창원", "수원", "성남", "고양", "용인", "청주", "전주", "천안", "포항", "김해", "진해", "마산", "거제", "통영",
           "양산", "구미", "안동", "경주", "여수", "순천", "목포", "군산", "익산", "원주", "춘천", "강릉", "속초", "평택",
           "화성", "안산", "안양", "부천", "의정부", "파주", "김포", "광명", "시흥", "오산", "이천", "당진", "서산",
           "아산", "세종시", "제주도", "울릉도", "송도", "영종도", "새만금", "대덕", "오송", "오창", "광양", "사천",
           "창녕", "밀양", "진주", "충주", "제천", "나주", "보령", "태안", "동해", "삼척", "광화문", "용산", "종로", "명동"}
STRONG_LOC = ("특별시", "광역시", "특별자치도", "시", "군", "구", "동", "읍", "면", "역", "공항", "항", "로", "길", "캠퍼스",
              "단지", "광장", "공원", "터미널")
COMMON_EN = {"copyright", "all", "rights", "reserved", "mail", "to", "the", "of", "and", "news", "photo", "by", "news1"}
PLACES |= {"마드리드", "바르셀로나", "뮌헨", "밀라노", "로마", "빈", "프라하", "부다페스트", "바르샤바", "키이우", "이스탄불",
           "두바이", "아부다비", "리야드", "테헤란", "카이로", "요하네스버그", "나이로비", "뭄바이", "뉴델리", "방콕", "하노이",
           "호찌민", "자카르타", "마닐라", "쿠알라룸푸르", "시드니", "멜버른", "토론토", "밴쿠버", "몬트리올", "로스앤젤레스",
           "샌프란시스코", "시애틀", "라스베이거스", "마이애미", "애틀랜타", "휴스턴", "댈러스", "디트로이트", "피츠버그",
           "필라델피아", "펜실베이니아", "뉴저지", "버지니아", "미시간", "일리노이", "하와이", "알래스카", "멕시코시티",
           "상파울루", "리우데자네이루", "부에노스아이레스", "산티아고", "리마", "티베트", "신장", "광저우", "홍콩", "톈진",
           "충칭", "우한", "난징", "항저우", "청두", "선양", "다롄", "칭다오", "교토", "나고야", "후쿠오카", "삿포로", "요코하마",
           "오키나와", "블라디보스토크", "가자지구", "요르단강", "크림반도", "시베리아", "유라시아", "태평양", "대서양",
           "인도양", "남중국해", "동해", "서해", "남해", "제주도", "백두산", "한라산", "지리산", "설악산", "한강", "낙동강"}
# government bodies written as common nouns (Kiwi tags them NNG): matched in the text (general knowledge)
INSTITUTIONS = ["경찰", "검찰", "정부", "국회", "법원", "재판부", "청와대", "대통령실", "헌법재판소", "대법원", "여당", "야당",
                "기획재정부", "교육부", "과학기술정보통신부", "외교부", "통일부", "법무부", "국방부", "행정안전부",
                "문화체육관광부", "농림축산식품부", "산업통상자원부", "보건복지부", "환경부", "고용노동부", "여성가족부",
                "국토교통부", "해양수산부", "중소벤처기업부", "국가보훈부", "기상청", "경찰청", "검찰청", "국세청", "관세청",
                "조달청", "통계청", "특허청", "산림청", "소방청", "질병관리청", "해양경찰청", "금융위원회", "금융감독원",
                "공정거래위원회", "한국은행", "국가정보원", "감사원", "국민권익위원회", "방송통신위원회", "선거관리위원회",
                "중앙선거관리위원회", "식품의약품안전처", "국무조정실"]
INSTITUTION_RE = re.compile(r"(?<![가-힣])(?:" + words(INSTITUTIONS) + r")(?=[은는이가을를의에와과도로께서만]|\s|[,.)]|$)")
# "김모씨", "박 씨", "이모(45)씨": a surname alone names a person
SURNAME_ONLY_RE = re.compile(r"(?<![가-힣])([김이박최정강조윤장임한오서신권황안송류전홍고문손배백허유남심노하곽성차주우구민나진])"
                             r"(?=\s?(?:모\s?)?(?:\(\d+\)\s?)?씨)")
PLACE_ACRONYMS = {"UAE", "US", "USA", "UK"}
NOT_NAMES = {"GWh", "MWh", "kWh", "TEU", "mAh", "AI", "CEO", "CFO", "CTO", "COO", "IT", "TV", "PC", "GDP", "HBM", "SNS", "CCTV", "ESG", "EV", "OTT", "URL",
             "IPO", "R", "D", "M", "A", "K", "Q", "OK", "PD", "DRAM", "D램", "LNG", "LPG", "CPU", "GPU", "NPU", "SW",
             "HW", "VR", "AR", "IoT", "5G", "6G", "LTE", "PDF", "DB", "API", "B2B", "B2C", "EUV", "OLED", "LCD", "LED",
             "SUV", "PER", "PBR", "ROE", "ETF", "ELS", "CPI", "PPI", "FOMC", "VIP", "MOU", "TF", "MZ", "Z", "X", "PF",
             "ICT", "IP", "LLM", "GPT", "SMR", "ESS", "KOSPI", "AP", "ID", "QR", "GB", "TB", "MW", "GW", "kW", "km",
             "kg", "nm", "mm", "cm", "bp", "p", "vs", "etc", "CES", "TSV", "HBM3", "HBM3E", "HBM4"}
SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민나진지엄채원천방공현함변염"
               "여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보")
COMMON_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문손배백허유남심노하곽성차주우구민나진")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")

_kiwi = None
_lock = threading.Lock()


def kiwi():
    """The process-wide Kiwi analyser (loading the model takes a few seconds)."""
    global _kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
    return _kiwi


def _kiwi_version() -> str:
    try:
        from importlib.metadata import version

        return version("kiwipiepy") + "/" + version("kiwipiepy_model")
    except Exception:  # noqa: BLE001
        return "unknown"


class KoNER(System):
    name = "ko-ner"
    kind = "ner"
    langs = ("ko",)
    description = "Korean rules on kiwipiepy morphemes (NNP/SL names) + date/time/quantity patterns"

    def __init__(self) -> None:
        self.version = f"1.0+src.{source_hash(__file__, ner_common.__file__)}+kiwipiepy-{_kiwi_version()}"

    def extract(self, text: str, lang: str) -> dict[str, Any]:
        spans = SpanSet()
        spans.add_matches(text, SURNAME_ONLY_RE, "PS", 1)
        spans.add_matches(text, INSTITUTION_RE, "OG")
        spans.add_matches(text, TIME, "TI")
        spans.add_matches(text, DATE, "DT")
        spans.add_matches(text, QUANT, "QT")
        names = self._names(text)
        # a name typed PS once is PS everywhere, also where Kiwi cut it differently ("김민준은")
        person_forms = sorted({text[s:e] for s, e, lab in names if lab == "PS" and len(text[s:e]) >= 2},
                              key=len, reverse=True)
        persons: list[tuple[int, int]] = []
        for form in person_forms:
            for m in re.finditer(re.escape(form), text):
                if m.start() > 0 and "\uac00" <= text[m.start() - 1] <= "\ud7a3":
                    continue
                if not any(a < m.end() and m.start() < b for a, b in persons):
                    persons.append(m.span())
        for s, e in persons:
            spans.add(s, e, "PS")
        for s, e, lab in names:
            if not any(a < e and s < b for a, b in persons):
                spans.add(s, e, lab)
        return {"entities": spans.to_list()}

    def _names(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        # Kiwi works line by line (long inputs are slower and lines never share a name)
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                out.extend((s + pos, e + pos, lab) for s, e, lab in self._line_names(line))
            pos += len(line) + 1
        return out

    def _line_names(self, line: str) -> list[tuple[int, int, str]]:
        toks = kiwi().tokenize(line)
        out: list[tuple[int, int, str]] = []
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            if t.tag not in ("NNP", "SL"):
                i += 1
                continue
            # extend within the word: NNP / SL / SN, and glued nouns up to an organisation/place suffix
            j = i + 1
            end = t.start + t.len
            generic_sl = t.tag == "SL" and (t.form in NOT_NAMES or len(t.form) < 2)
            while j < n and toks[j].start == end:
                if toks[j].tag in ("NNP", "SL", "SN"):
                    end = toks[j].start + toks[j].len
                    j += 1
                    continue
                if toks[j].tag == "NNG" and not generic_sl:
                    k, last = j, None
                    while k < n and toks[k].tag == "NNG" and toks[k].start == (toks[k - 1].start + toks[k - 1].len):
                        if toks[k].form.endswith(ORG_SUFFIX + LOC_SUFFIX) and toks[k].form not in GENERIC_NOUNS:
                            last = k
                        k += 1
                    if last is not None:
                        end = toks[last].start + toks[last].len
                        j = last + 1
                        continue
                break
            # a place name spread over words: "평택 캠퍼스", "포항 블루밸리 국가산업단지"
            k, spaced_end = j, None
            while k < n and toks[k].start == (toks[k - 1].start + toks[k - 1].len) + 1 and \
                    toks[k].tag in ("NNP", "NNG"):
                if toks[k].tag == "NNG":
                    if toks[k].form in LOC_SPACED:
                        spaced_end = k
                    break
                k += 1
            spaced = spaced_end is not None
            if spaced:
                end = toks[spaced_end].start + toks[spaced_end].len
                j = spaced_end + 1
            # a noun glued before it in the same word (오픈AI: NNG + SL)
            s = t.start
            if i > 0 and toks[i - 1].tag == "NNG" and toks[i - 1].start + toks[i - 1].len == s and \
                    (i < 2 or toks[i - 2].start + toks[i - 2].len < toks[i - 1].start):
                if t.tag == "SL":
                    s = toks[i - 1].start
            form = line[s:end]
            if form in NOT_NAMES or (t.tag == "SL" and j == i + 1 and (len(form) < 2 or form.islower())) or \
                    form.isdigit() or (t.tag == "SL" and form.lower() in COMMON_EN):
                i = j
                continue
            nxt = toks[j] if j < n else None
            # "정태윤 세온머티리얼즈 대표": a title within the next three morphemes, across an organisation
            if nxt is not None and nxt.form not in TITLES and _HANGUL_NAME.match(form) and form[0] in SURNAMES \
                    and any(tk.form in TITLES and tk.tag.startswith(("NN", "SL")) for tk in toks[j:j + 3]) \
                    and all(tk.tag in ("NNP", "SL", "SN", "NNG") for tk in toks[j:j + 2]):
                nxt = next(tk for tk in toks[j:j + 3] if tk.form in TITLES)
            prev_name = out[-1] if out and out[-1][1] + 1 == s and out[-1][2] == "PS" else None
            label = "LC" if spaced else ("OG" if prev_name and not form.endswith(tuple(LOC_SUFFIX))
                                         else self._type(form, t.tag, nxt, line, end))
            if label:
                out.append((s, end, label))
            i = j
        return out

    @staticmethod
    def _type(form: str, tag: str, nxt, line: str, end: int) -> str | None:
        follows_title = nxt is not None and nxt.form in TITLES and (nxt.tag.startswith("NN") or nxt.tag == "SL")
        if form in PLACES or form in PLACE_ACRONYMS:
            return "LC"
        if len(form) >= 3 and form[:-1] in PLACES and form[-1] in "시도군구주":
            return "LC"  # 경기도, 서울시, 창원시
        if form.endswith(tuple(x for x in ORG_SUFFIX if len(x) >= 2)) and len(form) > 2:
            return "OG"
        if follows_title and _HANGUL_NAME.match(form):
            return "PS"
        if form.endswith(ORG_SUFFIX) and len(form) > 2:
            return "OG"
        if re.fullmatch(r"[가-힣]{2,9}", form) and (form.endswith(STRONG_LOC) or (
                form.endswith(LOC_SUFFIX) and not (form[0] in SURNAMES and len(form) == 3))):
            return "LC"
        if follows_title:
            return "PS"
        if tag == "NNP" and len(form) == 3 and form[0] in COMMON_SURNAMES and _HANGUL_NAME.match(form):
            return "PS"  # the shape of most Korean personal names: a common surname and two syllables
        return "OG"
