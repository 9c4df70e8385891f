"""The demo county's petitions of this year and the last, through the actions.

The county petition bureau (县信访局) registers visits, letters, calls and online petitions and forwards most of them;
the departments register what comes to them directly or forwarded: matters in every state — just registered (one
left past its 15 days), objected to and returned, forwarded (one late), not taken up, accepted (one with an
extension, one past its 60 days), answered and evaluated, under review and reviewed, under second review with its
hearing, and closed after the petitioner let the review time pass, on a satisfied evaluation, after the review or
after the second review — and two repeated petitions: one of a matter closed earlier, accepted again, and one of a
request already through its second review, not taken up (信访工作条例 第36条). Then the year before's matters
(``EARLIER``), all concluded, so that last year's annual report counts them from the ledger: most accepted and answered
within the 60 days (a few extended by 30 days, one answered late), some forwarded, one not taken up, a couple reviewed
and one through its second review, mostly evaluated satisfied, a group visit among a few visits of several people,
and one repeated petition. Dates are counted back from today. ``build_demo_petitions()`` is idempotent: it does
nothing once the county has a matter. Every name is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.org.models import Agency, User
from fazhi.petitions import actions
from fazhi.petitions.models import Matter, satisfied_evaluations


@dataclass(frozen=True)
class Plan:
    """One demo matter: its key (for a repeat to name), agency, how many days ago it was received, the state it ends
    in, its facts, and how its handling went."""

    key: str
    agency: str
    days_ago: int
    state: str
    subject: str
    petitioner: str
    channel: str = "letter"
    category: str = "complaint"
    persons: int = 1
    via: str = "direct"
    unclear: bool = False  # name or address unclear: no notice
    forward_to: str = ""  # agency code
    forward_kind: str = "forward"
    late: bool = False  # the routing or the handling opinion after its period
    notice_late: bool = False
    extended: bool = False
    outcome: str = "explained"
    evaluation: str = ""
    end: str = "reply"  # how a closed matter ended: reply, satisfied, review or recheck
    hearing: bool = False  # a hearing in the second review
    repeat_of: str = ""  # key of the earlier matter
    decline: str = ""  # legal_procedure or rechecked


BUREAU = "示范县信访局"
#: The body above the county's departments that reviews their opinions (复查): the county government.
REVIEWER = "sfx-gov"
PLANS = [
    Plan("received", "sfx-xfj", 3, "received", "反映小区物业服务收费不规范", "周某某等", channel="visit", persons=3),
    Plan("stalled", "sfx-zjj", 25, "received", "反映老旧小区改造施工扰民", "吴某", channel="online"),
    Plan("objected", "sfx-scj", 4, "objected", "反映某企业拖欠员工工资", "郑某", via="forwarded"),
    Plan("returned", "sfx-jyj", 40, "returned", "反映村道路面破损", "王某某", via="assigned"),
    Plan("forwarded", "sfx-xfj", 12, "forwarded", "反映农贸市场占道经营", "冯某", channel="visit",
         forward_to="sfx-scj"),
    Plan("forwarded_late", "sfx-xfj", 90, "forwarded", "反映征地补偿款发放问题", "陈某某等", channel="visit", persons=8,
         forward_to="sfx-zrj", late=True),
    Plan("assigned", "sfx-xfj", 200, "forwarded", "反映学校违规收费", "褚某", channel="phone", forward_to="sfx-jyj",
         forward_kind="assign"),
    Plan("declined", "sfx-rsj", 30, "declined", "不服工伤认定结论", "卫某", decline="legal_procedure"),
    Plan("accepted", "sfx-scj", 10, "accepted", "反映网购商品质量问题", "蒋某", channel="online"),
    Plan("overdue", "sfx-wjj", 80, "accepted", "反映个体诊所违规行医", "沈某", category="accusation"),
    Plan("extended", "sfx-zjj", 85, "accepted", "反映安置房漏水问题", "韩某某等", channel="visit", persons=6,
         extended=True),
    Plan("replied", "sfx-scj", 60, "replied", "建议农贸市场增设公平秤", "杨某", channel="online", category="suggestion",
         outcome="supported", evaluation="satisfied"),
    Plan("replied_late_notice", "sfx-rsj", 70, "replied", "反映社保缴费记录有误", "朱某", channel="phone",
         outcome="supported", notice_late=True),
    Plan("under_review", "sfx-zrj", 80, "under_review", "反映宅基地审批问题", "秦某某", outcome="not_supported",
         evaluation="unsatisfied"),
    Plan("reviewed", "sfx-zjj", 110, "reviewed", "反映物业维修资金使用问题", "尤某", outcome="explained",
         evaluation="unsatisfied"),
    Plan("under_recheck", "sfx-nyj", 130, "under_recheck", "反映土地流转租金纠纷", "许某某", outcome="not_supported",
         evaluation="unsatisfied", hearing=True),
    Plan("closed_quiet", "sfx-scj", 300, "closed", "反映超市销售过期食品", "何某", outcome="supported",
         evaluation="satisfied"),
    Plan("closed_satisfied", "sfx-rsj", 250, "closed", "反映拖欠农民工工资", "吕某等", channel="visit", persons=12,
         outcome="supported", evaluation="basically_satisfied", end="satisfied", late=True),
    Plan("closed_rechecked", "sfx-jyj", 330, "closed", "反映学区划分不合理", "施某", outcome="explained",
         evaluation="unsatisfied", end="recheck"),
    Plan("closed_reviewed", "sfx-zfj", 280, "closed", "反映夜间施工噪音扰民", "张某", channel="online",
         outcome="not_supported", evaluation="unsatisfied", end="review", extended=True),
    Plan("closed_anonymous", "sfx-zrj", 340, "closed", "反映违法占用耕地建房", "匿名", category="accusation",
         unclear=True, outcome="supported"),
    Plan("closed_settled", "sfx-scj", 180, "closed", "反映装修合同纠纷", "孔某", outcome="settled",
         evaluation="satisfied"),
    Plan("repeat_again", "sfx-scj", 40, "accepted", "再次反映超市销售过期食品", "何某", repeat_of="closed_quiet"),
    Plan("repeat_final", "sfx-jyj", 100, "declined", "再次反映学区划分不合理", "施某", repeat_of="closed_rechecked",
         decline="rechecked"),
]
#: The year before's matters, all concluded (forwarded, not taken up, or closed): what last year's annual report
#: counts. Received 300 to 560 days ago, in the order received, so that a repeat follows the matter it repeats.
EARLIER = [
    Plan("last_fumes", "sfx-scj", 560, "closed", "反映餐馆油烟扰民", "钱某", outcome="supported",
         evaluation="satisfied", end="satisfied"),
    Plan("last_delivery", "sfx-zjj", 548, "closed", "反映开发商逾期交房", "孙某某等", channel="visit", persons=9,
         outcome="settled", evaluation="basically_satisfied", end="satisfied", extended=True),
    Plan("last_land_right", "sfx-nyj", 535, "closed", "反映土地承包经营权确权有误", "李某某", outcome="not_supported",
         evaluation="unsatisfied", end="recheck", hearing=True),
    Plan("last_lift", "sfx-xfj", 520, "forwarded", "反映小区电梯长期停运", "周某等", channel="visit", persons=3,
         forward_to="sfx-zjj"),
    Plan("last_hospital_fees", "sfx-wjj", 505, "closed", "反映医院收费明细不公开", "吴某某", channel="online",
         outcome="explained", evaluation="basically_satisfied"),
    Plan("last_school_bus", "sfx-jyj", 490, "closed", "建议优化农村学校校车接送线路", "郑某某", category="suggestion",
         outcome="supported", evaluation="satisfied", end="satisfied"),
    Plan("last_building", "sfx-zrj", 478, "closed", "反映邻居违法占地建房", "王某", category="accusation",
         outcome="supported", evaluation="satisfied"),
    Plan("last_prepaid", "sfx-xfj", 465, "forwarded", "反映健身房预付卡商家停业", "冯某某等", channel="phone",
         forward_to="sfx-scj", forward_kind="assign"),
    Plan("last_subsidy", "sfx-nyj", 452, "closed", "反映农机购置补贴未按时发放", "陈某等", channel="visit", persons=4,
         outcome="supported", evaluation="satisfied", end="satisfied"),
    Plan("last_pension", "sfx-rsj", 440, "declined", "不服养老保险待遇核定决定", "褚某某", decline="legal_procedure"),
    Plan("last_insurance", "sfx-rsj", 428, "closed", "反映企业未依法缴纳社会保险", "卫某某等", channel="visit",
         persons=3, outcome="supported", evaluation="basically_satisfied", end="satisfied", extended=True),
    Plan("last_night_market", "sfx-zfj", 415, "closed", "反映夜市摊点占道经营", "蒋某某", channel="online",
         outcome="supported", evaluation="satisfied"),
    Plan("last_property_fee", "sfx-zjj", 402, "closed", "反映物业公司擅自提高收费标准", "沈某某",
         outcome="not_supported", evaluation="unsatisfied", end="review"),
    Plan("last_fumes_again", "sfx-scj", 390, "closed", "再次反映餐馆油烟扰民", "钱某", outcome="supported",
         evaluation="satisfied", end="satisfied", repeat_of="last_fumes"),
    Plan("last_pharmacy", "sfx-wjj", 378, "closed", "反映药店违规销售处方药", "韩某", channel="phone",
         category="accusation", outcome="supported", evaluation="satisfied"),
    Plan("last_muck", "sfx-zfj", 366, "closed", "反映渣土车沿路抛洒", "杨某某", channel="online", outcome="supported",
         evaluation="basically_satisfied", end="satisfied", late=True),
    Plan("last_canteen", "sfx-xfj", 355, "forwarded", "反映学校食堂饭菜质量差", "朱某某", channel="online",
         forward_to="sfx-jyj"),
    Plan("last_food_safety", "sfx-scj", 348, "closed", "建议加强校园周边食品安全检查", "秦某", channel="online",
         category="suggestion", outcome="supported", evaluation="satisfied", end="satisfied"),
    Plan("last_compensation", "sfx-zrj", 335, "closed", "反映征地补偿标准偏低", "尤某某等", channel="visit", persons=2,
         outcome="explained", evaluation="unsatisfied", end="review", extended=True),
    Plan("last_wages", "sfx-rsj", 318, "closed", "反映建筑工地拖欠工资", "许某等", channel="visit", persons=4,
         outcome="supported", evaluation="satisfied", end="satisfied"),
    Plan("last_kindergarten", "sfx-jyj", 302, "closed", "反映民办幼儿园收费超标", "何某某", outcome="supported",
         evaluation="basically_satisfied"),
]
SUMMARIES = {
    "supported": "经调查核实，信访人反映情况属实，诉求予以支持，已责成相关单位整改。",
    "explained": "信访人诉求有一定合理性，但缺乏政策依据，已向信访人解释说明。",
    "not_supported": "经调查核实，信访人诉求缺乏事实和法律依据，不予支持。",
    "settled": "经组织调解，双方达成和解协议并已履行。",
}


@transaction.atomic
def build_demo_petitions(today: dt.date | None = None) -> dict:
    """Create the demo county's petitions if it has none; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"matters": 0}
    if Matter.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if by is None:
        return counts
    plans = [*PLANS, *EARLIER]  # this year's first: their numbers stay as they were
    codes = {plan.agency for plan in plans} | {plan.forward_to for plan in plans if plan.forward_to} | {REVIEWER}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes).select_related("region")}
    made: dict[str, Matter] = {}
    serials: dict[tuple[str, int], int] = {}
    for plan in plans:
        if plan.agency not in agencies or (plan.repeat_of and plan.repeat_of not in made):
            continue
        made[plan.key] = _walk(plan, agencies, by, today, serials, made)
        counts["matters"] += 1
    return counts


def _walk(plan: Plan, agencies: dict, by, today: dt.date, serials: dict, made: dict) -> Matter:
    """Take one matter from its registration to ``plan.state``, its dates counted from the receipt and none after
    today."""
    received = today - timedelta(days=plan.days_ago)

    def on(days: int, start: dt.date = received) -> dt.date:
        return min(today, start + timedelta(days=days))

    agency = agencies[plan.agency]
    serials[(plan.agency, received.year)] = serial = serials.get((plan.agency, received.year), 0) + 1
    matter = actions.register_matter(
        agency=agency, by=by, number=f"{received.year}-{serial:04d}", channel=plan.channel, received_via=plan.via,
        forwarded_by=BUREAU if plan.via != "direct" else "", petitioner_name=plan.petitioner,
        petitioner_contact="" if plan.unclear else "示范县城关镇（地址从略）", identity_unclear=plan.unclear,
        persons=plan.persons, subject=plan.subject, category=plan.category,
        request="请求有关部门依法调查处理。", received_on=received,
        repeat_of_number=made[plan.repeat_of].number if plan.repeat_of else "")
    told = None if plan.unclear else on(3)
    if plan.state == "received":
        return matter
    if plan.state in ("objected", "returned"):
        matter = actions.object_to_routing(matter, by=by, objected_on=on(2),
                                           objection_reason="所反映事项属于其他部门法定职责，不属于本单位职权范围。")
        if plan.state == "returned":
            matter = actions.record_objection_answer(matter, by=by, objection_answered_on=on(10),
                                                     objection_agreed=True, objection_answer="同意退回，另行转办。")
        return matter
    if plan.state == "forwarded":
        day = on(20 if plan.late else 5)
        return actions.forward_matter(matter, by=by, forwarded_on=day, forward_kind=plan.forward_kind,
                                      forwarded_to_agency=agencies.get(plan.forward_to), notified_on=day)
    if plan.state == "declined":
        route = "reconsideration" if plan.decline == "legal_procedure" else ""
        note = ("已告知信访人依法申请行政复议。" if route else "该诉求已经复核终结，不再受理，已向信访人说明。")
        return actions.decline_matter(matter, by=by, declined_on=on(4), decline_ground=plan.decline,
                                      decline_note=note, legal_route=route, notified_on=None if plan.unclear else on(4))
    matter = actions.accept_matter(matter, by=by, accepted_on=on(3),
                                   notified_on=None if plan.unclear else on(20) if plan.notice_late else told)
    if plan.extended:
        matter = actions.extend_handling(matter, by=by, extended_on=on(50), extension_days=30,
                                         extension_reason="情况复杂，需多部门联合调查。", extension_approver="局长",
                                         extension_notified_on=on(50))
    if plan.state == "accepted":
        return matter
    replied = on(80 if plan.extended else 73 if plan.late else 43)
    matter = actions.issue_opinion(matter, by=by, replied_on=replied, reply_outcome=plan.outcome,
                                   reply_summary=SUMMARIES[plan.outcome], reply_served_on=on(3, replied))
    if plan.evaluation:
        matter = actions.record_evaluation(matter, by=by, evaluated_on=on(10, replied), evaluation=plan.evaluation,
                                           evaluation_note="" if plan.evaluation != "unsatisfied" else "对处理结果不满意。")
    if plan.state == "replied":
        return matter
    served = matter.reply_served_on
    if plan.state == "closed" and plan.end in ("reply", "satisfied"):
        if plan.end == "satisfied":
            note = "" if plan.evaluation in satisfied_evaluations() else "信访人表示接受处理意见。"
            return actions.close_matter(matter, by=by, closed_on=matter.evaluated_on, closing_note=note)
        return actions.close_matter(matter, by=by, closed_on=on(31, served))
    reviewing = agencies.get(REVIEWER)
    matter = actions.request_review(matter, by=by, review_requested_on=on(20, served), review_body="示范县人民政府",
                                    review_agency=reviewing)
    if plan.state == "under_review":
        return matter
    reviewed = on(25, matter.review_requested_on)
    matter = actions.decide_review(matter, by=by, reviewed_on=reviewed, review_outcome="upheld",
                                   review_summary="原处理意见认定事实清楚，处理适当，予以维持。",
                                   review_served_on=on(3, reviewed))
    if plan.state == "reviewed":
        return matter
    if plan.state == "closed" and plan.end == "review":
        return actions.close_matter(matter, by=by, closed_on=on(31, matter.review_served_on))
    matter = actions.request_recheck(matter, by=by, recheck_requested_on=on(15, matter.review_served_on),
                                     recheck_body="示范市人民政府")
    if plan.hearing:
        start = on(5, matter.recheck_requested_on)
        matter = actions.record_recheck_hearing(matter, by=by, recheck_hearing_from=start,
                                                recheck_hearing_to=on(3, start))
    if plan.state == "under_recheck":
        return matter
    return actions.decide_recheck(matter, by=by, rechecked_on=on(28, matter.recheck_requested_on),
                                  recheck_outcome="upheld", recheck_summary="复查意见正确，予以维持。复核为终结意见。")
