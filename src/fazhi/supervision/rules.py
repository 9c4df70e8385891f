"""The status of a body in the register of reporting bodies, from its dates and today.

Deadlines (settings, because parts of the rule are UNCONFIRMED; ``fazhi.reports.rules``):

- filing with the addressees by 3月1日 of the next year (``FAZHI_REPORT_FILING_DAY``; the province's annual-report
  guideline restating 厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》, legal-rules.md §1.2); a
  法治政府建设示范 place by the end of January (``FAZHI_REPORT_DEMONSTRATION_DAY``, §1.2, partly UNCONFIRMED);
- publication before 4月1日 (``FAZHI_REPORT_PUBLICATION_DAY``; 督察规定 第24条, legal-rules.md §1.4).

A status, worst first:

- ``missing``: a deadline has passed and what it asks for is not there (nothing filed or published by the filing
  day; not published by the publication day);
- ``late``: a date recorded after its deadline (filed late, or published late);
- ``published``: published on time (and filed on time, or its filing not recorded);
- ``filed``: filed on time, the publication day not passed yet;
- ``not_yet``: nothing yet, the filing day not passed.

``status_of`` is the rule; ``annotate_status`` says the same in SQL, so that a province's register filters, counts
and sorts by status in the database (the tests hold the two to the same worked dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from fazhi.reports import rules as report_rules

SOURCE = report_rules.SOURCE

NOT_YET, FILED, PUBLISHED, LATE, MISSING = "not_yet", "filed", "published", "late", "missing"
STATUSES = (
    (NOT_YET, _("not yet due")),
    (FILED, _("filed")),
    (PUBLISHED, _("published")),
    (LATE, _("late")),
    (MISSING, _("missing")),
)
LABELS = dict(STATUSES)
#: What a reminder is for.
REMINDABLE = (MISSING, LATE)


@dataclass(frozen=True)
class Deadlines:
    filing: date
    publication: date


def deadlines(year: int, *, demonstration: bool = False) -> Deadlines:
    """Return the filing and publication deadlines of the report on ``year``."""
    return Deadlines(report_rules.filing_deadline(year, demonstration=demonstration).due,
                     report_rules.publication_deadline(year).due)


def status_of(*, filed_on: date | None, published_on: date | None, due: Deadlines, today: date) -> str:
    """Return the status of a body whose report was filed on ``filed_on`` and published on ``published_on``."""
    if (filed_on is None and published_on is None and today > due.filing) or (
        published_on is None and today > due.publication
    ):
        return MISSING
    if (filed_on is not None and filed_on > due.filing) or (published_on is not None and published_on > due.publication):
        return LATE
    if published_on is not None:
        return PUBLISHED
    if filed_on is not None:
        return FILED
    return NOT_YET


def annotate_status(qs, year: int, today: date):
    """Annotate ``qs`` (bodies of ``year``) with ``eff_filed``, ``eff_published`` (the fazhi report's dates when
    the body has one, else its own) and ``status``, the rule of ``status_of`` in SQL."""
    plain, demo = deadlines(year), deadlines(year, demonstration=True)
    qs = qs.annotate(
        eff_filed=Coalesce(F("report__submitted_on"), F("filed_on"), output_field=DateField()),
        eff_published=Coalesce(F("report__published_on"), F("published_on"), output_field=DateField()),
    )
    filing_passed = Q(demonstration=True) if today > demo.filing else Q(pk__in=[])
    if today > plain.filing:
        filing_passed = Q()
    filed_late = Q(eff_filed__isnull=False) & (
        Q(demonstration=False, eff_filed__gt=plain.filing) | Q(demonstration=True, eff_filed__gt=demo.filing)
    )
    missing = Q(eff_filed__isnull=True, eff_published__isnull=True) & filing_passed
    if today > plain.publication:
        missing |= Q(eff_published__isnull=True)
    return qs.annotate(status=Case(
        When(missing, then=Value(MISSING)),
        When(filed_late | Q(eff_published__gt=plain.publication), then=Value(LATE)),
        When(eff_published__isnull=False, then=Value(PUBLISHED)),
        When(eff_filed__isnull=False, then=Value(FILED)),
        default=Value(NOT_YET),
        output_field=CharField(),
    ))


def status_counts(qs) -> dict[str, int]:
    """The bodies of ``qs`` (annotated by ``annotate_status``) in each status, and ``total``, in one query."""
    return qs.aggregate(total=Count("pk"), **{code: Count("pk", filter=Q(status=code)) for code, _l in STATUSES})


def reporting_year(today: date) -> int:
    """The year whose reports a supervisor is chasing: the reports on a year are due in the next one."""
    return today.year - 1
