"""The departments' comments on the draft (``ReportComment``) as Word comments in the exported DOCX.

Offices revise the report in Word or WPS: each comment shows in the margin next to what it is about, the
heading of its section (a comment on the whole report: the title), with the commenting agency as its author
and the day it was made; the office's response, once given, is a second paragraph "答复：…". Written with
python-docx's own comments part (``Document.add_comment``, python-docx 1.2), which adds ``comments.xml``
and the ``w:commentRangeStart``/``w:commentRangeEnd``/``w:commentReference`` marks.

Only while the text may still change (``actions.EDITABLE``): the copy signed off, filed with the addressees or
published on the portal is the final document, and the departments' comments are internal deliberation.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from fazhi.reports.export.document import ReportDocument
from fazhi.reports.export.ooxml import block_paragraphs, section_anchors, title_paragraph, word_date

__all__ = ["RESPONSE_PREFIX", "add_comments"]

#: Starts the paragraph that gives the office's response to a comment.
RESPONSE_PREFIX = "答复："


def add_comments(document, doc: ReportDocument) -> int:
    """Add the report's comments to ``document`` (rendered from ``doc``) while its text may change; return how
    many were added.

    A comment whose section cannot be found in the document (or that names no section) goes on the title; a
    document without its title gets only the comments it can anchor.
    """
    from fazhi.reports.actions import EDITABLE

    if doc.report.status not in EDITABLE:
        return 0
    comments = list(doc.report.comments.select_related("agency").order_by("created_at", "pk"))
    if not comments:
        return 0
    anchors = section_anchors(block_paragraphs(document, doc))
    title = title_paragraph(document, doc)
    added = 0
    for comment in comments:
        paragraph = anchors.get(comment.section_id) or title
        if paragraph is None or not paragraph.runs:
            continue
        _add(document, paragraph, comment)
        added += 1
    return added


def _add(document, paragraph, comment) -> None:
    """Anchor one comment on the paragraph's runs, its response (if any) as a second paragraph."""
    word = document.add_comment(paragraph.runs, text=_lines(comment.text), author=comment.agency.name,
                                initials=comment.agency.brief)
    if comment.response.strip():
        response = comment.response.strip().splitlines()
        for line in [RESPONSE_PREFIX + response[0], *response[1:]]:
            word.add_paragraph(line.strip())
    word._comment_elm.set(qn("w:date"), word_date(comment.created_at))


def _lines(text: str) -> str:
    """The comment's text with one paragraph a line (python-docx makes each line a paragraph)."""
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
