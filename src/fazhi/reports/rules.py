"""Reporting deadlines of the annual report (厅字〔2019〕28号; legal-rules.md §1.2, §1.4, §1.7).

The dates are settings (month-day in the year after the reporting year), because parts of the rule are
UNCONFIRMED and provinces restate it: ``FAZHI_REPORT_FILING_DAY`` (3月1日), ``FAZHI_REPORT_DEMONSTRATION_DAY``
(end of January for 示范 places) and ``FAZHI_REPORT_PUBLICATION_DAY`` (before 4月1日).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SOURCE = "厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》"

#: Statuses before the report has gone to its addressees, and before it is public.
_BEFORE_FILING = ("draft", "comments", "review", "signed", "adopted")
_BEFORE_PUBLICATION = _BEFORE_FILING + ("submitted", "cleared")


@dataclass(frozen=True)
class ReportDeadline:
    kind: str  # "filing" or "publication"
    due: date
    label: str
    source: str


def _on(month_day: str, year: int) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


def filing_deadline(year: int, *, demonstration: bool = False) -> ReportDeadline:
    """Return the date by which the report on ``year`` is filed with its addressees."""
    if demonstration:
        return ReportDeadline("filing", _on(settings.FAZHI_REPORT_DEMONSTRATION_DAY, year + 1),
                              str(_("filing (demonstration area)")), f"{SOURCE}；本省《法治政府建设年度报告工作指引》")
    return ReportDeadline("filing", _on(settings.FAZHI_REPORT_FILING_DAY, year + 1), str(_("filing")),
                          f"{SOURCE}；本省《法治政府建设年度报告工作指引》")


def publication_deadline(year: int) -> ReportDeadline:
    """Return the last day by which the report on ``year`` is public (督察规定 第24条: before 4月1日)."""
    return ReportDeadline("publication", _on(settings.FAZHI_REPORT_PUBLICATION_DAY, year + 1),
                          str(_("publication")), f"{SOURCE} 第24条")


def open_deadlines(report) -> list[ReportDeadline]:
    """Return the deadlines the report has still to meet, soonest first."""
    found = []
    if report.status in _BEFORE_FILING:
        found.append(filing_deadline(report.year, demonstration=report.demonstration))
    if report.status in _BEFORE_PUBLICATION:
        found.append(publication_deadline(report.year))
    return sorted(found, key=lambda d: d.due)


def next_deadline(report) -> date | None:
    deadlines = open_deadlines(report)
    return deadlines[0].due if deadlines else None
