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

from truemark.index.byte_copy import copy_bytes

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
    buffers = (np.empty(longest, np.uint8), np.empty(longest, np.uint8))
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
        # the first pass reads the row where it is (most rows with a cutter have no cut: never
        # copied); a pass that changes it writes the next buffer, which the next pass reads
        text, joined, turn = data[offsets[row] : offsets[row + 1]], buffers[0], 0
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
                copy_bytes(joined, kept, text, copied, letter_end - copied)
                kept += letter_end - copied
                copy_bytes(joined, kept, text, second, width)
                kept += width
                at = copied = second + width
            if copied == 0:  # no match: the text is as it was
                break
            copy_bytes(joined, kept, text, copied, end - copied)
            kept += end - copied
            turn = 1 - turn
            text, joined, end = joined, buffers[turn], kept
        if end < length:
            copy_bytes(out, written, text, 0, end)
            written += end
            changed_rows[changed] = row
            changed += 1
            out_offsets[changed] = written
    return changed_rows[:changed], out_offsets[: changed + 1], out[:written]


@nb.njit(cache=True)
def collapse_spaced(
    offsets: np.ndarray, data: np.ndarray, letter: np.ndarray, spacer: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, offsets, bytes) of the rows where spaced-out letters are collapsed, as they end
    up: what ``re.sub`` of :data:`truemark.detect.normalize._SPACED_LETTERS` with its spacers
    removed does. ``letter[cp]``: a letter or digit (Python's ``[^\\W_]``); ``spacer[cp]``:
    one of the spacers.

    A run starts at a letter after none; the spacers after it (one to three: a longer run
    leaves no letter after the separator) are the separator, which must come again before
    every further single letter; the run is kept when it holds three letters or more and no
    letter follows it, else it gives back its last letter (as the regular expression
    backtracks) until it does or is too short. A run kept is written as its letters."""
    rows = len(offsets) - 1
    longest = 0
    for row in range(rows):
        longest = max(longest, offsets[row + 1] - offsets[row])
    points = np.empty(longest, np.int64)
    starts = np.empty(longest + 1, np.int64)
    changed_rows = np.empty(rows, dtype=np.int64)
    out_offsets = np.zeros(rows + 1, dtype=np.int64)
    out = np.empty(offsets[rows] - offsets[0], dtype=np.uint8)
    changed = written = 0
    for row in range(rows):
        count, at = 0, offsets[row]
        while at < offsets[row + 1]:  # the row's code points, and where each starts
            point, width = _character(data, at)
            points[count], starts[count] = point, at
            count += 1
            at += width
        starts[count] = offsets[row + 1]
        copied, kept, i = offsets[row], written, 0
        while i < count:
            if not letter[points[i]] or (i > 0 and letter[points[i - 1]]):
                i += 1
                continue
            gap = i + 1
            while gap < count and spacer[points[gap]]:
                gap += 1
            width = gap - i - 1
            if width < 1 or width > 3 or gap >= count or not letter[points[gap]]:
                i += 1
                continue
            letters, last = 2, gap  # the run's letters: i, then every (width + 1)-th after
            while last + width + 1 < count and letter[points[last + width + 1]]:
                same = True
                for k in range(width):
                    if points[last + 1 + k] != points[i + 1 + k]:
                        same = False
                        break
                if not same:
                    break
                last += width + 1
                letters += 1
            while letters >= 3 and last + 1 < count and letter[points[last + 1]]:
                last -= width + 1  # a letter follows: give back the last one
                letters -= 1
            if letters < 3:
                i += 1
                continue
            span = starts[i] - copied  # the text before the run, as it was
            out[kept : kept + span] = data[copied : starts[i]]
            kept += span
            for place in range(i, last + 1, width + 1):
                size = starts[place + 1] - starts[place]
                out[kept : kept + size] = data[starts[place] : starts[place + 1]]
                kept += size
            copied = starts[last + 1]
            i = last + 1
        if copied == offsets[row]:
            continue  # no run: the row is as it was
        out[kept : kept + offsets[row + 1] - copied] = data[copied : offsets[row + 1]]
        kept += offsets[row + 1] - copied
        written = kept
        changed_rows[changed] = row
        changed += 1
        out_offsets[changed] = written
    return changed_rows[:changed], out_offsets[: changed + 1], out[:written]


_OTHER, _ALNUM, _SPACER = 0, 1, 2


@nb.njit(cache=True)
def spaced_hint_rows(
    offsets: np.ndarray, data: np.ndarray, alnum: np.ndarray, spacer: np.ndarray
) -> np.ndarray:
    """Per row: whether :data:`truemark.detect.normalize.SPACED_HINT` matches it, with no
    regular expression. ``alnum[cp]``: an ASCII letter or digit; ``spacer[cp]``: one of the
    hint's spacers (the two classes are apart).

    The hint is three single letters or digits, each apart from the next by one to three
    spacers, with no letter or digit before the first or after the last. In the row's runs of
    one class (a letter or digit, a spacer, anything else), that is a chain of three letter
    runs one long, each after a spacer run at most three long after the one before: each run
    is checked as it ends, and the chain counted on."""
    rows = len(offsets) - 1
    found = np.zeros(rows, dtype=np.bool_)
    ascii_kind = np.zeros(128, dtype=np.int64)
    for byte in range(128):
        ascii_kind[byte] = _ALNUM if alnum[byte] else (_SPACER if spacer[byte] else _OTHER)
    for row in range(rows):
        chain = 0  # single letters so far, each after spacers after the one before
        kind, size, last_kind, last_size = -1, 0, -1, 0
        at, end = offsets[row], offsets[row + 1]
        while at <= end:
            if at < end:
                lead = data[at]
                if lead < 0x80:
                    now, width = int(ascii_kind[lead]), 1
                else:
                    point, width = _character(data, at)
                    now = _ALNUM if alnum[point] else (_SPACER if spacer[point] else _OTHER)
            else:
                now, width = -1, 1  # the row's end closes the last run
            if now == kind:
                size += 1
            else:
                if kind == _ALNUM:  # a run ends
                    if size > 1:
                        chain = 0
                    elif chain > 0 and last_kind == _SPACER and last_size <= 3:
                        chain += 1
                    else:
                        chain = 1
                    if chain >= 3:
                        found[row] = True
                        break
                elif kind == _OTHER:
                    chain = 0
                last_kind, last_size = kind, size
                kind, size = now, 1
            at += width
    return found
