"""Export an annual report as DOCX (公文 layout), PDF, HTML or JSON: ``export_report(report, fmt)``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = ["CONTENT_TYPES", "FORMATS", "ExportedFile", "export_report"]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    filename: str
    content_type: str


def filename_for(report, fmt: str) -> str:
    """Return the download name: the report's title (without characters file systems refuse) and suffix."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "", report.title) or f"{report.agency.code}-{report.year}"
    return f"{stem}.{fmt}"


def figure_links(report, base_url: str, public: bool, drill: bool = True):
    """Return the function giving each figure's absolute address in a copy, or None without a site address.

    A page that works for the copy's reader: the figure's public page (``public``), the drill-down for staff who
    may open it (``drill``), else the metric's page in the catalog.
    """
    if not base_url:
        return None
    from django.urls import reverse

    base = base_url.rstrip("/")
    if public:
        from fazhi.portal.views import public_figure_url

        return lambda code: public_figure_url(report, code, base)
    if not drill:
        return lambda code: base + reverse("metrics:metric_detail", args=[code])
    from fazhi.reports.compose import figure_url

    return lambda code: (base + url) if (url := figure_url(report, code)) else ""


def export_report(report, fmt: str, *, base_url: str = "", public: bool = False, drill: bool = True,
                  header: bool = False) -> ExportedFile:
    """Return the report printed in ``fmt`` (docx, pdf, html or json); ValueError for another format.

    ``base_url`` (the site's address): an HTML copy links each figure there, to the drill-down for staff or, for
    a ``public`` copy of a published report, to the figure's public page, for a reader who may not ``drill``
    down to the metric's page in the catalog; without it the copy has no links,
    which would lead nowhere once downloaded. ``header``: a DOCX with the 版头 of the copy filed with the
    addressees (发文机关标志, 发文字号, 签发人, GB/T 9704-2012 §7.2); the other formats have none.
    """
    if fmt not in CONTENT_TYPES:
        raise ValueError(
            _("Cannot export a report as “%(format)s”: choose one of %(formats)s.")
            % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    from fazhi.reports.export.document import build_document

    doc = build_document(report, charts=fmt in ("docx", "pdf", "html"))
    if fmt == "docx":
        from fazhi.reports.export.docx import render_docx

        content = render_docx(doc, header=header)
    elif fmt == "pdf":
        from fazhi.reports.export.pdf import render_pdf

        content = render_pdf(doc)
    elif fmt == "html":
        from fazhi.reports.export.html import render_report_html

        content = render_report_html(report, standalone=True, doc=doc, links=False,
                                     link=figure_links(report, base_url, public, drill)).encode("utf-8")
    else:
        from fazhi.reports.export.json import render_json

        content = render_json(doc)
    return ExportedFile(content=content, filename=filename_for(report, fmt), content_type=CONTENT_TYPES[fmt])
