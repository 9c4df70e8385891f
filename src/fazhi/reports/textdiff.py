"""Differences between two versions of a section's text, as runs of kept, inserted and deleted text.

Chinese puts no spaces between words, so the texts are compared sentence by sentence first (a sentence ends
after 。！？； or at a line's end), then character by character inside each stretch of changed sentences: a
reader sees the changed words marked within their sentence. A changed stretch longer than
``CHAR_DIFF_LIMIT`` is shown deleted and inserted whole (comparing characters costs the product of the two
lengths), and kept stretches of one or two characters between changes are folded into the change, so a
rewritten sentence does not read as confetti around a shared 的.

Used by the page that shows an uploaded DOCX's changes and by the DOCX with tracked changes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["DELETE", "EQUAL", "INSERT", "Segment", "changed", "normalise", "segments", "sentences"]

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
#: Changed stretches longer than this (characters, both versions together) are not compared by character.
CHAR_DIFF_LIMIT = 4000
#: Kept stretches this short between two changes are shown as part of the change.
FOLD_EQUAL = 2

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*\n?|\n|$)")


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, INSERT or DELETE
    text: str


def normalise(text: str) -> str:
    """Return a section's text as the DOCX prints it: one paragraph a line, blank lines and edge spaces gone."""
    return "\n".join(line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip())


def changed(before: str, after: str) -> bool:
    """True if the two texts print differently (blank lines and spaces at a line's ends do not count)."""
    return normalise(before) != normalise(after)


def sentences(text: str) -> list[str]:
    """Split ``text`` after each sentence's end and each line break, keeping every character."""
    return [piece for piece in _SENTENCE.findall(text) if piece]


def segments(before: str, after: str) -> list[Segment]:
    """Return ``after`` compared with ``before``: kept, deleted and inserted runs, in reading order."""
    old, new = sentences(before), sentences(after)
    found: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            found.append(Segment(EQUAL, removed))
        elif tag == "replace" and len(removed) + len(added) <= CHAR_DIFF_LIMIT:
            found += _characters(removed, added)
        else:
            found += [Segment(DELETE, removed), Segment(INSERT, added)]
    return _fold(_merged(found))


def _characters(removed: str, added: str) -> list[Segment]:
    found = []
    matcher = difflib.SequenceMatcher(None, removed, added, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found.append(Segment(EQUAL, removed[i1:i2]))
            continue
        found += [Segment(DELETE, removed[i1:i2]), Segment(INSERT, added[j1:j2])]
    return found


def _merged(found: list[Segment]) -> list[Segment]:
    """Drop empty runs and join neighbours of the same kind."""
    merged: list[Segment] = []
    for segment in found:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _fold(found: list[Segment]) -> list[Segment]:
    """Fold short kept runs between changes into them; each change reads deleted text first, then inserted."""
    out: list[Segment] = []
    removed = added = ""

    def flush():
        nonlocal removed, added
        out.extend(s for s in (Segment(DELETE, removed), Segment(INSERT, added)) if s.text)
        removed = added = ""

    for index, segment in enumerate(found):
        between = (removed or added) and index + 1 < len(found) and "\n" not in segment.text
        if segment.op == EQUAL and between and len(segment.text) <= FOLD_EQUAL:
            removed += segment.text
            added += segment.text
        elif segment.op == EQUAL:
            flush()
            out.append(segment)
        elif segment.op == DELETE:
            removed += segment.text
        else:
            added += segment.text
    flush()
    return out
