"""What the suggestions ledger contributes to the metric catalog (``computed_by`` keys suggestions.*).

An item counts for its lead agency, in the year it was assigned (交办): the year's items and what became of them, so
a rate never exceeds 100 %. Every figure exists for all items and for each kind (``.deputy``, ``.cppcc``). Withdrawn
records never count. Each computation is one grouped query.

Formulae (UNCONFIRMED: legal-rules §7.3 and §13 item 6 find no official definition):

- 办复率 (``suggestions.reply_rate``) = items answered ÷ items assigned, × 100;
- 满意率 (``suggestions.satisfaction``) = items whose proposer's last word (on the second answer if there was one) is
  one of ``FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK`` (满意 and 基本满意 by default) ÷ items rated, × 100;
- answered on time: the (first) answer by its due date, the approved extension included (代表法 第51条; for a
  proposal, the province's period).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, Q, When
from django.urls import NoReverseMatch, reverse

from fazhi.metrics import registry
from fazhi.suggestions.models import Item, satisfied_feedback

_HUNDRED = Decimal(100)
KINDS = ("", *Item.Kind.values)


def _items(agency_ids, year, kind: str = ""):
    qs = Item.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, assigned_on__year=year)
    return qs.filter(kind=kind) if kind else qs


def _rated(agency_ids, year, kind: str = ""):
    """The year's items with the proposer's last word (``latest``): on the second answer, else on the first."""
    latest = Case(When(~Q(second_feedback=""), then=F("second_feedback")), default=F("feedback"),
                  output_field=CharField())
    return _items(agency_ids, year, kind).annotate(latest=latest).exclude(latest="")


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def _rate(rows) -> dict[int, Decimal]:
    """Per cent, two decimals, from rows of ``agency_id``, ``part`` and ``whole``; an agency with nothing to count
    over is left out (the catalog reads it as 0)."""
    return {row["agency_id"]: (Decimal(row["part"]) * _HUNDRED / Decimal(row["whole"])).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP) for row in rows if row["whole"]}


def received(agency_ids, year, kind: str = ""):
    """Items assigned to the agency in ``year`` (承办建议、提案)."""
    return _grouped(_items(agency_ids, year, kind))


def answered(agency_ids, year, kind: str = ""):
    """Items assigned in ``year`` that were answered (办复)."""
    return _grouped(_items(agency_ids, year, kind).filter(answered_on__isnull=False))


def answered_on_time(agency_ids, year, kind: str = ""):
    """Items assigned in ``year`` answered by their due date (with the approved extension)."""
    return _grouped(_items(agency_ids, year, kind).filter(answered_on__isnull=False).filter(
        Q(answer_due__isnull=True) | Q(answered_on__lte=F("answer_due"))))


def reply_rate(agency_ids, year, kind: str = ""):
    """办复率: items answered ÷ items assigned in ``year``, × 100 (UNCONFIRMED formula)."""
    return _rate(_items(agency_ids, year, kind).values("agency_id").annotate(
        part=Count("pk", filter=Q(answered_on__isnull=False)), whole=Count("pk")).order_by())


def rated(agency_ids, year, kind: str = ""):
    """Items assigned in ``year`` that the proposer rated."""
    return _grouped(_rated(agency_ids, year, kind))


def satisfied(agency_ids, year, kind: str = ""):
    """Items assigned in ``year`` whose proposer's last word counts as satisfied (the setting)."""
    return _grouped(_rated(agency_ids, year, kind).filter(latest__in=sorted(satisfied_feedback())))


def satisfaction(agency_ids, year, kind: str = ""):
    """满意率: items rated satisfied (the setting) ÷ items rated, × 100 (UNCONFIRMED formula)."""
    return _rate(_rated(agency_ids, year, kind).values("agency_id").annotate(
        part=Count("pk", filter=Q(latest__in=sorted(satisfied_feedback()))), whole=Count("pk")).order_by())


def handled_again(agency_ids, year, kind: str = ""):
    """Items assigned in ``year`` handled again after a rating of not satisfied (重新办理)."""
    return _grouped(_items(agency_ids, year, kind).filter(reopened_on__isnull=False))


def records_url(agency, year) -> str:
    """The ledger's list of the agency's items of the year (empty while its pages are not mounted)."""
    try:
        return f"{reverse('suggestions:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


def _for_kind(func, kind: str):
    def count(agency_ids, year):
        return func(agency_ids, year, kind)

    count.__doc__ = f"{func.__doc__} Only {kind or 'every kind'}."
    return count


_FIGURES = {
    "received": received, "answered": answered, "answered_on_time": answered_on_time, "reply_rate": reply_rate,
    "rated": rated, "satisfied": satisfied, "satisfaction": satisfaction, "handled_again": handled_again,
}
COMPUTATIONS = {
    f"suggestions.{name}{f'.{kind}' if kind else ''}": _for_kind(func, kind)
    for name, func in _FIGURES.items() for kind in KINDS
}
#: The catalog metric each computation can fill (its ``computed_by``; the catalog still marks them collected:
#: switching one to ``computed`` is the catalog's change).
METRICS = {
    "deputy_suggestions_received": "suggestions.received.deputy",
    "deputy_suggestions_handled": "suggestions.answered.deputy",
    "deputy_suggestions_reply_rate": "suggestions.reply_rate.deputy",
    "deputy_suggestions_satisfaction": "suggestions.satisfaction.deputy",
    "cppcc_proposals_received": "suggestions.received.cppcc",
    "cppcc_proposals_handled": "suggestions.answered.cppcc",
    "cppcc_proposals_reply_rate": "suggestions.reply_rate.cppcc",
    "cppcc_proposals_satisfaction": "suggestions.satisfaction.cppcc",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
