"""State changes of the analyzer's pages: upload a batch of reports and analyse each file.

The reading itself is the plain library; these actions store what it returns. A file that cannot be read
gets its error and the batch goes on: nothing already stored is lost.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.analyzer.cli import check_counts, is_report_member, member_name
from fazhi.analyzer.core import analyze_text
from fazhi.analyzer.extract import ExtractError, extract_bytes
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.audit.actions import record_event

#: The most files one upload may hold (after opening zips): they are analysed while the person waits.
MAX_FILES = 100
#: A zip may unpack to at most this many times the upload limit (FAZHI_UPLOAD_MAX_MB) in all.
TOTAL_FACTOR = 10

#: The analyzer's error codes in the reader's language; the library's own English message is the fallback.
ERROR_MESSAGES = {
    "empty": gettext_lazy("The file is empty."),
    "binary": gettext_lazy("The file is binary, not text."),
    "unsupported": gettext_lazy("This type of file cannot be read: use .txt, .html, .docx or .pdf."),
    "bad_docx": gettext_lazy("This is not a readable .docx file."),
    "bad_pdf": gettext_lazy("This is not a readable PDF file."),
    "no_text": gettext_lazy("The PDF has no text layer (a scan?): run OCR on it first."),
    "unreadable": gettext_lazy("The file cannot be read."),
    "not_a_report": gettext_lazy(
        "The text does not read like an annual report on law-based government (too short, or no 法治/依法行政 content)."
    ),
    "internal": gettext_lazy("The analysis failed on this file; please report it to the administrator."),
    "too_large": gettext_lazy("The file is larger than the upload limit."),
    "bad_zip": gettext_lazy("The zip archive cannot be opened."),
}


def error_message(error: dict) -> str:
    """Return a stored error (``{"code", "message"}``) in the reader's language."""
    known = ERROR_MESSAGES.get(error.get("code") or "")
    return str(known) if known is not None else str(error.get("message") or error.get("code") or "")


@dataclass
class ReportFile:
    """One file to analyse: its name (``archive.zip!member`` for a file from a zip) and its bytes.

    ``error`` (a code of ``ERROR_MESSAGES``) is set instead of ``data`` when the file was refused before
    reading.
    """

    name: str
    data: bytes = b""
    error: str = ""


def _limit() -> int:
    return settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024


def expand_uploads(files) -> list[ReportFile]:
    """Return the files to analyse from uploaded files (Django ``UploadedFile``s): zips are opened."""
    out: list[ReportFile] = []
    limit = _limit()
    for uploaded in files:
        name = PurePosixPath((uploaded.name or "").replace("\\", "/")).name or "file"
        if uploaded.size is not None and uploaded.size > limit:
            out.append(ReportFile(name, error="too_large"))
            continue
        data = uploaded.read()
        if name.lower().endswith(".zip"):
            out.extend(_zip_members(name, data, limit))
        else:
            out.append(ReportFile(name, data))
    return out


def _zip_members(name: str, data: bytes, limit: int) -> list[ReportFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if is_report_member(info)]
    except (zipfile.BadZipFile, OSError, ValueError):
        return [ReportFile(name, error="bad_zip")]
    out = []
    total = 0
    with archive:
        for info in infos:
            shown = f"{name}!{member_name(info)}"
            total += info.file_size
            # Each member within the upload limit, and all of them within ten times it (no zip bombs).
            if info.file_size > limit or total > TOTAL_FACTOR * limit:
                out.append(ReportFile(shown, error="too_large"))
                continue
            try:
                out.append(ReportFile(shown, archive.read(info)))
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                out.append(ReportFile(shown, error="bad_zip"))  # encrypted or damaged member
            if len(out) > MAX_FILES:
                break
    return out


def create_batch(*, agency, name: str, files, by) -> Batch:
    """Store an uploaded batch of reports for ``agency`` and analyse each file; return the batch.

    ``files`` are Django uploaded files (zips are opened). Raises ValidationError (nothing stored) when
    the name is empty, no file was given or there are more than ``MAX_FILES`` reports.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the batch a name, e.g. 2025年度各县报告."), code="name")
    uploads = expand_uploads(files)
    if not uploads:
        raise ValidationError(
            _("Choose one or more report files (.txt, .html, .docx, .pdf) or a zip of them."), code="files"
        )
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("One upload may hold at most %(max)d reports; split the batch.") % {"max": MAX_FILES}, code="too_many"
        )
    with transaction.atomic():
        batch = Batch.objects.create(agency=agency, name=name[:120], created_by=by)
        reports = []
        for position, upload in enumerate(uploads):
            report = AnalyzedReport(
                batch=batch, position=position, source_name=upload.name[-255:],
                sha256=hashlib.sha256(upload.data).hexdigest(), size=len(upload.data),
            )
            if upload.data:
                report.file.save(upload.name, ContentFile(upload.data), save=False)
            report.save()
            reports.append((report, upload))
        record_event(action="create", target=batch, actor=by,
                     changes={"name": [None, batch.name], "files": [None, len(uploads)]})
    # Each file in its own transaction: a long batch never holds the database, a bad file stops nothing.
    for report, upload in reports:
        analyse_report(report, upload)
    return batch


def analyse_report(report: AnalyzedReport, upload: ReportFile) -> AnalyzedReport:
    """Analyse one stored file and save what was read, or the reason it could not be read."""
    if upload.error:
        result = {"source": report.source_name, "errors": [{"code": upload.error, "message": upload.error}]}
        text = ""
    else:
        try:
            extracted = extract_bytes(upload.data, upload.name.rsplit("!", 1)[-1])
        except ExtractError as exc:
            result, text = {"source": report.source_name, "errors": [{"code": exc.code, "message": exc.message}]}, ""
        except Exception as exc:  # noqa: BLE001 - a damaged file may break a parser in unforeseen ways
            result, text = {"source": report.source_name,
                            "errors": [{"code": "internal", "message": f"{type(exc).__name__}: {exc}"}]}, ""
        else:
            text = extracted.text
            try:
                result = analyze_text(text, report.source_name, format=extracted.format,
                                      encoding=extracted.encoding)
            except Exception as exc:  # noqa: BLE001 - one bad report must not stop a batch
                result = {"source": report.source_name,
                          "errors": [{"code": "internal", "message": f"{type(exc).__name__}: {exc}"}]}
    return _store(report, result, text)


def _store(report: AnalyzedReport, result: dict, text: str) -> AnalyzedReport:
    errors = result.get("errors") or []
    passed, failed = check_counts(result)
    year = result.get("year")
    report.result = result
    report.text = text.replace("\x00", "")  # PostgreSQL refuses NUL in text
    report.status = AnalyzedReport.Status.FAILED if errors else AnalyzedReport.Status.ANALYSED
    report.error = "; ".join(str(e.get("message") or e.get("code")) for e in errors)
    report.title = (result.get("title") or "")[:300]
    report.government = (result.get("government") or "")[:200]
    level = result.get("level") or ""
    report.level = level if level in AnalyzedReport.Level.values else ""
    report.year = year if isinstance(year, int) and 1949 < year < 2200 else None
    report.figures = len(result.get("indicators") or [])
    report.checks_passed, report.checks_failed = passed, failed
    report.analysed_at = timezone.now()
    report.save()
    return report
