"""What the petitions ledger contributes to the metric catalog (``computed_by`` keys petitions.*).

A matter counts for the agency that registered it, in the year it was received: the year's matters and what became
of them, so a rate never exceeds 100 %. Withdrawn records never count. Each computation is one grouped query.

Formulae (UNCONFIRMED: legal-rules §7.1 and §13 item 6 find no official definition):

- accepted (受理) = matters received in the year and accepted for handling (not those forwarded, returned or
  declined);
- closed on time (按期办结) = accepted matters whose handling opinion came by its due date, the approved extension
  included (信访工作条例 第34条); the on-time rate divides them by the accepted matters, × 100;
- timely acceptance (及时受理) = matters whose first step (objection, forwarding, decline or acceptance) came within the
  15 days of 第22条 and, for an accepted matter of a petitioner who can be reached, whose written notice came within
  the 15 days of 第23条; the rate divides them by the matters received, × 100;
- satisfaction (满意率) = matters evaluated with one of ``FAZHI_PETITIONS_SATISFIED_EVALUATIONS`` (满意 and 基本满意 by
  default) ÷ matters evaluated, × 100;
- visitors (接待来访群众, 人次) = the people of the visits received in the year, whatever became of the matters.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from fazhi.metrics import registry
from fazhi.petitions.models import Matter, group_visit_size, satisfied_evaluations

_HUNDRED = Decimal(100)


def _matters(agency_ids, year):
    return Matter.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, received_on__year=year)


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def _rate(rows) -> dict[int, Decimal]:
    """Per cent, two decimals, from rows of ``agency_id``, ``part`` and ``whole``; an agency with nothing to count
    over is left out (the catalog reads it as 0)."""
    return {row["agency_id"]: (Decimal(row["part"]) * _HUNDRED / Decimal(row["whole"])).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP) for row in rows if row["whole"]}


_ON_TIME = Q(replied_on__isnull=False) & (Q(handling_due__isnull=True) | Q(replied_on__lte=F("handling_due")))
#: The first routing step on the record: an objection comes before any other, the others exclude each other.
_FIRST_STEP = Coalesce("objected_on", "forwarded_on", "declined_on", "accepted_on")
_NOTICE_IN_TIME = (Q(accepted_on__isnull=True) | Q(identity_unclear=True)
                   | Q(notified_on__isnull=False, notified_on__lte=F("notice_due")))


def _timely(qs):
    return qs.annotate(first_step=_FIRST_STEP).filter(first_step__isnull=False, first_step__lte=F("forward_due")) \
        .filter(_NOTICE_IN_TIME)


def received(agency_ids, year):
    """Matters registered in ``year``, however they ended (信访事项登记)."""
    return _grouped(_matters(agency_ids, year))


def accepted(agency_ids, year):
    """Matters received in ``year`` and accepted for handling (受理信访事项)."""
    return _grouped(_matters(agency_ids, year).filter(accepted_on__isnull=False))


def forwarded(agency_ids, year):
    """Matters received in ``year`` forwarded or assigned to the competent body (转送、交办, 第22条)."""
    return _grouped(_matters(agency_ids, year).filter(forwarded_on__isnull=False))


def replied(agency_ids, year):
    """Matters received in ``year`` answered by a handling opinion (办结, 第32条)."""
    return _grouped(_matters(agency_ids, year).filter(replied_on__isnull=False))


def closed_on_time(agency_ids, year):
    """Matters received in ``year`` whose handling opinion came by its due date (按期办结, 第34条)."""
    return _grouped(_matters(agency_ids, year).filter(_ON_TIME))


def on_time_rate(agency_ids, year):
    """按期办结率: matters answered on time ÷ matters accepted, × 100 (UNCONFIRMED formula)."""
    return _rate(_matters(agency_ids, year).filter(accepted_on__isnull=False).values("agency_id").annotate(
        part=Count("pk", filter=_ON_TIME), whole=Count("pk")).order_by())


def timely(agency_ids, year):
    """Matters received in ``year`` routed within 15 days and, when accepted, the petitioner told in time (第22–23条)."""
    return _grouped(_timely(_matters(agency_ids, year)))


def timely_acceptance_rate(agency_ids, year):
    """及时受理率: matters routed in time ÷ matters received, × 100 (UNCONFIRMED formula)."""
    whole = received(agency_ids, year)
    part = timely(agency_ids, year)
    return _rate([{"agency_id": agency_id, "part": part.get(agency_id, 0), "whole": n}
                  for agency_id, n in whole.items()])


def visitors(agency_ids, year):
    """People received in person in ``year``: the persons of every visit (接待来访群众, 人次)."""
    rows = (_matters(agency_ids, year).filter(channel=Matter.Channel.VISIT).values("agency_id")
            .annotate(n=Sum("persons")).order_by())
    return {row["agency_id"]: row["n"] or 0 for row in rows}


def group_visits(agency_ids, year):
    """Visits in ``year`` of ``FAZHI_PETITIONS_GROUP_VISIT_SIZE`` people or more (集体访; UNCONFIRMED threshold)."""
    return _grouped(_matters(agency_ids, year).filter(channel=Matter.Channel.VISIT, persons__gte=group_visit_size()))


def repeated(agency_ids, year):
    """Matters received in ``year`` that repeat an earlier matter (重复信访)."""
    return _grouped(_matters(agency_ids, year).filter(repeat_of__isnull=False))


def evaluated(agency_ids, year):
    """Matters received in ``year`` that the petitioner evaluated (第21条)."""
    return _grouped(_matters(agency_ids, year).exclude(evaluation=""))


def satisfaction(agency_ids, year):
    """满意率: matters evaluated satisfied (the setting) ÷ matters evaluated, × 100 (UNCONFIRMED formula)."""
    return _rate(_matters(agency_ids, year).exclude(evaluation="").values("agency_id").annotate(
        part=Count("pk", filter=Q(evaluation__in=sorted(satisfied_evaluations()))), whole=Count("pk")).order_by())


def reviewed(agency_ids, year):
    """Matters received in ``year`` whose petitioner asked for a review (复查, 第35条)."""
    return _grouped(_matters(agency_ids, year).filter(review_requested_on__isnull=False))


def rechecked(agency_ids, year):
    """Matters received in ``year`` whose petitioner asked for a second review (复核, 第36条)."""
    return _grouped(_matters(agency_ids, year).filter(recheck_requested_on__isnull=False))


def _channel(value: str):
    def count(agency_ids, year):
        return _grouped(_matters(agency_ids, year).filter(channel=value))

    count.__doc__ = f"Matters received in ``year`` by the channel {value}."
    return count


def records_url(agency, year) -> str:
    """The ledger's list of the agency's matters of the year."""
    try:
        return f"{reverse('petitions:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


COMPUTATIONS = {
    "petitions.received": received,
    "petitions.accepted": accepted,
    "petitions.forwarded": forwarded,
    "petitions.replied": replied,
    "petitions.closed_on_time": closed_on_time,
    "petitions.on_time_rate": on_time_rate,
    "petitions.timely": timely,
    "petitions.timely_acceptance_rate": timely_acceptance_rate,
    "petitions.visitors": visitors,
    "petitions.group_visits": group_visits,
    "petitions.repeated": repeated,
    "petitions.evaluated": evaluated,
    "petitions.satisfaction": satisfaction,
    "petitions.reviewed": reviewed,
    "petitions.rechecked": rechecked,
    **{f"petitions.received.{value}": _channel(value) for value in Matter.Channel.values},
}
#: The catalog metric each computation can fill (its ``computed_by``). 受理信访事项 counts the matters accepted, so
#: that the on-time rate (按期办结 ÷ 受理) is the catalog's ratio of the two. The rates stay typed in the catalog
#: (their formulas are UNCONFIRMED), as the other ledgers' rates do.
METRICS = {
    "petitions_received": "petitions.accepted",
    "petitions_visitors": "petitions.visitors",
    "petitions_closed_on_time": "petitions.closed_on_time",
    "petitions_on_time_rate": "petitions.on_time_rate",
    "petitions_timely_acceptance_rate": "petitions.timely_acceptance_rate",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
