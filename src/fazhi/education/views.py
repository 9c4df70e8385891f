"""The officials' study record (学法用法情况): each official's course hours and exam scores in a year, per agency.

法治宣传教育法 (in force 2025-11-01; article UNCONFIRMED) puts how leading officials study and use law into their
annual performance report (年度述职); this page gives the study part from the ledger, for one agency the person may
see and one year, on the page or as a workbook (``&format=xlsx``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass
class Official:
    person: str
    unit: str
    hours: Decimal = Decimal(0)
    courses: int = 0
    scores: list = field(default_factory=list)

    @property
    def exams(self) -> str:
        return "；".join(f"{title} {score}" for title, score in self.scores)


def study_record(agency, year: int) -> list[Official]:
    """Each official of ``agency`` with the hours of the courses attended in ``year`` and the year's exam scores."""
    from fazhi.education.models import Attendance, Score

    found: dict[tuple[str, str], Official] = {}

    def official(person, unit) -> Official:
        return found.setdefault((person, unit), Official(person, unit))

    for row in Attendance.objects.filter(course__agency=agency, course__held_on__year=year,
                                         course__withdrawn_at__isnull=True).order_by("person", "pk"):
        entry = official(row.person, row.unit)
        entry.hours += row.hours
        entry.courses += 1
    for row in Score.objects.filter(exam__agency=agency, exam__held_on__year=year,
                                    exam__withdrawn_at__isnull=True).select_related("exam").order_by("exam__held_on"):
        official(row.person, row.unit).scores.append((row.exam.title, row.score))
    return sorted(found.values(), key=lambda o: (o.unit, o.person))


def view(request, pages):
    """The study record of one agency's year (``?agency=&year=``; the person's own agency and this year by default)."""
    from django.http import Http404
    from django.shortcuts import render
    from django.utils import timezone

    from fazhi.core import params
    from fazhi.org.scope import scope_for

    scope = scope_for(request.user)
    visible = scope.agencies().order_by("region__code", "name")
    code = params.text(request, "agency", 64)
    agency = (visible.filter(code=code).first() if code
              else scope.editable_agencies().order_by("region__code", "name").first() or visible.first())
    if agency is None:
        raise Http404
    today = timezone.localdate()
    year = params.year(request) or today.year
    officials = study_record(agency, year)
    if request.GET.get("format") == "xlsx":
        from fazhi.ledgers.excel import Sheet, export_response

        header = [_("Official"), _("Unit and post"), _("Courses attended"), _("Hours attended"), _("Exam scores")]
        rows = ([o.person, o.unit, o.courses, float(o.hours), o.exams] for o in officials)
        return export_response(request, ledger=pages.key, sheets=[Sheet(str(_("Study of law")), header, rows)],
                               filters={"agency": agency.code, "year": year}, name=f"{pages.key}-study-{year}")
    return render(request, "education/study_record.html", {
        "pages": pages, "agency": agency, "year": year, "officials": officials,
        "agencies": list(visible.values_list("code", "name")), "years": range(today.year, today.year - 8, -1),
    })
