"""The demo county's deputies' suggestions and CPPCC proposals of this year and the last, through the actions.

The rule-of-law office's clerk records what the government office assigned to the county's departments after the
people's congress and the CPPCC sessions (and between them): items in every state — just assigned, being handled
with a co-handler's opinion in or overdue, with a longer period approved, answered and awaiting the feedback, rated
satisfied or not, handled again and answered again, and closed with or without the answer published — some on time
and some late. Dates are counted back from today (no deputy's suggestion before 代表法's 2025 amendment). Last year's
items (``EARLIER``), assigned after that year's sessions early in the year and between them, are all answered, rated
and closed by that year's end: what last year's annual report counts (the catalog computes a year's figures from the
ledger once it holds items of that year).
``build_demo_suggestions()`` is idempotent: it builds this year's items while the county has none, and last year's
while none of them is in the ledger. Every name and number is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.org.models import Agency, User
from fazhi.suggestions import actions
from fazhi.suggestions.models import Item

_NUMERALS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Plan:
    """One demo item: its kind, lead agency, how many days ago it was assigned, the state it ends in, its facts, and
    how its handling went."""

    kind: str
    agency: str
    days_ago: int
    state: str
    title: str
    proposer: str
    category: str = ""
    raised_during: str = "session"
    co_handler: str = ""  # agency code of a co-handler
    co_opinion: str = "on_time"  # on_time, late, or "" (still awaited)
    extended: bool = False
    late: bool = False  # answered after its period
    answer_category: str = "A"
    feedback: str = "satisfied"  # "" when none came back
    excused: bool = False  # not satisfied, with the reason the item is not handled again
    second: bool = False  # not satisfied, handled again (and, when the plan goes on, answered again)
    published: bool = True


PLANS = [
    Plan("deputy", "sfx-jtj", 5, "assigned", "关于完善城关镇学校周边交通安全设施的建议", "王某某", "urban_rural"),
    Plan("cppcc", "sfx-fgj", 15, "assigned", "关于扶持县域特色产业园区发展的提案", "民盟示范县支部", "economy",
         co_handler="sfx-zjj"),
    Plan("cppcc", "sfx-scj", 30, "in_progress", "关于加强校园周边食品安全监管的提案", "李某", "social",
         raised_during="interim", co_handler="sfx-jyj"),
    Plan("deputy", "sfx-wjj", 50, "in_progress", "关于提升乡镇卫生院服务能力的建议", "赵某某", "education",
         co_handler="sfx-rsj", co_opinion=""),
    Plan("cppcc", "sfx-zrj", 130, "in_progress", "关于加快农村宅基地确权登记的提案", "孙某", "environment"),
    Plan("deputy", "sfx-zjj", 120, "in_progress", "关于推进老旧小区改造的建议", "周某某", "urban_rural", extended=True),
    Plan("deputy", "sfx-jyj", 100, "answered", "关于缓解城区学校大班额问题的建议", "吴某", "education",
         answer_category="B"),
    Plan("deputy", "sfx-jyj", 160, "rated", "关于加强农村留守儿童关爱的建议", "郑某某", "education",
         answer_category="B", feedback="basically_satisfied"),
    Plan("cppcc", "sfx-scj", 110, "rated", "关于规范农贸市场管理的提案", "冯某", "governance", raised_during="interim",
         answer_category="C", feedback="unsatisfied"),
    Plan("deputy", "sfx-jtj", 200, "reopened", "关于修缮县道示横线的建议", "陈某某", "urban_rural",
         answer_category="C", feedback="unsatisfied", second=True),
    Plan("cppcc", "sfx-rsj", 200, "closed", "关于做好高校毕业生返乡就业服务的提案", "褚某", "social", late=True),
    Plan("deputy", "sfx-nyj", 220, "closed", "关于发展高标准农田建设的建议", "卫某某", "agriculture",
         co_handler="sfx-czj"),
    Plan("cppcc", "sfx-fgj", 240, "closed", "关于优化营商环境的提案", "蒋某", "economy", raised_during="interim",
         answer_category="C", feedback="basically_satisfied", published=False),
    Plan("cppcc", "sfx-wjj", 300, "closed", "关于建设县域医共体的提案", "九三学社示范县支社", "education",
         answer_category="B", feedback="unsatisfied", second=True),
    Plan("deputy", "sfx-zrj", 260, "closed", "关于调整城区土地规划用途的建议", "沈某某", "environment",
         answer_category="C", feedback="unsatisfied", excused=True),
    Plan("deputy", "sfx-nyj", 280, "closed", "关于扶持农民专业合作社的建议", "韩某", "agriculture",
         co_handler="sfx-czj", co_opinion="late", feedback=""),
]
#: Last year's items, all answered and rated (most on time, two late; one not satisfied, handled again and rated
#: again), closed by the year's end: ``days_ago`` counts back from last year's 31 December (286: 20 March, the
#: assignment after the sessions early in the year; the later ones raised between sessions).
EARLIER = [
    Plan("deputy", "sfx-jtj", 286, "closed", "关于拓宽城关镇至东山乡公路的建议", "王某", "urban_rural"),
    Plan("deputy", "sfx-jyj", 286, "closed", "关于增加城区公办幼儿园学位的建议", "李某某", "education",
         co_handler="sfx-czj", answer_category="B", feedback="basically_satisfied"),
    Plan("deputy", "sfx-wjj", 286, "closed", "关于加强村卫生室标准化建设的建议", "张某", "education",
         co_handler="sfx-rsj"),
    Plan("deputy", "sfx-nyj", 286, "closed", "关于加大农村饮水安全工程投入的建议", "刘某某", "agriculture",
         co_handler="sfx-czj", co_opinion="late", answer_category="B"),
    Plan("deputy", "sfx-zjj", 286, "closed", "关于加快城区雨污分流改造的建议", "陈某", "urban_rural",
         answer_category="C", feedback="unsatisfied", second=True),
    Plan("deputy", "sfx-scj", 286, "closed", "关于规范农贸市场计量器具管理的建议", "杨某某", "governance", late=True),
    Plan("deputy", "sfx-rsj", 286, "closed", "关于完善灵活就业人员社会保险政策的建议", "黄某", "social",
         extended=True, answer_category="B", feedback="basically_satisfied"),
    Plan("deputy", "sfx-gaj", 240, "closed", "关于在城区学校周边增设交通信号灯的建议", "周某", "governance",
         raised_during="interim", co_handler="sfx-jtj"),
    Plan("deputy", "sfx-zrj", 200, "closed", "关于简化农村村民建房用地审批的建议", "吴某某", "environment",
         raised_during="interim", answer_category="C", feedback="basically_satisfied"),
    Plan("deputy", "sfx-yjj", 170, "closed", "关于加强汛期地质灾害隐患排查的建议", "徐某", "governance",
         raised_during="interim", published=False),
    Plan("cppcc", "sfx-fgj", 281, "closed", "关于推动县域文旅融合发展的提案", "民进示范县支部", "economy",
         co_handler="sfx-zjj"),
    Plan("cppcc", "sfx-jyj", 281, "closed", "关于加强中小学生心理健康教育的提案", "马某", "education",
         answer_category="B"),
    Plan("cppcc", "sfx-wjj", 281, "closed", "关于推进医养结合服务体系建设的提案", "朱某某", "social",
         co_handler="sfx-rsj", answer_category="B", feedback="basically_satisfied"),
    Plan("cppcc", "sfx-nyj", 281, "closed", "关于培育农村电商新业态的提案", "民建示范县支部", "agriculture"),
    Plan("cppcc", "sfx-scj", 281, "closed", "关于加强预付式消费监管的提案", "胡某", "governance",
         feedback="basically_satisfied"),
    Plan("cppcc", "sfx-zfj", 220, "closed", "关于规范城区占道经营管理的提案", "郭某某", "governance",
         raised_during="interim", late=True),
    Plan("cppcc", "sfx-czj", 190, "closed", "关于加大小微企业融资支持力度的提案", "何某", "economy",
         raised_during="interim", answer_category="C", feedback="basically_satisfied"),
    Plan("cppcc", "sfx-zjj", 160, "closed", "关于推进既有住宅加装电梯的提案", "林某某", "urban_rural",
         raised_during="interim", answer_category="B"),
]
ANSWERS = {
    "A": "经研究，建议所提事项已纳入本年度工作并已办结，具体情况如下。",
    "B": "建议所提事项已列入计划，将分年度逐步推进解决。",
    "C": "受财力和政策条件限制，所提事项暂难实施，留作今后工作参考。",
}


@transaction.atomic
def build_demo_suggestions(today: dt.date | None = None) -> dict:
    """Create the demo county's deputies' suggestions and CPPCC proposals: last year's while none of them is in the
    ledger, this year's while the county has no item; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"items": 0, "co_handlers": 0}
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if by is None:
        return counts
    county = Item.objects.filter(agency__code__startswith="sfx-")
    batches = []  # (plans, the day their days_ago count back from), last year's first so that numbers follow dates
    if not county.filter(title__in=[plan.title for plan in EARLIER]).exists():
        batches.append((EARLIER, dt.date(today.year - 1, 12, 31)))
    if not county.exists():
        batches.append((PLANS, today))
    plans = [plan for batch, _end in batches for plan in batch]
    codes = {plan.agency for plan in plans} | {plan.co_handler for plan in plans if plan.co_handler}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    serials: dict[tuple[str, str], int] = {}
    for batch, end in batches:
        for plan in batch:
            if plan.agency not in agencies:
                continue
            made = _walk(plan, agencies, by, today, serials, end=end)
            counts["items"] += 1
            counts["co_handlers"] += made
    return counts


def _session(kind: str, raised_during: str, year: int) -> str:
    """The (invented) session of the county's congress or CPPCC that numbered an item of ``year``."""
    meeting = _NUMERALS[min(max(year - 2023, 1), 10)]
    if kind == Item.Kind.DEPUTY:
        return (f"示范县第十八届人民代表大会第{meeting}次会议" if raised_during == "session"
                else f"示范县第十八届人大常委会{year}年闭会期间")
    return (f"政协示范县第十一届委员会第{meeting}次会议" if raised_during == "session"
            else f"政协示范县第十一届委员会{year}年闭会期间")


def _number(kind: str, session: str, serials: dict) -> str:
    """The next free number of ``session`` (after those already in the ledger, so that a later batch never takes a
    number twice)."""
    key = (kind, session)
    if key not in serials:
        taken = Item.objects.filter(kind=kind, session=session).values_list("number", flat=True)
        serials[key] = max((int(number) for number in taken if number.isdigit()), default=0)
    serials[key] += 1
    return f"{serials[key]:03d}"


def _walk(plan: Plan, agencies: dict, by, today: dt.date, serials: dict, end: dt.date | None = None) -> int:
    """Take one item from its assignment ``plan.days_ago`` days before ``end`` (today by default) to ``plan.state``,
    its dates counted from the assignment and none after today; return how many co-handlers it got."""
    assigned = (end or today) - timedelta(days=plan.days_ago)
    if plan.kind == Item.Kind.DEPUTY:
        assigned = max(assigned, actions.DEPUTIES_LAW_FROM)

    def on(days: int, start: dt.date = assigned) -> dt.date:
        return min(today, start + timedelta(days=days))

    session = _session(plan.kind, plan.raised_during, assigned.year)
    item = actions.assign_item(
        agency=agencies[plan.agency], by=by, kind=plan.kind, raised_during=plan.raised_during, session=session,
        number=_number(plan.kind, session, serials), title=plan.title, proposer=plan.proposer,
        co_proposers="" if plan.proposer.endswith(("支部", "支社")) else "钱某、孙某某", category=plan.category,
        summary="建议（提案）反映群众关切，请有关部门研究办理。", assigned_by="示范县人民政府办公室", assigned_on=assigned)
    co_handlers = 0
    if plan.co_handler and plan.co_handler in agencies:
        actions.add_co_handler(item, by=by, co_agency=agencies[plan.co_handler], co_assigned_on=on(2))
        co_handlers = 1
    if plan.state == "assigned":
        return co_handlers
    if co_handlers and plan.co_opinion:
        actions.record_co_handler_opinion(item, by=by, opinion_sent_on=on(40 if plan.co_opinion == "late" else 20),
                                          opinion="会办意见：同意主办单位意见，本单位将在职责范围内予以配合。")
    item = actions.record_contact(Item.objects.get(pk=item.pk), by=by, contacted_on=on(25), contact_method="meeting",
                                  contact_note="与代表（委员）当面沟通办理思路，听取意见。")
    if plan.extended:
        item = actions.extend_answer(item, by=by, extended_on=on(60), extension_months=3,
                                     extension_reason="涉及面广，需多部门协调和资金安排。",
                                     extension_approver="示范县人民政府办公室")
    if plan.state == "in_progress":
        return co_handlers
    answered = on(105 if plan.late else 75)
    item = actions.answer(item, by=by, answered_on=answered, answer_category=plan.answer_category,
                          answer_summary=ANSWERS[plan.answer_category])
    last = answered
    if plan.state == "answered":
        return co_handlers
    if plan.feedback:
        fed = on(15, answered)
        item = actions.record_feedback(
            item, by=by, feedback=plan.feedback, feedback_on=fed,
            feedback_note="希望加快推进。" if plan.feedback != "satisfied" else "",
            no_rehandling_reason="所提事项涉及上级审批权限，已向代表解释说明。" if plan.excused else "")
        last = fed
        if plan.second:
            reopened = on(5, fed)
            item = actions.reopen(item, by=by, reopened_on=reopened, reopen_note="针对代表（委员）意见重新研究办理。")
            item = actions.record_contact(item, by=by, contacted_on=on(10, reopened), contact_method="visit",
                                          contact_note="邀请代表（委员）实地察看并座谈。")
            if plan.state == "reopened":
                return co_handlers
            again = on(40, reopened)
            item = actions.answer_again(item, by=by, reanswered_on=again, reanswer_category="B",
                                        reanswer_summary=ANSWERS["B"])
            last = on(15, again)
            item = actions.record_feedback(item, by=by, feedback="satisfied", feedback_on=last)
    if plan.state == "rated":
        return co_handlers
    if plan.published:
        item = actions.publish_answer(item, by=by, published_on=on(5, item.reanswered_on or answered))
        last = max(last, item.published_on)
    note = "" if plan.feedback and plan.published else "征询意见表未按期寄回，已电话回访。" if plan.published else \
        "答复涉及内部事项，按规定不予公开。"
    actions.close_item(item, by=by, closed_on=on(10, last), closing_note=note)
    return co_handlers
