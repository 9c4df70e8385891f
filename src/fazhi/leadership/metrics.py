"""What the leadership ledger contributes to the metric catalog (``computed_by`` keys leadership.*).

A record counts for the body whose leaders it concerns (its ``agency``) in the year it took place: a meeting or a
study session in the year it was held, a 述法 in the year it reports on. A government's figures also take the records
of its region's Party committee and rule-of-law office, which speak for the region with it (the roll-up's ``own``
figures) and file no form of their own: the county's 常委会 meetings are on the county government's form. Withdrawn
records never count. Each computation is one grouped query (and one to find the region's bodies).

- meetings of the standing committee that studied the rule of law (``leadership.standing_committee_on_law``,
  党委常委会会议研究法治建设), of the executive meeting (``leadership.executive_on_law``, 常务会议研究法治工作), every meeting
  of the rule-of-law committee (``leadership.law_committee``), special meetings on law at which the leaders heard a
  briefing (``leadership.briefings``, 专题听取法治建设工作汇报), and every meeting on law (``leadership.meetings_on_law``);
- study sessions by kind: the central study group (``leadership.central_group``), study before a meeting
  (``leadership.pre_meeting``), rule-of-law lectures (``leadership.lectures``), and all (``leadership.study``);
- 述法 given on the year (``leadership.shufa``, one per leader's post).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from fazhi.leadership.models import LawReport, Meeting, StudySession
from fazhi.metrics import registry
from fazhi.org.models import Agency

M = Meeting.Kind
#: The bodies that speak for a region with its government and file no form (``collection.rollup``).
SPEAKERS = (Agency.Kind.PARTY_COMMITTEE, Agency.Kind.RULE_OF_LAW_OFFICE)
S = StudySession.Kind


def counted_for(agency_ids) -> dict[int, int]:
    """{agency whose records count: agency asked}: each agency asked, and for a government the Party committee and the
    rule-of-law office of its region, unless they are asked themselves."""
    ids = list(agency_ids)
    mapping = {pk: pk for pk in ids}
    governments = dict(Agency.objects.filter(pk__in=ids, kind=Agency.Kind.GOVERNMENT).values_list("region_id", "pk"))
    if governments:
        for pk, region_id in (Agency.objects.filter(region_id__in=governments, kind__in=SPEAKERS)
                              .exclude(pk__in=ids).values_list("pk", "region_id")):
            mapping[pk] = governments[region_id]
    return mapping


def _grouped(model, agency_ids, where: Q) -> dict[int, int]:
    mapping = counted_for(agency_ids)
    rows = (model.objects.filter(where, agency_id__in=mapping, withdrawn_at__isnull=True)
            .values("agency_id").annotate(n=Count("pk")).order_by())
    found: dict[int, int] = {}
    for row in rows:
        asked = mapping[row["agency_id"]]
        found[asked] = found.get(asked, 0) + row["n"]
    return found


def _meetings(agency_ids, year, where: Q):
    return _grouped(Meeting, agency_ids, where & Q(held_on__year=year))


def _study(agency_ids, year, where: Q):
    return _grouped(StudySession, agency_ids, where & Q(held_on__year=year))


def standing_committee_on_law(agency_ids, year):
    """Standing committee meetings held in ``year`` that studied the rule of law (党委常委会会议研究法治建设)."""
    return _meetings(agency_ids, year, Q(kind=M.STANDING_COMMITTEE, on_law=True))


def executive_on_law(agency_ids, year):
    """Executive meetings held in ``year`` that studied the rule of law (常务会议研究法治工作)."""
    return _meetings(agency_ids, year, Q(kind=M.EXECUTIVE, on_law=True))


def law_committee(agency_ids, year):
    """Meetings of the rule-of-law committee held in ``year`` (依法治县委员会会议)."""
    return _meetings(agency_ids, year, Q(kind=M.LAW_COMMITTEE))


def briefings(agency_ids, year):
    """Special meetings on the rule of law held in ``year``: the principal leaders heard a briefing on it."""
    return _meetings(agency_ids, year, Q(kind=M.SPECIAL, on_law=True))


def meetings_on_law(agency_ids, year):
    """Every meeting held in ``year`` that studied the rule of law."""
    return _meetings(agency_ids, year, Q(on_law=True))


def central_group(agency_ids, year):
    """Sessions of the central study group on law held in ``year`` (中心组学法)."""
    return _study(agency_ids, year, Q(kind=S.CENTRAL_GROUP))


def pre_meeting(agency_ids, year):
    """Studies of law before a meeting held in ``year`` (会前学法)."""
    return _study(agency_ids, year, Q(kind=S.PRE_MEETING))


def lectures(agency_ids, year):
    """Rule-of-law lectures for the leaders held in ``year`` (法治讲座)."""
    return _study(agency_ids, year, Q(kind=S.LECTURE))


def study(agency_ids, year):
    """Every study session held in ``year``."""
    return _study(agency_ids, year, Q())


def shufa(agency_ids, year):
    """Principal leaders who gave their 述法 on ``year``."""
    return _grouped(LawReport, agency_ids, Q(year=year))


def _url(name: str):
    def records_url(agency, year) -> str:
        try:
            return f"{reverse(name)}?agency={agency.code}&year={year}"
        except NoReverseMatch:
            return ""

    return records_url


COMPUTATIONS = {
    "leadership.standing_committee_on_law": (standing_committee_on_law, "leadership_meetings:list"),
    "leadership.executive_on_law": (executive_on_law, "leadership_meetings:list"),
    "leadership.law_committee": (law_committee, "leadership_meetings:list"),
    "leadership.briefings": (briefings, "leadership_meetings:list"),
    "leadership.meetings_on_law": (meetings_on_law, "leadership_meetings:list"),
    "leadership.central_group": (central_group, "leadership_study:list"),
    "leadership.pre_meeting": (pre_meeting, "leadership_study:list"),
    "leadership.lectures": (lectures, "leadership_study:list"),
    "leadership.study": (study, "leadership_study:list"),
    "leadership.shufa": (shufa, "leadership_shufa:list"),
}
#: The catalog metric each computation fills (its ``computed_by``). Not mapped: ``leadership_assessment_indicators``
#: and ``leadership_demonstration_sites`` are not records of this ledger. ``leaders_shufa`` counts the 述法 of the
#: year reported on, listed by the year the 述法 was given (``reported_on``).
METRICS = {
    "leadership_party_committee_meetings": "leadership.standing_committee_on_law",
    "leadership_meetings_on_law": "leadership.executive_on_law",
    "leadership_committee_meetings": "leadership.law_committee",
    "leadership_reports_heard": "leadership.briefings",
    "leadership_study_sessions": "leadership.central_group",
    "leadership_pre_meeting_study": "leadership.pre_meeting",
    "education_leader_lectures": "leadership.lectures",
    "leaders_shufa": "leadership.shufa",
}


def register_all() -> None:
    for key, (func, url_name) in COMPUTATIONS.items():
        registry.register(key, func, records_url=_url(url_name))
