"""What the litigation ledger contributes to the metric catalog (``computed_by`` keys litigation.*).

A case counts for its defendant agency: in the year its papers were served (cases), in the year its judgment or
ruling was given (concluded, won, lost, the loss rate), in the year of each hearing (appearances); a suggestion in
the year it was received. Each instance is a case of its own, as the courts count them. Withdrawn records never
count. Each computation is one grouped query.

Formulae (UNCONFIRMED: no national definition was read for legal-rules; both are settings):

- 败诉率 (``litigation.loss_rate``) = cases lost ÷ cases concluded by judgment or lost, × 100. "Lost" is the outcomes
  of ``FAZHI_LITIGATION_LOST_OUTCOMES`` (revocation, declaration as unlawful or void, an order to perform, a
  variation, compensation); the base leaves out withdrawals, mediations and dismissals unless they count as lost.
- 负责人出庭应诉率 (``litigation.appearance_rate``), by ``FAZHI_LITIGATION_APPEARANCE_BASIS``: ``case`` (default) =
  cases with a head appearing at one hearing of the year at least ÷ cases with a hearing in the year (one appearance
  per instance suffices, 2020年规定 第7条); ``hearing`` = hearings with a head ÷ hearings.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse

from fazhi.litigation.models import Case, Hearing, Suggestion, lost_outcomes, rate_base_outcomes
from fazhi.metrics import registry

_HUNDRED = Decimal(100)


def _grouped(qs, field: str = "agency_id", count: str = "pk") -> dict[int, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count(count, distinct=True)).order_by()}


def _rate(numerators: dict[int, int], denominators: dict[int, int]) -> dict[int, Decimal]:
    """Per cent, two decimals; an agency with nothing to count over is left out (the catalog reads it as 0)."""
    return {agency: (Decimal(numerators.get(agency, 0)) * _HUNDRED / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP) for agency, total in denominators.items() if total}


def _cases(agency_ids):
    return Case.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True)


def _concluded(agency_ids, year):
    return _cases(agency_ids).filter(concluded_on__year=year)


def _hearings(agency_ids, year):
    return Hearing.objects.filter(case__agency_id__in=agency_ids, case__withdrawn_at__isnull=True,
                                  held_on__year=year)


def _suggestions(agency_ids, year):
    return Suggestion.objects.filter(case__agency_id__in=agency_ids, case__withdrawn_at__isnull=True,
                                     received_on__year=year)


def cases(agency_ids, year):
    """Lawsuits whose papers the agency received in ``year`` (行政应诉案件)."""
    return _grouped(_cases(agency_ids).filter(served_on__year=year))


def concluded(agency_ids, year):
    """Cases whose judgment or ruling was given in ``year``, whatever the outcome (审结)."""
    return _grouped(_concluded(agency_ids, year))


def judged(agency_ids, year):
    """The loss rate's base: cases concluded in ``year`` by judgment, or with an outcome that counts as lost."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=rate_base_outcomes()))


def won(agency_ids, year):
    """Cases concluded in ``year`` by a judgment that does not count as lost (胜诉)."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=Case.JUDGMENTS)
                    .exclude(outcome__in=lost_outcomes()))


def lost(agency_ids, year):
    """Cases concluded in ``year`` with an outcome that counts as lost (败诉, ``FAZHI_LITIGATION_LOST_OUTCOMES``)."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=lost_outcomes()))


def loss_rate(agency_ids, year):
    """败诉率: lost ÷ (concluded by judgment or lost) × 100, in per cent (UNCONFIRMED formula)."""
    return _rate(lost(agency_ids, year), judged(agency_ids, year))


def heard(agency_ids, year):
    """Cases with at least one hearing in ``year``."""
    return _grouped(_hearings(agency_ids, year), "case__agency_id", "case_id")


def head_appearances(agency_ids, year):
    """Cases with the head of the agency appearing at one hearing in ``year`` at least (负责人出庭应诉案件)."""
    return _grouped(_hearings(agency_ids, year).filter(head_appeared=True), "case__agency_id", "case_id")


def hearings(agency_ids, year):
    """Hearings held in ``year``."""
    return _grouped(_hearings(agency_ids, year), "case__agency_id")


def hearings_with_head(agency_ids, year):
    """Hearings held in ``year`` at which the head of the agency appeared."""
    return _grouped(_hearings(agency_ids, year).filter(head_appeared=True), "case__agency_id")


def appearance_rate(agency_ids, year):
    """负责人出庭应诉率 in per cent, by case (default) or by hearing (``FAZHI_LITIGATION_APPEARANCE_BASIS``)."""
    if getattr(settings, "FAZHI_LITIGATION_APPEARANCE_BASIS", "case") == "hearing":
        return _rate(hearings_with_head(agency_ids, year), hearings(agency_ids, year))
    return _rate(head_appearances(agency_ids, year), heard(agency_ids, year))


def suggestions(agency_ids, year):
    """Judicial and procuratorial suggestions received in ``year``."""
    return _grouped(_suggestions(agency_ids, year), "case__agency_id")


def suggestions_replied_on_time(agency_ids, year):
    """Suggestions received in ``year`` and answered by their reply date."""
    on_time = _suggestions(agency_ids, year).filter(replied_on__isnull=False).filter(
        Q(reply_due__isnull=True) | Q(replied_on__lte=F("reply_due")))
    return _grouped(on_time, "case__agency_id")


def records_url(agency, year) -> str:
    try:
        return f"{reverse('litigation:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:  # the ledger's pages are not mounted yet
        return ""


COMPUTATIONS = {
    "litigation.cases": cases,
    "litigation.concluded": concluded,
    "litigation.judged": judged,
    "litigation.won": won,
    "litigation.lost": lost,
    "litigation.loss_rate": loss_rate,
    "litigation.heard": heard,
    "litigation.head_appearances": head_appearances,
    "litigation.hearings": hearings,
    "litigation.hearings_with_head": hearings_with_head,
    "litigation.appearance_rate": appearance_rate,
    "litigation.suggestions": suggestions,
    "litigation.suggestions_replied_on_time": suggestions_replied_on_time,
}
#: The catalog metric each computation can fill (its ``computed_by``; the catalog still marks them collected). The
#: catalog's own rates divide by all cases concluded (litigation_loss_rate) and all cases (litigation_leader_
#: appearance_rate): ``litigation.loss_rate`` and ``litigation.appearance_rate`` document the ledger's formulae.
METRICS = {
    "litigation_cases": "litigation.cases",
    "litigation_concluded": "litigation.concluded",
    "litigation_won": "litigation.won",
    "litigation_lost": "litigation.lost",
    "litigation_leader_appearances": "litigation.head_appearances",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
