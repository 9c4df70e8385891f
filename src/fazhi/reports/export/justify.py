"""Chinese text justified in WeasyPrint: a line's extra width spread between its characters.

GB/T 9704-2012 §5.2.3 fills the 版心 with 28 characters a line (每行排28个字，并撑满版心), so the right edge of the
text is straight. CSS says so with ``text-align: justify; text-justify: inter-character``, but WeasyPrint (70)
knows no ``text-justify`` and justifies only at spaces, which Chinese text has none of: every line stopped
where its last character did, a ragged edge. ``install()`` replaces WeasyPrint's ``justify_line`` with one that,
on a line holding Chinese, adds the same letter-spacing between every two characters of the line (Pango draws
it, so the characters and the text that can be copied out of the PDF are unchanged); a line without Chinese
is justified at its spaces, as before. Only lines that ``text-align: justify`` asks to justify are touched.
"""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_installed = False


def install() -> None:
    """Make WeasyPrint justify Chinese lines between characters (once per process; idempotent).

    Written against WeasyPrint 70 (``constraints.txt``); a version without ``justify_line`` is left as it is,
    its Chinese lines ragged, and ``test_pdf_layout`` says so.
    """
    global _installed
    if _installed:
        return
    from weasyprint.layout import inline

    original = getattr(inline, "justify_line", None)
    if original is None:
        return

    def justify_line(context, line, extra_width):
        if extra_width > 0 and _has_chinese(line):
            gaps = _gaps(line)
            if gaps:
                _spread(context, line, extra_width / gaps, 0.0, [False])
                return
        original(context, line, extra_width)

    inline.justify_line = justify_line
    _installed = True


def _text_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _has_chinese(line) -> bool:
    return any(HAN.search(box.text) for box in _text_boxes(line))


def _gaps(line) -> int:
    """The places the extra width goes: between the characters of each text box and between the boxes."""
    texts = [box.text for box in _text_boxes(line) if box.text]
    return sum(len(text) - 1 for text in texts) + max(0, len(texts) - 1)


def _spread(context, box, spacing: float, x_advance: float, seen: list[bool]) -> float:
    """Add ``spacing`` between the characters of ``box`` and its descendants; return how far later boxes move.

    Mirrors WeasyPrint's ``add_word_spacing``: each text box is laid out again with its letter-spacing widened
    (on a copy of its style, which its other lines share), and moved along by what the boxes before it grew.
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout

    if isinstance(box, boxes.TextBox):
        if not box.text:
            box.position_x += x_advance
            return x_advance
        if seen[0]:
            x_advance += spacing  # the gap before this box's first character
        seen[0] = True
        box.position_x += x_advance
        style = box.style.copy()
        base = style["letter_spacing"]
        style["letter_spacing"] = (0 if base == "normal" else base) + spacing
        box.style = style
        layout = create_layout(box.text, style, context, max_width=None,
                               justification_spacing=box.justification_spacing)
        layout.deactivate()
        box.pango_layout = layout
        grown = spacing * (len(box.text) - 1)
        box.width += grown
        return x_advance + grown
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, spacing, x_advance, seen)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline box (an image) moves along
    return x_advance
