"""The figures the file review gives the metric catalog: files reviewed and files passed, for the reviewed agency
and the campaign's year.

A file counts once its campaign has sent the results (the office's scores are final then), from the current sample
only (a superseded draw's files are withdrawn).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from fazhi.filereview.models import Campaign, ReviewFile
from fazhi.metrics import registry


def reviewed_files(agency_ids=None, year: int | None = None):
    """The files of sent campaigns (of ``year``), scored, of the agencies ``agency_ids``."""
    qs = ReviewFile.objects.filter(withdrawn_at__isnull=True, status=ReviewFile.Status.SCORED,
                                   campaign__status__in=Campaign.SENT_STATUSES, campaign__withdrawn_at__isnull=True)
    if year is not None:
        qs = qs.filter(campaign__year=year)
    return qs if agency_ids is None else qs.filter(agency_id__in=list(agency_ids))


def _per_agency(qs) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.values("agency_id").annotate(n=Count("pk")).order_by()}


def files_reviewed(agency_ids, year):
    """Case files of each agency reviewed in the campaigns of ``year`` whose results were sent."""
    return _per_agency(reviewed_files(agency_ids, year))


def files_passed(agency_ids, year):
    """Those of them that passed: no veto item failed and the pass mark reached."""
    return _per_agency(reviewed_files(agency_ids, year).filter(passed=True))


def _results_url(**extra):
    def url(agency, year) -> str:
        return f"{reverse('filereview:results')}?{urlencode({'agency': agency.code, 'year': year, **extra})}"
    return url


COMPUTATIONS = {
    "filereview.reviewed": (files_reviewed, _results_url()),
    "filereview.passed": (files_passed, _results_url(outcome="passed")),
}


def register_all() -> None:
    for key, (func, url) in COMPUTATIONS.items():
        registry.register(key, func, records_url=url)


__all__ = ["COMPUTATIONS", "files_passed", "files_reviewed", "register_all", "reviewed_files"]
