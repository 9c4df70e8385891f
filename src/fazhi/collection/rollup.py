"""Roll the collected figures up the region tree by the catalog's rules.

Counts and amounts are summed (``SUM``) or their largest taken (``MAX``); a body's own figure (``OWN``: its
own meetings, study sessions, villages) is the figure of the bodies speaking for the region itself (its
government, party committee, rule-of-law office or township) and is never summed over the bodies below; a
rate (``RATIO``) is recomputed at every level from its summed numerator and denominator, never averaged; a
metric aggregated ``NONE`` is reported per body only. The totals of a whole tree come from one grouped
query, then are added up the materialised region paths in Python (depth ≤ 4), which keeps a province of
1,500 townships well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, Sum

from fazhi.collection.models import Submission, Value
from fazhi.metrics.models import Metric

__all__ = [
    "COUNTED", "Contribution", "agencies_values", "agency_values", "contributions", "figures_for", "may_drill", "may_view", "own_totals", "rate",
    "readable_regions", "region_totals", "speaks_for_region", "tree_totals",
]

#: Submissions whose figures count in totals.
COUNTED = (Submission.Status.ACCEPTED,)
HUNDRED = Decimal(100)


def readable_regions(scope) -> Q | None:
    """Return the regions whose whole subtree the person may read (so their totals reveal nothing hidden).

    None when there is none: a clerk reads only an agency, never a region's totals.
    """
    if scope.is_admin:
        return Q()
    q = Q(pk__in=[])
    for path in scope.read_subtrees:
        q |= Q(path__startswith=path)
    for path in scope.read_below:
        q |= Q(path__startswith=path) & ~Q(path=path)
    return q if (scope.read_subtrees or scope.read_below) else None


def may_view(user) -> bool:
    """Whether the person may open the roll-up at all (the navigation offers it only then)."""
    from fazhi.org.scope import scope_for

    return readable_regions(scope_for(user)) is not None


def may_drill(user, region) -> bool:
    """Whether the person may open the drill-down of ``region``'s figures (who contributed what)."""
    from fazhi.org.models import Region
    from fazhi.org.scope import scope_for

    q = readable_regions(scope_for(user))
    return q is not None and Region.objects.filter(q, pk=region.pk).exists()


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """Return numerator / denominator in per cent, to two decimals; None when the denominator is 0 or missing."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _ratio_metrics(year: int) -> list[tuple[str, str, str]]:
    return list(
        Metric.objects.for_year(year).filter(aggregation=Metric.Aggregation.RATIO)
        .values_list("code", "numerator__code", "denominator__code")
    )


def _complete(totals: dict[str, Decimal | None], ratios) -> dict[str, Decimal | None]:
    for code, numerator, denominator in ratios:
        totals[code] = rate(totals.get(numerator), totals.get(denominator))
    return totals


def _base(year: int, statuses):
    return Value.objects.filter(
        submission__year=year, submission__status__in=statuses, submission__withdrawn_at__isnull=True,
        value__isnull=False,
    ).exclude(metric__aggregation=Metric.Aggregation.RATIO)


A = Metric.Aggregation


def _body_kinds():
    from fazhi.org.models import Agency

    #: The agencies that speak for their region: an ``OWN`` figure of a region is theirs.
    return (Agency.Kind.GOVERNMENT, Agency.Kind.PARTY_COMMITTEE, Agency.Kind.RULE_OF_LAW_OFFICE, Agency.Kind.TOWNSHIP)


def _own_rows(year: int, root, statuses):
    """One grouped query: each region's figures from the agencies sitting in it, by the metric's aggregation.

    ``SUM`` and ``MAX`` over all its agencies; ``OWN`` over the bodies speaking for the region only.
    Rows are (region path, metric code, aggregation, figure); a region with no figure has no row.
    """
    values = _base(year, statuses).exclude(metric__aggregation=A.NONE)
    values = values.filter(submission__agency__region__path__startswith=root.path)
    rows = (
        values.values_list("submission__agency__region__path", "metric__code", "metric__aggregation")
        .annotate(total=Sum("value"), largest=Max("value"),
                  own=Sum("value", filter=Q(submission__agency__kind__in=_body_kinds())))
        .order_by()
    )
    found = []
    for path, code, aggregation, total, largest, own in rows:
        figure = {A.MAX: largest, A.OWN: own}.get(aggregation, total)
        if figure is not None:
            found.append((path, code, aggregation, figure))
    return found


def _add(totals: dict, code: str, aggregation: str, value: Decimal) -> None:
    if aggregation == A.MAX:
        totals[code] = max(totals.get(code, value), value)
    else:
        totals[code] = totals.get(code, Decimal(0)) + value


def tree_totals(year: int, root, *, statuses=COUNTED) -> dict[str, dict[str, Decimal | None]]:
    """Return ``{region path: {metric code: total}}`` for ``root`` and every region below it.

    Each region's totals include every region below it. Regions without any counted figure are absent.
    Metrics aggregated ``NONE`` are left out. One grouped query, then sums up the materialised paths.
    """
    totals: dict[str, dict[str, Decimal]] = defaultdict(dict)
    root_depth = root.path.count("/") - 1
    for path, code, aggregation, total in _own_rows(year, root, statuses):
        if aggregation == A.OWN:  # the region's own bodies' figure, not carried up
            _add(totals[path], code, aggregation, total)
            continue
        parts = path.strip("/").split("/")
        for depth in range(root_depth, len(parts) + 1):
            _add(totals["/" + "/".join(parts[:depth]) + "/"], code, aggregation, total)
    ratios = _ratio_metrics(year)
    return {path: _complete(dict(values), ratios) for path, values in totals.items()}


def own_totals(year: int, root, *, statuses=COUNTED) -> dict[str, dict[str, Decimal | None]]:
    """Return ``{region path: {metric code: total}}`` of the agencies sitting in each region itself.

    A county's own totals are its county-level departments' (本级), without the townships below.
    """
    totals: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for path, code, aggregation, total in _own_rows(year, root, statuses):
        _add(totals[path], code, aggregation, total)
    ratios = _ratio_metrics(year)
    return {path: _complete(dict(values), ratios) for path, values in totals.items()}


def region_totals(year: int, region, *, statuses=COUNTED) -> dict[str, Decimal | None]:
    """Return ``{metric code: total}`` over every counted submission in ``region`` and below.

    An ``OWN`` figure is that of the bodies speaking for ``region`` itself, never of the regions below.
    """
    totals: dict[str, Decimal] = {}
    for path, code, aggregation, total in _own_rows(year, region, statuses):
        if aggregation != A.OWN or path == region.path:  # an OWN figure from the region's own row only
            _add(totals, code, aggregation, total)
    return _complete(totals, _ratio_metrics(year))


def agency_values(year: int, agency, *, statuses=COUNTED) -> dict[str, Decimal | None]:
    """Return ``{metric code: value}`` of one agency's own submission for the year (rates recomputed)."""
    rows = _base(year, statuses).filter(submission__agency=agency).values_list("metric__code", "value")
    return _complete(dict(rows), _ratio_metrics(year))


def agencies_values(year: int, agency_ids, *, statuses=COUNTED) -> dict[int, dict[str, Decimal | None]]:
    """Return ``{agency id: {metric code: value}}`` of many agencies' own submissions for the year, as
    :func:`agency_values` gives each (rates recomputed), in two queries; an agency with no figure is absent."""
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = _base(year, statuses).filter(submission__agency_id__in=list(agency_ids)).values_list(
        "submission__agency_id", "metric__code", "value")
    for agency_id, code, value in rows:
        found[agency_id][code] = value
    ratios = _ratio_metrics(year)
    return {agency_id: _complete(values, ratios) for agency_id, values in found.items()}


def contributor_counts(year: int, region, *, statuses=COUNTED) -> dict[str, int]:
    """Return, by metric, how many bodies of ``region``'s tree gave a figure for ``year``: what a total adds up."""
    rows = (_base(year, statuses).filter(submission__agency__region__path__startswith=region.path)
            .values("metric__code").annotate(n=Count("submission", distinct=True)).order_by())
    return {row["metric__code"]: row["n"] for row in rows}


def speaks_for_region(agency) -> bool:
    """True for the bodies whose report speaks for their whole region: government, party committee, rule-of-law
    office, township."""
    return agency.kind in _body_kinds()


def figures_for(agency, year: int, *, statuses=COUNTED) -> dict[str, Decimal | None]:
    """Return the figures a reporting body states: a government's are its region's totals; others their own."""
    if speaks_for_region(agency):
        return region_totals(year, agency.region, statuses=statuses)
    return agency_values(year, agency, statuses=statuses)


@dataclass(frozen=True)
class Contribution:
    agency_id: int
    agency: str
    region: str
    submission_id: int
    status: str
    value: Decimal | None
    numerator: Decimal | None = None  # for a rate: its parts as this agency reported them
    denominator: Decimal | None = None
    agency_code: str = ""

    @property
    def counted(self) -> bool:
        return self.status in COUNTED


def contributions(year: int, region, metric_code: str, *, statuses=COUNTED, own_only: bool = False
                  ) -> list[Contribution]:
    """Return who contributed what to ``metric_code`` in ``region`` and below, largest first (drill-down).

    ``own_only``: only the agencies sitting in ``region`` itself (本级), not those of the regions below. An
    ``OWN`` metric lists only the bodies speaking for ``region``, whose figures make its total.
    """
    metric = Metric.objects.select_related("numerator", "denominator").get(code=metric_code)
    codes = [metric.numerator.code, metric.denominator.code] if metric.is_derived else [metric.code]
    rows = Value.objects.filter(
        submission__year=year, submission__status__in=statuses, submission__withdrawn_at__isnull=True,
        metric__code__in=codes,
    )
    if metric.aggregation == A.OWN:  # the region's figure is its own bodies': they are its only contributors
        rows = rows.filter(submission__agency__region=region, submission__agency__kind__in=_body_kinds())
    elif own_only:
        rows = rows.filter(submission__agency__region=region)
    else:
        rows = rows.filter(submission__agency__region__path__startswith=region.path)
    rows = rows.values_list(
        "submission_id", "submission__agency_id", "submission__agency__name", "submission__agency__code",
        "submission__agency__region__name", "submission__status", "metric__code", "value",
    )
    by_submission: dict[int, dict] = {}
    for submission_id, agency_id, agency, agency_code, region_name, status, code, value in rows:
        entry = by_submission.setdefault(submission_id, {
            "agency_id": agency_id, "agency": agency, "agency_code": agency_code, "region": region_name,
            "status": status, "values": {},
        })
        entry["values"][code] = value
    found = []
    for submission_id, entry in by_submission.items():
        values = entry.pop("values")
        if metric.is_derived:
            numerator, denominator = values.get(codes[0]), values.get(codes[1])
            found.append(Contribution(submission_id=submission_id, value=rate(numerator, denominator),
                                      numerator=numerator, denominator=denominator, **entry))
        else:
            found.append(Contribution(submission_id=submission_id, value=values.get(metric.code), **entry))
    return sorted(found, key=lambda c: (c.value is None, -(c.value or 0), c.agency))


def submission_counts(round_) -> dict[str, int]:
    """Return how many submissions of a round are in each status."""
    return dict(round_.submissions.filter(withdrawn_at__isnull=True).values_list("status").annotate(n=Count("pk")))
