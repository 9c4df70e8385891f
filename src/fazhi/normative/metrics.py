"""What the normative-document ledger contributes to the metric catalog (``computed_by`` keys normative.*).

Each computation answers ``{agency_id: value}`` for the agencies asked about with one grouped query. A
document counts for its drafting agency; a filing's examination (备案审查) counts for the addressee.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse

from fazhi.metrics import registry
from fazhi.normative.models import CleanupProposal, Document, Filing

S = Document.Status


def _grouped(qs, field: str = "agency_id") -> dict[int, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk", distinct=True)).order_by()}


def _documents(agency_ids):
    return Document.objects.filter(agency_id__in=agency_ids, withdrawn_at__isnull=True)


def issued(agency_ids, year):
    """Documents published in ``year`` (制发规范性文件)."""
    return _grouped(_documents(agency_ids).filter(published_on__year=year))


def reviewed(agency_ids, year):
    """Documents published in ``year`` that went through a legality review (合法性审核): the part of 制发 that
    was reviewed, so that 审核率 is reviewed ÷ issued and never above 100 % (a draft reviewed in December and
    published in January counts in January's year, with its publication)."""
    return _grouped(_documents(agency_ids).filter(published_on__year=year, review_completed_on__isnull=False))


def _filed(agency_ids, year):
    unfiled = Filing.objects.filter(document=OuterRef("pk"), filed_on__isnull=True)
    return (_documents(agency_ids).filter(published_on__year=year, filings__isnull=False)
            .filter(~Exists(unfiled)))


def filed(agency_ids, year):
    """Documents published in ``year`` whose every filing (报备) is recorded."""
    return _grouped(_filed(agency_ids, year))


def filed_on_time(agency_ids, year):
    """Documents published in ``year`` filed with every addressee by the due date (按时报备)."""
    late = Filing.objects.filter(document=OuterRef("pk")).filter(
        Q(filed_on__isnull=True) | Q(filed_on__gt=F("due_on")))
    return _grouped(_filed(agency_ids, year).filter(~Exists(late)))


def filings_examined(agency_ids, year):
    """Filings the addressee examined in ``year`` (备案审查), counted for the addressee."""
    qs = Filing.objects.filter(addressee_id__in=agency_ids, examined_on__year=year)
    return {row["addressee_id"]: row["n"] for row in qs.values("addressee_id").annotate(n=Count("pk")).order_by()}


def filings_corrected(agency_ids, year):
    """Filings examined in ``year`` whose document had to be corrected (督促纠正)."""
    qs = Filing.objects.filter(addressee_id__in=agency_ids, examined_on__year=year, result=Filing.Result.CORRECTED)
    return {row["addressee_id"]: row["n"] for row in qs.values("addressee_id").annotate(n=Count("pk")).order_by()}


def _cleanup(agency_ids, year, decision=None):
    qs = CleanupProposal.objects.filter(document__agency_id__in=agency_ids, decided_on__year=year)
    if decision:
        qs = qs.filter(decision=decision)
    return _grouped(qs, "document__agency_id")


def cleanup_examined(agency_ids, year):
    return _cleanup(agency_ids, year)


def cleanup_abolished(agency_ids, year):
    return _cleanup(agency_ids, year, CleanupProposal.Choice.ABOLISH)


def cleanup_revised(agency_ids, year):
    return _cleanup(agency_ids, year, CleanupProposal.Choice.REVISE)


def cleanup_retained(agency_ids, year):
    return _cleanup(agency_ids, year, CleanupProposal.Choice.KEEP)


def records_url(agency, year) -> str:
    return f"{reverse('normative:list')}?agency={agency.code}&year={year}"


def cleanup_url(agency, year) -> str:
    return reverse("normative:cleanup_list")


COMPUTATIONS = {
    "normative.issued": (issued, records_url),
    "normative.reviewed": (reviewed, records_url),
    "normative.filed": (filed, records_url),
    "normative.filed_on_time": (filed_on_time, records_url),
    "normative.filings_examined": (filings_examined, records_url),
    "normative.filings_corrected": (filings_corrected, records_url),
    "normative.cleanup_examined": (cleanup_examined, cleanup_url),
    "normative.cleanup_abolished": (cleanup_abolished, cleanup_url),
    "normative.cleanup_revised": (cleanup_revised, cleanup_url),
    "normative.cleanup_retained": (cleanup_retained, cleanup_url),
}


def register_all() -> None:
    for key, (func, url) in COMPUTATIONS.items():
        registry.register(key, func, records_url=url)
