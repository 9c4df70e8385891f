"""Earlier versions of a report's text, rebuilt from the audit trail, to compare the current text with.

Every change of a section's text is audited with the text before and after it: ``edit_section`` on the
section (``{"text": [before, after]}``), regenerating and updating figures on the report
(``{"section <id> text": [before, after]}``). The text as it stood at an earlier entry is therefore, for each
section, the "before" of its first change after that entry, or its current text when it has not changed
since. The points offered (``baselines``):

- ``generated``: the text as fazhi generated it (``ReportSection.generated_text``);
- ``comments``: as it stood when the draft was last sent out for comments (征求意见稿);
- ``review``: as it stood when the report was last sent to the leaders for review (送审稿);
- ``upload``: as it stood before the last accepted upload of a DOCX edited in Word (``WORD_UPLOAD``).

"The previous version" is the latest of these points, fazhi's draft when there is no other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.audit.display import actor_name
from fazhi.audit.models import AuditEntry
from fazhi.reports.models import Report, ReportSection

__all__ = ["LABELS", "WORD_UPLOAD", "Baseline", "baseline", "baselines", "previous"]

#: The key of the report's audit entry that marks an accepted upload of a DOCX edited in Word.
WORD_UPLOAD = "word_upload"
LABELS = {
    "generated": _("fazhi's draft"),
    "comments": _("as sent out for comments"),
    "review": _("as sent for review"),
    "upload": _("before the last Word upload"),
}
_REPORT_KEY = re.compile(r"^section (\d+) text$")


@dataclass
class Baseline:
    key: str  # one of LABELS
    label: str
    sequence: int  # the audit entry the version stood at (0 for fazhi's draft)
    texts: dict[int, str] = field(default_factory=dict)  # by section id
    #: Who last changed each section's text since, and when: the author and date of its tracked changes.
    changed_by: dict[int, tuple[str, dt.datetime]] = field(default_factory=dict)


def _points(report: Report) -> dict[str, int]:
    """Return the audit sequence of each point the report has passed, by key (the last time it passed it)."""
    points: dict[str, int] = {}
    for entry in AuditEntry.objects.for_object(report).only("sequence", "action", "changes"):
        changes = entry.changes or {}
        status = (changes.get("status") or [None, None])[-1] if entry.action == "transition" else None
        if status in (Report.Status.COMMENTS, Report.Status.REVIEW):
            points[status] = entry.sequence
        if WORD_UPLOAD in changes:
            points["upload"] = entry.sequence
    return points


def baselines(report: Report) -> list[Baseline]:
    """Return the points the report's text can be compared with, latest first, fazhi's draft last."""
    points = sorted(_points(report).items(), key=lambda item: -item[1])
    found = [Baseline(key, str(LABELS[key]), sequence) for key, sequence in points]
    return found + [Baseline("generated", str(LABELS["generated"]), 0)]


def previous(report: Report) -> Baseline:
    """Return the latest point: the previous version of the text."""
    return baselines(report)[0]


def _text_changes(entry: AuditEntry, section_type_id: int):
    """Yield ``(section id, before, after)`` for each section text the entry changed."""
    changes = entry.changes or {}
    if entry.content_type_id == section_type_id:
        if isinstance(changes.get("text"), list) and len(changes["text"]) == 2:
            yield int(entry.object_id), *changes["text"]
        return
    for key, value in changes.items():
        match = _REPORT_KEY.match(key)
        if match and isinstance(value, list) and len(value) == 2:
            yield int(match.group(1)), *value


def _changes_since(report: Report, sections: list[ReportSection], sequence: int):
    """Return the audit entries after ``sequence`` about the report or its sections, oldest first."""
    section_type = ContentType.objects.get_for_model(ReportSection)
    report_type = ContentType.objects.get_for_model(Report)
    about = Q(content_type=section_type, object_id__in=[str(s.pk) for s in sections]) | Q(
        content_type=report_type, object_id=str(report.pk))
    entries = AuditEntry.objects.filter(about, sequence__gt=sequence).select_related("actor").order_by("sequence")
    return entries, section_type.pk


def baseline(report: Report, key: str) -> Baseline | None:
    """Return the report's text at the point ``key`` with who changed each section since; None if not passed."""
    chosen = next((b for b in baselines(report) if b.key == key), None)
    if chosen is None:
        return None
    sections = list(report.sections.all())
    entries, section_type_id = _changes_since(report, sections, chosen.sequence)
    ids = {s.pk for s in sections}
    before: dict[int, str] = {}
    for entry in entries:
        for section_id, old, _new in _text_changes(entry, section_type_id):
            if section_id in ids:
                before.setdefault(section_id, old or "")
                chosen.changed_by[section_id] = (actor_name(entry), entry.timestamp)
    for section in sections:
        if key == "generated":
            chosen.texts[section.pk] = section.generated_text
        else:
            chosen.texts[section.pk] = before.get(section.pk, section.text)
        if section.pk not in chosen.changed_by:
            chosen.changed_by[section.pk] = (str(section.updated_by or ""), section.updated_at)
    return chosen
