"""What the advisers ledger contributes to the metric catalog (``computed_by`` keys advisers.*).

Each figure counts for the owning agency (the government, department or township that engaged the adviser or reviewed
the contract), in one grouped query; withdrawn (voided) records never count.

- legal advisers engaged (``advisers.engaged``, 聘请法律顾问) = advisers of the kind 法律顾问 whose term ran on any day
  of the year (engaged on or before 31 December, not ended before 1 January);
- public-sector lawyers (``advisers.public_lawyers``, 公职律师) = the same for public-sector lawyers;
- opinions (``advisers.opinions``, 法律顾问出具法律意见) = legal opinions the agency's advisers gave in the year, and
  ``advisers.opinions.<subject>`` those on one kind of subject;
- meetings attended (``advisers.meetings``, 法律顾问列席会议) = attendances at the agency's meetings in the year;
- contracts reviewed (``advisers.contracts_reviewed``, 审查政府合同) = contract legality reviews whose opinion was
  given in the year; ``advisers.contracts_on_time`` those given by the day they were due.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse

from fazhi.advisers.models import Adviser, Attendance, ContractReview, Opinion
from fazhi.metrics import registry


def _grouped(qs, field: str = "agency_id") -> dict[int, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk")).order_by()}


def _engaged(agency_ids, year: int, kind: str) -> dict[int, int]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = Adviser.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, kind=kind,
                                engaged_from__lte=last).filter(
        Q(ended_on__isnull=True, engaged_until__gte=first) | Q(ended_on__gte=first))
    return _grouped(qs)


def engaged(agency_ids, year):
    """Legal advisers (法律顾问) whose term ran on some day of ``year``."""
    return _engaged(agency_ids, year, Adviser.Kind.ADVISER)


def public_lawyers(agency_ids, year):
    """Public-sector lawyers (公职律师) whose term ran on some day of ``year``."""
    return _engaged(agency_ids, year, Adviser.Kind.PUBLIC_LAWYER)


def _opinions(agency_ids, year, subject: str = ""):
    qs = Opinion.objects.filter(adviser__agency_id__in=agency_ids, adviser__withdrawn_at__isnull=True,
                                given_on__year=year)
    return _grouped(qs.filter(subject_kind=subject) if subject else qs, "adviser__agency_id")


def opinions(agency_ids, year):
    """Legal opinions the agency's advisers gave in ``year`` (法律顾问出具法律意见)."""
    return _opinions(agency_ids, year)


def meetings(agency_ids, year):
    """The agency's meetings its advisers attended in ``year`` (法律顾问列席会议), one per adviser present."""
    qs = Attendance.objects.filter(adviser__agency_id__in=agency_ids, adviser__withdrawn_at__isnull=True,
                                   held_on__year=year)
    return _grouped(qs, "adviser__agency_id")


def _reviews(agency_ids, year):
    return ContractReview.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True, opinion_on__year=year)


def contracts_reviewed(agency_ids, year):
    """Contracts whose legality review gave its opinion in ``year`` (审查政府合同)."""
    return _grouped(_reviews(agency_ids, year))


def contracts_on_time(agency_ids, year):
    """Contracts reviewed in ``year`` whose opinion came by the day it was due."""
    return _grouped(_reviews(agency_ids, year).filter(opinion_on__lte=F("review_due")))


def records_url(agency, year) -> str:
    """The ledger's list of the agency's advisers."""
    try:
        return f"{reverse('advisers:list')}?agency={agency.code}"
    except NoReverseMatch:
        return ""


def contracts_url(agency, year) -> str:
    """The ledger's list of the agency's contract reviews of the year."""
    try:
        return f"{reverse('advisers:contracts:list')}?agency={agency.code}&year={year}"
    except NoReverseMatch:
        return ""


def _on(subject: str):
    def count(agency_ids, year):
        return _opinions(agency_ids, year, subject)

    count.__doc__ = f"Legal opinions on {subject} the agency's advisers gave in the year."
    return count


COMPUTATIONS = {
    "advisers.engaged": engaged,
    "advisers.public_lawyers": public_lawyers,
    "advisers.opinions": opinions,
    "advisers.meetings": meetings,
    "advisers.contracts_reviewed": contracts_reviewed,
    "advisers.contracts_on_time": contracts_on_time,
    **{f"advisers.opinions.{subject}": _on(subject) for subject in Opinion.Subject.values},
}
#: The catalog metric each computation fills (its ``computed_by``). Not mapped: the villages with a legal adviser
#: (education_villages_with_advisers) are villages, which the ledger does not keep; 涉法事务 (decisions_legal_affairs)
#: is wider than the opinions recorded here.
METRICS = {
    "education_legal_advisers": "advisers.engaged",
    "education_public_lawyers": "advisers.public_lawyers",
    "decisions_adviser_opinions": "advisers.opinions",
    "decisions_adviser_meetings": "advisers.meetings",
    "decisions_contracts_reviewed": "advisers.contracts_reviewed",
}


def register_all() -> None:
    for key, func in COMPUTATIONS.items():
        url = contracts_url if key.startswith("advisers.contracts") else records_url
        registry.register(key, func, records_url=url)
