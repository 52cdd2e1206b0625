"""``en-ner``: an English entity baseline of rules and general-knowledge word lists (no gazetteer from gold).

- DT, TI, QT by pattern: month/day/year expressions, weekdays, "last year", quarters; clock times
  ("3 p.m.", "1120 GMT"); money, percentages, numbers with a counted noun ("1,200 jobs").
- names: runs of capitalised words (with "of", "and", "&" and "'s" inside organisation names), not at a
  sentence start unless followed by another capitalised word. The type comes from (in this order)
  a title before it (Mr, Chief Executive, President -> PS), an organisation suffix (Inc, Group,
  Ministry, Federation, ... -> OG), a place list or place suffix (countries, continents, major
  cities; "... City", "... Province" -> LC), the words around it ("in/at/from X" -> LC), the shape
  "First Last" (PS); an acronym is an organisation. A name typed PS once is PS for its last word too
  ("Whitfield").
"""
from __future__ import annotations

import re
from typing import Any

from .base import System, source_hash
from . import ner_common
from .ner_common import SpanSet, words


def _ner_common_file() -> str:
    return ner_common.__file__

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH = words(MONTHS)
_DAY = words(DAYS)
DATE = re.compile(
    r"\b(?:(?:" + _DAY + r"),?\s+)?(?:" + _MONTH + r")(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?(?![\w])"
    r"|\b\d{1,2}\s+(?:" + _MONTH + r")(?:\s+\d{4})?\b"
    r"|\b(?:" + _DAY + r")\b"
    r"|\b(?:last|next|this|past|previous|coming)\s+(?:year|month|week|quarter|decade|century|" + _DAY.lower()
    + r"|spring|summer|autumn|fall|winter|weekend)\b"
    r"|\b(?:yesterday|today|tomorrow|tonight)\b"
    r"|\b(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\bQ[1-4](?:\s+\d{4})?\b"
    r"|\b(?:early|mid|late)[- ]\d{4}\b"
    r"|\b(?:19|20)\d{2}s?\b(?![-,.]?\d)"
    r"|\b(?:(?:early|late)\s+)?(?:" + _DAY + r")\b"
    r"|\b(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:\d{4}|(?:" + _MONTH + r"))\b"
    r"|\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few|many)[- ]"
    r"(?:years?|months?|weeks?|days?|decades?)(?:\s+(?:ago|earlier|later))?\b"
)
TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)(?:\s+[A-Z]{2,4}\b)?"
                  r"|\b(?:\d+|a|an|one|two|three|four|five|six|ten|twenty|thirty|forty|several|few)\s+"
                  r"(?:minutes?|hours?|seconds?)\b"
                  r"|\b\d{4}\s+GMT\b|\b\d{1,2}:\d{2}(?:\s+(?:GMT|UTC|ET|EST|EDT|BST|CET)\b)?|\b(?:noon|midnight)\b")
_NUMWORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|" \
           r"dozens?|hundreds?|thousands?|millions?|billions?|(?:twelve|thirteen|fourteen|fifteen) hundred)"
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + _NUMWORD + r")"
COUNTED = ("jobs", "people", "workers", "employees", "staff", "countries", "cities", "depots", "stores", "shops",
           "plants", "factories", "sites", "units", "vehicles", "cars", "ships", "flights", "passengers", "homes",
           "houses", "families", "students", "children", "members", "customers", "users", "shares", "tonnes", "tons",
           "barrels", "points", "percent", "per cent", "percentage points", "basis points", "times", "games", "goals",
           "seats", "votes", "miles", "kilometres", "kilometers", "km", "metres", "meters", "feet", "acres",
           "hectares", "megawatts", "gigawatts", "euros", "dollars", "pounds", "yen", "yuan", "won", "rupees",
           "products", "branches", "offices", "companies", "firms", "banks", "hospitals", "schools", "cases",
           "deaths", "victims", "troops", "soldiers", "containers", "trucks", "patients", "doctors", "years old")
QUANT = re.compile(
    r"(?:[$€£¥]|US\$|C\$|A\$)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|bn|m|k))?\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent|per cent|percentage points?)"
    r"|\b" + _NUM + r"(?:\s+(?:million|billion|trillion))?\s+(?:" + words(COUNTED) + r")\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s+(?:million|billion|trillion)\b"
    r"|\b(?:No\.\s?\d+|\d+(?:st|nd|rd|th)\s+place)\b"
    r"|\b\d+-year-old\b|(?<![\w.-])\d{1,3}-\d{1,3}(?![\w.-])"
    r"|\b(?!(?:19|20)\d\d\b)(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred)\s+(?:[a-z-]+\s+)?[a-z]{3,}s\b(?<!\bts)",
    re.IGNORECASE)

TITLES_BEFORE = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "President", "Prime",
                 "Minister", "Chancellor", "Senator", "Sen.", "Rep.", "Representative", "Governor", "Gov.", "Mayor",
                 "Judge", "Justice", "General", "Gen.", "Chief", "Executive", "CEO", "Chairman", "Chairwoman",
                 "Chair", "Director", "Secretary", "King", "Queen", "Prince", "Princess", "Pope", "Officer",
                 "Analyst", "Economist", "Coach", "Captain", "Ambassador", "Commissioner", "Spokesman",
                 "Spokeswoman", "Spokesperson", "Founder", "Professor", "Lawyer", "Attorney", "Councilor",
                 "Councillor", "Councilman", "Councilwoman", "Alderman", "Trustee", "Deputy", "Sheriff", "Bishop",
                 "Rev.", "Father", "Sister", "Lord", "Lady", "Sir", "Dame", "Author", "author", "Editor"}
ORG_WORDS = {"Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co", "Co.", "Ltd", "Ltd.", "LLC", "PLC", "plc", "AG",
             "SA", "NV", "GmbH", "Group", "Holdings", "Bank", "Bancorp", "Capital", "Partners", "Fund", "Trust",
             "Ministry", "Department", "Agency", "Authority", "Commission", "Committee", "Council", "Board",
             "Federation", "Union", "Association", "Institute", "University", "College", "School", "Hospital",
             "Party", "Parliament", "Congress", "Senate", "Court", "Police", "Army", "Navy", "Force", "Forces",
             "Reuters", "Press", "Times", "Post", "Journal", "News", "Airlines", "Airways", "Motors", "Energy",
             "Technologies", "Technology", "Systems", "Labs", "Pharmaceuticals", "Foundation", "Organization",
             "Organisation", "Office", "Service", "Services", "Exchange", "Reserve", "Analytics", "Consulting",
             "Industries", "Electronics", "Media", "Line", "Lines", "Steel", "Logistics", "Freight", "Shipping",
             "Terminals", "Club", "FC", "Team", "Network", "Studios", "Records", "Wire", "Insurance", "Securities",
             "Investments", "Ventures", "Markets", "Retail", "Foods", "Pharma", "Health", "Telecom", "Bakery",
             "Restaurant", "Cafe", "Café", "Brewery", "Store", "Stores", "Farms", "Publishing", "Books"}
PLACE_WORDS = {"City", "County", "Province", "State", "Street", "Avenue", "Road", "Square", "Bridge", "Port",
               "Island", "Islands", "River", "Valley", "Mountains", "Sea", "Ocean", "Gulf", "Bay", "Region",
               "District", "Park", "Coast", "Peninsula", "Strait", "Lake", "Canal", "Harbour", "Harbor", "Airport",
               "Hall", "Stadium", "Arena", "Museum", "Cathedral", "Church", "Station", "Tower", "Palace", "Castle",
               "Hotel", "Theatre", "Theater", "Plaza", "Boulevard", "Lane", "Drive", "Highway", "Mountain", "Hills"}
PLACE_PREFIX = {"Lake", "Mount", "Mt.", "Cape", "Fort", "Port", "Saint", "St.", "Gulf", "Bay", "Isle", "Lake"}
PLACES = {"Africa", "America", "Americas", "Asia", "Europe", "Oceania", "Antarctica", "Arctic", "Middle East",
          "Afghanistan", "Argentina", "Australia", "Austria", "Bangladesh", "Belgium", "Brazil", "Canada", "Chile",
          "China", "Colombia", "Czech Republic", "Denmark", "Egypt", "Finland", "France", "Germany", "Greece",
          "Hong Kong", "Hungary", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Japan",
          "Kenya", "Korea", "South Korea", "North Korea", "Malaysia", "Mexico", "Netherlands", "New Zealand",
          "Nigeria", "Norway", "Pakistan", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Russia",
          "Saudi Arabia", "Singapore", "South Africa", "Spain", "Sweden", "Switzerland", "Taiwan", "Thailand",
          "Turkey", "Ukraine", "United Arab Emirates", "United Kingdom", "United States", "Britain",
          "Great Britain", "England", "Scotland", "Wales", "Vietnam", "Gaza", "Syria", "Lebanon", "Yemen",
          "London", "Paris", "Berlin", "Madrid", "Rome", "Brussels", "Amsterdam", "Rotterdam", "Frankfurt",
          "Geneva", "Zurich", "Vienna", "Moscow", "Kyiv", "Kiev", "Warsaw", "Stockholm", "Oslo", "Copenhagen",
          "Helsinki", "Dublin", "Lisbon", "Athens", "Istanbul", "Dubai", "Tokyo", "Beijing", "Shanghai",
          "Shenzhen", "Seoul", "Busan", "Taipei", "Bangkok", "Jakarta", "Manila", "Delhi", "New Delhi", "Mumbai",
          "Sydney", "Melbourne", "Toronto", "Vancouver", "Montreal", "New York", "Washington", "Chicago",
          "Boston", "San Francisco", "Los Angeles", "Houston", "Dallas", "Miami", "Seattle", "Atlanta",
          "Silicon Valley", "Wall Street", "California", "Texas", "Florida", "Europe", "Latin America",
          "Southeast Asia", "Scandinavia", "Mediterranean", "Balkans", "Caribbean", "Pacific", "Atlantic"}
PLACE_ACRONYMS = {"US", "U.S.", "UK", "U.K.", "UAE", "USA", "EU"}
# Capitalised words that are not names on their own (sentence starters, titles, months handled above).
STOP = {"The", "A", "An", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You",
        "His", "Her", "Their", "Our", "But", "And", "Or", "If", "In", "On", "At", "For", "From", "By", "With",
        "As", "After", "Before", "While", "When", "Where", "What", "Who", "Why", "How", "There", "Here", "Some",
        "Many", "Most", "All", "Any", "Each", "Every", "No", "Not", "Shares", "Talks", "Container", "Read",
        "Updated", "Reporting", "Editing", "Additional", "Chief", "Executive", "Mr", "Mrs", "Ms", "Dr", "Sign",
        "Get", "Share", "Save", "Listen", "Comments", "Sponsored", "Exclusive", "Analysis", "Opinion", "Photo",
        "Also", "However", "Meanwhile", "Still", "Yet", "So", "Under", "Over", "About", "Despite", "Since",
        "According", "Once", "Asked", "Last", "Next", "Both", "Other", "Such", "Several", "One", "Two",
        "Three", "First", "Second", "Third", "New", "Officials", "Analysts", "Investors", "Police", "Company",
        "Government", "Minister", "President", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"} | set(MONTHS)
_UP, _AL = "A-ZÀ-ÖØ-Þ", "a-zA-ZÀ-ÖØ-öø-ÿ"
_CAP = rf"(?:[{_UP}][{_AL}'’.-]*[{_AL}](?<=s)['’](?!\w)|[{_UP}][{_AL}'’.-]*[{_AL}]|[A-Z]{2,}|[A-Z]\.(?:[A-Z]\.)+|[A-Z]&[A-Z])"
NAME = re.compile(_CAP + r"(?:\s+(?:of|for|and|&|de|van|von|der|la|du|al-|bin)?\s*" + _CAP + r")*")


class EnNER(System):
    name = "en-ner"
    kind = "ner"
    langs = ("en",)
    version = "1.0+src." + source_hash(__file__, _ner_common_file())
    description = "English rules: capitalised-word names typed by titles/suffixes/place list + date/time/quantity patterns"

    def extract(self, text: str, lang: str) -> dict[str, Any]:
        spans = SpanSet()
        spans.add_matches(text, TIME, "TI")
        spans.add_matches(text, QUANT, "QT")
        spans.add_matches(text, DATE, "DT")
        found = []
        for m in NAME.finditer(text):
            for s, e in (p for line in self._lines(m.start(), m.group()) for p in self._pieces(text, *line)):
                s, e = self._trim(text, s, e)
                if s < e:
                    found.append((s, e, self._type(text, s, e)))
        persons = {text[s:e] for s, e, lab in found if lab == "PS"}
        surnames = {p.split()[-1] for p in persons if len(p.split()) > 1}
        places = {text[s:e] for s, e, lab in found if lab == "LC"}
        for s, e, lab in found:
            form = text[s:e]
            if form in persons or form in surnames:
                lab = "PS"
            elif form in places:
                lab = "LC"
            if lab:
                spans.add(s, e, lab)
        # A line end separates blocks of the page (a menu and a headline): no mention crosses one.
        return {"entities": [x for x in spans.to_list() if "\n" not in text[x["start"]:x["end"]]]}

    @staticmethod
    def _lines(start: int, form: str) -> list[tuple[int, int]]:
        """A capitalised run cut at line ends: "World\nAcme Corp" is two runs."""
        out, pos = [], start
        for part in form.split("\n"):
            if part.strip():
                out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    @staticmethod
    def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
        """Split "Venlo and Tilburg" in two unless the run ends like an organisation ("Procter & Gamble Co")."""
        form = text[s:e]
        if " and " not in form or form.split()[-1] in ORG_WORDS:
            return [(s, e)]
        out, pos = [], s
        for part in re.split(r"(\s+and\s+)", form):
            if part.strip() and part.strip() != "and":
                out.append((pos, pos + len(part)))
            pos += len(part)
        return out

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        """Drop leading stop words and titles, trailing possessives and connectors."""
        while True:
            m = re.match(r"(\S+)\s+", text[s:e])
            if m and (m.group(1) in STOP or m.group(1) in TITLES_BEFORE):
                s += m.end()
                continue
            break
        while e > s and text[e - 1] in ".’'":
            if text[e - 1] == "." and re.search(r"\b(?:[A-Z]\.)+$|\b(?:Inc|Corp|Co|Ltd|Jr|Sr)\.$", text[s:e]):
                break
            e -= 1
        if text[s:e].endswith(("’s", "'s")):
            e -= 2
        return s, e

    @staticmethod
    def _type(text: str, s: int, e: int) -> str | None:
        form = text[s:e]
        toks = form.split()
        if form in STOP or form in TITLES_BEFORE or form in ORG_WORDS or form.lower() in ("i",):
            return None
        before = text[max(0, s - 40):s]
        prev = re.findall(r"[\w.’']+", before)
        prev_word = prev[-1] if prev else ""
        at_sentence_start = not before.strip() or before.rstrip().endswith((".", "!", "?", "“", '"', ":", "\n")) \
            or "\n" in before[-2:]
        if form in PLACES or form in PLACE_ACRONYMS:
            return "LC"
        if toks[-1] in ORG_WORDS or any(t in ("&",) for t in toks):
            return "OG"
        if toks[-1] in PLACE_WORDS or (len(toks) > 1 and toks[0] in PLACE_PREFIX):
            return "LC"
        if prev_word in TITLES_BEFORE or prev_word.rstrip(".") in TITLES_BEFORE:
            return "PS"
        if re.fullmatch(r"[A-Z]{2,6}|(?:[A-Z]\.){2,}", form):
            return "OG"
        if len(toks) == 1 and (re.fullmatch(r"[A-Z][a-z]+(?:ean|ian|ese|ish|ic)", form) or
                               form in ("French", "Dutch", "Swiss", "Greek", "Thai", "Iraqi", "Israeli")):
            return None  # nationality adjectives are not entities
        if len(toks) == 1 and at_sentence_start:
            return None  # an ordinary word capitalised by position
        if prev_word.lower() in ("in", "at", "near", "from", "across", "outside", "inside", "to") and len(toks) <= 2:
            return "LC"
        if prev_word == "and" and re.search(r"\b(?:in|at|near|from|of)\s+[A-Z][\w'’-]+,?\s+and\s+$", before) \
                and len(toks) <= 2:
            return "LC"  # "in Venlo and Tilburg"
        if 2 <= len(toks) <= 3 and all(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+(?:-[A-Z][a-z]+)?", t) for t in toks):
            return "PS"
        return "OG"
