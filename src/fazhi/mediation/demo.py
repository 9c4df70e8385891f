"""The demo county's mediated disputes, through the actions.

The rule-of-law office's clerk records a year of the county's mediation: the townships' people's mediation
committees, the 司法局's industry committees and its mediation room at the court, and the departments' administrative
mediation. Disputes in every state — just received, being mediated (one past its period, one continued with the
parties' consent), agreed and awaiting performance (one overdue, one with judicial confirmation applied for, one
still able to apply), performed, not performed, failed and ended at a party's wish — of every kind and type, some
concluded late. And the year before's disputes (``EARLIER``), all concluded, that last year's annual report counts:
the ledger's figures for a year are computed only once it holds that year's disputes. Dates are counted back from
today. ``build_demo_mediation()`` is idempotent: it does nothing once the county has a dispute. Every name and
number is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.mediation import actions
from fazhi.mediation.models import Dispute
from fazhi.org.models import Agency, User


@dataclass(frozen=True)
class Plan:
    """One demo dispute: its owning agency and organisation, how many days ago it was received, the state it ends
    in, its facts, and how its mediation went."""

    agency: str
    organisation: str
    kind: str
    dispute_type: str
    days_ago: int
    state: str
    parties: str
    summary: str
    source: str = "application"
    referred_by: str = ""
    screening: bool = False
    amount: int | None = None
    party_count: int = 2
    extended: bool = False
    late: bool = False  # concluded after its period
    form: str = "written"
    confirmation: str = ""  # "", "intended" (not yet applied), "applied", "confirmed", "refused"
    channel: str = "litigation"  # for a failed mediation
    sessions: int = 2
    visited: bool = False


PEOPLES, ADMINISTRATIVE, JUDICIAL, INDUSTRY = Dispute.OrganisationKind.values

PLANS = [
    Plan("sfx-t01", "城关镇人民调解委员会", PEOPLES, "neighbourhood", 3, "received", "张某某、李某",
         "两家因院墙排水问题发生争执，申请调解。"),
    Plan("sfx-t02", "东关镇人民调解委员会", PEOPLES, "family", 12, "mediating", "王某、刘某某",
         "夫妻双方因子女抚养费数额发生争议。", sessions=1),
    Plan("sfx-t03", "西河乡人民调解委员会", PEOPLES, "land", 70, "mediating", "赵某某、钱某、孙某",
         "三户村民因承包地边界发生争议，排查中发现。", source="screening", screening=True, party_count=3),
    Plan("sfx-t04", "南山镇人民调解委员会", PEOPLES, "contract", 45, "mediating", "周某、吴某某",
         "双方因借款归还期限发生争执，派出所告知申请调解。", source="police", referred_by="示范县公安局南山派出所",
         amount=48000, extended=True),
    Plan("sfx-t01", "城关镇人民调解委员会", PEOPLES, "neighbourhood", 35, "agreed", "郑某、冯某某",
         "邻里因楼道堆放杂物发生口角。", form="oral"),
    Plan("sfx-sfj", "示范县医疗纠纷人民调解委员会", INDUSTRY, "medical", 50, "agreed", "陈某某、示范县某医院",
         "患者家属对手术后并发症的赔偿提出异议。", amount=120000, confirmation="applied"),
    Plan("sfx-gaj", "示范县公安局交通管理大队", ADMINISTRATIVE, "traffic", 100, "agreed", "褚某、卫某某",
         "两车剐蹭造成人身损害，就赔偿数额调解。", amount=35000),
    Plan("sfx-t03", "西河乡人民调解委员会", PEOPLES, "contract", 20, "agreed", "蒋某、沈某",
         "农资买卖货款结算争议。", amount=9600, confirmation="intended"),
    Plan("sfx-t05", "北岭乡人民调解委员会", PEOPLES, "family", 150, "performed", "韩某、杨某某",
         "兄弟二人因赡养老人费用分担发生矛盾。", form="oral", visited=True),
    Plan("sfx-t06", "青石镇人民调解委员会", PEOPLES, "land", 200, "performed", "朱某某、秦某",
         "宅基地相邻通行纠纷，排查中发现。", source="screening", screening=True, confirmation="confirmed",
         visited=True),
    Plan("sfx-sfj", "示范县人民法院诉调对接人民调解工作室", JUDICIAL, "contract", 120, "performed", "尤某、许某某",
         "买卖合同货款纠纷，法院立案前委派调解。", source="court", referred_by="示范县人民法院", amount=230000,
         confirmation="confirmed"),
    Plan("sfx-rsj", "示范县劳动人事争议调解中心", ADMINISTRATIVE, "labour", 180, "performed", "何某等12名工人、示范县某建筑公司",
         "农民工追讨工资，信访局转来调解。", source="petition", referred_by="示范县信访局", amount=86000,
         party_count=13, late=True, sessions=3),
    Plan("sfx-scj", "示范县市场监督管理局消费纠纷调解室", ADMINISTRATIVE, "consumer", 90, "performed", "吕某、示范县某家电商店",
         "购买的冰箱出现质量问题，要求退换。", source="agency", referred_by="示范县消费者协会", amount=3200,
         form="oral", sessions=1),
    Plan("sfx-t07", "白水乡人民调解委员会", PEOPLES, "contract", 240, "unperformed", "施某、张某",
         "合伙经营养殖场散伙后的债务分担纠纷。", amount=65000, confirmation="confirmed", visited=True),
    Plan("sfx-t08", "柳林镇人民调解委员会", PEOPLES, "neighbourhood", 260, "unperformed", "孔某某、曹某",
         "邻居修建房屋损坏相邻墙体，协商赔偿。", amount=12000),
    Plan("sfx-t09", "金川镇人民调解委员会", PEOPLES, "land", 80, "failed", "严某、华某某",
         "林地承包经营权归属争议，双方分歧较大。", channel="litigation", visited=True),
    Plan("sfx-rsj", "示范县劳动人事争议调解中心", ADMINISTRATIVE, "labour", 300, "failed", "金某、示范县某商贸公司",
         "解除劳动合同经济补偿争议。", amount=42000, channel="arbitration", late=True, sessions=3),
    Plan("sfx-t10", "红星街道人民调解委员会", PEOPLES, "family", 30, "discontinued", "魏某、陶某某",
         "婚前彩礼返还争议，一方明确拒绝调解。", sessions=0),
    Plan("sfx-sfj", "示范县物业纠纷人民调解委员会", INDUSTRY, "other", 160, "discontinued", "姜某等5户业主、某物业公司",
         "物业服务费与服务质量争议，业主撤回调解申请。", party_count=6, sessions=1),
    Plan("sfx-t02", "东关镇人民调解委员会", PEOPLES, "neighbourhood", 330, "performed", "戚某、谢某某",
         "相邻采光纠纷，协议约定补偿。", amount=8000, confirmation="refused", visited=True),
]
#: The year before's disputes, all concluded: what last year's annual report counts (调解矛盾纠纷, 调解成功, 申请司法确认,
#: 涉及金额). Received 300 to 560 days ago, most agreed within the period (two continued with both parties' consent,
#: one agreed late) and performed, some confirmed by the court (one application dismissed), a few failed or ended at a
#: party's wish.
EARLIER = [
    Plan("sfx-t01", "城关镇人民调解委员会", PEOPLES, "neighbourhood", 560, "performed", "马某、苗某某",
         "楼上住户装修漏水致楼下房屋受损，协商赔偿。", amount=6500, visited=True),
    Plan("sfx-t02", "东关镇人民调解委员会", PEOPLES, "family", 548, "performed", "凤某、花某某",
         "离婚后子女探望时间安排争议。", form="oral", sessions=1),
    Plan("sfx-gaj", "示范县公安局交通管理大队", ADMINISTRATIVE, "traffic", 536, "performed", "方某、俞某某",
         "电动车与轿车相撞致一人受伤，就医疗费、误工费赔偿调解。", amount=28000, confirmation="confirmed",
         visited=True),
    Plan("sfx-t03", "西河乡人民调解委员会", PEOPLES, "land", 524, "performed", "任某、袁某某、柳某",
         "三户村民因灌溉水渠改道占用承包地发生争议，排查中发现。", source="screening", screening=True, party_count=3,
         sessions=3, visited=True),
    Plan("sfx-rsj", "示范县劳动人事争议调解中心", ADMINISTRATIVE, "labour", 512, "performed", "酆某等8名工人、示范县某服装厂",
         "企业停产后拖欠工资，信访局转来调解。", source="petition", referred_by="示范县信访局", amount=154000,
         party_count=9, sessions=3, confirmation="confirmed", visited=True),
    Plan("sfx-t04", "南山镇人民调解委员会", PEOPLES, "contract", 500, "performed", "鲍某、史某某",
         "民间借贷到期未还，派出所告知申请调解。", source="police", referred_by="示范县公安局南山派出所", amount=50000,
         confirmation="confirmed"),
    Plan("sfx-sfj", "示范县医疗纠纷人民调解委员会", INDUSTRY, "medical", 488, "performed", "唐某某、示范县某卫生院",
         "患者家属认为诊疗延误造成损害，要求赔偿。", amount=86000, extended=True, sessions=3,
         confirmation="confirmed", visited=True),
    Plan("sfx-t05", "北岭乡人民调解委员会", PEOPLES, "neighbourhood", 476, "failed", "费某、廉某某",
         "宅基地界址争议，双方均坚持己方主张。", channel="administrative", visited=True),
    Plan("sfx-scj", "示范县市场监督管理局消费纠纷调解室", ADMINISTRATIVE, "consumer", 464, "performed", "岑某、示范县某健身会所",
         "健身会所停业后拒不退还预付卡余额。", source="agency", referred_by="示范县消费者协会", amount=4800),
    Plan("sfx-t06", "青石镇人民调解委员会", PEOPLES, "contract", 452, "performed", "薛某、雷某某",
         "土地流转费支付争议。", amount=24000, confirmation="refused", visited=True),
    Plan("sfx-sfj", "示范县人民法院诉调对接人民调解工作室", JUDICIAL, "contract", 440, "performed", "贺某、示范县某建材公司",
         "建材买卖合同货款纠纷，法院立案前委派调解。", source="court", referred_by="示范县人民法院", amount=310000,
         confirmation="confirmed"),
    Plan("sfx-t07", "白水乡人民调解委员会", PEOPLES, "family", 428, "discontinued", "倪某、汤某某",
         "赡养纠纷，一方明确拒绝调解。", sessions=0),
    Plan("sfx-t08", "柳林镇人民调解委员会", PEOPLES, "neighbourhood", 416, "performed", "滕某、殷某",
         "邻居家犬咬伤他人，协商医疗费赔偿。", amount=3800, form="oral", sessions=1),
    Plan("sfx-t09", "金川镇人民调解委员会", PEOPLES, "contract", 404, "performed", "罗某、毕某某",
         "农机租赁费结算争议。", amount=15000, late=True, sessions=3),
    Plan("sfx-t10", "红星街道人民调解委员会", PEOPLES, "neighbourhood", 392, "performed", "郝某、邬某某",
         "小区停车位占用引发冲突，社区排查中发现。", source="screening", screening=True, form="oral", visited=True),
    Plan("sfx-rsj", "示范县劳动人事争议调解中心", ADMINISTRATIVE, "labour", 380, "failed", "安某、示范县某物流公司",
         "工伤停工留薪期工资争议。", amount=36000, channel="arbitration"),
    Plan("sfx-sfj", "示范县物业纠纷人民调解委员会", INDUSTRY, "other", 370, "performed", "常某等3户业主、某物业公司",
         "电梯停运维修费用分摊争议。", party_count=4, amount=42000, extended=True, sessions=2, visited=True),
    Plan("sfx-t01", "城关镇人民调解委员会", PEOPLES, "family", 362, "performed", "乐某、于某某",
         "兄妹因父母遗留房屋分配发生争执。", amount=180000, confirmation="confirmed"),
    Plan("sfx-gaj", "示范县公安局交通管理大队", ADMINISTRATIVE, "traffic", 355, "performed", "时某、傅某某",
         "追尾事故车辆维修费赔偿。", amount=9200, form="oral", sessions=1),
    Plan("sfx-t02", "东关镇人民调解委员会", PEOPLES, "land", 350, "discontinued", "皮某、卞某",
         "承包地调整争议，申请人撤回调解申请。", sessions=1),
    Plan("sfx-t03", "西河乡人民调解委员会", PEOPLES, "contract", 340, "performed", "齐某、康某某",
         "建房工程款结算争议。", amount=68000, confirmation="confirmed", visited=True),
    Plan("sfx-scj", "示范县市场监督管理局消费纠纷调解室", ADMINISTRATIVE, "consumer", 325, "failed", "伍某、示范县某汽车销售公司",
         "新车交付后发现为维修车，要求退一赔三。", source="agency", referred_by="示范县消费者协会", amount=132000,
         channel="litigation", visited=True),
    Plan("sfx-t05", "北岭乡人民调解委员会", PEOPLES, "neighbourhood", 312, "performed", "余某、元某某",
         "相邻房屋滴水纠纷。", form="oral"),
]
NOTES = [
    "调解员分别听取双方陈述，讲解相关法律规定。",
    "组织双方面对面协商，提出初步解决方案。",
    "邀请村（居）干部参与调解，双方分歧缩小。",
]


@transaction.atomic
def build_demo_mediation(today: dt.date | None = None) -> dict:
    """Create the demo county's mediated disputes if it has none; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"disputes": 0, "sessions": 0}
    if Dispute.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if by is None:
        return counts
    agencies = {a.code: a for a in Agency.objects.filter(code__in={plan.agency for plan in [*PLANS, *EARLIER]})}
    serials: dict[tuple[str, int], int] = {}
    for plan in [*PLANS, *EARLIER]:
        if plan.agency not in agencies:
            continue
        counts["sessions"] += _walk(plan, agencies[plan.agency], by, today, serials)
        counts["disputes"] += 1
    return counts


def _walk(plan: Plan, agency, by, today: dt.date, serials: dict) -> int:
    """Take one dispute from its receipt to ``plan.state``, its dates counted from the receipt and none after
    today; return how many sessions it got."""
    received = today - timedelta(days=plan.days_ago)

    def on(days: int, start: dt.date = received) -> dt.date:
        return min(today, start + timedelta(days=days))

    serials[(plan.agency, received.year)] = serial = serials.get((plan.agency, received.year), 0) + 1
    dispute = actions.receive_dispute(
        agency=agency, by=by, number=f"调字〔{received.year}〕第{serial:03d}号", organisation=plan.organisation,
        organisation_kind=plan.kind, parties=plan.parties, party_count=plan.party_count,
        dispute_type=plan.dispute_type, summary=plan.summary, source=plan.source, received_on=received,
        referred_by=plan.referred_by, screening=f"{received.year}年矛盾纠纷集中排查" if plan.screening else "",
        mediators="调解员甲、调解员乙", amount=plan.amount)
    if plan.state == "received":
        return 0
    if plan.state == "discontinued" and not plan.sessions:
        actions.record_withdrawal(dispute, by=by, ended_on=on(2), ending_reason="一方当事人明确表示拒绝调解。")
        return 0
    held = 0
    step = 25 if plan.late else 8
    # A continued mediation that ends: the parties agree to continue it as its period ends, and its last session is
    # held, and it concluded, in the time they gave it.
    continued = plan.extended and plan.state != "mediating" and plan.sessions > 0
    for index in range(plan.sessions):
        held_on = on(2 + index * step)
        if continued and index == plan.sessions - 1:
            dispute = _extend(Dispute.objects.get(pk=dispute.pk), by, today)
            held_on = on(7, dispute.extended_on)
        actions.record_session(Dispute.objects.get(pk=dispute.pk), by=by, held_on=held_on,
                               session_note=NOTES[index % len(NOTES)])
        held += 1
    dispute = Dispute.objects.get(pk=dispute.pk)
    if plan.extended and not continued:
        dispute = _extend(dispute, by, today)
    if plan.state == "mediating":
        return held
    if continued:
        concluded = on(9, dispute.extended_on)
    else:
        concluded = on(2 + max(plan.sessions - 1, 0) * step + (3 if plan.late else 2))
    if plan.state == "discontinued":
        actions.record_withdrawal(dispute, by=by, ended_on=concluded, ending_reason="申请人撤回调解申请，表示另行协商。")
        return held
    if plan.state == "failed":
        dispute = actions.record_failure(dispute, by=by, ended_on=concluded, referred_to=plan.channel,
                                         ending_reason="双方分歧较大，经多次调解未能达成协议。")
        if plan.visited:
            actions.record_return_visit(dispute, by=by, return_visit_on=on(15, concluded),
                                        return_visit_note="回访了解，当事人已另行寻求解决，矛盾未激化。")
        return held
    written = plan.form == "written"
    dispute = actions.record_agreement(
        dispute, by=by, agreement_on=concluded, agreement_form=plan.form,
        agreement_summary="双方自愿达成协议，约定履行方式和期限。" if written else "双方口头达成一致，当场握手言和。",
        performance_due=concluded + timedelta(days=30) if written else None,
        confirmation_intended=bool(plan.confirmation))
    last = concluded
    if plan.confirmation and plan.confirmation != "intended":
        applied = on(10, concluded)
        dispute = actions.record_confirmation_application(dispute, by=by, confirmation_applied_on=applied,
                                                          confirmation_court="示范县人民法院")
        if plan.confirmation in ("confirmed", "refused"):
            refused = plan.confirmation == "refused"
            ruled = on(15, applied)
            dispute = actions.record_confirmation_ruling(
                dispute, by=by, ruling="refused" if refused else "confirmed", ruled_on=ruled,
                confirmation_case_number=f"({ruled.year}) 示民特{_next(serials, ('示民特', ruled.year))}号",
                confirmation_note="协议部分内容超出当事人可处分的范围。" if refused else "")
            last = ruled
    if plan.state == "agreed":
        return held
    if plan.state == "unperformed":
        due = dispute.performance_due or concluded
        dispute = actions.record_nonperformance(
            dispute, by=by, unperformed_on=on(5, due),
            unperformed_note="已告知对方当事人可向人民法院申请强制执行。" if dispute.confirmed_on else
            "已告知当事人可就协议履行向人民法院提起诉讼。")
        last = dispute.unperformed_on
    else:
        dispute = actions.record_performance(dispute, by=by, performed_on=on(20, concluded),
                                             performance_note="已按协议履行完毕。")
        last = max(last, dispute.performed_on)
    if plan.visited:
        actions.record_return_visit(dispute, by=by, return_visit_on=on(10, last),
                                    return_visit_note="回访双方，协议内容稳定，未出现反复。")
    return held


def _extend(dispute: Dispute, by, today: dt.date) -> Dispute:
    """Both parties agree, as the period ends, to continue the mediation 20 days beyond it."""
    end = dispute.mediation_due
    return actions.extend_mediation(dispute, by=by, extended_on=min(today, end), extended_until=end +
                                    timedelta(days=20), extension_reason="双方同意延长调解期限，待评估损失后再议。")


def _next(serials: dict, key) -> int:
    """The next number of a running series (the court's special-procedure cases of a year)."""
    serials[key] = serials.get(key, 0) + 1
    return serials[key]
