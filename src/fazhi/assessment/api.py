"""The assessment ledger's JSON API: the rectification items and the self-assessments from their declarations
(``/assessment/records…``, ``/self_assessments/records…``), and beside them the indicator systems where the caller
works, a self-assessment's indicators (the office's scores only once the result is published to the body, or to the
office) and the ranking of a region's bodies as the caller may see it."""

from decimal import Decimal

from django.http import Http404
from ninja import Schema

from fazhi.api.refusals import RefusalOut
from fazhi.api.types import Code, Id, Year
from fazhi.assessment.ledger import MORE_PAGES, PAGES
from fazhi.ledgers.api import router_for

router = router_for(PAGES)
for _pages in MORE_PAGES:
    router_for(_pages, router)


class IndicatorOut(Schema):
    key: str
    level: int
    number: str
    title: str
    points: Decimal | None = None
    guidance: str = ""
    metric_code: str = ""
    ledger: str = ""
    parent_key: str | None = None

    @staticmethod
    def resolve_parent_key(obj):
        return obj.parent.key if obj.parent_id else None


class IndicatorSystemOut(Schema):
    id: int
    code: str
    family: str
    name: str
    edition_year: int
    kind: str
    issued_by: str
    has_points: bool
    total_points: Decimal | None = None
    is_draft: bool
    note: str


class IndicatorSystemTreeOut(IndicatorSystemOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.select_related("parent").order_by("position"))


class EntryOut(Schema):
    indicator_key: str
    number: str
    title: str
    points: Decimal | None = None
    claimed_result: str
    claimed_score: Decimal | None = None
    explanation: str
    evidence_links: int
    office_result: str | None = None
    office_score: Decimal | None = None
    office_comment: str | None = None


class RankingRowOut(Schema):
    rank: int | None = None
    agency_name: str
    status: str | None = None
    score: Decimal | None = None
    caveats: list[str]


@router.get("/assessment/systems", response=list[IndicatorSystemOut], summary="assessment: the indicator systems")
def list_systems(request):
    from fazhi.assessment.scoring import systems_for

    return list(systems_for(request.user))


@router.get("/assessment/systems/{system_id}", response=IndicatorSystemTreeOut,
            summary="assessment: an indicator system with its tree")
def get_system(request, system_id: Id):
    from fazhi.assessment.scoring import systems_for

    system = systems_for(request.user).filter(pk=system_id).first()
    if system is None:
        raise Http404
    return system


@router.get("/self_assessments/records/{record_id}/entries", response=list[EntryOut],
            summary="self_assessments: the indicators of a self-assessment")
def list_entries(request, record_id: Id):
    from django.db.models import Count

    from fazhi.assessment.models import SelfAssessment
    from fazhi.assessment.scoring import scores_visible
    from fazhi.org.scope import get_visible_or_404

    record = get_visible_or_404(request.user, SelfAssessment.objects.filter(withdrawn_at__isnull=True)
                                .select_related("agency"), pk=record_id)
    visible = scores_visible(request.user, record)
    out = []
    for entry in record.entries.select_related("indicator").annotate(n=Count("links")).order_by(
            "indicator__position"):
        indicator = entry.indicator
        out.append({"indicator_key": indicator.key, "number": indicator.number, "title": indicator.title,
                    "points": indicator.points, "claimed_result": entry.claimed_result,
                    "claimed_score": entry.claimed_score, "explanation": entry.explanation,
                    "evidence_links": entry.n,
                    "office_result": entry.office_result if visible else None,
                    "office_score": entry.office_score if visible else None,
                    "office_comment": entry.office_comment if visible else None})
    return out


@router.get("/assessment/ranking", response={200: list[RankingRowOut], 404: RefusalOut},
            summary="assessment: the ranking of a region's bodies as the caller may see it")
def get_ranking(request, system: Id, year: Year, region: Code, bodies: Code = "all"):
    from fazhi.assessment.models import RankingPublication
    from fazhi.assessment.ranking import ranking_rows
    from fazhi.assessment.scoring import office_region_of, systems_for
    from fazhi.assessment.system_views import region_choices

    found = systems_for(request.user).filter(pk=system).first()
    place = next((r for r in region_choices(request.user) if r.code == region), None)
    if found is None or place is None or bodies not in RankingPublication.Bodies.values:
        raise Http404
    rows = ranking_rows(request.user, place, found, year, bodies,
                        as_office=office_region_of(request.user, place) is not None)
    return [{"rank": row.rank, "agency_name": row.agency_name, "status": row.status, "score": row.score,
             "caveats": row.caveat_texts()} for row in rows]
