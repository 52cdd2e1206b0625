"""Monotonic alignment of cleaned text to raw text, and span projection."""
from __future__ import annotations

import random

from newsgold.align import align, project_span


def placed_raw(text, raw):
    al = align(text, raw)
    return "".join(c if k else "_" for c, k in zip(raw, al.raw_kept()))


def test_identity():
    raw = "제목\n본문 첫 문장이다.\n둘째 문장."
    al = align(raw, raw)
    assert al.raw_index.tolist() == list(range(len(raw)))


def test_dropped_lines_and_whitespace_changes_are_placed():
    raw = "Home | News\nRates rise\nShare\nThe bank said so.\n  Markets fell.\n© Example"
    text = "Rates rise The bank said so.\n\nMarkets fell."
    al = align(text, raw)
    ri = al.raw_index
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert ri[i] >= 0 and raw[ri[i]] == ch
    assert placed_raw(text, raw) == ("____________Rates_rise_______The_bank_said_so.___Markets_fell.__________")


def test_monotonic_reorder_places_only_one_paragraph():
    p1 = "First paragraph has several words in it."
    p2 = "Second paragraph is a little bit longer than the first one."
    raw = p1 + "\n" + p2
    al = align(p2 + "\n" + p1, raw)
    placed = [r for r in al.raw_index.tolist() if r >= 0]
    assert placed == sorted(placed)
    # the longer paragraph wins, the other cannot be placed out of order
    assert al.matched == len(p2.replace(" ", ""))


def test_duplicate_sentence_goes_to_the_copy_in_order():
    raw = "Head\nS: the minister said rates rise.\nOfficials met.\nthe minister said rates rise.\nEnd."
    body_copy = raw.rindex("the minister")
    box_copy = raw.index("the minister")
    keep_body = "Head\nOfficials met.\nthe minister said rates rise.\nEnd."
    keep_box = "Head\nthe minister said rates rise.\nOfficials met.\nEnd."
    al = align(keep_body, raw)
    assert al.raw_index[keep_body.index("the minister")] == body_copy
    al = align(keep_box, raw)
    assert al.raw_index[keep_box.index("the minister")] == box_copy


def test_unplaceable_text_is_minus_one():
    raw = "가나다라마바사"
    al = align("가나XYZ마바사", raw)
    ri = al.raw_index.tolist()
    assert ri[2:5] == [-1, -1, -1]
    assert ri[:2] == [0, 1] and ri[5:] == [4, 5, 6]


def test_project_span():
    raw = "Menu\nKim Jong met\nLee in Seoul.\nFooter"
    text = "Kim Jong met Lee in Seoul. Added by cleaner"
    al = align(text, raw)
    s = text.index("Seoul")
    assert project_span(al, s, s + len("Seoul")) == (raw.index("Seoul"), raw.index("Seoul") + 5)
    # a span crossing a re-joined line break maps to the raw range including the newline
    s = text.index("met Lee")
    assert project_span(al, s, s + len("met Lee")) == (raw.index("met"), raw.index("Lee") + 3)
    # text the cleaner invented is not in raw_text
    s = text.index("Added")
    assert project_span(al, s, s + 5) is None
    assert project_span(al, 0, 0) is None
    assert project_span(al, text.index(" "), text.index(" ") + 1) is None


def test_project_span_tolerates_substitution_not_insertion():
    raw = 'He said "yes" today.'
    text = "He said “yes” today."
    al = align(text, raw)
    s = text.index("“")
    assert project_span(al, s, text.index("”") + 1) == (raw.index('"'), raw.rindex('"') + 1)
    text2 = "He said yes!! today."
    al2 = align(text2, raw)
    s = text2.index("yes")
    assert project_span(al2, s, s + len("yes!!")) is None


def test_large_documents_align_without_quadratic_blowup():
    rng = random.Random(3)
    syll = "가나다라마바사아자차카타파하"
    lines = [" ".join("".join(rng.choice(syll) for _ in range(rng.randint(1, 5))) for _ in range(12))
             for _ in range(6000)]
    raw = "\n".join(lines)  # ~300k characters
    text = "\n".join(line for i, line in enumerate(lines) if i % 4)
    al = align(text, raw)
    assert al.matched == len("".join(text.split()))


def _edit(rng, raw):
    """A cleaner-like edit: drop lines, re-join some, substitute a few characters, insert a little."""
    out = []
    for line in raw.split("\n"):
        r = rng.random()
        if r < 0.3:
            continue
        if r < 0.4:
            line = "".join("“" if c == '"' else ("X" if rng.random() < 0.05 else c) for c in line)
        if r > 0.95:
            line = "Read more: " + line
        out.append(line)
    return (" " if rng.random() < 0.5 else "\n").join(out)


def test_alignment_invariants_on_random_edits():
    rng = random.Random(11)
    alphabet = 'abc가나다 "-.\n'
    for _ in range(300):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        text = _edit(rng, raw) if rng.random() < 0.8 else "".join(rng.choice(alphabet) for _ in range(50))
        al = align(text, raw)
        ri = al.raw_index.tolist()
        placed = [(i, r) for i, r in enumerate(ri) if r >= 0]
        assert all(r1 < r2 for (_, r1), (_, r2) in zip(placed, placed[1:]))  # strictly monotonic
        assert all(text[i] == raw[r] or (text[i].isspace() and raw[r].isspace()) for i, r in placed)
        assert al.matched == sum(1 for i, _ in placed if not text[i].isspace())
        # every projected span lands on raw text with the same non-whitespace length
        for _ in range(5):
            if not text:
                break
            s = rng.randrange(len(text))
            e = min(len(text), s + rng.randint(1, 12))
            proj = project_span(al, s, e)
            if proj is not None:
                a, b = proj
                assert len("".join(raw[a:b].split())) == len("".join(text[s:e].split()))


def test_prefer_breaks_ties_between_equal_copies():
    """A lead kept once fits a summary box above the body and the body alike: the benefit of the doubt."""
    import numpy as np

    from newsgold.align import align

    raw = "Title\nLead sentence here.\nUI\nLead sentence here.\nRest of body."
    box_start = raw.index("Lead")
    body_start = raw.index("Lead", box_start + 1)
    prefer = np.ones(len(raw), dtype=bool)
    prefer[box_start:box_start + len("Lead sentence here.")] = False
    prefer[raw.index("UI"):raw.index("UI") + 2] = False
    text = "Title\nLead sentence here.\nRest of body."
    plain = align(text, raw)
    assert plain.raw_index[text.index("Lead")] == box_start  # leftmost without a preference
    preferred = align(text, raw, prefer=prefer)
    assert preferred.raw_index[text.index("Lead")] == body_start
    # order still decides: a copy that only fits before the body text stays on the box
    swapped = "Title\nLead sentence here.\nX\nRest of body."
    raw2 = "Title\nLead sentence here.\nX\nRest of body.\nLead sentence here."
    pref2 = np.ones(len(raw2), dtype=bool)
    pref2[raw2.index("Lead"):raw2.index("Lead") + 19] = False
    assert align(swapped, raw2, prefer=pref2).raw_index[swapped.index("Lead")] == raw2.index("Lead")


def test_every_gold_main_content_scores_perfectly():
    """The gold clean text of each document, scored as a cleaner's output, is exactly the gold."""
    from newsgold.corpus import load_documents
    from newsgold.scoring import score_records

    for doc in load_documents():
        f1 = score_records("clean", [doc], [{"id": doc.id, "text": doc.clean_text()}])["clean"]["char"]["f1"]
        assert f1 == 1.0, doc.id
