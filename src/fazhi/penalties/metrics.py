"""What the penalty-case ledger contributes to the metric catalog (``computed_by`` keys penalties.*).

A case counts for its agency, in the year it was decided (cases, decisions, penalties, amounts, reviews,
lenient outcomes), in the year a decision was published (publications) and a seizure recorded (coercive measures).
Withdrawn records never count. Each computation is one grouped query.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from fazhi.metrics import registry
from fazhi.penalties.models import Case, CaseRecord

OUT = Case.Outcome
_ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _grouped(qs, field: str = "agency_id") -> dict[int, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk", distinct=True)).order_by()}


def _cases(agency_ids):
    return Case.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True)


def _decided(agency_ids, year):
    return _cases(agency_ids).filter(decided_on__year=year)


def decided(agency_ids, year):
    """Penalty cases decided in ``year``, whatever the outcome and the procedure (so never fewer than the
    penalties)."""
    return _grouped(_decided(agency_ids, year))


def penalties(agency_ids, year):
    """Cases decided in ``year`` with a penalty."""
    return _grouped(_decided(agency_ids, year).filter(outcome=OUT.PENALTY))


def amount(agency_ids, year):
    """Fines and confiscations of the penalties decided in ``year``, in 万元 (the catalog's unit)."""
    rows = (_decided(agency_ids, year).filter(outcome=OUT.PENALTY).values("agency_id")
            .annotate(total=Sum(Coalesce("fine", _ZERO) + Coalesce("confiscation", _ZERO))).order_by())
    return {row["agency_id"]: (row["total"] or Decimal(0)) / Decimal(10000) for row in rows}


def coercive_measures(agency_ids, year):
    """Seizures and impoundments (查封、扣押) recorded in ``year``."""
    qs = CaseRecord.objects.filter(case__agency_id__in=agency_ids, case__withdrawn_at__isnull=True, on__year=year,
                                   action=CaseRecord.Action.SEIZURE)
    return _grouped(qs, "case__agency_id")


def published(agency_ids, year):
    """Decisions published in ``year`` (行政执法公示)."""
    return _grouped(_cases(agency_ids).filter(published_on__year=year))


def recorded(agency_ids, year):
    """Cases decided in ``year`` with their process recorded (at least one record: 全过程记录)."""
    records = CaseRecord.objects.filter(case=OuterRef("pk"))
    return _grouped(_decided(agency_ids, year).filter(Exists(records)))


def major(agency_ids, year):
    """Major cases (第58条) decided in ``year``."""
    return _grouped(_decided(agency_ids, year).exclude(major_categories=[]))


def reviewed(agency_ids, year):
    """Major cases decided in ``year`` after a passed legal review (法制审核)."""
    return _grouped(_decided(agency_ids, year).exclude(major_categories=[])
                    .filter(review_result=Case.ReviewResult.PASSED))


def lenient(agency_ids, year):
    """Cases decided in ``year`` not penalised under the lenient lists (首违不罚, 轻微不罚: 第33条)."""
    return _grouped(_decided(agency_ids, year).filter(outcome__in=Case.LENIENT_OUTCOMES))


def records_url(agency, year) -> str:
    return f"{reverse('penalties:case_list')}?agency={agency.code}&year={year}"


COMPUTATIONS = {
    "penalties.decided": decided,
    "penalties.penalties": penalties,
    "penalties.amount": amount,
    "penalties.coercive_measures": coercive_measures,
    "penalties.published": published,
    "penalties.recorded": recorded,
    "penalties.major": major,
    "penalties.reviewed": reviewed,
    "penalties.lenient": lenient,
}
#: The catalog metric each computation fills.
METRICS = {
    "enforcement_cases": "penalties.decided",
    "enforcement_penalty_cases": "penalties.penalties",
    "enforcement_penalty_amount": "penalties.amount",
    "enforcement_coercive_measures": "penalties.coercive_measures",
    "enforcement_publicity_items": "penalties.published",
    "enforcement_recorded_cases": "penalties.recorded",
    "enforcement_major_decisions": "penalties.major",
    "enforcement_legal_reviews": "penalties.reviewed",
    "enforcement_lenient_cases": "penalties.lenient",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
