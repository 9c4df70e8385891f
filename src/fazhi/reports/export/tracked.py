"""The report as DOCX with tracked changes (修订) against an earlier version of its text (与上一版本比较).

The document is the report's DOCX as ``render_docx`` lays it out from the current text; each section whose
text differs from the earlier version (``fazhi.reports.versions.Baseline``) has its paragraphs replaced by the
earlier text with the changes as Word revisions: deleted text in ``w:del`` runs, inserted text in ``w:ins``
runs, a paragraph added or removed by its paragraph mark's revision. Accepting every revision in Word gives
the current text, rejecting every one the earlier text. Each revision carries the person who last changed
the section's text and when (Word shows one author a section). Revision tracking is left on, so changes
made in Word afterwards are tracked too.
"""

from __future__ import annotations

import copy
import io
import itertools

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from fazhi.reports.export.document import build_document
from fazhi.reports.export.ooxml import block_paragraphs, word_date
from fazhi.reports.textdiff import DELETE, EQUAL, INSERT, changed, normalise, segments
from fazhi.reports.versions import Baseline

__all__ = ["render_compare_docx"]

#: Revision ids start here, clear of the ids of the Word comments the export adds.
FIRST_REVISION_ID = 10_000
#: The elements of ``w:settings`` that come after ``w:trackRevisions`` (ECMA-376 CT_Settings, in order).
_AFTER_TRACK_REVISIONS = (
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
    "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit",
    "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr",
    "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def render_compare_docx(report, earlier: Baseline) -> bytes:
    """Return the report's DOCX with its changes since ``earlier`` as tracked changes."""
    from fazhi.reports.export.docx import render_docx

    doc = build_document(report, charts=False)
    document = Document(io.BytesIO(render_docx(doc)))
    pairs = block_paragraphs(document, doc)
    body = next((p for block, p in pairs if block.kind == "paragraph"), None)
    ids = itertools.count(FIRST_REVISION_ID)
    for section in report.sections.all():
        before = earlier.texts.get(section.pk, "")
        if body is None or not changed(before, section.text):
            continue
        author, when = earlier.changed_by.get(section.pk, ("", section.updated_at))
        mark = {"author": author or "fazhi", "date": word_date(when)}
        _replace(pairs, section, segments(normalise(before), normalise(section.text)), body, mark, ids)
    _track_revisions(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace(pairs, section, found, body, mark: dict, ids) -> None:
    """Put the section's tracked paragraphs where its paragraphs are (after its heading without any)."""
    own = [p for block, p in pairs if block.kind == "paragraph" and block.section is not None
           and block.section.pk == section.pk]
    heading = next((p for block, p in pairs if block.kind == "heading" and block.section is not None
                    and block.section.pk == section.pk), None)
    if not own and heading is None:
        return
    template = own[0] if own else body
    anchor = (own[-1] if own else heading)._p
    for runs, paragraph_mark in _paragraphs(found):
        p = _tracked_paragraph(template, runs, paragraph_mark, mark, ids)
        anchor.addnext(p)
        anchor = p
    for paragraph in own:
        paragraph._p.getparent().remove(paragraph._p)


def _paragraphs(found) -> list[tuple[list[tuple[str, str]], str]]:
    """Cut the segments into paragraphs: each ``(runs, mark)``, ``mark`` the revision of its paragraph mark."""
    paragraphs, runs = [], []
    for segment in found:
        lines = segment.text.split("\n")
        for index, line in enumerate(lines):
            if line:
                runs.append((segment.op, line))
            if index < len(lines) - 1:  # a line break: this paragraph ends, its mark kept, added or removed
                paragraphs.append((runs, segment.op))
                runs = []
    paragraphs.append((runs, EQUAL))
    return [(r, m) for r, m in paragraphs if r or m != EQUAL]


def _revision(tag: str, mark: dict, ids):
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), mark["author"])
    element.set(qn("w:date"), mark["date"])
    return element


def _tracked_paragraph(template, runs, paragraph_mark: str, mark: dict, ids):
    """Return a new ``w:p`` formatted as ``template``, its runs kept, inserted or deleted."""
    p = OxmlElement("w:p")
    ppr = template._p.pPr
    if ppr is not None:
        p.append(copy.deepcopy(ppr))
    if paragraph_mark != EQUAL:
        ppr = p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.insert(0, _revision("w:ins" if paragraph_mark == INSERT else "w:del", mark, ids))
    run_props = template.runs[0]._r.rPr if template.runs else None
    for op, text in runs:
        r = OxmlElement("w:r")
        if run_props is not None:
            r.append(copy.deepcopy(run_props))
        t = OxmlElement("w:delText" if op == DELETE else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        if op == EQUAL:
            p.append(r)
        else:
            wrapper = _revision("w:ins" if op == INSERT else "w:del", mark, ids)
            wrapper.append(r)
            p.append(wrapper)
    return p


def _track_revisions(document) -> None:
    """Turn on Track Changes in the file's settings (``w:trackRevisions``)."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is None:  # in its place in the schema's order: Word is strict
        settings.insert_element_before(OxmlElement("w:trackRevisions"), *_AFTER_TRACK_REVISIONS)
