"""What the mediation ledger contributes to the metric catalog (``computed_by`` keys mediation.*).

A dispute counts for its owning agency in the year it was received (受理): the year's disputes and what became of
them, so a rate never exceeds 100 %. Every figure exists for all disputes and for each kind of mediation
(``.peoples``, ``.administrative``, ``.judicial``, ``.industry``). Withdrawn (voided) records never count. Each
computation is one grouped query.

Formulae (UNCONFIRMED: legal-rules §13 item 6 finds no official definition of these rates):

- disputes mediated (``mediation.received``, 调解矛盾纠纷) = disputes received for mediation in the year, whatever
  their outcome, those still being mediated included;
- disputes resolved (``mediation.agreed``, 调解成功) = those of them whose mediation reached an agreement, written or
  oral (人民调解法 第28条), performed or not;
- 调解成功率 (``mediation.success_rate``) = disputes resolved ÷ disputes mediated, × 100, two decimals;
- judicial confirmations (``mediation.confirmation_applied``) = agreements whose parties applied for judicial
  confirmation (人民调解法 第33条), as the catalog's sentence (申请司法确认) counts them; ``mediation.confirmed`` the
  ones the court confirmed;
- amount (``mediation.amount``) = the amounts involved, in 万元 (10,000 yuan), two decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.urls import NoReverseMatch, reverse

from fazhi.mediation.models import Dispute
from fazhi.metrics import registry

_HUNDRED = Decimal(100)
_TEN_THOUSAND = Decimal(10000)
_CENT = Decimal("0.01")
KINDS = ("", *Dispute.OrganisationKind.values)
AGREED = Q(outcome=Dispute.Outcome.AGREEMENT)


def _disputes(agency_ids, year, kind: str = ""):
    qs = Dispute.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, received_on__year=year)
    return qs.filter(organisation_kind=kind) if kind else qs


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def received(agency_ids, year, kind: str = ""):
    """Disputes received for mediation in ``year`` (调解矛盾纠纷)."""
    return _grouped(_disputes(agency_ids, year, kind))


def agreed(agency_ids, year, kind: str = ""):
    """Disputes received in ``year`` whose mediation reached an agreement (调解成功)."""
    return _grouped(_disputes(agency_ids, year, kind).filter(AGREED))


def success_rate(agency_ids, year, kind: str = ""):
    """调解成功率: disputes resolved by an agreement ÷ disputes mediated (received) in ``year``, × 100."""
    rows = _disputes(agency_ids, year, kind).values("agency_id").annotate(
        part=Count("pk", filter=AGREED), whole=Count("pk")).order_by()
    return {row["agency_id"]: (Decimal(row["part"]) * _HUNDRED / Decimal(row["whole"])).quantize(
        _CENT, rounding=ROUND_HALF_UP) for row in rows if row["whole"]}


def failed(agency_ids, year, kind: str = ""):
    """Disputes received in ``year`` whose mediation failed (调解不成, 人民调解法 第26条)."""
    return _grouped(_disputes(agency_ids, year, kind).filter(outcome=Dispute.Outcome.FAILED))


def concluded_on_time(agency_ids, year, kind: str = ""):
    """Disputes received in ``year`` whose mediation ended (agreement, failure or withdrawal) by its due date,
    the parties' continuation included."""
    return _grouped(_disputes(agency_ids, year, kind).filter(
        Q(agreement_on__isnull=False, agreement_on__lte=F("mediation_due"))
        | Q(agreement_on__isnull=True, ended_on__isnull=False, ended_on__lte=F("mediation_due"))))


def performed(agency_ids, year, kind: str = ""):
    """Agreements of disputes received in ``year`` that were performed (人民调解法 第31条)."""
    return _grouped(_disputes(agency_ids, year, kind).filter(performed_on__isnull=False))


def confirmation_applied(agency_ids, year, kind: str = ""):
    """Agreements of disputes received in ``year`` whose parties applied for judicial confirmation (第33条)."""
    return _grouped(_disputes(agency_ids, year, kind).filter(confirmation_applied_on__isnull=False))


def confirmed(agency_ids, year, kind: str = ""):
    """Agreements of disputes received in ``year`` the court confirmed valid (第33条第2款)."""
    return _grouped(_disputes(agency_ids, year, kind).filter(confirmed_on__isnull=False))


def amount(agency_ids, year, kind: str = ""):
    """The amounts involved in the disputes received in ``year``, in 万元 (two decimals)."""
    rows = _disputes(agency_ids, year, kind).filter(amount__isnull=False).values("agency_id").annotate(
        total=Sum("amount")).order_by()
    return {row["agency_id"]: (row["total"] / _TEN_THOUSAND).quantize(_CENT, rounding=ROUND_HALF_UP)
            for row in rows if row["total"] is not None}


def records_url(agency, year) -> str:
    """The ledger's list of the agency's disputes of the year."""
    try:
        return f"{reverse('mediation:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


def _for_kind(func, kind: str):
    def count(agency_ids, year):
        return func(agency_ids, year, kind)

    count.__doc__ = f"{func.__doc__} Only {kind or 'every kind of mediation'}."
    return count


_FIGURES = {
    "received": received, "agreed": agreed, "success_rate": success_rate, "failed": failed,
    "concluded_on_time": concluded_on_time, "performed": performed, "confirmation_applied": confirmation_applied,
    "confirmed": confirmed, "amount": amount,
}
COMPUTATIONS = {
    f"mediation.{name}{f'.{kind}' if kind else ''}": _for_kind(func, kind)
    for name, func in _FIGURES.items() for kind in KINDS
}
#: The catalog metric each computation can fill (its ``computed_by``). Not mapped: ``disputes_screenings`` counts the
#: screening rounds held, including those that found nothing, which the ledger does not know;
#: ``disputes_mediation_orgs`` and ``disputes_mediators`` count organisations and people, not disputes. The success
#: rate stays typed in the catalog (its formula is UNCONFIRMED), as the other ledgers' rates do.
METRICS = {
    "disputes_mediated": "mediation.received",
    "disputes_resolved": "mediation.agreed",
    "disputes_mediation_success_rate": "mediation.success_rate",
    "disputes_judicial_confirmations": "mediation.confirmation_applied",
    "disputes_amount": "mediation.amount",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
