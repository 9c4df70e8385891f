"""What the random-inspection ledger contributes to the metric catalog (``computed_by`` keys inspections.*).

An inspection counts for the agency that carried it out, in the year it was carried out, once its result is
recorded; a random one (from a draw) counts in both figures, so 双随机抽查 never exceeds 行政检查.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from fazhi.inspections.models import Inspection
from fazhi.metrics import registry


def _carried_out(agency_ids, year):
    return Inspection.objects.filter(agency_id__in=agency_ids, inspected_on__year=year, withdrawn_at__isnull=True,
                                     status__in=[Inspection.Status.RECORDED, Inspection.Status.PUBLISHED])


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def inspections(agency_ids, year):
    """Inspections carried out in ``year``, random or not (行政检查)."""
    return _grouped(_carried_out(agency_ids, year))


def random_inspections(agency_ids, year):
    """Random inspections (双随机、一公开) carried out in ``year``: those drawn."""
    return _grouped(_carried_out(agency_ids, year).filter(draw__isnull=False))


def records_url(agency, year) -> str:
    return f"{reverse('inspections:inspection_list')}?agency={agency.code}&year={year}"


def random_url(agency, year) -> str:
    return f"{records_url(agency, year)}&kind=random"


COMPUTATIONS = {
    "inspections.inspections": (inspections, records_url),
    "inspections.random": (random_inspections, random_url),
}


def register_all() -> None:
    for key, (func, url) in COMPUTATIONS.items():
        registry.register(key, func, records_url=url)
