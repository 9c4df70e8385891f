"""What the inspections and rectification ledger contributes to the metric catalog (``computed_by`` keys
assessment.*).

An inspection counts for the office that organised it in the year it started; a finding, and its rectification, for
the agency responsible in the year the inspection fed it back (``Inspection.found_on``), so the rate never exceeds
100 %. Withdrawn (voided) items never count. Each computation is one grouped query.

Formulae (UNCONFIRMED: legal-rules §13 item 6 finds no official definition):

- inspections (``assessment.inspections``, 法治督察) = inspections started in the year;
- findings (``assessment.findings``, 督察发现问题) = problems fed back in the year;
- rectified (``assessment.rectified``, 问题整改完成) = those of them closed (销号) by the end of the year: a report
  states where rectification stood when the year ended;
- 整改完成率 (``assessment.rectification_rate``) = rectified ÷ findings, × 100, two decimals (the catalog recomputes
  it from its parts, summed up the region tree).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from fazhi.assessment.models import Inspection, Rectification
from fazhi.metrics import registry

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def _items(agency_ids, year):
    """The items of the findings fed back in ``year`` (the start of the inspection when no feedback is dated)."""
    return Rectification.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True).filter(
        Q(inspection__ended_on__year=year) | Q(inspection__ended_on__isnull=True, inspection__started_on__year=year))


def _closed_by(year: int) -> Q:
    return Q(status=Rectification.Status.CLOSED, closed_on__lte=dt.date(year, 12, 31))


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def inspections(agency_ids, year):
    """Inspections organised by the office that started in ``year`` (法治督察)."""
    return _grouped(Inspection.objects.filter(agency_id__in=agency_ids, started_on__year=year))


def findings(agency_ids, year):
    """Problems fed back to the agency in ``year`` (督察发现问题)."""
    return _grouped(_items(agency_ids, year))


def rectified(agency_ids, year):
    """Problems fed back in ``year`` whose rectification was closed (销号) by the year's end (问题整改完成)."""
    return _grouped(_items(agency_ids, year).filter(_closed_by(year)))


def rectification_rate(agency_ids, year):
    """整改完成率: problems rectified ÷ problems found in ``year``, × 100."""
    rows = _items(agency_ids, year).values("agency_id").annotate(
        part=Count("pk", filter=_closed_by(year)), whole=Count("pk")).order_by()
    return {row["agency_id"]: (Decimal(row["part"]) * _HUNDRED / Decimal(row["whole"])).quantize(
        _CENT, rounding=ROUND_HALF_UP) for row in rows if row["whole"]}


def records_url(agency, year) -> str:
    """The ledger's list of the agency's items assigned in the year."""
    try:
        return f"{reverse('assessment:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


COMPUTATIONS = {
    "assessment.inspections": inspections,
    "assessment.findings": findings,
    "assessment.rectified": rectified,
    "assessment.rectification_rate": rectification_rate,
}
#: The catalog metric each computation fills (its ``computed_by``). The rate stays a ratio of its parts in the
#: catalog, as the other ledgers' rates do. Not mapped: ``supervision_accountability`` (people held accountable) and
#: the judicial and procuratorial suggestions, which this ledger does not keep.
METRICS = {
    "supervision_inspections": "assessment.inspections",
    "supervision_findings": "assessment.findings",
    "supervision_rectified": "assessment.rectified",
    "supervision_rectification_rate": "assessment.rectification_rate",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
