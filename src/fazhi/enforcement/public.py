"""The portal's disclosure before enforcement (事前公开, 国办发〔2018〕118号): each agency's enforcement bodies, with
their legal basis, domains, procedures and remedies, and the officers who may enforce today.

No log-in. Read from the ledger on every request, so the pages follow it: a body that no longer enforces, an
officer whose certificate expired, was withheld or cancelled, a record withdrawn, are gone at once. An officer
is published by name, certificate number, body, area and category only: never the identity card number or the
telephone.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from fazhi.enforcement.models import Certificate, EnforcementBody, valid_on_q
from fazhi.org.models import Agency


def published_bodies():
    """The bodies that enforce now: active, of an active agency, not withdrawn."""
    return EnforcementBody.objects.filter(status=EnforcementBody.Status.ACTIVE, withdrawn_at__isnull=True,
                                          agency__is_active=True)


def published_certificates(day):
    """The certificates valid on ``day`` of the officers of the published bodies (one row per certificate)."""
    return Certificate.objects.filter(
        valid_on_q(day), officer__withdrawn_at__isnull=True, officer__body__in=published_bodies(),
    )


def public_index(request):
    """The agencies that publish enforcement bodies, with how many bodies and officers who may enforce."""
    today = timezone.localdate()
    bodies = dict(published_bodies().values("agency_id").annotate(n=Count("pk")).order_by()
                  .values_list("agency_id", "n"))
    officers = dict(published_certificates(today).values("agency_id")
                    .annotate(n=Count("officer_id", distinct=True)).order_by().values_list("agency_id", "n"))
    agencies = list(Agency.objects.filter(pk__in=bodies).select_related("region").order_by("region__path", "name"))
    rows = [{"agency": a, "bodies": bodies.get(a.pk, 0), "officers": officers.get(a.pk, 0)} for a in agencies]
    return render(request, "enforcement/public_index.html", {"rows": rows, "today": today})


def public_agency(request, agency: str):
    """One agency's enforcement bodies and the officers who may enforce today."""
    today = timezone.localdate()
    found = Agency.objects.filter(code=agency, is_active=True).select_related("region").first()
    if found is None:
        raise Http404
    bodies = list(published_bodies().filter(agency=found).select_related("entrusted_by").order_by("name", "pk"))
    if not bodies:
        raise Http404
    certificates = (published_certificates(today).filter(agency=found)
                    .select_related("officer__body").order_by("officer__body__name", "officer__name", "number"))
    rows = [{"name": c.officer.name, "number": c.number, "body": c.officer.body.name, "area": c.area,
             "category": c.domain} for c in certificates]
    return render(request, "enforcement/public_agency.html", {
        "agency": found, "bodies": bodies, "rows": rows, "today": today,
        "officers": len({c.officer_id for c in certificates}),
    })
