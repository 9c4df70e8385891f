"""What the reconsideration ledger contributes to the metric catalog (``computed_by`` keys reconsideration.*).

A case counts for the reconsideration body that keeps it: in the year it was received (applications), accepted
(acceptances, deemed ones included) and concluded (everything else: a decision, a dismissal, a mediation document, a
settlement or a termination all conclude it, 审结). Withdrawn records never count. Each computation is one grouped
query.

The 纠错率 (correction rate) has no official formula (legal-rules §5.1, §13 item 6: UNCONFIRMED): the outcomes that
count as a correction are the setting ``FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES`` (by default varied, revoked, partly
revoked, declared unlawful, declared void, ordered to perform), divided by every case concluded in the year, in per
cent. The upheld, corrected, withdrawn and mediated figures do not overlap, so together they never exceed the cases
concluded (the catalog's bound on ``reconsideration_decided``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse

from fazhi.metrics import registry
from fazhi.reconsideration.models import Case, correction_outcomes

OUT = Case.Outcome
#: 维持 and 驳回复议请求: the act stands (the catalog's "维持" phrases include 驳回).
UPHELD = (OUT.UPHELD, OUT.REQUEST_REJECTED)


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def _cases(agency_ids):
    return Case.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True)


def _concluded(agency_ids, year):
    return _cases(agency_ids).filter(decided_on__year=year).exclude(outcome="")


def received(agency_ids, year):
    """Applications received in ``year`` (行政复议申请)."""
    return _grouped(_cases(agency_ids).filter(received_on__year=year))


def accepted(agency_ids, year):
    """Applications accepted in ``year``, those deemed accepted (第30条第3款) included (立案受理)."""
    return _grouped(_cases(agency_ids).filter(accepted_on__year=year))


def refused(agency_ids, year):
    """Applications not accepted in ``year`` (不予受理, 第30条)."""
    return _grouped(_cases(agency_ids).filter(refused_on__year=year))


def decided(agency_ids, year):
    """Cases concluded in ``year`` (审结), whatever the outcome."""
    return _grouped(_concluded(agency_ids, year))


def upheld(agency_ids, year):
    """Cases concluded in ``year`` with the act upheld or the request rejected (第68、69条)."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=UPHELD))


def corrected(agency_ids, year):
    """Cases concluded in ``year`` with an outcome the setting counts as a correction (纠错)."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=sorted(correction_outcomes())))


def correction_rate(agency_ids, year):
    """The 纠错率 of ``year`` in per cent: corrections over cases concluded (UNCONFIRMED formula, a setting)."""
    rows = (_concluded(agency_ids, year).values("agency_id")
            .annotate(n=Count("pk"), fixed=Count("pk", filter=Q(outcome__in=sorted(correction_outcomes()))))
            .order_by())
    return {row["agency_id"]: _percent(row["fixed"], row["n"]) for row in rows if row["n"]}


def mediated(agency_ids, year):
    """Cases concluded in ``year`` by a mediation document or a settlement (调解、和解: 第73、74条)."""
    return _grouped(_concluded(agency_ids, year).filter(outcome__in=(OUT.MEDIATED, OUT.SETTLED)))


def withdrawn(agency_ids, year):
    """Cases terminated in ``year`` (撤回、终止: 第41条), a settlement's withdrawal counted with the mediations."""
    return _grouped(_concluded(agency_ids, year).filter(outcome=OUT.TERMINATED))


def on_time(agency_ids, year):
    """Cases concluded in ``year`` by their decision deadline (第62条, with the extension and without the suspended
    days)."""
    return _grouped(_concluded(agency_ids, year).filter(Q(decision_due__isnull=True)
                                                        | Q(decided_on__lte=F("decision_due"))))


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _outcome(value: str):
    def count(agency_ids, year):
        return _grouped(_concluded(agency_ids, year).filter(outcome=value))

    count.__doc__ = f"Cases concluded in ``year`` with the outcome {value}."
    return count


def records_url(agency, year) -> str:
    """The ledger's list of the agency's cases of the year (empty while its pages are not mounted)."""
    try:
        return f"{reverse('reconsideration:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


COMPUTATIONS = {
    "reconsideration.received": received,
    "reconsideration.accepted": accepted,
    "reconsideration.refused": refused,
    "reconsideration.decided": decided,
    "reconsideration.upheld": upheld,
    "reconsideration.corrected": corrected,
    "reconsideration.correction_rate": correction_rate,
    "reconsideration.mediated": mediated,
    "reconsideration.withdrawn": withdrawn,
    "reconsideration.on_time": on_time,
    **{f"reconsideration.outcome.{value}": _outcome(value) for value in OUT.values},
}
#: The catalog metric each computation may fill (the catalog still has them ``collected``: switching one to
#: ``computed`` with this ``computed_by`` is the catalog's change).
METRICS = {
    "reconsideration_received": "reconsideration.received",
    "reconsideration_accepted": "reconsideration.accepted",
    "reconsideration_decided": "reconsideration.decided",
    "reconsideration_upheld": "reconsideration.upheld",
    "reconsideration_corrected": "reconsideration.corrected",
    "reconsideration_correction_rate": "reconsideration.correction_rate",
    "reconsideration_withdrawn": "reconsideration.withdrawn",
    "reconsideration_mediated": "reconsideration.mediated",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
