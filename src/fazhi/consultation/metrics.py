"""Counts other apps' metrics read from consultations (e.g. decisions.consultations, comments_received,
comments_adopted): grouped queries by drafting agency, for a year (by the day the consultation opened)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from fazhi.consultation.models import Comment, Consultation

__all__ = ["comments_adopted", "comments_received", "consultations_held"]

_HELD = [Consultation.Status.OPEN, Consultation.Status.CLOSED, Consultation.Status.CONCLUDED]


def _base(agency_ids: Iterable[int], year: int, kinds: Iterable[str] | None):
    qs = Consultation.objects.filter(agency_id__in=list(agency_ids), opens_on__year=year, withdrawn_at__isnull=True,
                                     status__in=_HELD)
    return qs.filter(kind__in=list(kinds)) if kinds else qs


def consultations_held(agency_ids, year: int, *, kinds=None) -> dict[int, int]:
    """Return ``{agency id: consultations opened in year}``."""
    rows = _base(agency_ids, year, kinds).values("agency_id").annotate(n=Count("pk"))
    return {row["agency_id"]: row["n"] for row in rows}


def comments_received(agency_ids, year: int, *, kinds=None) -> dict[int, int]:
    """Return ``{agency id: comments received (published or not, spam hidden excluded)}``."""
    rows = (
        _base(agency_ids, year, kinds)
        .values("agency_id")
        .annotate(n=Count("comments", filter=~Q(comments__status=Comment.Status.HIDDEN)))
    )
    return {row["agency_id"]: row["n"] for row in rows}


def comments_adopted(agency_ids, year: int, *, kinds=None) -> dict[int, int]:
    """Return ``{agency id: comments adopted fully or partly}``."""
    rows = (
        _base(agency_ids, year, kinds)
        .values("agency_id")
        .annotate(n=Count("comments", filter=Q(comments__adoption__in=[Comment.Adoption.ADOPTED,
                                                                       Comment.Adoption.PARTLY])))
    )
    return {row["agency_id"]: row["n"] for row in rows}
