"""A year of activity in the demo county: collection rounds with figures, and annual reports.

Everything is invented and deterministic (seeded by metric and agency codes), so two runs give the same
county. ``build_activity()`` is idempotent: what is in place is left alone.

- 2024 and 2025: finished rounds (every submission accepted), so reports state the change on last year;
- 2026: an open round due in January 2027, with submissions in every state (draft, submitted, returned);
- reports: 2024 county report published, 2025 department reports in several states, and the county
  government's 2025 report as a draft for the office director to take through the workflow.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.collection.models import Round, Submission, Value
from fazhi.metrics.catalog import load_catalog
from fazhi.metrics.models import Metric
from fazhi.org.models import Agency, Region, User

COUNTY_CODE = "990102"
OFFICE = "sfx-office"
#: The county government files the figures only the government holds (meetings, decisions, documents).
GOVERNMENT = "sfx-gov"
#: Only the county's reconsideration organ (司法局) handles 行政复议.
RECONSIDERATION_ORGAN = "sfx-sfj"
ENFORCEMENT_BODIES = {"sfx-scj", "sfx-zfj", "sfx-gaj", "sfx-zrj", "sfx-jtj", "sfx-nyj", "sfx-wjj", "sfx-yjj",
                      "sfx-rsj", "sfx-zjj", "sfx-jyj"}

ROUNDS = {
    2024: {"title": "2024年度法治政府建设工作数据报送", "due": date(2025, 1, 20), "status": Round.Status.CLOSED},
    2025: {"title": "2025年度法治政府建设工作数据报送", "due": date(2026, 1, 20), "status": Round.Status.CLOSED},
    2026: {"title": "2026年度法治政府建设工作数据报送", "due": date(2027, 1, 15), "status": Round.Status.OPEN},
}


def _rng(*parts) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def submitters(county: Region) -> list[Agency]:
    """The county government, its departments and its townships: who reports figures to the office."""
    return list(
        Agency.objects.filter(region__path__startswith=county.path, is_active=True)
        .filter(kind__in=[Agency.Kind.GOVERNMENT, Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP])
        .order_by("code")
    )


def metrics_for(agency: Agency, metrics: list[Metric]) -> list[Metric]:
    """Which metrics an agency fills: reconsideration only the 司法局; the rest by kind of body."""
    chosen = []
    for metric in metrics:
        if metric.is_derived:
            continue  # rates are computed from their parts, never typed
        if metric.code.startswith("reconsideration_") and agency.code != RECONSIDERATION_ORGAN:
            continue
        if metric.topic == "leadership" and agency.kind == Agency.Kind.DEPARTMENT and "meeting" in metric.code:
            continue
        chosen.append(metric)
    return chosen


#: Plausible county totals for a year, by metric code (anything else: by unit, see ``_typical``).
TYPICAL = {
    "reconsideration_received": 64, "reconsideration_decided": 58, "litigation_cases": 46,
    "normative_issued": 24, "normative_reviewed": 26, "decisions_made": 12, "enforcement_cases": 1850,
    "enforcement_files_reviewed": 320, "deputy_suggestions_handled": 126, "cppcc_proposals_handled": 94,
    "disclosure_requests": 58, "disputes_mediated": 1460, "legal_aid_cases": 310, "pufa_activities": 420,
    "pufa_audience": 86000, "leadership_study_sessions": 150, "leadership_meetings_on_law": 6, "leaders_shufa": 31,
}
#: Typical share of the denominator that the numerator reaches (corrected / decided…); default 0.96.
SHARE = {"reconsideration_correction_rate": 0.11, "litigation_loss_rate": 0.06}
_BY_UNIT = {"件": 40, "次": 30, "场": 30, "人次": 5000, "人": 200, "名": 200, "万元": 480, "个": 20, "项": 60,
            "卷": 150, "家": 30, "篇": 80, "条": 40, "期": 12}


def _typical(metric: Metric) -> float:
    return float(TYPICAL.get(metric.code, _BY_UNIT.get(metric.unit, 20)))


def invent(metric: Metric, agencies: list[Agency], year: int) -> dict[str, Decimal]:
    """Split a plausible county total of ``metric`` for ``year`` among ``agencies`` (stable from run to run)."""
    if not agencies:
        return {}
    if metric.unit == "%":
        return {a.code: Decimal(str(round(min(100.0, 90 + _rng(metric.code, a.code).random() * 10), 1)))
                for a in agencies}
    drift = 1 + (_rng(metric.code, year).random() - 0.4) * 0.3
    total = _typical(metric) * drift
    weights = {a.code: _weight(metric, a) * (0.3 + _rng(metric.code, a.code, year).random() * 1.4)
               for a in agencies}
    scale = total / sum(weights.values())
    if metric.unit == "万元":
        return {code: Decimal(str(round(w * scale, 2))) for code, w in weights.items()}
    return {code: Decimal(int(round(w * scale))) for code, w in weights.items()}


def _weight(metric: Metric, agency: Agency) -> float:
    if metric.topic == "enforcement":
        return 1.0 if agency.code in ENFORCEMENT_BODIES else 0.1
    if agency.code == GOVERNMENT and metric.topic in ("leadership", "decisions", "normative"):
        return 4.0
    if agency.kind == Agency.Kind.TOWNSHIP and metric.topic == "disputes":
        return 2.0
    return 1.0


def _numerators(figures: dict[str, dict[str, Decimal]], ratios: list[Metric], year: int) -> None:
    """Derive each numerator from its denominator, agency by agency, so that it never exceeds it."""
    for metric in ratios:
        num, den = metric.numerator.code, metric.denominator.code
        if num not in figures or den not in figures:
            continue
        share = SHARE.get(metric.code, 0.96)
        for code, denominator in figures[den].items():
            if code not in figures[num]:
                continue
            jitter = 1 + (_rng(metric.code, code, year).random() - 0.5) * 0.2
            figures[num][code] = min(denominator, Decimal(int(round(float(denominator) * share * jitter))))


def _build_round(year: int, county: Region, office: Agency, director: User) -> Round | None:
    spec = ROUNDS[year]
    if Round.objects.filter(agency=office, year=year).exists():
        return None
    metrics = list(Metric.objects.for_year(year).select_related("numerator", "denominator"))
    ratios = [m for m in metrics if m.is_derived]
    opened = timezone.make_aware(datetime.combine(spec["due"].replace(day=1) if spec["due"].month > 1
                                                  else date(year, 12, 10), time(9)))
    round_ = Round.objects.create(
        agency=office, region=county, year=year, title=spec["title"], due_date=spec["due"], status=spec["status"],
        opened_at=opened, created_by=director,
        closed_at=timezone.make_aware(datetime.combine(spec["due"], time(17))) if spec["status"] == "closed" else None,
    )
    round_.metrics.set(metrics)
    round_.next_deadline = round_.compute_next_deadline()
    round_.save(update_fields=["next_deadline"])
    agencies = submitters(county)
    assigned = {a.code: metrics_for(a, metrics) for a in agencies}
    figures = {
        m.code: invent(m, [a for a in agencies if m in assigned[a.code]], year) for m in metrics if not m.is_derived
    }
    _numerators(figures, ratios, year)
    values = []
    for index, agency in enumerate(agencies):
        mine = assigned[agency.code]
        state = _state_of(year, index)
        submission = Submission(
            agency=agency, round=round_, year=year, status=state, created_by=director,
            submitted_at=opened if state in ("submitted", "accepted") else None,
            accepted_at=opened if state == "accepted" else None,
            return_reason="“行政执法案件”数与执法平台统计不一致，请核实后重新报送。" if state == "returned" else "",
        )
        submission.next_deadline = submission.compute_next_deadline()
        submission.save()
        submission.metrics.set(mine + [m for m in ratios if m.numerator in mine and m.denominator in mine])
        if state == "draft" and index % 2:
            continue  # not started
        values.extend(Value(submission=submission, metric=m, value=figures[m.code][agency.code]) for m in mine)
    Value.objects.bulk_create(values, batch_size=2000)
    return round_


def _state_of(year: int, index: int) -> str:
    if year < 2026:
        return Submission.Status.ACCEPTED
    return [Submission.Status.DRAFT, Submission.Status.SUBMITTED, Submission.Status.ACCEPTED,
            Submission.Status.RETURNED, Submission.Status.DRAFT][index % 5]


@transaction.atomic
def build_activity() -> dict:
    """Create the demo county's rounds and reports when missing; return counts of what was created."""
    created_metrics, _updated = load_catalog()
    county = Region.objects.get(code=COUNTY_CODE)
    office = Agency.objects.get(code=OFFICE)
    director = User.objects.get(username="director")
    rounds = [r for r in (_build_round(year, county, office, director) for year in sorted(ROUNDS)) if r]
    reports = build_reports(director)
    return {"metrics": created_metrics, "rounds": len(rounds), "reports": reports}


def build_reports(director: User) -> int:
    """Annual reports in several states; filled in once the report composer is in place."""
    return 0
