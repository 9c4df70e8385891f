"""The legality review opinion letter (合法性审核意见书) of a normative document, as a DOCX to print and sign.

Laid out as a short 公文 (GB/T 9704-2012 page and fonts, as the annual report's DOCX): the title in 小标宋, its
number under it, the drafting agency addressed, the opinion in 仿宋, the conclusion, and the reviewing office with
the date and the signatory. The words are fazhi's own, the opinion the reviewer's.
"""

from __future__ import annotations

import io

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from fazhi.reports.export.docx import set_font

TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"


def reviewing_office(document):
    """The rule-of-law office of the document's region, which reviews it; None when the region has none."""
    from fazhi.org.models import Agency

    return Agency.objects.filter(region=document.agency.region, kind=Agency.Kind.RULE_OF_LAW_OFFICE,
                                 is_active=True).first()


def _line(docx, text: str, *, font: str = BODY_FONT, size: int = 16, align=None, indent: bool = True):
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(29)
    paragraph.paragraph_format.first_line_indent = Pt(size * 2) if indent else Pt(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    set_font(run._r, font)
    return paragraph


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def opinion_docx(document) -> bytes:
    """The opinion letter of ``document``'s last legality review (one with a number)."""
    docx = Docx()
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _line(docx, f"关于《{document.title}》的合法性审核意见书", font=TITLE_FONT, size=22, align=centre, indent=False)
    _line(docx, document.review_number, align=centre, indent=False)
    _line(docx, "", indent=False)
    _line(docx, f"{document.agency.name}：", indent=False)
    submitted = _day(document.review_submitted_on) if document.review_submitted_on else ""
    _line(docx, f"你单位{submitted}报送的《{document.title}》（送审稿）及有关材料收悉。经合法性审核，意见如下：")
    for text in (t.strip() for t in document.review_opinion.splitlines()):
        if text:
            _line(docx, text)
    _line(docx, "审核结论：通过，可以提交集体审议。" if document.review_passed
          else "审核结论：未通过，请按上述意见修改后重新报送审核。")
    _line(docx, "", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    office = reviewing_office(document)
    if office is not None:
        _line(docx, office.name, align=right, indent=False)
    _line(docx, _day(document.review_completed_on), align=right, indent=False)
    _line(docx, f"签发人：{document.review_signatory}", align=right, indent=False)
    core = docx.core_properties
    core.title, core.author = f"{document.title} 合法性审核意见书", office.name if office else ""
    core.comments, core.keywords = "", document.review_number
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
