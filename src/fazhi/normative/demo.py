"""A year of invented normative documents in the demo county (示范县), in every state, through the actions.

Some filings are late, two are overdue (red on the office's home page), one legality review is past its
limit, one draft is open for public comment, a 2025 cleanup has its result published and a 2026 cleanup is
under way. ``build_demo_normative()`` is idempotent: it does nothing once the first document exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.normative import actions
from fazhi.normative.models import Cleanup, Document, Filing
from fazhi.org.models import Agency, User

D = Document.Kind.DEPARTMENT
G = Document.Kind.GOVERNMENT


@dataclass(frozen=True)
class Spec:
    agency: str
    title: str
    target: str  # a Document.Status, or "returned" (failed review, back to drafting)
    days_ago: int  # when drafting started
    kind: str = D
    market: bool = False
    consult: bool = False
    filing: str = "on_time"  # on_time | late | none (not filed)


SPECS = [
    # Old documents: the 2025 cleanup examines them; one provisional document has expired.
    Spec("sfx-nyj", "示范县农村宅基地审批管理暂行办法", "expired", 1300, kind=G),
    Spec("sfx-zjj", "示范县物业服务企业信用评价办法", "in_force", 900, market=True, consult=True),
    Spec("sfx-jtj", "示范县农村公路养护管理办法", "in_force", 860, kind=G),
    Spec("sfx-scj", "示范县食品小作坊登记管理办法", "in_force", 820, market=True, consult=True, filing="late"),
    Spec("sfx-wjj", "示范县基层医疗卫生机构绩效考核办法", "in_force", 780),
    Spec("sfx-rsj", "示范县就业见习基地管理办法", "in_force", 740),
    # The last twelve months.
    Spec("sfx-scj", "示范县市场主体登记便利化若干措施", "in_force", 330, market=True, consult=True),
    Spec("sfx-jyj", "示范县校外培训机构监督管理办法", "in_force", 310, consult=True),
    Spec("sfx-fgj", "示范县促进民营经济发展若干措施", "in_force", 290, kind=G, market=True, consult=True),
    Spec("sfx-zrj", "示范县国有建设用地使用权出让管理办法", "in_force", 270, kind=G, filing="late"),
    Spec("sfx-wjj", "示范县家庭医生签约服务管理办法", "in_force", 240, consult=True),
    Spec("sfx-yjj", "示范县安全生产举报奖励办法", "in_force", 210),
    Spec("sfx-rsj", "示范县根治欠薪工作实施办法（试行）", "in_force", 180, kind=G, consult=True, filing="late"),
    Spec("sfx-nyj", "示范县农业产业化龙头企业认定办法", "in_force", 150, market=True, consult=True),
    Spec("sfx-t01", "城关镇村规民约备案审查办法", "in_force", 130, kind=G),
    Spec("sfx-jtj", "示范县城市公共交通运营补贴办法", "published", 95, kind=G, filing="none"),
    Spec("sfx-zjj", "示范县住宅专项维修资金管理办法", "published", 80, filing="none"),
    Spec("sfx-jyj", "示范县中小学课后服务管理办法", "published", 32),
    Spec("sfx-scj", "示范县电动自行车销售监督管理办法", "published", 30, market=True),
    Spec("sfx-fgj", "示范县政府投资项目管理办法", "registered", 40, kind=G),
    Spec("sfx-czj", "示范县财政专项资金管理办法", "registered", 38),
    Spec("sfx-wjj", "示范县医疗机构依法执业自查办法", "deliberated", 36),
    Spec("sfx-zfj", "示范县城市管理领域轻微违法行为免罚清单", "deliberated", 34, kind=G),
    Spec("sfx-rsj", "示范县技能人才评价管理办法", "deliberation", 26),
    Spec("sfx-zrj", "示范县矿产资源开发利用监管办法", "deliberation", 24),
    Spec("sfx-yjj", "示范县应急物资储备管理办法", "legality_review", 45),  # past the review limit
    Spec("sfx-jyj", "示范县学校食堂管理办法", "legality_review", 8),
    Spec("sfx-zjj", "示范县建筑工地扬尘治理办法", "legality_review", 10, consult=False),
    Spec("sfx-scj", "示范县个体工商户扶持办法（征求意见稿）", "consultation", 5, market=True),
    Spec("sfx-nyj", "示范县高标准农田建后管护办法", "returned", 30),
    Spec("sfx-jtj", "示范县网络预约出租汽车经营服务管理实施细则", "drafting", 6, market=True),
    Spec("sfx-fgj", "示范县社会信用体系建设管理办法", "drafting", 2, kind=G),
]

ORDER = [Document.Status.DRAFTING, Document.Status.CONSULTATION, Document.Status.LEGALITY_REVIEW,
         Document.Status.DELIBERATION, Document.Status.DELIBERATED, Document.Status.REGISTERED,
         Document.Status.PUBLISHED, Document.Status.IN_FORCE]


def _full_text(title: str) -> str:
    name = title.replace("（征求意见稿）", "")
    return (
        f"第一条 为规范相关管理工作，根据有关法律、法规和上级规定，结合本县实际，制定《{name}》。\n"
        "第二条 本办法适用于本县行政区域内的相关管理活动。\n"
        "第三条 县人民政府有关部门按照职责分工做好相关工作，乡镇人民政府、街道办事处予以配合。\n"
        "第四条 有关单位应当建立健全工作制度，依法公开办事依据、条件和程序，接受社会监督。\n"
        "第五条 违反本办法规定的，由有关部门依法处理。\n"
        "第六条 本办法由起草单位负责解释。"
    )


def _interpretation(title: str) -> str:
    return (f"一、制定背景：为落实上级有关部署，解决实际工作中的突出问题，起草了《{title}》。\n"
            "二、主要内容：明确适用范围、职责分工、工作程序和监督措施。\n"
            "三、关键词解读：本文件所称有关单位，是指依法承担相关职责的单位。")


def _walk(spec: Spec, *, clerk: User, office: User, today: dt.date) -> Document:
    """Drive one invented document to its target state with dates counted from ``today - days_ago``."""
    from fazhi.consultation import actions as consultation

    agency = Agency.objects.get(code=spec.agency)
    drafter = clerk if actions.can_draft(clerk, agency) else office
    start = today - timedelta(days=spec.days_ago)
    document = actions.draft_document(
        agency=agency, by=drafter, title=spec.title, kind=spec.kind, concerns_market_entities=spec.market,
        summary="规范相关管理活动，明确职责分工和工作程序。", full_text=_full_text(spec.title),
    )
    Document.objects.filter(pk=document.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9, 30))))
    target = spec.target
    if target == Document.Status.DRAFTING:
        return document
    if target == Document.Status.CONSULTATION or spec.consult:
        opens = start + timedelta(days=1)
        kind = "market" if spec.market else "normative"
        closes = consultation.earliest_close(kind, opens, region_code=agency.region.code)
        document = actions.open_public_comment(document, by=drafter, opens_on=opens, closes_on=closes,
                                               explanation="起草说明：见正文。")
        if target == Document.Status.CONSULTATION:
            return document
        consultation.conclude_consultation(actions.consultation_of(document), by=drafter,
                                           feedback="征求意见期间未收到意见建议。",
                                           published_on=closes + timedelta(days=1))
        submitted = closes + timedelta(days=2)
    else:
        submitted = start + timedelta(days=5)
    document = actions.submit_for_review(
        document, by=drafter, submitted_on=submitted,
        skip_reason="" if spec.consult else "本文件为内部管理规范，不直接涉及公民、法人和其他组织的权利义务。",
    )
    if target == Document.Status.LEGALITY_REVIEW:
        return document
    completed = submitted + timedelta(days=10)
    if target == "returned":
        return actions.record_review(document, by=office, passed=False, completed_on=completed, reviewer="王晓燕",
                                     opinion="第三条职责分工与上位法不一致，建议修改后重新报送审核。")
    document = actions.record_review(document, by=office, passed=True, completed_on=completed, reviewer="王晓燕",
                                     opinion="制定主体适格，程序合法，内容未发现与上位法相抵触，同意提交集体审议。")
    if target == Document.Status.DELIBERATION:
        return document
    meeting = "县人民政府常务会议" if spec.kind == G else "局务会议"
    document = actions.record_deliberation(document, by=drafter, meeting=meeting,
                                           deliberated_on=completed + timedelta(days=7))
    if target == Document.Status.DELIBERATED:
        return document
    # The office registers in the order of the days it registers on: a document deliberated earlier than the last
    # one registered waits for the next registration day.
    registered_on = document.deliberated_on + timedelta(days=3)
    last = Document.objects.filter(series__region=document.agency.region,
                                   registered_on__year=registered_on.year).aggregate(last=Max("registered_on"))["last"]
    document = actions.register_document(document, by=office, registered_on=max(registered_on, last or registered_on))
    if target == Document.Status.REGISTERED:
        return document
    published = document.registered_on + timedelta(days=2)
    document = actions.publish_document(
        document, by=office, published_on=published, channel="示范县人民政府门户网站",
        effective_from=published + timedelta(days=30), interpretation=_interpretation(spec.title),
    )
    if spec.filing != "none":
        for filing in document.filings.all():
            day = filing.due_on + timedelta(days=12) if spec.filing == "late" else published + timedelta(days=6)
            if day <= today:
                actions.record_filing(filing, by=drafter, filed_on=day, receipt=f"备{day:%Y%m%d}{filing.pk:03d}")
    return Document.objects.get(pk=document.pk)


def _last_years_cleanup(office: User, today: dt.date) -> None:
    office_agency = Agency.objects.get(code="sfx-office")
    # 2025: the result is published (the year before last of the 2-yearly cleanup).
    last_year = today.year - 1
    opened = dt.date(last_year, 9, 1)
    cleanup = actions.open_cleanup(
        office=office_agency, by=office, title=f"示范县{last_year}年度行政规范性文件清理", opened_on=opened,
        covers_until=dt.date(last_year, 8, 31), due_on=dt.date(last_year, 10, 31),
    )
    for index, proposal in enumerate(cleanup.proposals.select_related("document").order_by("pk")):
        choice, reason = "keep", ""
        if "物业" in proposal.document.title:
            choice, reason = "revise", "上位法已修改，部分条款需相应调整。"
        elif "养护" in proposal.document.title:
            choice, reason = "abolish", "已被市级统一规定替代。"
        actions.propose(proposal, by=office, choice=choice, reason=reason)
        actions.decide_proposal(proposal, by=office, choice=choice, reason=reason,
                                decided_on=dt.date(last_year, 10, 20 + index % 8))
    actions.publish_cleanup(cleanup, by=office, published_on=dt.date(last_year, 11, 15))


def _this_years_cleanup(office: User, today: dt.date) -> None:
    # This year's: under way, some proposals in, none decided.
    office_agency = Agency.objects.get(code="sfx-office")
    cleanup = actions.open_cleanup(
        office=office_agency, by=office, title=f"示范县{today.year}年度行政规范性文件专项清理",
        opened_on=today - timedelta(days=20), covers_until=today - timedelta(days=30),
        due_on=today + timedelta(days=40),
    )
    for index, proposal in enumerate(cleanup.proposals.order_by("pk")):
        if index % 2 == 0:
            actions.propose(proposal, by=office, choice="keep")


@transaction.atomic
def build_demo_normative(today: dt.date | None = None) -> dict:
    """Create the demo county's normative documents if missing; return counts of what was created."""
    today = today or timezone.localdate()
    if Document.objects.filter(agency__code__startswith="sfx-", title=SPECS[0].title).exists():
        return {"documents": 0, "cleanups": 0}
    clerk = User.objects.get(username="clerk")
    office = User.objects.get(username="office")
    created = []
    for spec in sorted(SPECS, key=lambda s: -s.days_ago):
        document = _walk(spec, clerk=clerk, office=office, today=today)
        created.append(document)
        if spec.target == Document.Status.EXPIRED and document.valid_until:
            actions.expire_document(document, by=office, on=document.valid_until + timedelta(days=1))
    _last_years_cleanup(office, today)
    _this_years_cleanup(office, today)
    return {"documents": len(created), "cleanups": Cleanup.objects.filter(agency__code="sfx-office").count(),
            "late_filings": sum(1 for f in Filing.objects.filter(document__in=created) if f.is_late)}
