"""The working-day calendar: what the clock counts as a working day, and entering next year's notice."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.core import params
from fazhi.deadlines import actions
from fazhi.deadlines.coverage import calendar_gap
from fazhi.deadlines.forms import NoticeForm, PeriodForm
from fazhi.deadlines.models import CalendarYear
from fazhi.deadlines.service import work_calendar
from fazhi.ledgers.forms import errors_into


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


def month_grids(plan) -> list[dict]:
    """The months a notice touches, as grids of weeks (Monday first): each day with what the notice makes it."""
    import calendar as cal

    changed = {change.date for change in plan.replaces}
    months = sorted({(day.year, day.month) for day in plan.days})
    grids = []
    for year, month in months:
        weeks = []
        for week in cal.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                kind, name = plan.days.get(day, ("", ""))
                cells.append({"day": day, "in_month": day.month == month, "kind": kind, "name": name,
                              "weekend": day.weekday() >= 5, "changed": day in changed})
            weeks.append(cells)
        grids.append({"year": year, "month": month, "weeks": weeks})
    return grids


@login_required
def calendar_page(request):
    today = timezone.localdate()
    calendar = work_calendar()
    covered = sorted(calendar.covered_years)
    year = params.year(request, default=today.year)
    form = plan = None
    if request.user.is_superuser:
        form = NoticeForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            options = {"text": data["text"], "year": data["year"], "source": data["source"]}
            if "save" in request.POST:
                try:
                    plan = actions.enter_notice(**options, published_on=data["published_on"],
                                                replace=data["replace"], by=request.user)
                except ValidationError as exc:
                    errors_into(form, exc)
                    plan = actions.plan_notice(**options)
                else:
                    messages.success(request, _("The holiday notice for %(year)d is in the calendar.")
                                     % {"year": plan.year} if plan.changes
                                     else _("The notice is in the calendar already; nothing changed."))
                    if plan.recomputed:
                        messages.info(request, ngettext(
                            "%(count)d deadline was computed again on the new days; the staff of its agency were "
                            "told.",
                            "%(count)d deadlines were computed again on the new days; the staff of their agencies "
                            "were told.", len(plan.recomputed)) % {"count": len(plan.recomputed)})
                    return redirect(f"{request.path}?year={plan.year}")
            else:
                plan = actions.plan_notice(**options)
                for error in plan.notice.errors:
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
        "preview": plan if plan is not None and not plan.notice.errors else None,
        "grids": month_grids(plan) if plan is not None and not plan.notice.errors else [],
        "status": 400 if form is not None and form.errors else 200,
    }
    return render(request, "deadlines/calendar.html", context, status=context["status"])


def _province(request) -> str | None:
    """The province whose periods the page shows: the person's current region's, or (administrator) the one
    asked for."""
    from fazhi.deadlines.service import province_of

    asked = params.text(request, "province", 6)
    if request.user.is_superuser and asked:
        return province_of(asked)
    membership = getattr(request, "membership", None)
    return province_of(membership.agency.region.code) if membership else None


@login_required
def periods_page(request):
    """The deadlines whose length the province sets (a normative document's filing period, …): the law's default,
    the province's lengths by the date they apply from, and, for its rule-of-law office, a form to set one."""
    from fazhi.clock._text import cite_zh, unit_zh
    from fazhi.clock.rules import RULES
    from fazhi.deadlines.models import ProvincialDeadline

    province = _province(request)
    local = sorted((rule for rule in RULES.values() if rule.length_is_local), key=lambda rule: rule.code)
    may_set = province is not None and actions.may_set_periods(request.user, province)
    form = PeriodForm(request.POST or None, rules=local) if may_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_provincial_period(province=province, by=request.user, **data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, _("The length is recorded; deadlines starting on or after %(date)s use "
                                            "it.") % {"date": data["valid_from"].isoformat()})
                return redirect(request.get_full_path())
    versions = ProvincialDeadline.objects.filter(province=province) if province else ProvincialDeadline.objects.none()
    rows = [{"rule": rule, "citation": cite_zh([rule.citation]), "default": unit_zh(rule.length, rule.unit),
             "versions": [(unit_zh(v.length, rule.unit), v) for v in versions if v.rule_code == rule.code]}
            for rule in local]
    return render(request, "deadlines/periods.html", {"province": province, "rows": rows, "form": form},
                  status=400 if form is not None and form.errors else 200)
