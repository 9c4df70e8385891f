"""Find the paragraphs a rendered DOCX prints the outline's blocks in, and date Word's annotations.

The Word comments and the tracked changes are added after ``render_docx`` has laid the document out, so
they do not depend on how it does: each heading and paragraph block of the outline is looked for, in order,
among the document's paragraphs by its text (a blank line, a chart or a caption between them is passed
over).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from fazhi.reports.export.document import Block, ReportDocument

__all__ = ["block_paragraphs", "section_anchors", "title_paragraph", "word_date"]


def block_paragraphs(document, doc: ReportDocument) -> list[tuple[Block, object]]:
    """Return ``(block, paragraph)`` for each heading and paragraph block found in ``document``, in order."""
    paragraphs = document.paragraphs
    found = []
    at = 0
    for block in doc.blocks:
        if block.kind not in ("heading", "paragraph"):
            continue
        wanted = block.text.strip()
        for index in range(at, len(paragraphs)):
            if paragraphs[index].text.strip() == wanted:
                found.append((block, paragraphs[index]))
                at = index + 1
                break
    return found


def section_anchors(pairs: list[tuple[Block, object]]) -> dict[int, object]:
    """Return each section's first paragraph by section id: its heading, or its first paragraph without one."""
    anchors: dict[int, object] = {}
    for block, paragraph in pairs:
        if block.section is not None:
            anchors.setdefault(block.section.pk, paragraph)
    return anchors


def _unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def title_paragraph(document, doc: ReportDocument):
    """Return the paragraph that prints the report's title (its lines may be broken), or None."""
    wanted = _unspaced(doc.title)
    return next((p for p in document.paragraphs if _unspaced(p.text) == wanted), None)


def word_date(moment: dt.datetime) -> str:
    """Return ``moment`` as Word writes an annotation's ``w:date``: local wall time, no zone.

    Word and WPS show the stored time as it is; a UTC time would read eight hours early in Beijing.
    """
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")
