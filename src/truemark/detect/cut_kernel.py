"""Cut words joined in numba: what ``str.replace_all`` of the cut pattern does, pass after
pass, over a column's UTF-8 bytes, with no regular expression.

The pattern (:data:`truemark.detect.normalize._CUT_PAIR`) is a letter or digit, a run of
cutters (or a space, a run of cutters and a space), and a letter or digit; a match is written
as its two letters. Searched leftmost first, matches do not overlap: a pass joins every other
cut of a run ("L.o.u.i.s" -> "Lo.ui.s"), so up to ``passes`` passes are made, each only while
the one before changed the text. Characters are looked up in code-point tables built by the
regular-expression engine itself (:func:`truemark.detect.code_points.in_class`). polars'
``contains`` and ``replace_all`` did the same at about seven times the cost. All numba
functions live in this one module (numba's on-disk cache is invalidated by the module's own
file only).
"""

from __future__ import annotations

import numba as nb
import numpy as np

_SPACE = 0x20


@nb.njit(cache=True)
def _character(data: np.ndarray, at: int) -> tuple[np.int64, int]:
    """The code point that starts at byte ``at`` of valid UTF-8, and its width in bytes."""
    lead = np.int64(data[at])
    if lead < 0x80:
        return lead, 1
    if lead < 0xE0:
        return ((lead & 0x1F) << 6) | (np.int64(data[at + 1]) & 0x3F), 2
    if lead < 0xF0:
        point = ((lead & 0x0F) << 12) | ((np.int64(data[at + 1]) & 0x3F) << 6)
        return point | (np.int64(data[at + 2]) & 0x3F), 3
    point = ((lead & 0x07) << 18) | ((np.int64(data[at + 1]) & 0x3F) << 12)
    point |= (np.int64(data[at + 2]) & 0x3F) << 6
    return point | (np.int64(data[at + 3]) & 0x3F), 4


@nb.njit(cache=True)
def _before(text: np.ndarray, at: int) -> int:
    """Where the character that ends at byte ``at`` starts."""
    at -= 1
    while text[at] & 0xC0 == 0x80:
        at -= 1
    return at


@nb.njit(cache=True)
def join_cuts(
    offsets: np.ndarray, data: np.ndarray, word: np.ndarray, cutter: np.ndarray, passes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, offsets, bytes) of the rows the passes change, as they end up. ``offsets`` and
    ``data`` are an Arrow large-string column's; ``word[cp]`` / ``cutter[cp]``: a letter or
    digit / a cutter.

    Every match holds a run of cutters, so a pass looks for runs, left to right from where the
    last match ended, and tests the characters around each; a row with no cutter is never
    copied. (Loops are written out in this one function: numba ran a loop in a called
    function several times slower.)"""
    rows = len(offsets) - 1
    longest = 0
    for row in range(rows):
        longest = max(longest, offsets[row + 1] - offsets[row])
    text, joined = np.empty(longest, np.uint8), np.empty(longest, np.uint8)
    changed_rows = np.empty(rows, dtype=np.int64)
    out_offsets = np.zeros(rows + 1, dtype=np.int64)
    out = np.empty(offsets[rows] - offsets[0], dtype=np.uint8)
    changed = written = 0
    for row in range(rows):
        length = offsets[row + 1] - offsets[row]
        has_cutter = False
        for at in range(offsets[row], offsets[row + 1]):
            byte = data[at]
            if (byte < 0x80 and cutter[byte]) or byte >= 0xC0:  # a lead byte may start one
                has_cutter = True
                break
        if not has_cutter:
            continue
        text[:length] = data[offsets[row] : offsets[row + 1]]
        end = length
        for _ in range(passes):
            at = kept = copied = 0  # one replace_all pass of text[:end] into joined[:kept]
            while at < end:
                point, width = _character(text, at)
                if not cutter[point]:
                    at += width
                    continue
                run, run_end = at, at + width  # the run of cutters that starts here
                while run_end < end:
                    point, width = _character(text, run_end)
                    if not cutter[point]:
                        break
                    run_end += width
                at = run_end
                if run_end == end:
                    break
                first = -1  # the letter before: right before the run, or before " " + run
                if run > copied:
                    first = _before(text, run)
                    if not word[_character(text, first)[0]]:
                        first = -1
                        if text[run - 1] == _SPACE and run - 1 > copied:
                            first = _before(text, run - 1)
                            if not word[_character(text, first)[0]] or text[run_end] != _SPACE:
                                first = -1
                if first < 0:
                    continue
                second = run_end + 1 if text[run - 1] == _SPACE and first < run - 1 else run_end
                if second >= end:
                    continue
                point, width = _character(text, second)
                if not word[point]:
                    continue
                letter_end = first + _character(text, first)[1]
                joined[kept : kept + letter_end - copied] = text[copied:letter_end]
                kept += letter_end - copied
                joined[kept : kept + width] = text[second : second + width]
                kept += width
                at = copied = second + width
            if copied == 0:  # no match: the text is as it was
                break
            joined[kept : kept + end - copied] = text[copied:end]
            kept += end - copied
            text, joined, end = joined, text, kept
        if end < length:
            out[written : written + end] = text[:end]
            written += end
            changed_rows[changed] = row
            changed += 1
            out_offsets[changed] = written
    return changed_rows[:changed], out_offsets[: changed + 1], out[:written]
