"""The demo county's rule-of-law inspections and the rectification of their findings, through the actions.

The county's rule-of-law office records a year of inspections — a special inspection of enforcement, an on-the-spot
inspection of the townships, a written inspection of normative documents — and last year's comprehensive inspection;
the departments and townships rectify. Items in every state: just assigned, being rectified (one overdue, one extended),
closing requested, returned once and requested again, closed on time and closed late. Dates are counted back from
today. ``build_demo_assessment()`` is idempotent: it does nothing once the county has an item. Every name and number
is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from fazhi.assessment import actions
from fazhi.assessment.models import Rectification
from fazhi.org.models import Agency, User


@dataclass(frozen=True)
class Inspection:
    reference: str  # {year} is the year it started
    kind: str
    body: str
    inspected: str
    days_ago: int  # when it started; its findings are fed back 10 days later and assigned 3 days after
    article: str = "第十九条"


@dataclass(frozen=True)
class Plan:
    inspection: int  # index into INSPECTIONS
    agency: str
    category: str
    problem: str
    person: str
    state: str  # assigned, in_progress, overdue, extended, requested, returned, closed, closed_late
    period: int = 60  # days the office gives


INSPECTIONS = [
    Inspection("示法督〔{year}〕1号", "comprehensive", "示范县委依法治县办督察组", "示范县各部门", 420),
    Inspection("示法督〔{year}〕3号", "special", "示范县委依法治县办行政执法专项督察组", "示范县各行政执法部门", 200),
    Inspection("示法督〔{year}〕5号", "field", "示范县委依法治县办督察组", "示范县各乡镇", 120),
    Inspection("示法督〔{year}〕7号", "written", "示范县委依法治县办", "示范县各部门", 40),
]

PLANS = [
    Plan(0, "sfx-zrj", "normative", "部分行政规范性文件未按规定开展合法性审核", "陈副局长", "closed"),
    Plan(0, "sfx-rsj", "leadership", "主要负责人述法内容未覆盖年度法治工作重点", "马局长", "closed_late"),
    Plan(1, "sfx-scj", "enforcement", "行政处罚决定书说理不充分，自由裁量基准引用不规范", "王副局长", "closed"),
    Plan(1, "sfx-zfj", "enforcement", "执法全过程记录设备配备不足，音像记录归档不及时", "刘副局长", "overdue", 45),
    Plan(1, "sfx-jtj", "enforcement", "行政执法公示信息更新不及时", "周副局长", "returned"),
    Plan(1, "sfx-wjj", "enforcement", "重大执法决定法制审核目录未公开", "郑副局长", "extended", 45),
    Plan(2, "sfx-t03", "disputes", "村级人民调解委员会调解卷宗制作不规范", "西河乡党委副书记", "requested"),
    Plan(2, "sfx-t06", "functions", "便民服务事项办理时限未向群众公示", "青石镇副镇长", "in_progress", 150),
    Plan(3, "sfx-jyj", "normative", "规范性文件备案报送超过规定期限", "李副局长", "assigned"),
    Plan(3, "sfx-scj", "education", "“谁执法谁普法”责任清单未按年度更新", "王副局长", "assigned"),
]


def _evidence(name: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
           b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@transaction.atomic
def build_demo_assessment(today: dt.date | None = None) -> dict:
    """Create the demo county's inspections and rectification items if it has none; return counts."""
    today = today or timezone.localdate()
    counts = {"items": 0}
    if Rectification.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if by is None:
        return counts
    agencies = {a.code: a for a in Agency.objects.filter(code__in={plan.agency for plan in PLANS})}
    for plan in PLANS:
        if plan.agency in agencies:
            _walk(plan, agencies[plan.agency], by, today)
            counts["items"] += 1
    return counts


def _walk(plan: Plan, agency, by, today: dt.date) -> Rectification:
    """Record one finding and take its rectification to ``plan.state``; no date after today."""
    inspection = INSPECTIONS[plan.inspection]
    started = today - timedelta(days=inspection.days_ago)
    fed_back = started + timedelta(days=10)
    assigned = fed_back + timedelta(days=3)

    def on(days: int, start: dt.date = assigned) -> dt.date:
        return min(today, start + timedelta(days=days))

    item = actions.record_finding(
        agency=agency, by=by, inspection_reference=inspection.reference.format(year=started.year),
        inspection_kind=inspection.kind, inspecting_body=inspection.body, inspected=inspection.inspected,
        inspection_started_on=started, feedback_on=fed_back, basis_article=inspection.article,
        category=plan.category, description=plan.problem, responsible_person=plan.person, assigned_on=assigned,
        deadline_set=assigned + timedelta(days=plan.period))
    if plan.state == "assigned":
        return item
    item = actions.record_plan(item, by=by, plan_on=on(7), plan="制定整改方案，明确整改措施、责任人和完成时限，逐项销号。")
    actions.report_progress(item, by=by, reported_on=on(20), progress="已完成问题排查，正在逐项整改。",
                            attachment=_evidence("整改进展情况.pdf"))
    item.refresh_from_db()
    if plan.state in ("in_progress", "overdue"):
        return item
    if plan.state == "extended":
        return actions.extend_deadline(item, by=by, extended_on=min(today, item.deadline),
                                       extended_until=item.deadline + timedelta(days=200),
                                       extension_reason="涉及执法信息系统改造，需协调上级部门。")
    late = plan.state == "closed_late"
    requested_on = item.deadline + timedelta(days=10) if late else on(40)
    requested_on = min(today, requested_on)
    item = actions.request_closing(item, by=by, requested_on=requested_on, closing_summary="问题已整改到位，建立长效机制。",
                                   evidence=_evidence("整改佐证材料.pdf"))
    if plan.state == "requested":
        return item
    if plan.state == "returned":
        item = actions.return_item(item, by=by, returned_on=on(3, requested_on),
                                   return_reason="佐证材料不完整，缺少公示截图。")
        return actions.request_closing(item, by=by, requested_on=on(10, requested_on),
                                       closing_summary="已补充公示截图。", evidence=_evidence("公示截图.pdf"))
    return actions.accept_closing(item, by=by, closed_on=on(5, requested_on), review_note="佐证材料齐全，同意销号。")


# Self-assessments (自评) on the indicator systems -----------------------------------------------------------------


@dataclass(frozen=True)
class SelfPlan:
    agency: str
    state: str  # draft, submitted (late), returned, scored, published
    seed: str = ""  # bodies sharing a seed claim and are scored alike (a tie in the ranking)
    unscored: int = 0  # indicators the office leaves unscored


#: The county's bodies on the province's assessment system for the demo year, and the neighbouring county's
#: government (so that the supervisor's counties page compares two scores).
SELF_PLANS = [
    SelfPlan("sfx-gov", "published"),
    SelfPlan("sfx-scj", "published", seed="tie"),
    SelfPlan("sfx-sfj", "published", seed="tie"),
    SelfPlan("sfx-zrj", "published", unscored=1),
    SelfPlan("sfx-rsj", "submitted"),
    SelfPlan("sfx-zfj", "returned"),
    SelfPlan("sfx-wjj", "draft"),
    SelfPlan("sfx-t01", "scored"),
    SelfPlan("lsx-gov", "published"),
]
PROVINCE_SYSTEM = "shifan-province-assessment-2024"
DEMONSTRATION_SYSTEM = "national-demonstration-2021"
#: Indicators a department does not carry (a government's own duties), by the ledger of their evidence.
GOVERNMENT_ONLY = {"decisions", "leadership_meetings"}


def _ratio(*parts) -> float:
    import zlib

    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32


def _claims(assessment, seed: str, by) -> None:
    """The body's claims on every indicator, through the actions; evidence linked where its records are."""
    from decimal import Decimal

    from fazhi.assessment import scoring
    from fazhi.assessment.evidence import any_records, records, source_of
    from fazhi.assessment.models import IndicatorEntry

    R = IndicatorEntry.Result
    government = assessment.agency.kind in (Agency.Kind.GOVERNMENT,)
    for index, entry in enumerate(assessment.entries.select_related("indicator").order_by("indicator__position")):
        indicator = entry.indicator
        roll = _ratio(seed or assessment.agency.code, indicator.key)
        if not government and indicator.ledger in GOVERNMENT_ONLY:
            scoring.record_entry(entry, by=by, claimed_result=R.NOT_APPLICABLE,
                                 explanation="本单位不承担该项职责，由县政府统一组织。")
            continue
        result = R.MET if roll < 0.7 else R.PARTLY if roll < 0.92 else R.NOT_MET
        score = None
        if indicator.points is not None:
            share = {R.MET: Decimal(1), R.PARTLY: Decimal("0.5"), R.NOT_MET: Decimal(0)}[result]
            score = (indicator.points * share).quantize(Decimal("0.01"))
        scoring.record_entry(entry, by=by, claimed_result=result, claimed_score=score,
                             explanation={R.MET: "已按要求落实，相关记录见平台台账。",
                                          R.PARTLY: "已部分落实，个别环节仍在完善。",
                                          R.NOT_MET: "本年度尚未落实，已列入下一年度工作计划。"}[result])
        source = source_of(indicator)
        if result == R.NOT_MET:
            continue
        if source is not None:
            found = [(source, record) for record in records(source, assessment, by, limit=1)]
        else:  # the first indicators: a record of the body's of another ledger, as a clerk might give
            found = any_records(assessment, by, limit=1) if index < 2 else []
        if found:
            scoring.link_evidence(entry, by=by, source=found[0][0].key, record_id=found[0][1].pk)


def _scores(assessment, by, unscored: int, seed: str) -> None:
    """The office's scores: the claim, half a point less on a few indicators whose evidence falls short."""
    from decimal import Decimal

    from fazhi.assessment import scoring
    from fazhi.assessment.models import IndicatorEntry

    R = IndicatorEntry.Result
    entries = list(assessment.entries.select_related("indicator").order_by("indicator__position"))
    for index, entry in enumerate(entries):
        if index < unscored:
            continue
        if entry.claimed_result == R.NOT_APPLICABLE:
            scoring.score_indicator(entry, by=by, office_result=R.NOT_APPLICABLE, office_comment="同意不适用。")
            continue
        score = entry.claimed_score or Decimal(0)
        short = entry.claimed_result == R.MET and score >= 1 and _ratio(seed or assessment.agency.code,
                                                                          entry.indicator.key, "short") < 0.2
        scoring.score_indicator(entry, by=by, office_result=R.PARTLY if short else entry.claimed_result,
                                office_score=score - Decimal("0.5") if short else score,
                                office_comment="佐证材料不足，酌情扣分。" if short else "")


def build_demo_self_assessments(today: dt.date | None = None) -> dict:
    """The indicator systems loaded, and the bodies' self-assessments of the demo year on the province's system in
    every state, the county government's on the demonstration system with its gaps (one assigned for
    rectification) and the departments' ranking published; nothing when the county has a self-assessment."""
    from fazhi.assessment import scoring
    from fazhi.assessment.models import IndicatorSystem, SelfAssessment
    from fazhi.assessment.systems import load_shipped
    from fazhi.org.models import Region

    load_shipped()
    today = today or timezone.localdate()
    counts = {"self_assessments": 0}
    if SelfAssessment.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    office = User.objects.filter(username="office").first()
    admin = User.objects.filter(username="admin").first()
    system = IndicatorSystem.objects.filter(code=PROVINCE_SYSTEM).first()
    if office is None or admin is None or system is None:
        return counts
    year = today.year - 1
    start = dt.date(today.year, 1, 1)
    span = (min(today, dt.date(today.year, 4, 1)) - start).days

    def on(fraction: float) -> dt.date:
        return start + timedelta(days=int(span * fraction))

    agencies = {a.code: a for a in Agency.objects.filter(code__in={p.agency for p in SELF_PLANS})}
    with transaction.atomic():
        for plan in SELF_PLANS:
            agency = agencies.get(plan.agency)
            if agency is None:
                continue
            by = office if agency.code.startswith("sfx-") else admin
            record = scoring.open_self_assessment(agency=agency, by=by, system=system, year=year)
            _claims(record, plan.seed, by)
            counts["self_assessments"] += 1
            if plan.state == "draft":
                continue
            record = scoring.record_summary(record, by=by, summary="本年度对照考核指标逐项落实，情况如下。")
            late = plan.state == "submitted"
            record = scoring.submit_self_assessment(record, by=by, submitted_on=on(0.5 if late else 0.2))
            if plan.state == "submitted":
                continue
            if plan.state == "returned":
                scoring.return_self_assessment(record, by=by, returned_on=on(0.3),
                                               return_reason="部分指标佐证材料未上传，请补充后重新提交。",
                                               resubmit_by=today + timedelta(days=20))
                continue
            _scores(record, by, plan.unscored, plan.seed)
            record = scoring.finish_scoring(record, by=by, scored_on=on(0.7))
            if plan.state == "published":
                scoring.publish_result(record, by=by, published_on=on(0.9))
        # 示范创建: the county government against the demonstration system, its gaps listed, one assigned.
        demonstration = IndicatorSystem.objects.filter(code=DEMONSTRATION_SYSTEM).first()
        government = agencies.get("sfx-gov")
        if demonstration is not None and government is not None:
            record = scoring.open_self_assessment(agency=government, by=office, system=demonstration, year=year)
            _claims(record, "", office)
            record = scoring.submit_self_assessment(record, by=office, submitted_on=on(0.4))
            gap = next((entry for entry, why in scoring.gaps(record)
                        if entry.claimed_result == entry.Result.NOT_MET), None)
            if gap is not None:
                scoring.rectify_gap(gap, by=office, inspection_reference=f"示范创建自评〔{year}〕1号",
                                    responsible_person="县政府办公室副主任", assigned_on=on(0.5),
                                    description=f"示范创建自评差距：{gap.indicator.title}")
            counts["self_assessments"] += 1
        county = Region.objects.filter(code="990102").first()
        if county is not None:
            scoring.publish_ranking(by=office, region=county, system=system, year=year, bodies="department",
                                    published_on=on(0.95))
    return counts
