"""The demo county's requests for government information of this year and the last, through the actions.

The county government, its departments and a township receive requests by every channel, one sent on the portal
today: requests in every state (received, one of them past its deadline; awaiting correction; consulting; replied;
given up) and replies of every kind (already public, disclosed, partly disclosed after a third party objected, not
disclosed, does not exist, not this agency's, repeat, another law governs access, not processed), some late, one
extended, one with a processing fee, one after another agency's silence, and replies taken to reconsideration or to
court. Last year's requests, received 366 to 560 days ago at a few agencies (the natural resources bureau asked
most), are all handled, mostly disclosed; a few received in the December before were replied in January, so that
last year's annual disclosure tables carry them over. Dates are counted back from today (those carried over from
the calendar). ``build_demo_disclosure()`` is idempotent: it does nothing once the demo agencies have a request.
Every name and number is invented.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.disclosure import actions
from fazhi.disclosure.models import Request
from fazhi.org.models import Agency, User

AGENCIES = ["sfx-zrj", "sfx-zjj", "sfx-gov", "sfx-scj", "sfx-rsj", "sfx-t01", "sfx-jyj", "sfx-nyj"]
#: (name, kind, organisation kind, identity document, masked number): every number is invented and kept masked.
REQUESTERS = [
    ("王某某", "person", "", "id_card", "**************2817"),
    ("示范县恒通建材有限公司", "organisation", "business", "credit_code", "**************0017"),
    ("李某", "person", "", "id_card", "**************4523"),
    ("示范县明理律师事务所", "other", "legal_service", "credit_code", "**************0032"),
    ("张某", "person", "", "id_card", "**************061X"),
    ("示范省社会科学院", "organisation", "research", "credit_code", "**************0045"),
]
SUBJECTS = [
    "城关镇人民路棚户区改造项目的征收补偿方案及其批准文件",
    "2025年度本县农村危房改造补助资金分配明细",
    "示范县某小区规划许可证及总平面图",
    "本单位2025年度部门预算、决算及“三公”经费说明",
    "某食品企业近三年的行政处罚决定书",
    "县城区集中供热价格调整的成本监审报告",
    "2024年以来本县土地出让合同及出让金收缴情况",
    "本县义务教育阶段学校划片招生方案",
]
#: Each demo request: how it ends, and how many days ago it was received.
PLANS = [
    ("received", 2), ("correcting", 3), ("abandoned", 60), ("consulting", 12), ("overdue", 45),
    ("already_public", 300), ("disclosed", 330), ("disclosed_late", 280), ("partly", 250), ("not_disclosed", 220),
    ("not_exist", 200), ("not_ours", 180), ("repeat", 160), ("other_regime", 140), ("not_processed", 120),
    ("extended", 100), ("corrected", 90), ("agency_silent", 75), ("fee", 70), ("reviewed", 310), ("sued", 290),
]
#: The year before's requests, all handled: what last year's annual disclosure report counts. Received 366 to 560
#: days ago, so all in last year from mid-November on; each (plan, days ago, agency, what was asked: ``{year}`` is
#: the year before its receipt).
EARLIER = [
    ("disclosed", 560, "sfx-zrj", "城关镇东环路以东地块{year}年度土地征收成片开发方案及其批复"),
    ("on_portal", 550, "sfx-gov", "本县{year}年度政府工作报告及重点工作分工方案"),
    ("disclosed", 540, "sfx-zjj", "城关镇某小区预售许可证及预售资金监管协议"),
    ("not_exist", 530, "sfx-zrj", "上世纪九十年代城关镇某村集体土地权属界线图"),
    ("partly", 520, "sfx-scj", "某食品企业近三年的行政处罚决定书"),
    ("not_disclosed", 510, "sfx-gov", "县政府常务会议研究某工业园区规划调整的讨论记录"),
    ("reviewed", 500, "sfx-zrj", "某房地产开发项目土地出让前的内部评估意见"),
    ("disclosed", 490, "sfx-t01", "城关镇{year}年度农村低保对象名单及补助标准"),
    ("extended", 480, "sfx-zjj", "城关镇人民路棚户区改造项目的征收补偿方案及其批准文件"),
    ("on_portal", 470, "sfx-zrj", "本县国土空间总体规划（2021—2035年）及其批复"),
    ("sued", 460, "sfx-gov", "城关镇某小区规划许可证及总平面图"),
    ("privacy", 450, "sfx-zjj", "某被征收户的房屋征收补偿协议及补偿金额"),
    ("abandoned", 440, "sfx-zrj", "本县有关土地的全部文件"),
    ("disclosed", 430, "sfx-gov", "本县{year}年度财政预算执行情况和其他财政收支审计工作报告"),
    ("petition", 420, "sfx-scj", "反映某超市销售过期食品，要求查处并公开处理结果"),
    ("partly_land", 410, "sfx-zrj", "{year}年以来本县土地出让合同及出让金收缴情况"),
    ("needs_creation", 400, "sfx-zjj", "近十年全县商品房逐年成交均价统计分析"),
    ("extended", 395, "sfx-zrj", "城关镇全域土地综合整治项目的实施方案及资金来源"),
    ("abandoned", 390, "sfx-t01", "镇政府有关征地的材料"),
    ("not_processed", 385, "sfx-zrj", "本县各乡镇历年宅基地审批档案"),
    ("partly_heating", 375, "sfx-zjj", "县城区集中供热价格调整的成本监审报告"),
    ("disclosed", 368, "sfx-zrj", "城关镇人民路地块控制性详细规划调整的批复"),
]
#: The requests received in last December and replied in this January: last year's report carries them over to
#: this year's (the year before last holds no request: its figures stay typed). Each (plan, day of December, days to
#: the reply, agency, what was asked).
CARRIED = [
    ("disclosed", 22, 17, "sfx-zrj", "城关镇北关村集体土地征收的补偿安置方案及公告"),
    ("not_exist", 26, 14, "sfx-zrj", "某地块二〇〇三年出让时的原始测绘成果"),
    ("disclosed", 29, 13, "sfx-gov", "本县城区老旧小区改造项目清单及资金安排"),
]
#: The plans whose reply follows a third party's objection: (party consulted, its view, the reply's ground and text).
OBJECTIONS = {
    "partly": ("示范县某食品有限公司", "处罚决定书中的配方和工艺属于商业秘密。", "third_party",
               "涉及第三方商业秘密的配方和工艺部分不予公开，其余部分予以公开。"),
    "partly_land": ("示范县某置业有限公司", "出让合同附件中的融资安排属于本公司商业秘密。", "third_party",
                    "出让合同附件中涉及受让人商业秘密的融资安排不予公开，其余部分予以公开。"),
    "partly_heating": ("示范县某热力有限公司", "成本明细中的供煤合同价格属于本公司商业秘密。", "third_party",
                       "成本监审报告中涉及企业商业秘密的供煤合同价格不予公开，其余部分予以公开。"),
    "privacy": ("被征收人李某", "不同意公开本人的补偿协议和补偿金额。", "third_party",
                "所申请信息涉及第三方个人隐私，经征求意见其不同意公开。"),
}
CHANNELS = [Request.Channel.IN_PERSON, Request.Channel.REGISTERED_POST, Request.Channel.EMAIL,
            Request.Channel.ORDINARY_POST, Request.Channel.FAX]


@transaction.atomic
def build_demo_disclosure(today: dt.date | None = None) -> dict:
    """Create the demo agencies' requests if they have none; return counts of what was created."""
    today = today or timezone.localdate()
    agencies = [a for a in Agency.objects.filter(code__in=AGENCIES).select_related("region")]
    agencies.sort(key=lambda a: AGENCIES.index(a.code))
    by_code = {a.code: a for a in agencies}
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if not agencies or by is None or Request.objects.filter(agency__in=agencies).exists():
        return {"requests": 0}

    def ago(days: int) -> dt.date:
        return today - timedelta(days=days)

    # (plan, received on, days to the reply or None, agency code or None, what was asked or "")
    planned = [(plan, ago(days), None, None, "") for plan, days in PLANS]
    planned += [(plan, ago(days), None, code, subject.format(year=ago(days).year - 1))
                for plan, days, code, subject in EARLIER]
    planned += [(plan, dt.date(today.year - 1, 12, day), after, code, subject)
                for plan, day, after, code, subject in CARRIED]
    for serial, (plan, received, reply_after, code, subject) in enumerate(planned, start=1):
        agency = by_code.get(code) or agencies[serial % len(agencies)]
        name, kind, organisation_kind, id_kind, id_number = REQUESTERS[serial % len(REQUESTERS)]
        request = actions.receive_request(
            agency=agency, by=by, requester_name=name, requester_kind=kind, organisation_kind=organisation_kind,
            requester_address=f"示范县城关镇人民路{serial}号", requester_phone=f"0999-86{serial:06d}",
            id_kind=id_kind, id_number=id_number, description=subject or SUBJECTS[serial % len(SUBJECTS)],
            channel=CHANNELS[serial % len(CHANNELS)], received_on=received)
        _walk(request, plan, by, received, today, reply_after)
    name, kind, organisation_kind, id_kind, id_number = REQUESTERS[0]
    actions.submit_online(agencies[0], requester_name=name, requester_kind=kind, id_kind=id_kind,
                          id_number=id_number, requester_email="wang@example.invalid",
                          description="本县2026年重点建设项目清单及批准文号", purpose="了解项目建设情况")
    return {"requests": len(planned) + 1}


def _walk(request: Request, plan: str, by, received: dt.date, today: dt.date, reply_after: int | None = None) -> None:
    """Take one request from its receipt to where ``plan`` ends it, at dates counted from ``received`` (the reply
    ``reply_after`` days after it when given)."""

    def on(days: int) -> dt.date:
        return min(today, received + timedelta(days=days))

    if plan in ("received", "overdue"):
        return
    if plan in ("correcting", "abandoned", "corrected"):
        request = actions.request_correction(
            request, by=by, correction_requested_on=on(2), correction_items="请明确所需信息的名称、文号或者形成时间。",
            correction_period_ends=received + timedelta(days=17))
        if plan == "correcting":
            return
        if plan == "abandoned":
            actions.treat_as_abandoned(request, by=by)
            return
        request = actions.record_correction(request, by=by, corrected_on=on(9))
    if plan == "consulting":
        actions.start_consultation(request, by=by, consultation_kind="third_party", consulted_party="示范县某置业有限公司",
                                   consultation_sent_on=on(3))
        return
    if plan in OBJECTIONS:
        party, note, _ground, _text = OBJECTIONS[plan]
        request = actions.start_consultation(request, by=by, consultation_kind="third_party", consulted_party=party,
                                             consultation_sent_on=on(5), consultation_delivered_on=on(6))
        request = actions.record_consultation_answer(
            request, by=by, consultation_answered_on=on(15), consultation_opinion="objection",
            consultation_note=note)
    if plan == "agency_silent":
        request = actions.start_consultation(request, by=by, consultation_kind="other_agency",
                                             consulted_party="示范县发展和改革局", consultation_sent_on=on(4))
        request = actions.record_consultation_answer(request, by=by, consultation_answered_on=on(40),
                                                     consultation_opinion="no_answer")
    if plan == "extended":
        request = actions.extend(request, by=by, extended_on=on(20), extension_days=15,
                                 extension_reason="所需信息数量较大，需调取多年档案。", extension_approver="县政府办公室政务公开科科长",
                                 extension_notified_on=on(20))
    replied = reply_after or {"disclosed_late": 45, "extended": 40, "agency_silent": 42, "corrected": 20,
                              "reviewed": 18, "sued": 10, "partly": 25, "partly_land": 25, "partly_heating": 25,
                              "privacy": 25}.get(plan, 12)
    reply = {"disclosed_late": "disclosed", "extended": "disclosed", "agency_silent": "disclosed",
             "corrected": "disclosed", "fee": "disclosed", "partly": "partly_disclosed",
             "partly_land": "partly_disclosed", "partly_heating": "partly_disclosed", "privacy": "not_disclosed",
             "reviewed": "not_disclosed", "sued": "not_ours", "petition": "not_processed",
             "needs_creation": "not_exist", "on_portal": "already_public"}.get(plan, plan)
    fields = {
        "already_public": {"where_public": "示范县人民政府门户网站“政府信息公开”专栏，2025年5月12日发布。"},
        "partly_disclosed": {"reply_ground": "third_party", "reply_text": "涉及第三方商业秘密的配方和工艺部分不予公开，其余部分予以公开。"},
        "not_disclosed": {"reply_ground": "process", "reply_text": "所申请信息为内部讨论记录，属于过程性信息。"},
        "not_exist": {"reply_ground": "not_held", "reply_text": "经检索，本机关未制作或获取该信息。"},
        "not_ours": {"competent_agency": "示范县住房和城乡建设局，电话0999-8612345",
                     "reply_text": "该信息由县住房和城乡建设局制作并负责公开。"},
        "repeat": {},
        "other_regime": {"reply_text": "不动产登记资料的查询依照《不动产登记暂行条例》及其实施细则办理。"},
        "not_processed": {"reply_ground": "excessive", "reply_text": "申请人一年内申请二百余件，经要求说明理由后仍不合理。"},
    }.get(reply, {})
    if plan in OBJECTIONS:
        _party, _note, ground, text = OBJECTIONS[plan]
        fields = {"reply_ground": ground, "reply_text": text}
    if plan == "on_portal":
        published = received - timedelta(days=40)
        fields = {"where_public": f"示范县人民政府门户网站“政府信息公开”专栏，{published.year}年{published.month}月"
                                  f"{published.day}日发布。"}
    if plan == "petition":
        fields = {"reply_ground": "petition", "reply_text": "所提内容属于投诉举报，已告知申请人通过投诉举报渠道提出，本机关依法处理。"}
    if plan == "needs_creation":
        fields = {"reply_ground": "needs_creation", "reply_text": "所申请内容需要对现有信息进行加工、分析，本机关不予提供。"}
    request = actions.reply(request, by=by, replied_on=on(replied), reply_type=reply,
                            delivery="email" if request.requester_email else "post",
                            fee=Decimal("100.00") if plan == "fee" else None, **fields)
    if plan == "reviewed":
        actions.record_review_or_suit(request, by=by, review_kind="reconsideration", filed_on=on(40),
                                      review_outcome="upheld" if received.year < today.year else "pending")
    if plan == "sued":
        actions.record_review_or_suit(request, by=by, review_kind="litigation", filed_on=on(30),
                                      review_outcome="corrected")
