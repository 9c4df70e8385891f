"""The ledgers whose records a body gives as evidence of an indicator, and the records it may give.

A source is a kind of ledger record (the ledgers declared on the generic pages, and the documents, decisions and
penalty cases kept on pages of their own): its model, the field that names a record, the date that places it in a
year and the page that shows it. An indicator names its source (``Indicator.ledger``), or its metric does (the
ledger that computes it, ``Metric.computed_by``); the body's records of that source in the year assessed are the
suggestions on the indicator's page. A record is given only by the body that owns it, and only by someone who may
read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The self-assessments themselves are never evidence of one.
NOT_SOURCES = {"self_assessments"}


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    model: str
    title_field: str
    date_field: str
    url_name: str

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def url(self, pk: int) -> str:
        try:
            return reverse(self.url_name, args=[pk])
        except NoReverseMatch:
            return ""


#: Ledgers kept on pages of their own rather than the generic ones.
OWN_PAGES = (
    Source("normative", _("Normative documents"), "normative.Document", "title", "created_at", "normative:detail"),
    Source("decisions", _("Major decisions"), "decisions.Decision", "title", "created_at", "decisions:detail"),
    Source("penalties", _("Penalty cases"), "penalties.Case", "title", "opened_on", "penalties:case_detail"),
)


@cache
def sources() -> dict[str, Source]:
    """Every source by key."""
    from fazhi.ledgers.pages import declared

    found = {source.key: source for source in OWN_PAGES}
    for pages in declared():
        if pages.key in NOT_SOURCES:
            continue
        found[pages.key] = Source(pages.key, pages.label or pages.model_class._meta.verbose_name_plural,
                                  pages.model, pages.title_field, pages.year_field or "created_at",
                                  f"{pages.ns}:detail")
    return found


def source_of(indicator) -> Source | None:
    """The source an indicator names, else the one that computes its metric."""
    found = sources()
    if indicator.ledger in found:
        return found[indicator.ledger]
    if indicator.metric_code:
        from fazhi.metrics.models import Metric

        computed_by = Metric.objects.filter(code=indicator.metric_code).values_list("computed_by", flat=True).first()
        key = (computed_by or "").split(".", 1)[0]
        if key in found:
            return found[key]
    return None


def records(source: Source, assessment, user, *, q: str = "", limit: int = 8) -> list:
    """The body's records of ``source`` in the year assessed that ``user`` may read (matching ``q``), newest first."""
    from fazhi.org.scope import scope_for

    model = source.model_class
    qs = scope_for(user).visible(model.objects.filter(agency_id=assessment.agency_id, withdrawn_at__isnull=True),
                                 model.scope_field)
    qs = qs.filter(**{f"{source.date_field}__year": assessment.year})
    if q:
        qs = qs.filter(**{f"{source.title_field}__icontains": q})
    return list(qs.order_by("-pk")[:limit])


def title_of(source: Source, record) -> str:
    return str(getattr(record, source.title_field, "") or record)[:300]


def any_records(assessment, user, *, limit: int = 8) -> list[tuple[Source, object]]:
    """The body's records of the year assessed across the sources, a couple of each (for an indicator that names no
    ledger), newest first within each."""
    found = []
    for source in sources().values():
        found += [(source, record) for record in records(source, assessment, user, limit=2)]
        if len(found) >= limit:
            break
    return found[:limit]
