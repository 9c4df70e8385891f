"""The scores of self-assessments and the ranking of a region's bodies on one system and year, with the caveats
shown next to each rank.

A body's score is the office's: in a system with points, the points the office gave over the points of the
indicators that apply to the body, scaled to the system's total (an indicator not applicable takes its points out
of both, so a body is not ranked down for a duty it does not have); in a system without points (the demonstration
system, whose scoring method is not published, legal-rules §9.2), the share of the indicators that apply which the
office found met, one partly met counting half, out of 100 — a measure of this platform, not the expert group's.
An indicator the office left unscored counts as none. Bodies with equal scores share a rank (1, 2, 2, 4).

The caveats: no self-assessment, one not yet scored or not yet published to the viewer, indicators not applicable
(and what the score was scaled from), indicators unscored, a submission after the day it was due, and ties. They are
kept as codes with their figures (``Caveat``), so that a ranking published in one language reads in another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.assessment.models import IndicatorEntry, IndicatorSystem, RankingPublication, SelfAssessment
from fazhi.org.models import Agency

S = SelfAssessment.Status
R = IndicatorEntry.Result
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

#: The kinds of agency each choice of bodies ranks.
KINDS = {
    RankingPublication.Bodies.ALL: (Agency.Kind.GOVERNMENT, Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP),
    RankingPublication.Bodies.GOVERNMENT: (Agency.Kind.GOVERNMENT,),
    RankingPublication.Bodies.DEPARTMENT: (Agency.Kind.DEPARTMENT,),
    RankingPublication.Bodies.TOWNSHIP: (Agency.Kind.TOWNSHIP,),
}


@dataclass
class Caveat:
    code: str
    count: int = 0
    figures: dict = field(default_factory=dict)

    def text(self) -> str:
        f = {"count": self.count, **self.figures}
        if self.code == "none":
            return _("No self-assessment on this system for the year: not ranked.")
        if self.code == "draft":
            return _("Self-assessment still being drafted: not ranked.")
        if self.code == "submitted":
            return _("Submitted, not yet scored: not ranked.")
        if self.code == "unpublished":
            return _("Scored, the result not yet published: not ranked here.")
        if self.code == "not_applicable" and "total" in f:
            return ngettext(
                "%(count)d indicator not applicable: %(got)s of the %(applicable)s points that apply, scaled to "
                "%(total)s.",
                "%(count)d indicators not applicable: %(got)s of the %(applicable)s points that apply, scaled to "
                "%(total)s.", self.count) % f
        if self.code == "not_applicable":
            return ngettext("%(count)d indicator not applicable: the share met is of the %(applicable)s that apply.",
                            "%(count)d indicators not applicable: the share met is of the %(applicable)s that apply.",
                            self.count) % f
        if self.code == "unscored":
            return ngettext("%(count)d indicator not scored by the office, counted as none.",
                            "%(count)d indicators not scored by the office, counted as none.", self.count) % f
        if self.code == "late":
            return _("Submitted after the day it was due (%(due)s).") % f
        if self.code == "tie":
            return _("Tied with %(names)s.") % {"names": "、".join(f.get("names", []))}
        return self.code


@dataclass
class Row:
    """One body of a ranking: its self-assessment's figures, score, rank and caveats."""

    agency_id: int
    agency_name: str
    assessment_id: int | None = None
    status: str | None = None
    due_on: dt.date | None = None
    submitted_on: dt.date | None = None
    visible: bool = True  # whether the viewer sees its scores
    leaves: int = 0
    not_applicable: int = 0
    unscored: int = 0
    applicable: Decimal = Decimal(0)  # points (or indicators, without points) that apply
    office_total: Decimal = Decimal(0)
    met: int = 0
    partly: int = 0
    score: Decimal | None = None
    rank: int | None = None
    caveats: list[Caveat] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(S(self.status).label) if self.status else ""

    @property
    def late(self) -> bool:
        return bool(self.submitted_on and self.due_on and self.submitted_on > self.due_on)

    def caveat_texts(self) -> list[str]:
        return [caveat.text() for caveat in self.caveats]


def score_of(row: Row, has_points: bool, total: Decimal | None) -> Decimal | None:
    """The row's score: none unless scored and visible; see the module's docstring for the method."""
    if row.status not in (S.SCORED, S.PUBLISHED) or not row.visible or row.applicable <= 0:
        return None
    if has_points:
        scale = total if total else row.applicable
        return (row.office_total * scale / row.applicable).quantize(CENT, ROUND_HALF_UP)
    met = Decimal(row.met) + Decimal(row.partly) / 2
    return (met * HUNDRED / row.applicable).quantize(CENT, ROUND_HALF_UP)


def rank(rows: list[Row], has_points: bool, total: Decimal | None) -> list[Row]:
    """Score and rank ``rows`` (highest first, ties sharing a rank), each with its caveats; the bodies without a
    score follow, in name order."""
    for row in rows:
        row.caveats = []
        row.score = score_of(row, has_points, total)
        row.rank = None
        if row.assessment_id is None:
            row.caveats.append(Caveat("none"))
            continue
        if row.status in (S.DRAFT, S.SUBMITTED):
            row.caveats.append(Caveat(row.status))
        elif not row.visible:
            row.caveats.append(Caveat("unpublished"))
        if row.score is not None:
            if row.not_applicable:
                figures = {"applicable": _number(row.applicable)}
                if has_points:
                    figures |= {"got": _number(row.office_total), "total": _number(total or row.applicable)}
                row.caveats.append(Caveat("not_applicable", row.not_applicable, figures))
            if row.unscored:
                row.caveats.append(Caveat("unscored", row.unscored))
        if row.late:
            row.caveats.append(Caveat("late", figures={"due": row.due_on.isoformat()}))
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.agency_name))
    for index, row in enumerate(scored):
        row.rank = index + 1 if index == 0 or row.score != scored[index - 1].score else scored[index - 1].rank
    for row in scored:
        tied = [other.agency_name for other in scored if other is not row and other.score == row.score]
        if tied:
            row.caveats.append(Caveat("tie", len(tied), {"names": tied}))
    rest = sorted((r for r in rows if r.score is None), key=lambda r: r.agency_name)
    return scored + rest


def _number(value) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(CENT)}"


def tallies(assessment_ids) -> dict[int, dict]:
    """The office's figures of each self-assessment, in one query over its entries."""
    na = Q(office_result=R.NOT_APPLICABLE) | (Q(office_result="") & Q(claimed_result=R.NOT_APPLICABLE))
    rows = IndicatorEntry.objects.filter(assessment_id__in=list(assessment_ids)).values("assessment_id").annotate(
        leaves=Count("pk"),
        not_applicable=Count("pk", filter=na),
        applicable_points=Sum("indicator__points", filter=~na),
        office_total=Sum("office_score", filter=~na),
        unscored_points=Count("pk", filter=~na & Q(office_score=None)),
        unscored_result=Count("pk", filter=~na & Q(office_result="")),
        met=Count("pk", filter=~na & Q(office_result=R.MET)),
        partly=Count("pk", filter=~na & Q(office_result=R.PARTLY)),
    ).order_by()
    return {row["assessment_id"]: row for row in rows}


def fill(row: Row, figures: dict | None, has_points: bool) -> Row:
    """Put an assessment's figures (``tallies``) on its row."""
    if not figures:
        return row
    row.leaves = figures["leaves"]
    row.not_applicable = figures["not_applicable"]
    row.met, row.partly = figures["met"], figures["partly"]
    row.office_total = figures["office_total"] or Decimal(0)
    if has_points:
        row.applicable = figures["applicable_points"] or Decimal(0)
        row.unscored = figures["unscored_points"]
    else:
        row.applicable = Decimal(figures["leaves"] - figures["not_applicable"])
        row.unscored = figures["unscored_result"]
    return row


def rows_for(assessments, user, *, as_office: bool = False) -> list[Row]:
    """A row for each self-assessment, its figures visible to ``user`` (or to the office: ``as_office``)."""
    from fazhi.assessment.scoring import scores_visible

    assessments = list(assessments)
    figures = tallies(a.pk for a in assessments if a.status in (S.SCORED, S.PUBLISHED))
    rows = []
    for a in assessments:
        row = Row(a.agency_id, a.agency.name, a.pk, a.status, a.due_on, a.submitted_on,
                  visible=as_office or scores_visible(user, a))
        rows.append(fill(row, figures.get(a.pk), a.system.has_points))
    return rows


def ranking_rows(user, region, system: IndicatorSystem, year: int, bodies: str, *, as_office: bool = False
                 ) -> list[Row]:
    """The ranking of ``region``'s bodies (of the kinds ``bodies`` names) that ``user`` may read, on ``system`` for
    ``year``: those without a self-assessment too."""
    from fazhi.org.scope import scope_for

    agencies = {a.pk: a for a in scope_for(user).agencies().filter(
        region__path__startswith=region.path, is_active=True, kind__in=KINDS.get(bodies, KINDS["all"]))}
    assessments = SelfAssessment.objects.filter(system=system, year=year, agency_id__in=list(agencies),
                                                withdrawn_at__isnull=True).select_related("agency", "system")
    rows = rows_for(assessments, user, as_office=as_office)
    seen = {row.agency_id for row in rows}
    rows += [Row(pk, agency.name) for pk, agency in agencies.items() if pk not in seen]
    return rank(rows, system.has_points, system.total_points)


def snapshot(rows: list[Row]) -> list[dict]:
    """The rows as the publication keeps them (JSON)."""
    out = []
    for row in rows:
        out.append({"rank": row.rank, "agency_id": row.agency_id, "agency": row.agency_name,
                    "score": str(row.score) if row.score is not None else None,
                    "office_total": str(row.office_total) if row.score is not None else None,
                    "applicable": str(row.applicable) if row.score is not None else None,
                    "caveats": [asdict(c) for c in row.caveats]})
    return out


def published_rows(publication: RankingPublication) -> list[dict]:
    """A published ranking's rows with their caveats in the reader's language."""
    return [{**row, "caveats": [Caveat(**c).text() for c in row.get("caveats", [])]} for row in publication.rows]
