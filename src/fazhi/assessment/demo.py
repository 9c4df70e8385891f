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
