"""Read a report's DOCX back after the offices revised it in Word or WPS: each section's text, by its heading.

The file is the DOCX fazhi exported (``fazhi.reports.export.docx``), edited. Its sections are found by their
headings (一、…五、 for the five contents, （一）… within part one), compared after the numeral is stripped and
with spaces and full/half-width punctuation evened out, so a renumbered heading or automatic numbering still
matches. A section's text is its paragraphs up to the next heading; what comes before the first heading (the
title, 主送机关, the preamble), the signature (issuer and date) at the end of the last section, and everything
from the annex ("附件") or the 版记 (抄送…, …印发) on are left out, and so are charts and their captions.

Nothing is changed here: ``read_docx`` returns what the file says (``Reading``); the page shows the
differences and ``fazhi.reports.word_revisions`` applies the ones accepted. A file that cannot be read raises
``UploadRefused`` with a message that says what to do; the upload limits are the project's
(``FAZHI_UPLOAD_MAX_MB`` and the zip limits of ``fazhi.core.uploads``).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph

from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded, check_zip
from fazhi.reports import compose
from fazhi.reports.models import Part, Report, ReportSection
from fazhi.reports.textdiff import normalise

__all__ = ["FileParagraph", "FoundSection", "Reading", "UploadRefused", "heading_key", "read_docx"]

#: Styles of a chart's caption: Word's own, which the export uses, and the export's earlier one.
CAPTION_STYLES = frozenset({"Caption", "Fazhi Caption"})
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc, or an .docx encrypted with a password
_ZIP_MAGIC = b"PK"
#: Run content that reads as text: w:t, and tabs and breaks; not deleted or moved-away text, not text boxes.
_RUN_TEXT = (".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
             "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]")
_NUMERAL = rf"(?:[{compose.CN_NUMERALS}]+[、.]|\([{compose.CN_NUMERALS}\d]+\))"
_HEADING_LIKE = re.compile(rf"^{_NUMERAL}(?P<rest>.{{1,40}})$")
_ANNEX = re.compile(rf"^附件[\d{compose.CN_NUMERALS}]*(?::|$)")
_COPY_TO = re.compile(r"^抄送:")
_CAPTION = re.compile(r"^图\d+\s")
_DATE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)$")
_NOTE = re.compile(r"^\((?:此件|联系人).*\)$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"'})


class UploadRefused(ValidationError):
    """An uploaded file fazhi cannot take; ``str(exc)`` tells the person why and what to do."""

    def __str__(self):
        return self.messages[0]


@dataclass(frozen=True)
class FileParagraph:
    text: str
    style: str = ""
    right: bool = False  # aligned right, as a signature is


@dataclass
class FoundSection:
    section: ReportSection
    heading: str  # as the file prints it
    text: str  # the section's paragraphs in the file, one a line


@dataclass
class Reading:
    name: str
    title: str  # the file's first line before its first heading, "" without one
    sections: list[FoundSection] = field(default_factory=list)
    missing: list[ReportSection] = field(default_factory=list)  # sections of the report the file lacks
    unknown: list[str] = field(default_factory=list)  # headings of the file no section of the report has
    warnings: list[str] = field(default_factory=list)  # e.g. the file's title is another report's
    data: bytes = field(default=b"", repr=False)  # the file as uploaded


# Normalising ------------------------------------------------------------------------------------------------


def _even(text: str) -> str:
    """Return ``text`` with full-width forms made half-width (NFKC), curly quotes straight, spaces gone."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").translate(_QUOTES))


def heading_key(text: str) -> str:
    """Return what headings are compared by: no numeral, no spaces, half-width punctuation, no end stop."""
    return compose.strip_numeral(_even(text)).rstrip(".:;,。").casefold()


# Opening the file --------------------------------------------------------------------------------------------


def _refuse(message: str, code: str, name: str) -> UploadRefused:
    return UploadRefused(message % {"name": name}, code=code)


def _file_bytes(uploaded) -> bytes:
    """Return the uploaded file's bytes, refused when there is none or it is past ``FAZHI_UPLOAD_MAX_MB``."""
    if uploaded is None:
        raise UploadRefused(_("Choose the edited Word file (.docx) to upload."), code="no_file")
    if uploaded.size is not None and uploaded.size > settings.FAZHI_UPLOAD_MAX_MB * uploads.MB:
        raise UploadRefused(_("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_UPLOAD_MAX_MB},
                            code="too_large")
    uploaded.seek(0)
    return uploaded.read()


def open_docx(data: bytes, name: str):
    """Return the python-docx ``Document`` of ``data``; UploadRefused for a file that is not a readable DOCX."""
    if data.startswith(_OLE2_MAGIC):
        raise _refuse(_("“%(name)s” is a Word 97–2003 document (.doc) or is protected by a password. Save it in "
                        "Word or WPS as a .docx file without a password and upload that."), "old_format", name)
    if not data.startswith(_ZIP_MAGIC):
        raise _refuse(_("“%(name)s” is not a Word document (.docx). Upload the report's DOCX as exported from "
                        "fazhi and edited in Word or WPS."), "not_docx", name)
    damaged = _("“%(name)s” cannot be read: the file is damaged. Open it in Word or WPS, save it again as .docx "
                "and upload it again.")
    try:
        check_zip(io.BytesIO(data), uploads.zip_limits())  # from the zip's directory: nothing unpacked yet
    except LimitExceeded as exc:
        raise UploadRefused(_("“%(name)s”: %(reason)s") % {"name": name, "reason": uploads.describe(exc)},
                            code="limit") from exc
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise _refuse(damaged, "damaged", name) from exc
    try:
        return Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise _refuse(_("“%(name)s” is not a Word document (.docx). Upload the report's DOCX as exported from "
                        "fazhi and edited in Word or WPS."), "not_docx", name) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError, RuntimeError) as exc:
        raise _refuse(damaged, "damaged", name) from exc


def _paragraph_text(p) -> str:
    parts = []
    for node in p.xpath(_RUN_TEXT):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if tag == "tab" else "\n")
    return "".join(parts)


def body_paragraphs(document) -> list[FileParagraph]:
    """Return the body's paragraphs in order (those in content controls too; not tables' cells)."""
    found = []
    for p in document.element.body.xpath("./w:p | ./w:sdt/w:sdtContent/w:p"):
        paragraph = Paragraph(p, document._body)
        try:
            style = paragraph.style.name if paragraph.style is not None else ""
        except (KeyError, ValueError):  # a style the file names but does not define
            style = ""
        right = paragraph.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        found.append(FileParagraph(_paragraph_text(p), style or "", right))
    return found


# Finding the sections -----------------------------------------------------------------------------------------


def _known_headings(report: Report) -> dict[str, list]:
    """Return the targets of each heading key: a section, or a part's number when the part has no own text."""
    sections = list(report.sections.all())
    known: dict[str, list] = {}
    for part in Part.values:
        in_part = [s for s in sections if s.part == part]
        lead = in_part[0] if in_part and not in_part[0].topic and in_part[0].order == 0 else None
        for text in (compose.part_heading(part, report.year), lead.title if lead else ""):
            if heading_key(text):
                known.setdefault(heading_key(text), []).append(lead if lead is not None else part)
        for section in in_part:
            if section is not lead and heading_key(section.title):
                known.setdefault(heading_key(section.title), []).append(section)
    return known


def _target_key(target) -> tuple:
    return ("section", target.pk) if isinstance(target, ReportSection) else ("part", target)


def _ends_body(text: str) -> bool:
    """True from the annex ("附件", "附件1：") or the 版记 ("抄送：…", "…印发") on."""
    even = _even(text)
    return bool(_ANNEX.match(even) or _COPY_TO.match(even) or (even.endswith("印发") and len(even) <= 60))


def _looks_like_heading(text: str) -> bool:
    """True for a short line numbered 一、 or （一） that no section of the report has."""
    match = _HEADING_LIKE.match(_even(text))
    return bool(match) and "。" not in match.group("rest").rstrip("。")


def _not_text(paragraph: FileParagraph) -> bool:
    """Empty lines, charts and their captions: printed with the text, never part of it."""
    text = paragraph.text.strip()
    return not text or paragraph.style in CAPTION_STYLES or bool(_CAPTION.match(unicodedata.normalize("NFKC", text)))


def _is_signature(paragraph: FileParagraph, report: Report) -> bool:
    even = _even(paragraph.text)
    names = {_even(report.issuer), _even(report.agency.name), *(_even(p) for p in report.issuer.split())}
    return paragraph.right or even in names or bool(_DATE.match(even) or _NOTE.match(even))


@dataclass
class _Chunk:
    heading: str
    target: object  # a ReportSection, a part's number, or None under a heading the report does not have
    lines: list[FileParagraph] = field(default_factory=list)


def _chunks(report: Report, paragraphs: list[FileParagraph]) -> tuple[list[str], list[_Chunk], list[str]]:
    """Return the lines before the first heading, the text cut at each heading, and the unknown headings."""
    known = _known_headings(report)
    taken: set[tuple] = set()
    front, chunks, unknown = [], [], []
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if _ends_body(text):
            break
        targets = [t for t in known.get(heading_key(text), []) if _target_key(t) not in taken]
        if text and targets:
            taken.add(_target_key(targets[0]))
            chunks.append(_Chunk(text, targets[0]))
        elif text and _looks_like_heading(text):
            unknown.append(text)
            chunks.append(_Chunk(text, None))
        elif chunks and not _not_text(paragraph):
            chunks[-1].lines.append(paragraph)
        elif not chunks and text:
            front.append(re.sub(r"\s*\n\s*", "", text))  # a title's lines are broken within its paragraph
    if chunks:
        while chunks[-1].lines and _is_signature(chunks[-1].lines[-1], report):
            chunks[-1].lines.pop()
    return front, chunks, unknown


def _expected_title(report: Report) -> str:
    return report.title or compose.report_title(report.issuer or report.agency.name, report.year)


def _title(report: Report, front: list[str]) -> str:
    """Return the file's title among the lines before its first heading (a 版头 or a draft's mark may be there):
    the report's own if it is there, else the first line that reads as a report's title, else the first line."""
    expected = heading_key(_expected_title(report))
    for line in front:
        if heading_key(line) == expected:
            return line
    return next((line for line in front if "报告" in line), front[0] if front else "")


def _title_warnings(report: Report, title: str) -> list[str]:
    """Warn when the file's title is not the report's: another body's or another year's report."""
    expected = _expected_title(report)
    if not title or heading_key(title) == heading_key(expected):
        return []
    years = [int(y) for y in re.findall(r"(\d{4})年", _even(title))]
    if years and report.year not in years:
        return [_("The file is about %(found)s, but this report is about %(year)s: it may be another year's "
                  "report. Check the changes before accepting any.") % {"found": years[0], "year": report.year}]
    return [_("The file's title is “%(found)s”, but this report's is “%(title)s”: it may be another report. "
              "Check the changes before accepting any.") % {"found": title, "title": expected}]


def sections_of(report: Report, paragraphs: list[FileParagraph], name: str) -> Reading:
    """Return each section's text in the file's paragraphs; UploadRefused when no heading is the report's."""
    front, chunks, unknown = _chunks(report, paragraphs)
    title = _title(report, front)
    reading = Reading(name=name, title=title, unknown=unknown, warnings=_title_warnings(report, title))
    found = {}
    for chunk in chunks:
        text = normalise("\n".join(p.text for p in chunk.lines))
        if isinstance(chunk.target, ReportSection):
            found[chunk.target.pk] = FoundSection(chunk.target, chunk.heading, text)
        elif text and chunk.target is not None:
            reading.warnings.append(_("The text under “%(heading)s” belongs to no section of this report and was "
                                      "not read.") % {"heading": chunk.heading})
    if not found:
        raise _refuse(_("No heading of this report was found in “%(name)s” (一、…五、 and （一）…, as fazhi "
                        "exports them). Upload this report's DOCX, edited without renaming its headings."),
                      "no_headings", name)
    for section in report.sections.all():
        if section.pk in found:
            reading.sections.append(found[section.pk])
        else:
            reading.missing.append(section)
    return reading


def read_docx(report: Report, uploaded) -> Reading:
    """Return the sections an uploaded DOCX gives ``report``; UploadRefused for a file that cannot be read."""
    name = (getattr(uploaded, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    data = _file_bytes(uploaded)
    document = open_docx(data, name)
    reading = sections_of(report, body_paragraphs(document), name)
    reading.data = data
    return reading
