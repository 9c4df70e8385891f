"""The working-day calendar: what the clock counts as a working day, and entering next year's notice."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import params
from fazhi.deadlines import actions
from fazhi.deadlines.coverage import calendar_gap
from fazhi.deadlines.forms import NoticeForm
from fazhi.deadlines.models import CalendarYear
from fazhi.deadlines.notice import parse_notice
from fazhi.deadlines.service import work_calendar


def arrangements(year: int) -> list[dict]:
    """Return a covered year's holidays as the notice gives them: name, days off, make-up working days."""
    calendar = work_calendar()
    rows: list[dict] = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        info = calendar.day(day)
        if info.kind in ("holiday", "makeup_workday"):
            name = info.name("zh") or _("day off")
            row = next((r for r in rows if r["name"] == name and (day - r["last"]).days <= 20), None)
            if row is None:
                row = {"name": name, "off": [], "work": [], "last": day}
                rows.append(row)
            (row["off"] if info.kind == "holiday" else row["work"]).append(day)
            row["last"] = day
        day += dt.timedelta(days=1)
    for row in rows:
        row["first_off"], row["last_off"] = (row["off"][0], row["off"][-1]) if row["off"] else (None, None)
    return sorted(rows, key=lambda row: row["first_off"] or row["last"])


@login_required
def calendar_page(request):
    today = timezone.localdate()
    calendar = work_calendar()
    covered = sorted(calendar.covered_years)
    year = params.year(request, default=today.year)
    form = preview = None
    if request.user.is_superuser:
        form = NoticeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if "save" in request.POST:
                try:
                    actions.enter_notice(year=data["year"], source=data["source"], text=data["text"],
                                         published_on=data["published_on"], by=request.user)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    messages.success(request, _("The holiday notice for %(year)d is in the calendar; deadlines "
                                                "reaching into it can now be computed.") % {"year": data["year"]})
                    return redirect(f"{request.path}?year={data['year']}")
            else:
                preview = parse_notice(data["text"], data["year"])
                for error in preview.errors:
                    form.add_error("text", error)
    entered = {entry.year: entry for entry in CalendarYear.objects.all()}
    context = {
        "gap": calendar_gap(today),
        "today": today,
        "year": year,
        "covered": covered,
        "shown": sorted({*covered[-4:], today.year + 1, year}),
        "is_covered": calendar.covers(year),
        "rows": arrangements(year) if calendar.covers(year) else [],
        "entry": entered.get(year),
        "form": form,
        "preview": preview if preview is not None and not preview.errors else None,
        "status": 400 if form is not None and form.errors else 200,
    }
    return render(request, "deadlines/calendar.html", context, status=context["status"])
