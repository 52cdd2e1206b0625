"""Monotonic character alignment of a derived text (a cleaner's output) to the raw text.

One function, :func:`align`, with one explicit behaviour for what it cannot
place: ``Alignment.raw_index[i]`` is the raw_text offset of ``text[i]``, or
``-1`` when the character has no counterpart.  The mapping is strictly
increasing over the placed characters, so text that a cleaner moved (a
reordered paragraph) or duplicated can only be placed once, in order; the rest
is unplaced.  That is what makes the scorers position-aware.

Whitespace policy: the alignment is computed on the *skeletons* of both texts,
the strings with every whitespace character (``str.isspace``) and the zero-width
characters U+200B-U+200D, U+2060, U+FEFF removed.  A cleaner that re-joins
lines, collapses spaces or re-indents is therefore not punished; scorers count
only non-whitespace characters.  Whitespace characters of ``text`` are placed
afterwards where the raw text has whitespace at the same distance from the
preceding placed character, else they are ``-1``.

Algorithm (anchor and fill; never quadratic in document length):

1. Cut the text skeleton into consecutive chunks of ``k`` characters and look
   each chunk up in a hash index of every ``k``-gram of the raw skeleton
   (polynomial hashes computed with numpy prefix sums; matches verified).
   Chunks that occur more than a few times are ignored as uninformative.
2. Keep the longest chain of chunk matches increasing in both texts (longest
   increasing subsequence, O(m log m)); chunks matched on the same diagonal
   merge into blocks.
3. Recurse into each gap between blocks: strip the common prefix and suffix
   (vectorised), then either run an exact LCS dynamic programme when the gap is
   small (bounded by ``DP_CELLS`` cells, numpy row by row) or repeat with a
   smaller ``k`` (32, 12, 5, 2).  Gaps still large after the smallest ``k`` are
   left unplaced.

Total work is O(n log n) in the text lengths plus the bounded local DPs.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Alignment", "align", "project_span", "skeleton", "IGNORABLE"]

# Characters the alignment and the character metrics ignore.
IGNORABLE = frozenset(
    [chr(c) for c in range(0x3001) if chr(c).isspace()]  # no whitespace lies above U+3000
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)
_IGN_TABLE = np.zeros(0x10000, dtype=bool)
for _ch in IGNORABLE:
    _IGN_TABLE[ord(_ch)] = True
del _ch

KS = (32, 12, 5, 2)        # chunk sizes, coarse to fine
MAX_OCCURRENCES = 4        # a chunk found more often than this is not an anchor
DP_CELLS = 400_000         # largest gap (len_a * len_b) solved exactly by LCS
SMALL_CELLS = 2_000        # gaps up to this size skip anchoring and go straight to LCS
_P = np.uint64(0x100000001B3)           # odd multiplier: invertible modulo 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 2 ** 64))


def codes(s: str) -> np.ndarray:
    """Code points of ``s`` as a uint32 array (one element per character)."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def ignorable_mask(cp: np.ndarray) -> np.ndarray:
    """True where the code point is whitespace or zero-width (see module docstring)."""
    small = cp < 0x10000
    out = np.zeros(cp.shape, dtype=bool)
    out[small] = _IGN_TABLE[cp[small]]
    return out


def skeleton(s: str) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the non-ignorable characters of ``s``, their code points)."""
    cp = codes(s)
    pos = np.flatnonzero(~ignorable_mask(cp))
    return pos, cp[pos]


# -- hashing -----------------------------------------------------------------------
_POW = np.ones(1, dtype=np.uint64)
_INV = np.ones(1, dtype=np.uint64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i <= n (cached, grown by doubling)."""
    global _POW, _INV
    if len(_POW) <= n:
        size = max(n + 1, 2 * len(_POW), 4096)
        with np.errstate(over="ignore"):
            pw = np.empty(size, dtype=np.uint64)
            pw[0] = 1
            pw[1:] = np.cumprod(np.full(size - 1, _P, dtype=np.uint64), dtype=np.uint64)
            iv = np.empty(size, dtype=np.uint64)
            iv[0] = 1
            iv[1:] = np.cumprod(np.full(size - 1, _P_INV, dtype=np.uint64), dtype=np.uint64)
        _POW, _INV = pw, iv
    return _POW, _INV


def _prefix_hashes(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Prefix sums of (x[i] + 1) * P**i, and the inverse powers, for k-gram hashes."""
    n = len(x)
    powers, inv = _powers(n)
    pref = np.zeros(n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumsum((x.astype(np.uint64) + np.uint64(1)) * powers[:n], dtype=np.uint64, out=pref[1:])
    return pref, inv


def _kgram_hashes(pref: np.ndarray, inv: np.ndarray, starts: np.ndarray, k: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (pref[starts + k] - pref[starts]) * inv[starts]


# -- exact LCS for small gaps --------------------------------------------------------
def _lcs_pairs(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs of one longest common subsequence of ``a`` and ``b``.

    Tiny inputs use plain Python; larger ones a numpy row-by-row table whose
    rows run over the shorter sequence.
    """
    la, lb = len(a), len(b)
    if la * lb <= 256:
        return _lcs_small(a.tolist(), b.tolist())
    if la > lb:
        return [(i, j) for j, i in _lcs_pairs(b, a)]
    table = np.zeros((la + 1, lb + 1), dtype=np.int32)
    for i in range(1, la + 1):
        prev = table[i - 1]
        match = (b == a[i - 1]).astype(np.int32)
        t = np.maximum(prev[1:], prev[:-1] + match)
        np.maximum.accumulate(t, out=table[i, 1:])
    return _traceback(table.tolist(), a.tolist(), b.tolist())


def _lcs_small(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    la, lb = len(a), len(b)
    table = [[0] * (lb + 1) for _ in range(la + 1)]
    for i in range(1, la + 1):
        row, prev, ai = table[i], table[i - 1], a[i - 1]
        for j in range(1, lb + 1):
            if ai == b[j - 1]:
                row[j] = prev[j - 1] + 1
            else:
                row[j] = row[j - 1] if row[j - 1] > prev[j] else prev[j]
    return _traceback(table, a, b)


def _traceback(table, a, b) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    i, j = len(a), len(b)
    while i > 0 and j > 0:
        if a[i - 1] == b[j - 1] and table[i][j] == table[i - 1][j - 1] + 1:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _lis(values: list[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_idx.append(i)
        else:
            tails[k] = v
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    out = []
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        out.append(i)
        i = prev[i]
    out.reverse()
    return out


class _Aligner:
    def __init__(self, a: np.ndarray, b: np.ndarray):
        self.a, self.b = a, b
        self.blocks: list[tuple[int, int, int]] = []  # (i in a, j in b, length)
        self._hb = None

    def _b_hashes(self):
        if self._hb is None:
            self._hb = _prefix_hashes(self.b)
            self._ha = _prefix_hashes(self.a)
        return self._ha, self._hb

    def run(self) -> list[tuple[int, int, int]]:
        # explicit stack instead of recursion: (a0, a1, b0, b1, level)
        stack = [(0, len(self.a), 0, len(self.b), 0)]
        while stack:
            a0, a1, b0, b1, level = stack.pop()
            stack.extend(reversed(self._step(a0, a1, b0, b1, level)))
        self.blocks.sort()
        return self.blocks

    def _step(self, a0, a1, b0, b1, level):
        a, b = self.a, self.b
        if a0 >= a1 or b0 >= b1:
            return []
        # common prefix
        m = min(a1 - a0, b1 - b0)
        neq = np.flatnonzero(a[a0:a0 + m] != b[b0:b0 + m])
        p = int(neq[0]) if len(neq) else m
        if p:
            self.blocks.append((a0, b0, p))
            a0 += p
            b0 += p
        if a0 >= a1 or b0 >= b1:
            return []
        m = min(a1 - a0, b1 - b0)
        neq = np.flatnonzero(a[a1 - m:a1][::-1] != b[b1 - m:b1][::-1])
        s = int(neq[0]) if len(neq) else m
        if s:
            self.blocks.append((a1 - s, b1 - s, s))
            a1 -= s
            b1 -= s
        la, lb = a1 - a0, b1 - b0
        if la <= 0 or lb <= 0:
            return []
        if la * lb <= SMALL_CELLS:
            self._dp(a0, a1, b0, b1)
            return []
        while level < len(KS):
            k = KS[level]
            if la >= k and lb >= k:
                chain = self._anchors(a0, a1, b0, b1, k)
                if chain:
                    return self._gaps(chain, a0, a1, b0, b1, level)
            level += 1
        if la * lb <= DP_CELLS:
            self._dp(a0, a1, b0, b1)
        return []  # else too large and nothing in common at the finest level: left unplaced

    def _dp(self, a0, a1, b0, b1):
        run = None
        for i, j in _lcs_pairs(self.a[a0:a1], self.b[b0:b1]):
            i += a0
            j += b0
            if run and run[0] + run[2] == i and run[1] + run[2] == j:
                run[2] += 1
            else:
                if run:
                    self.blocks.append(tuple(run))
                run = [i, j, 1]
        if run:
            self.blocks.append(tuple(run))

    def _anchors(self, a0, a1, b0, b1, k):
        (pa, ia), (pb, ib) = self._b_hashes()
        a_starts = np.arange(a0, a1 - k + 1, k, dtype=np.int64)
        b_starts = np.arange(b0, b1 - k + 1, dtype=np.int64)
        ha = _kgram_hashes(pa, ia, a_starts, k)
        hb = _kgram_hashes(pb, ib, b_starts, k)
        # look every k-gram of b up among the (few) distinct chunk hashes of a
        uh, inverse = np.unique(ha, return_inverse=True)
        pos = np.minimum(np.searchsorted(uh, hb), len(uh) - 1)
        hit = np.flatnonzero(uh[pos] == hb)          # b k-grams equal to some chunk
        group = pos[hit]
        order = hit[np.argsort(group, kind="stable")]  # b k-gram indices grouped by chunk hash
        counts = np.bincount(group, minlength=len(uh))
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        cnt = counts[inverse]
        lo = first[inverse]
        keep = np.flatnonzero((cnt > 0) & (cnt <= MAX_OCCURRENCES))
        if not len(keep):
            return []
        # every (chunk, occurrence) pair, vectorised
        reps = cnt[keep]
        q_idx = np.repeat(keep, reps)
        offs = np.arange(len(q_idx)) - np.repeat(np.cumsum(reps) - reps, reps)
        ci = a_starts[q_idx]
        cj = b_starts[order[lo[q_idx] + offs]]
        # verify (hash collisions), k characters at a time
        rng = np.arange(k)
        ok = (self.a[ci[:, None] + rng] == self.b[cj[:, None] + rng]).all(axis=1)
        ci, cj = ci[ok], cj[ok]
        if not len(ci):
            return []
        # chunk order, occurrences descending so the LIS cannot take two of one chunk
        srt = np.lexsort((-cj, ci))
        cand_i = ci[srt].tolist()
        cand_j = cj[srt].tolist()
        chain = []
        last_b_end = -1
        for c in _lis(cand_j):
            i, j = cand_i[c], cand_j[c]
            if j < last_b_end:
                continue
            if chain and chain[-1][0] + chain[-1][2] == i and chain[-1][1] + chain[-1][2] == j:
                chain[-1][2] += k
            else:
                chain.append([i, j, k])
            last_b_end = j + k
        return chain

    def _gaps(self, chain, a0, a1, b0, b1, level):
        todo = []
        pa, pb = a0, b0
        for i, j, n in chain:
            todo.append((pa, i, pb, j, level))
            self.blocks.append((i, j, n))
            pa, pb = i + n, j + n
        todo.append((pa, a1, pb, b1, level))
        return todo


@dataclass
class Alignment:
    """The result of :func:`align`.

    ``blocks`` are ``(text_skeleton_index, raw_skeleton_index, length)`` runs of
    identical characters; ``text_pos``/``raw_pos`` map skeleton indices back to
    string offsets.  ``raw_index`` (numpy int64, one entry per character of
    ``text``) is computed on first use.
    """

    text: str
    raw_text: str
    text_pos: np.ndarray
    raw_pos: np.ndarray
    blocks: list[tuple[int, int, int]]
    _raw_index: np.ndarray | None = field(default=None, repr=False)
    _skel_map: np.ndarray | None = field(default=None, repr=False)
    _raw_used: np.ndarray | None = field(default=None, repr=False)

    @property
    def skeleton_map(self) -> np.ndarray:
        """For each text skeleton index, the raw skeleton index it is placed on, or -1."""
        if self._skel_map is None:
            m = np.full(len(self.text_pos), -1, dtype=np.int64)
            for i, j, n in self.blocks:
                m[i:i + n] = np.arange(j, j + n)
            self._skel_map = m
        return self._skel_map

    def raw_kept(self) -> np.ndarray:
        """Boolean mask over raw_text: True where a character of text was placed."""
        mask = np.zeros(len(self.raw_text), dtype=bool)
        for _, j, n in self.blocks:
            mask[self.raw_pos[j:j + n]] = True
        return mask

    @property
    def matched(self) -> int:
        """Number of non-whitespace characters placed."""
        return sum(n for _, _, n in self.blocks)

    @property
    def raw_index(self) -> np.ndarray:
        if self._raw_index is None:
            self._raw_index = _full_index(self)
        return self._raw_index


def _full_index(al: Alignment) -> np.ndarray:
    n = len(al.text)
    out = np.full(n, -1, dtype=np.int64)
    sm = al.skeleton_map
    placed = sm >= 0
    out[al.text_pos[placed]] = al.raw_pos[sm[placed]]
    if n == 0:
        return out
    # whitespace: place at the same distance from the previous placed character
    cp = codes(al.text)
    ws = np.flatnonzero(ignorable_mask(cp))
    if not len(ws):
        return out
    idx = np.arange(n)
    has = out >= 0
    prev_t = np.maximum.accumulate(np.where(has, idx, -1))
    prev_r = np.where(prev_t >= 0, out[np.maximum(prev_t, 0)], -1)
    nxt_t = np.minimum.accumulate(np.where(has, idx, n)[::-1])[::-1]
    nxt_r = np.where(nxt_t < n, out[np.minimum(nxt_t, n - 1)], len(al.raw_text))
    cand = prev_r[ws] + (ws - prev_t[ws])
    ok = (cand < nxt_r[ws]) & (cand >= 0) & (cand < len(al.raw_text))
    raw_cp = codes(al.raw_text)
    ok[ok] = ignorable_mask(raw_cp[cand[ok]])
    out[ws[ok]] = cand[ok]
    return out


def _compact(blocks: list[tuple[int, int, int]], a: np.ndarray, b: np.ndarray,
             apos: np.ndarray, bpos: np.ndarray) -> list[tuple[int, int, int]]:
    """Prefer contiguous placements among equally long ones.

    An LCS may place a character on an equal character further away ("rise" ->
    "ris" + the "e" of a following "Share").  Where two blocks are adjacent in
    the text but not in raw_text, move the characters that also fit right
    after the first block (or right before the second) when that keeps a word
    of the text together in raw_text without splitting another; merge blocks
    that become contiguous.
    """
    def contiguous(pos: np.ndarray, k: int) -> bool:  # characters k-1 and k adjacent in the string
        return 0 < k < len(pos) and pos[k] - pos[k - 1] == 1

    out: list[list[int]] = []
    for i2, j2, n2 in blocks:
        if out:
            i1, j1, n1 = out[-1]
            if i2 == i1 + n1:
                jn = j1 + n1
                if jn == j2:
                    out[-1][2] = n1 + n2
                    continue
                p = 0
                while p < n2 and p < 64 and jn + p < j2 and b[jn + p] == a[i2 + p]:
                    p += 1
                if p == n2 or (p and contiguous(apos, i2) and contiguous(bpos, jn) and not contiguous(apos, i2 + p)):
                    out[-1][2] = n1 + p
                    if p == n2:
                        continue
                    i2, j2, n2 = i2 + p, j2 + p, n2 - p
        out.append([i2, j2, n2])
    res: list[list[int]] = []
    for k in range(len(out) - 1, -1, -1):
        i1, j1, n1 = out[k]
        if res:
            i2, j2, n2 = res[-1]
            if i1 + n1 == i2 and j1 + n1 != j2:
                q = 0
                while (q < n1 and q < 64 and j2 - q - 1 >= j1 + n1
                       and b[j2 - q - 1] == a[i1 + n1 - q - 1]):
                    q += 1
                if q == n1 or (q and contiguous(apos, i2) and contiguous(bpos, j2)
                               and not contiguous(apos, i1 + n1 - q)):
                    res[-1] = [i2 - q, j2 - q, n2 + q]
                    if q == n1:
                        continue
                    n1 -= q
        res.append([i1, j1, n1])
    res.reverse()
    return [tuple(x) for x in res]


def _relocate(blocks: list[tuple[int, int, int]], a: np.ndarray, b: np.ndarray,
              preferred: np.ndarray) -> list[tuple[int, int, int]]:
    """Among equally good placements, prefer the one on ``preferred`` raw characters.

    The chain of anchors places a repeated passage on its first copy whenever the
    order of the text allows either copy: a lead kept right after the headline
    fits both a summary box above the body and the body itself.  The text cannot
    tell which copy a system kept, so it gets the benefit of the doubt: each run
    of blocks placed mostly off ``preferred`` characters moves, as a whole and in
    order, to copies on preferred characters between its neighbours, when such
    copies exist.  Order still decides wherever it can (a copy that only fits
    before the neighbouring text stays where it is), so keeping a summary box's
    copy *instead of* the body's still counts as keeping boilerplate.
    """
    if not blocks:
        return blocks
    # Cut blocks where the preference changes: a block may run from a pull quote's
    # copy of a sentence straight into the body text that follows it.
    pieces: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        seg = preferred[j:j + n]
        cuts = np.flatnonzero(seg[1:] != seg[:-1]) + 1
        start = 0
        for c in [*cuts.tolist(), n]:
            pieces.append((i + start, j + start, c - start))
            start = c
    blocks = pieces
    bad = [not preferred[j] for _, j, _ in blocks]
    if not any(bad):
        return _merge(blocks)
    a_str = "".join(map(chr, a.tolist()))
    b_str = "".join(map(chr, b.tolist()))
    pref_cum = np.concatenate(([0], np.cumsum(preferred, dtype=np.int64)))

    def find_preferred(seg: str, lo: int, hi: int) -> int:
        j = b_str.find(seg, lo, hi)
        while j >= 0:
            if pref_cum[j + len(seg)] - pref_cum[j] == len(seg):
                return j
            j = b_str.find(seg, j + 1, hi)
        return -1

    out = list(blocks)
    k = 0
    while k < len(out):
        if not bad[k]:
            k += 1
            continue
        g = k
        while g < len(out) and bad[g]:
            g += 1
        lo = out[k - 1][1] + out[k - 1][2] if k else 0
        hi = out[g][1] if g < len(out) else len(b_str)
        moved = []
        pos = lo
        for i, _, n in out[k:g]:
            j = find_preferred(a_str[i:i + n], pos, hi)
            if j < 0:
                moved = []
                break
            moved.append((i, j, n))
            pos = j + n
        if moved:
            out[k:g] = moved
        k = g
    return _merge(out)


def _merge(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((i, j, n))
    return out


def align(text: str, raw_text: str, *, prefer: np.ndarray | None = None) -> Alignment:
    """Align ``text`` (e.g. a cleaner's output) to ``raw_text``, monotonically.

    ``Alignment.raw_index[i]`` is the raw offset of ``text[i]`` or -1.
    ``prefer`` (optional, one bool per character of ``raw_text``) breaks ties
    between equally good placements in favour of those characters; scorers pass
    the gold main content, so that a sentence the text places equally well on a
    summary box or on the body is placed on the body (see :func:`_relocate`).
    """
    tp, tc = skeleton(text)
    rp, rc = skeleton(raw_text)
    if len(tc) == len(rc) and np.array_equal(tc, rc):
        blocks = [(0, 0, len(tc))] if len(tc) else []
    else:
        blocks = _compact([blk for blk in _Aligner(tc, rc).run() if blk[2] > 0], tc, rc, tp, rp)
        if prefer is not None:
            blocks = _relocate(blocks, tc, rc, np.asarray(prefer, dtype=bool)[rp])
    return Alignment(text, raw_text, tp, rp, blocks)


def project_span(alignment: Alignment, start: int, end: int) -> tuple[int, int] | None:
    """Map the half-open span ``[start, end)`` of ``alignment.text`` to raw_text offsets.

    The span's first and last non-whitespace characters must be placed, or be
    substitutions (an unplaced character right after / before a placed
    neighbour, facing an unplaced raw character: “ for "), and the raw range
    between them must hold as many non-whitespace characters as the span (so
    substituted characters inside are tolerated, insertions and deletions are
    not).  Otherwise ``None``: the span is not in raw_text.
    """
    if not 0 <= start < end <= len(alignment.text):
        return None
    tpos = alignment.text_pos
    lo = int(np.searchsorted(tpos, start, side="left"))
    hi = int(np.searchsorted(tpos, end, side="left"))
    if lo >= hi:
        return None  # whitespace only
    sm = alignment.skeleton_map
    r_first, r_last = int(sm[lo]), int(sm[hi - 1])
    if r_first < 0 and hi - 1 > lo and sm[lo + 1] >= 0:
        r_first = _substitute(alignment, int(sm[lo + 1]) - 1)
    if r_first < 0 and lo > 0 and sm[lo - 1] >= 0:
        r_first = _substitute(alignment, int(sm[lo - 1]) + 1)
    if r_last < 0 and hi - 1 > lo and sm[hi - 2] >= 0:
        r_last = _substitute(alignment, int(sm[hi - 2]) + 1)
    if r_last < 0 and hi < len(sm) and sm[hi] >= 0:
        r_last = _substitute(alignment, int(sm[hi]) - 1)
    if r_first < 0 or r_last < 0:
        return None
    if r_last - r_first != hi - 1 - lo:
        return None
    return int(alignment.raw_pos[r_first]), int(alignment.raw_pos[r_last]) + 1


def _substitute(alignment: Alignment, j: int) -> int:
    """Raw skeleton index ``j`` if it exists and no text character is placed on it, else -1."""
    if not 0 <= j < len(alignment.raw_pos):
        return -1
    if alignment._raw_used is None:
        used = np.zeros(len(alignment.raw_pos), dtype=bool)
        for _, bj, n in alignment.blocks:
            used[bj:bj + n] = True
        alignment._raw_used = used
    return -1 if alignment._raw_used[j] else j
