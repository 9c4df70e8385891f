"""State changes of the analyzer's pages: upload a batch of reports, then analyse its files in the background.

The upload only stores the files (``create_batch``) and returns; ``process_batch`` reads them one by one,
saving each report as it goes, started in a thread of the web process once the upload is committed and
picked up again by the tick job (``process_waiting``, run by ``fazhi worker``) when that thread is gone.
Two runs of one batch share its work: each report is claimed by a conditional UPDATE before it is read, so
it is read once (PostgreSQL and SQLite alike). A file that cannot be read gets its error and the batch goes
on: nothing already stored is lost.

The reading itself is the plain library; these actions store what it returns.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.analyzer.cli import check_counts, is_report_member, member_name
from fazhi.analyzer.core import analyze_text
from fazhi.analyzer.extract import ExtractError, ExtractLimits, extract_bytes
from fazhi.analyzer.live_catalog import catalog_mappers
from fazhi.analyzer.metrics import CatalogMappers
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.audit.actions import record_event
from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded, check_zip

log = logging.getLogger(__name__)

#: The most files one upload may hold (after opening zips); they are analysed after the upload returns.
MAX_FILES = 1000
#: A run that has not taken a report for this long is taken over (by the tick job, or by any other run).
STALE_AFTER = timedelta(minutes=10)
#: How the analysis of a committed upload starts: ``"thread"`` (a daemon thread of the web process),
#: ``"inline"`` (at once, in the request: the tests) or ``"off"`` (left to the tick job of ``fazhi worker``).
#: A module flag, not a setting: only tests change it.
START = "thread"

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


def limit_error(exc: LimitExceeded) -> dict:
    """Return a stored error for a file past an upload limit; ``error_message`` words it in any language."""
    return {
        "code": "limit", "message": str(exc),
        "limit": {"what": exc.what, "value": exc.value, "limit": exc.limit, "where": exc.where,
                  "sheet": exc.sheet, "at_least": exc.at_least},
    }


def error_message(error: dict) -> str:
    """Return a stored error (``{"code", "message"}``) in the reader's language."""
    if error.get("code") == "limit" and isinstance(error.get("limit"), dict):
        data = error["limit"]
        exc = LimitExceeded(data.get("what", ""), data.get("value", 0), data.get("limit", 0),
                            where=data.get("where", ""), sheet=data.get("sheet", ""),
                            at_least=bool(data.get("at_least")))
        return uploads.describe(exc)
    known = ERROR_MESSAGES.get(error.get("code") or "")
    return str(known) if known is not None else str(error.get("message") or error.get("code") or "")


@dataclass
class ReportFile:
    """One file to store: its name (``archive.zip!member`` for a file from a zip) and how to read its bytes.

    ``error`` (a code of ``ERROR_MESSAGES``) is set instead of ``read`` when the file was refused before
    reading; ``limit`` says which upload limit a zip passed.
    """

    name: str
    read: Callable[[], bytes] | None = None
    error: str = ""
    limit: LimitExceeded | None = None


def _limit() -> int:
    return settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024


def expand_uploads(files) -> list[ReportFile]:
    """Return the files to store from uploaded files (Django ``UploadedFile``s), zips opened; nothing is read yet.

    Raises ValidationError for a zip that cannot be opened or holds no report file: the person chose the
    wrong file, and nothing of the upload is kept.
    """
    out: list[ReportFile] = []
    limit = _limit()
    for uploaded in files:
        name = PurePosixPath((uploaded.name or "").replace("\\", "/")).name or "file"
        if uploaded.size is not None and uploaded.size > limit:
            out.append(ReportFile(name, error="too_large"))
        elif name.lower().endswith(".zip"):
            out.extend(_zip_members(name, uploaded, limit))
        else:
            out.append(ReportFile(name, uploaded.read))
    return out


def _zip_members(name: str, uploaded, limit: int) -> list[ReportFile]:
    """Return the report files of an uploaded zip, its directory checked against the upload limits first.

    A zip past a limit (members, unpacked size, ratio) is one failed file naming the limit; the batch goes on.
    """
    try:
        uploaded.seek(0)
        check_zip(uploaded, uploads.zip_limits())  # from the directory alone: nothing is extracted yet
        uploaded.seek(0)
        archive = zipfile.ZipFile(uploaded)
        infos = [info for info in archive.infolist() if is_report_member(info)]
    except LimitExceeded as exc:
        return [ReportFile(name, error="limit", limit=exc)]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("The zip archive “%(name)s” cannot be opened: it is damaged or not a zip file.")
            % {"name": name},
            code="bad_zip",
        ) from exc
    if not infos:
        raise ValidationError(
            _("The zip archive “%(name)s” holds no report file (.txt, .html, .docx, .pdf).") % {"name": name},
            code="empty_zip",
        )
    out = []
    for info in infos[: MAX_FILES + 1]:  # one more than allowed is enough to refuse the upload
        shown = f"{name}!{member_name(info)}"
        if info.file_size > limit:  # each report within the upload limit; all of them within check_zip's
            out.append(ReportFile(shown, error="too_large"))
        else:
            out.append(ReportFile(shown, partial(archive.read, info)))
    return out


def _read(upload: ReportFile) -> tuple[bytes, str]:
    """Return the bytes of a file to store, or the code of why it could not be read."""
    if upload.error or upload.read is None:
        return b"", upload.error or "unreadable"
    try:
        return upload.read(), ""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return b"", "bad_zip"  # an encrypted or damaged member of a zip


def create_batch(*, agency, name: str, files, by) -> Batch:
    """Store an uploaded batch of reports for ``agency``, queued for analysis; return the batch at once.

    ``files`` are Django uploaded files (zips are opened). The analysis starts when the upload is
    committed (see ``START``). Raises ValidationError (nothing stored) when the name is empty, no file was
    given, a zip cannot be opened or there are more than ``MAX_FILES`` reports.
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
            _("One upload may hold at most %(max)d reports; split the batch.") % {"max": MAX_FILES},
            code="too_many",
        )
    with transaction.atomic():
        batch = Batch.objects.create(agency=agency, name=name[:120], created_by=by)
        for position, upload in enumerate(uploads):
            data, error = _read(upload)  # one file in memory at a time
            report = AnalyzedReport(
                batch=batch,
                position=position,
                source_name=upload.name[-255:],
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
            )
            if data:
                report.file.save(upload.name, ContentFile(data), save=False)
            if error:  # refused before reading: failed at once, with its reason
                stored_error = limit_error(upload.limit) if upload.limit else {"code": error, "message": error}
                _fill(report, {"source": report.source_name, "errors": [stored_error]}, "")
            report.save()
        record_event(
            action="create",
            target=batch,
            actor=by,
            changes={"name": [None, batch.name], "files": [None, len(uploads)]},
        )
        transaction.on_commit(partial(start_processing, batch.pk))
    return batch


def start_processing(batch_id: int) -> None:
    """Start analysing a committed batch as ``START`` says: in a daemon thread, at once, or not at all."""
    if START == "inline":
        batch = Batch.objects.filter(pk=batch_id).first()
        if batch is not None:
            process_batch(batch)
    elif START == "thread":
        threading.Thread(
            target=_process_in_thread, args=(batch_id,), name=f"analyzer-batch-{batch_id}", daemon=True
        ).start()


def _process_in_thread(batch_id: int) -> None:
    try:
        batch = Batch.objects.filter(pk=batch_id).first()
        if batch is not None:
            process_batch(batch)
    except Exception:  # the tick job takes the batch over once the run is stale
        log.exception("Analysing batch %s stopped; the next tick takes it over.", batch_id)
    finally:
        connections.close_all()  # this thread's connections, which no request cycle closes


def process_batch(batch: Batch) -> int:
    """Analyse the batch's pending reports one by one, saving each; mark the batch done when none is left.

    Return how many reports this run analysed. Idempotent, and safe when several runs work on one batch:
    each report is claimed before it is read, and a claim older than ``STALE_AFTER`` (a run that died) is
    taken over. The figures are mapped with the live catalog (``live_catalog``), read once per run.
    """
    mappers = None
    analysed = 0
    while (report := _claim_next(batch)) is not None:
        if mappers is None:
            mappers = catalog_mappers()
        analyse_report(report, mappers=mappers)
        analysed += 1
    _finish_if_complete(batch)
    batch.refresh_from_db(fields=["status", "claimed_at", "finished_at"])
    return analysed


def _claim_next(batch: Batch) -> AnalyzedReport | None:
    """Take the next pending report nobody works on (by a conditional UPDATE) and return it, or None."""
    while True:
        now = timezone.now()
        free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_AFTER)
        pending = AnalyzedReport.objects.filter(batch_id=batch.pk, status=AnalyzedReport.Status.PENDING)
        candidates = list(pending.filter(free).order_by("position", "pk").values_list("pk", flat=True)[:20])
        if not candidates:
            return None
        for pk in candidates:
            # Only one run's UPDATE finds the row still free: on PostgreSQL the row lock makes the second
            # re-read it, on SQLite writes are serialised.
            if pending.filter(free, pk=pk).update(claimed_at=now):
                Batch.objects.filter(pk=batch.pk).exclude(status=Batch.Status.DONE).update(
                    status=Batch.Status.RUNNING, claimed_at=now
                )
                return AnalyzedReport.objects.get(pk=pk)


def _finish_if_complete(batch: Batch) -> bool:
    """Mark the batch done when no report is pending; return True when this call did it."""
    if AnalyzedReport.objects.filter(batch_id=batch.pk, status=AnalyzedReport.Status.PENDING).exists():
        return False
    before = Batch.objects.filter(pk=batch.pk).values_list("status", flat=True).first()
    finished = (
        Batch.objects.filter(pk=batch.pk)
        .exclude(status=Batch.Status.DONE)
        .update(status=Batch.Status.DONE, finished_at=timezone.now())
    )
    if finished:
        record_event(action="transition", target=batch, changes={"status": [before, Batch.Status.DONE]})
    return bool(finished)


def process_waiting(today=None, dry_run: bool = False) -> int:
    """Analyse the batches no run is working on: queued ones, and running ones silent for ``STALE_AFTER``.

    The tick job of ``fazhi worker``: it finishes what a restarted web process dropped. Returns how many
    reports it analysed (with ``dry_run``, how many are waiting, and nothing is done).
    """
    stale = timezone.now() - STALE_AFTER
    waiting = Batch.objects.filter(
        Q(status=Batch.Status.QUEUED)
        | (Q(status=Batch.Status.RUNNING) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)))
    ).order_by("created_at", "pk")
    if dry_run:
        return AnalyzedReport.objects.filter(batch__in=waiting, status=AnalyzedReport.Status.PENDING).count()
    return sum(process_batch(batch) for batch in waiting)


def resume_if_stalled(batch: Batch) -> bool:
    """Start a run for a batch nobody is working on (queued for a minute, or running but silent).

    The batch page asks while someone watches it, so that a server restarted mid-batch, without
    ``fazhi worker`` running, still finishes the batch. Returns whether a run was started.
    """
    now = timezone.now()
    stalled = (batch.status == Batch.Status.QUEUED and batch.created_at < now - timedelta(minutes=1)) or (
        batch.status == Batch.Status.RUNNING and (batch.claimed_at is None or batch.claimed_at < now - STALE_AFTER)
    )
    if stalled:
        start_processing(batch.pk)
    return stalled


def progress(batch: Batch) -> dict:
    """Return the batch's progress: ``total`` reports, ``processed`` (read or failed), ``failed``, ``percent``."""
    counts = AnalyzedReport.objects.filter(batch_id=batch.pk).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=AnalyzedReport.Status.PENDING)),
        failed=Count("pk", filter=Q(status=AnalyzedReport.Status.FAILED)),
    )
    total = counts["total"]
    processed = total - counts["pending"]
    return {
        "total": total,
        "processed": processed,
        "failed": counts["failed"],
        "percent": round(100 * processed / total) if total else 100,
    }


def analyse_report(report: AnalyzedReport, *, mappers: CatalogMappers | None = None) -> AnalyzedReport:
    """Analyse one stored file and save what was read, or the reason it could not be read.

    Figures are mapped by ``mappers`` (the live catalog, the metrics in force for the report's year), or by
    the shipped catalog without it. The result is saved only while the report is still pending, so a
    report two runs read is saved once.
    """
    name = report.source_name.rsplit("!", 1)[-1]
    try:
        data = _stored_bytes(report)
        limits = ExtractLimits(zip=uploads.zip_limits(), max_pdf_pages=settings.FAZHI_ANALYZER_MAX_PDF_PAGES,
                               budget=uploads.analyzer_budget())
        extracted = extract_bytes(data, name, limits=limits)
    except LimitExceeded as exc:
        result, text = {"source": report.source_name, "errors": [limit_error(exc)]}, ""
    except ExtractError as exc:
        result, text = (
            {"source": report.source_name, "errors": [{"code": exc.code, "message": exc.message}]},
            "",
        )
    except Exception as exc:  # noqa: BLE001 - a damaged file may break a parser in unforeseen ways
        result, text = (
            {
                "source": report.source_name,
                "errors": [{"code": "internal", "message": f"{type(exc).__name__}: {exc}"}],
            },
            "",
        )
    else:
        text = extracted.text
        try:
            result = analyze_text(
                text,
                report.source_name,
                format=extracted.format,
                encoding=extracted.encoding,
                mappers=mappers,
            )
        except Exception as exc:  # noqa: BLE001 - one bad report must not stop a batch
            result = {
                "source": report.source_name,
                "errors": [{"code": "internal", "message": f"{type(exc).__name__}: {exc}"}],
            }
    fields = _fill(report, result, text)
    if AnalyzedReport.objects.filter(pk=report.pk, status=AnalyzedReport.Status.PENDING).update(**fields):
        from fazhi.supervision.actions import attach_analyzed

        attach_analyzed(report)  # the register body the report names, when exactly one does
    return report


def _stored_bytes(report: AnalyzedReport) -> bytes:
    if not report.file:
        return b""  # an empty upload is stored without a file
    with report.file.open("rb") as handle:
        return handle.read()


def _fill(report: AnalyzedReport, result: dict, text: str) -> dict:
    """Set what the analysis found on ``report`` and return those fields by name."""
    errors = result.get("errors") or []
    passed, failed = check_counts(result)
    year = result.get("year")
    level = result.get("level") or ""
    fields = {
        "result": result,
        "text": text.replace("\x00", ""),  # PostgreSQL refuses NUL in text
        "status": AnalyzedReport.Status.FAILED if errors else AnalyzedReport.Status.ANALYSED,
        "error": "; ".join(str(e.get("message") or e.get("code")) for e in errors),
        "title": (result.get("title") or "")[:300],
        "government": (result.get("government") or "")[:200],
        "region_code": str(result.get("region_code") or "")[:12],
        "level": level if level in AnalyzedReport.Level.values else "",
        "year": year if isinstance(year, int) and 1949 < year < 2200 else None,
        "figures": len(result.get("indicators") or []),
        "checks_passed": passed,
        "checks_failed": failed,
        "analysed_at": timezone.now(),
    }
    for field, value in fields.items():
        setattr(report, field, value)
    return fields
