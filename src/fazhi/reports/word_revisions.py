"""An uploaded DOCX's changes, waiting for the office to accept them section by section.

``word_import.read_docx`` reads the file; what it found waits in the file storage under
``report-revisions/<token>.json``, next to the file itself (``<token>.docx``), until the person who uploaded
it accepts some of the changes (``accept``): each accepted section is changed through
``actions.edit_section``, so each change is in the audit trail, and a report entry ``word_upload`` (before
them) marks the point "before the last Word upload" that ``fazhi.reports.versions`` compares with. The file
is then kept as an attachment of the report. A section changed in fazhi since the file was read is not
overwritten: the person uploads the file again to see the changes against the new text.

The token is the person's and the report's alone (``load_pending``); uploads never accepted are deleted after
``MAX_AGE`` by ``clean_pending``, a tick job.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.actions import attach_file, record_event
from fazhi.audit.exceptions import AttachmentRefused
from fazhi.reports import actions
from fazhi.reports.models import Report, ReportSection
from fazhi.reports.textdiff import Segment, changed, normalise, segments
from fazhi.reports.versions import WORD_UPLOAD
from fazhi.reports.word_import import Reading

__all__ = [
    "MAX_AGE", "Accepted", "Change", "Pending", "accept", "changes", "clean_pending", "discard_pending",
    "load_pending", "save_pending",
]

log = logging.getLogger(__name__)

DIRECTORY = "report-revisions"
#: An upload not accepted within this time is deleted by ``clean_pending``.
MAX_AGE = timedelta(hours=24)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Pending:
    token: str
    report: int
    user: int
    name: str
    sha256: str
    title: str
    texts: dict[int, str]  # section id → its text in the file
    bases: dict[int, str]  # section id → its text in fazhi when the file was read
    headings: dict[int, str]  # section id → its heading as the file prints it
    missing: list[int] = field(default_factory=list)  # sections the file lacks
    unknown: list[str] = field(default_factory=list)  # headings of the file the report does not have
    warnings: list[str] = field(default_factory=list)


@dataclass
class Change:
    section: ReportSection
    heading: str
    before: str  # the section's text now
    after: str  # its text in the file
    segments: list[Segment]
    conflict: bool  # the section changed in fazhi since the file was read


@dataclass
class Accepted:
    accepted: list[ReportSection] = field(default_factory=list)
    unchanged: list[ReportSection] = field(default_factory=list)
    conflicts: list[ReportSection] = field(default_factory=list)


# Storage ------------------------------------------------------------------------------------------------------


def _path(token: str, suffix: str) -> str:
    return f"{DIRECTORY}/{token}.{suffix}"


def save_pending(report: Report, reading: Reading, data: bytes, *, by) -> str:
    """Store what was read from an uploaded DOCX (and the file) for its uploader; return the token."""
    token = uuid.uuid4().hex
    pending = Pending(
        token=token, report=report.pk, user=by.pk, name=reading.name, sha256=hashlib.sha256(data).hexdigest(),
        title=reading.title, texts={f.section.pk: f.text for f in reading.sections},
        bases={f.section.pk: f.section.text for f in reading.sections},
        headings={f.section.pk: f.heading for f in reading.sections},
        missing=[s.pk for s in reading.missing], unknown=reading.unknown, warnings=reading.warnings,
    )
    default_storage.save(_path(token, "docx"), ContentFile(data))
    default_storage.save(_path(token, "json"), ContentFile(json.dumps(asdict(pending), ensure_ascii=False).encode()))
    return token


def load_pending(report: Report, token: str, *, by) -> Pending | None:
    """Return the stored upload of ``token`` if it is ``by``'s for ``report``; None otherwise or when gone."""
    if not _TOKEN.match(token or "") or not default_storage.exists(_path(token, "json")):
        return None
    with default_storage.open(_path(token, "json"), "rb") as handle:
        data = json.loads(handle.read().decode())
    if data.get("report") != report.pk or data.get("user") != by.pk:
        return None
    for name in ("texts", "bases", "headings"):
        data[name] = {int(k): v for k, v in data[name].items()}
    return Pending(**data)


def _file(token: str) -> bytes | None:
    if not default_storage.exists(_path(token, "docx")):
        return None
    with default_storage.open(_path(token, "docx"), "rb") as handle:
        return handle.read()


def discard_pending(token: str) -> None:
    """Delete a stored upload (accepted, or given up)."""
    if _TOKEN.match(token or ""):
        for suffix in ("json", "docx"):
            default_storage.delete(_path(token, suffix))


def clean_pending(today: date | None = None, dry_run: bool = False) -> int:
    """Delete the uploads not accepted within ``MAX_AGE``; return how many files (would be) deleted.

    A tick job (``job(today, dry_run)``); the age is measured from now, the files carry real times.
    """
    cutoff = timezone.now() - MAX_AGE
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except (FileNotFoundError, NotImplementedError):
        return 0
    stale = []
    for name in files:
        try:
            if default_storage.get_modified_time(f"{DIRECTORY}/{name}") < cutoff:
                stale.append(f"{DIRECTORY}/{name}")
        except (FileNotFoundError, NotImplementedError):
            continue
    for path in stale:
        if not dry_run:
            default_storage.delete(path)
        log.info("%s the stale Word upload %s", "Would delete" if dry_run else "Deleted", path)
    return len(stale)


# The changes --------------------------------------------------------------------------------------------------


def changes(report: Report, pending: Pending) -> tuple[list[Change], list[ReportSection]]:
    """Return the sections the file changes, against their text now, and the sections it leaves as they are."""
    found, same = [], []
    for section in report.sections.all():
        if section.pk not in pending.texts:
            continue
        after = pending.texts[section.pk]
        if not changed(section.text, after):
            same.append(section)
            continue
        before = normalise(section.text)
        found.append(Change(section, pending.headings.get(section.pk, section.title), before, after,
                            segments(before, after), changed(pending.bases[section.pk], section.text)))
    return found, same


@transaction.atomic
def accept(report: Report, pending: Pending, section_ids, *, by) -> Accepted:
    """Apply the file's text to the chosen sections (``edit_section``, audited); keep the file as an attachment.

    Sections changed in fazhi since the file was read are left (``conflicts``), and so are those whose text is
    already the file's (``unchanged``). Refused (nothing changes) when the text may not change now or a chosen
    section is not among the file's.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    actions._require_editable_text(report, by)
    chosen = {int(pk) for pk in section_ids}
    outside = chosen - set(pending.texts)
    if outside:
        raise ValidationError(_("These sections are not in the uploaded file: %(ids)s.")
                              % {"ids": "、".join(str(pk) for pk in sorted(outside))}, code="bad_section")
    result = Accepted()
    for section in report.sections.filter(pk__in=chosen):
        if changed(pending.bases[section.pk], section.text):
            result.conflicts.append(section)
        elif not changed(section.text, pending.texts[section.pk]):
            result.unchanged.append(section)
        else:
            result.accepted.append(section)
    if not result.accepted:
        return result
    record_event(action="change", target=report, actor=by, changes={WORD_UPLOAD: [None, {
        "name": pending.name, "sha256": pending.sha256, "sections": [s.pk for s in result.accepted]}]})
    for section in result.accepted:
        actions.edit_section(section, pending.texts[section.pk], by)
    _keep_file(report, pending, result, by)
    return result


def _keep_file(report: Report, pending: Pending, result: Accepted, by) -> None:
    """Attach the uploaded file to the report; a file the attachments refuse is only logged (the text is in)."""
    data = _file(pending.token)
    if data is None:
        return
    description = _("Revised in Word; changes accepted in: %(sections)s") % {
        "sections": "；".join(s.title for s in result.accepted)}
    try:
        with transaction.atomic():
            attach_file(report, ContentFile(data, name=pending.name or "report.docx"), by=by,
                        description=description)
    except AttachmentRefused as exc:
        log.warning("The uploaded Word file of report %s was not kept: %s", report.pk, exc)
