"""What the enforcement ledger contributes to the metric catalog (``computed_by`` keys enforcement.*).

Each computation answers ``{agency_id: value}`` for the agencies asked about with one grouped query; an officer
counts for the agency whose ledger keeps them, a supervision check for the rule-of-law office that made it. A
withdrawn record (an officer or a certificate entered in error) never counts.

- ``enforcement.officers`` (持证行政执法人员): officers holding a certificate valid at the end of the year
  (``Certificate.is_valid_on``: issued, not expired, not withheld or cancelled on that day); for the year still
  running, valid today, the last day the ledger can speak for;
- ``enforcement.officers_certified`` (新取得行政执法证件): of those, the officers whose first certificate was
  issued in the year (a renewal is not a new certificate). Counted among the year's holders, so the figure keeps
  the catalog's rule that it is never more than ``enforcement_officers``;
- ``enforcement.officers_trained`` (行政执法人员培训): officers whose training hours in the year reach the
  minimum (``training_hours()``, FAZHI_ENFORCEMENT_TRAINING_HOURS);
- ``enforcement.certificates_cancelled`` (清理注销行政执法证件): officers whose certificate was cancelled (注销) in
  the year, by the date of cancellation;
- ``enforcement.supervision_checks`` (行政执法监督检查): the supervision checks the office made in the year.

The same querysets filter the officer list a figure links to (``records_url``), so the list shows the records
behind the figure.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, DecimalField, Exists, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from fazhi.enforcement.models import (
    Certificate,
    Officer,
    SupervisionCheck,
    Training,
    training_hours,
    valid_on_q,
)
from fazhi.metrics import registry


def reference_day(year: int, today: dt.date | None = None) -> dt.date:
    """The day a year's figures of certificate holders speak for: its last day, or today while the year runs."""
    return min(dt.date(year, 12, 31), today or timezone.localdate())


def _officers(agency_ids=None):
    qs = Officer.objects.filter(withdrawn_at__isnull=True)
    return qs if agency_ids is None else qs.filter(agency_id__in=list(agency_ids))


def _certificates():
    return Certificate.objects.filter(officer=OuterRef("pk"), withdrawn_at__isnull=True)


def holders(officers, day: dt.date):
    """``officers`` holding a certificate valid on ``day``."""
    return officers.filter(Exists(Certificate.objects.filter(valid_on_q(day), officer=OuterRef("pk"))))


def newly_certified(officers, year: int, today: dt.date | None = None):
    """``officers`` holding a certificate at the year's reference day whose first certificate was issued that year."""
    return (holders(officers, reference_day(year, today))
            .filter(Exists(_certificates().filter(issued_on__year=year)))
            .exclude(Exists(_certificates().filter(issued_on__lt=dt.date(year, 1, 1)))))


def trained(officers, year: int):
    """``officers`` whose training hours in ``year`` reach the year's minimum."""
    hours = (Training.objects.filter(officer=OuterRef("pk"), year=year).order_by().values("officer")
             .annotate(total=Sum("hours")).values("total"))
    return officers.alias(hours=Subquery(hours, output_field=DecimalField())).filter(hours__gte=training_hours())


def cancelled(officers, year: int):
    """``officers`` with a certificate cancelled (注销) in ``year``."""
    return officers.filter(Exists(_certificates().filter(status=Certificate.Status.CANCELLED,
                                                         cancelled_on__year=year)))


def _per_agency(officers) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in officers.values("agency_id").annotate(n=Count("pk")).order_by()}


def officers_holding(agency_ids, year):
    """Officers holding a certificate valid at the end of ``year`` (today, while it runs)."""
    return _per_agency(holders(_officers(agency_ids), reference_day(year)))


def officers_certified(agency_ids, year):
    """Officers newly certified in ``year`` and holding their certificate at its end."""
    return _per_agency(newly_certified(_officers(agency_ids), year))


def officers_trained(agency_ids, year):
    """Officers who reached the year's training hours."""
    return _per_agency(trained(_officers(agency_ids), year))


def certificates_cancelled(agency_ids, year):
    """Officers whose certificate was cancelled in ``year``."""
    return _per_agency(cancelled(_officers(agency_ids), year))


def supervision_checks(agency_ids, year):
    """Supervision checks each rule-of-law office made in ``year``."""
    rows = (SupervisionCheck.objects.filter(office_id__in=list(agency_ids), checked_on__year=year,
                                            withdrawn_at__isnull=True)
            .values("office_id").annotate(n=Count("pk")).order_by())
    return {row["office_id"]: row["n"] for row in rows}


def _officer_url(**params):
    def url(agency, year) -> str:
        query = {"agency": agency.code}
        for name, value in params.items():
            query[name] = reference_day(year).isoformat() if value == "day" else year if value == "year" else value
        return f"{reverse('enforcement:officer_list')}?{urlencode(query)}"
    return url


def checks_url(agency, year) -> str:
    return f"{reverse('enforcement:check_list')}?{urlencode({'office': agency.code, 'year': year})}"


COMPUTATIONS = {
    "enforcement.officers": (officers_holding, _officer_url(certificate="valid", on="day")),
    "enforcement.officers_certified": (officers_certified, _officer_url(certified="year")),
    "enforcement.officers_trained": (officers_trained, _officer_url(trained="year")),
    "enforcement.certificates_cancelled": (certificates_cancelled, _officer_url(cancelled="year")),
    "enforcement.supervision_checks": (supervision_checks, checks_url),
}


def register_all() -> None:
    for key, (func, url) in COMPUTATIONS.items():
        registry.register(key, func, records_url=url)


__all__ = ["COMPUTATIONS", "cancelled", "holders", "newly_certified", "reference_day", "register_all", "trained"]
