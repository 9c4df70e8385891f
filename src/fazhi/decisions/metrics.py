"""What the decisions ledger contributes to the metric catalog (``computed_by: decisions.*``).

Every figure is counted for the lead unit (决策承办单位, the record's ``agency``) in the year it happened, with
one grouped query; the collection round rolls the lead units' figures up the region tree.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F
from django.urls import reverse

from fazhi.decisions import rules
from fazhi.decisions.models import CatalogItem, Decision, Evaluation, Step
from fazhi.metrics import registry


def _grouped(queryset, field: str) -> dict[int, int]:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by()}


def made(agency_ids, year):
    """Decisions taken in the year."""
    return _grouped(Decision.objects.filter(agency_id__in=agency_ids, decided_on__year=year,
                                            withdrawn_at__isnull=True), "agency_id")


def _in_catalog(agency_ids, year):
    """Matters in the year's published catalogues (added during the year included, removed ones not)."""
    return CatalogItem.objects.filter(
        agency_id__in=agency_ids, catalog__year=year, catalog__status="published", status__in=rules.ITEM_IN_CATALOG,
        withdrawn_at__isnull=True)


def catalog_items(agency_ids, year):
    """Matters in the year's published catalogues (列入目录事项)."""
    return _grouped(_in_catalog(agency_ids, year), "agency_id")


def completed(agency_ids, year):
    """Matters of the year's published catalogues decided by their planned completion date (按期完成): a part of
    ``catalog_items``, never more (a matter of a catalogue not yet published is not counted)."""
    rows = (_in_catalog(agency_ids, year).filter(
        status="completed", decisions__decided_on__lte=F("planned_completion"), decisions__withdrawn_at__isnull=True,
    ).values("agency_id").annotate(n=Count("pk", distinct=True)).order_by())
    return {row["agency_id"]: row["n"] for row in rows}


def _consultations():
    from fazhi.consultation.models import Consultation

    return Consultation.objects.filter(target_type=ContentType.objects.get_for_model(Decision), kind="decision",
                                       withdrawn_at__isnull=True)


def consultations(agency_ids, year):
    """Decisions put to public consultation in the year (by the day the draft opened for comment)."""
    rows = (_consultations().filter(agency_id__in=agency_ids, opens_on__year=year)
            .values("agency_id").annotate(n=Count("target_id", distinct=True)).order_by())
    return {row["agency_id"]: row["n"] for row in rows}


def _comments(agency_ids, year, **extra):
    from fazhi.consultation.models import Comment

    rows = (Comment.objects.filter(consultation__in=_consultations().filter(agency_id__in=agency_ids,
                                                                            opens_on__year=year), **extra)
            .exclude(status="hidden").values("consultation__agency_id").annotate(n=Count("pk")).order_by())
    return {row["consultation__agency_id"]: row["n"] for row in rows}


def comments_received(agency_ids, year):
    """Public comments received (hidden abuse excluded) on the year's consultations."""
    return _comments(agency_ids, year)


def comments_adopted(agency_ids, year):
    """Public comments adopted in full or in part."""
    return _comments(agency_ids, year, adoption__in=["adopted", "partly"])


def _steps(kind):
    def count(agency_ids, year):
        return _grouped(Step.objects.filter(decision__agency_id__in=agency_ids, kind=kind, status=rules.DONE,
                                            done_on__year=year, decision__withdrawn_at__isnull=True),
                        "decision__agency_id")
    count.__doc__ = f"Steps “{kind}” done in the year."
    return count


def post_evaluations(agency_ids, year):
    """Post-decision evaluations completed in the year."""
    return _grouped(Evaluation.objects.filter(decision__agency_id__in=agency_ids, done_on__year=year,
                                              decision__withdrawn_at__isnull=True), "decision__agency_id")


def _records_url(**params):
    def url(agency, year):
        query = {"agency": agency.code, "year": year, **params}
        return f"{reverse('decisions:list')}?{urlencode(query)}"
    return url


COMPUTATIONS = {
    "decisions.made": (made, {"decided": 1}),
    "decisions.catalog_items": (catalog_items, {}),
    "decisions.completed": (completed, {"decided": 1}),
    "decisions.consultations": (consultations, {}),
    "decisions.comments_received": (comments_received, {}),
    "decisions.comments_adopted": (comments_adopted, {}),
    "decisions.hearings": (_steps(rules.HEARING), {"step": rules.HEARING}),
    "decisions.expert_reviews": (_steps(rules.EXPERT), {"step": rules.EXPERT}),
    "decisions.risk_assessments": (_steps(rules.RISK), {"step": rules.RISK}),
    "decisions.legality_reviews": (_steps(rules.LEGALITY_REVIEW), {"step": rules.LEGALITY_REVIEW}),
    "decisions.collective_discussions": (_steps(rules.DISCUSSION), {"step": rules.DISCUSSION}),
    "decisions.post_evaluations": (post_evaluations, {}),
}


def register_all() -> None:
    for key, (func, params) in COMPUTATIONS.items():
        registry.register(key, func, records_url=_records_url(**params))


__all__ = ["COMPUTATIONS", "register_all"]
