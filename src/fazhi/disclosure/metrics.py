"""What the disclosure ledger contributes to the metric catalog (``computed_by`` keys disclosure.*).

A request counts for the agency asked: in the year it was received (requests, by kind of requester), replied (replies,
by kind of reply, on time or not) or closed as given up (第30条); the reconsiderations and lawsuits over replies in the
year they were applied for or filed (第51条), by result: the figures of the annual disclosure report (第50条).
Withdrawn records never count. Each computation is one grouped query.

The on-time reply rate of the catalog (``disclosure_reply_rate``) divides ``disclosure_replied_on_time`` by
``disclosure_requests`` (the requests received in the year). Its numerator is therefore counted among the same
requests, ``disclosure.received_replied_on_time`` (received in the year and replied by the deadline), so that the rate
never passes 100 %; ``disclosure.replied_on_time`` counts the replies given in the year on time, as the annual
disclosure report's table of results does.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse

from fazhi.disclosure.models import Request
from fazhi.metrics import registry

RT = Request.ReplyType
_ON_TIME = Q(reply_due__isnull=True) | Q(replied_on__lte=F("reply_due"))


def _grouped(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def _requests(agency_ids):
    return Request.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True)


def received(agency_ids, year):
    """Requests received in ``year`` (收到政府信息公开申请)."""
    return _grouped(_requests(agency_ids).filter(received_on__year=year))


def replied(agency_ids, year):
    """Requests replied to in ``year``, whatever the reply (办理结果)."""
    return _grouped(_requests(agency_ids).filter(replied_on__year=year))


def replied_on_time(agency_ids, year):
    """Replies given in ``year`` by their deadline (第33条, with the extension and without the consultations)."""
    return _grouped(_requests(agency_ids).filter(replied_on__year=year).filter(_ON_TIME))


def received_replied_on_time(agency_ids, year):
    """Requests received in ``year`` and replied to by their deadline (the on-time rate's numerator)."""
    return _grouped(_requests(agency_ids).filter(received_on__year=year, replied_on__isnull=False).filter(_ON_TIME))


def abandoned(agency_ids, year):
    """Requests closed in ``year`` because they were not corrected in time (第30条; 其他处理)."""
    return _grouped(_requests(agency_ids).filter(status=Request.Status.ABANDONED, closed_on__year=year))


def carried_over(agency_ids, year):
    """Requests received by the end of ``year`` and still being handled then (结转下年度继续办理)."""
    end = dt.date(year, 12, 31)
    return _grouped(_requests(agency_ids).filter(received_on__lte=end)
                    .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=end))
                    .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end)))


def reconsidered(agency_ids, year):
    """Reconsiderations of replies applied for in ``year`` (政府信息公开行政复议, 第51条)."""
    return _grouped(_requests(agency_ids).filter(reconsideration_filed_on__year=year))


def litigated(agency_ids, year):
    """Lawsuits over replies filed in ``year`` (政府信息公开行政诉讼, 第51条)."""
    return _grouped(_requests(agency_ids).filter(litigation_filed_on__year=year))


def _reply(value: str):
    def count(agency_ids, year):
        return _grouped(_requests(agency_ids).filter(replied_on__year=year, reply_type=value))

    count.__doc__ = f"Replies given in ``year`` of the kind {value}."
    return count


def _requester(value: str):
    def count(agency_ids, year):
        return _grouped(_requests(agency_ids).filter(received_on__year=year, requester_kind=value))

    count.__doc__ = f"Requests received in ``year`` from a requester of the kind {value}."
    return count


def _review(kind: str, outcome: str):
    def count(agency_ids, year):
        return _grouped(_requests(agency_ids).filter(**{f"{kind}_filed_on__year": year,
                                                        f"{kind}_outcome": outcome}))

    count.__doc__ = f"Cases of {kind} over replies in ``year`` with the result {outcome}."
    return count


def records_url(agency, year) -> str:
    """The ledger's list of the agency's requests of the year (empty while its pages are not mounted)."""
    try:
        return f"{reverse('disclosure:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


COMPUTATIONS = {
    "disclosure.received": received,
    "disclosure.replied": replied,
    "disclosure.replied_on_time": replied_on_time,
    "disclosure.received_replied_on_time": received_replied_on_time,
    "disclosure.abandoned": abandoned,
    "disclosure.carried_over": carried_over,
    "disclosure.reconsidered": reconsidered,
    "disclosure.litigated": litigated,
    **{f"disclosure.reply.{value}": _reply(value) for value in RT.values},
    **{f"disclosure.received.{value}": _requester(value) for value in Request.RequesterKind.values},
    **{f"disclosure.{kind}.{outcome}": _review(kind, outcome)
       for kind in ("reconsideration", "litigation") for outcome in Request.ReviewOutcome.values},
}
#: The catalog metric each computation may fill (the catalog still has them ``collected``: switching one to
#: ``computed`` with this ``computed_by`` is the catalog's change). ``disclosure_reply_rate`` is the catalog's ratio
#: of the two.
METRICS = {
    "disclosure_requests": "disclosure.received",
    "disclosure_replied_on_time": "disclosure.received_replied_on_time",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        registry.register(key, func, records_url=records_url)
