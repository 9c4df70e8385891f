"""The demo county's requests for government information of this year and the last, through the actions.

The county government, its departments and a township receive requests by every channel, one sent on the portal
today: requests in every state (received, one of them past its deadline; awaiting correction; consulting; replied;
given up) and replies of every kind (already public, disclosed, partly disclosed after a third party objected, not
disclosed, does not exist, not this agency's, repeat, another law governs access, not processed), some late, one
extended, one with a processing fee, one after another agency's silence, and replies taken to reconsideration or to
court. Dates are counted back from today. ``build_demo_disclosure()`` is idempotent: it does nothing once the demo
agencies have a request. Every name and number is invented.
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
#: The year before's requests, all replied: what last year's annual disclosure report counts.
EARLIER = [
    ("disclosed", 560), ("already_public", 540), ("not_exist", 520), ("disclosed", 500), ("not_ours", 480),
    ("partly", 460), ("disclosed", 440), ("not_disclosed", 420), ("disclosed", 400), ("reviewed", 380),
]
CHANNELS = [Request.Channel.IN_PERSON, Request.Channel.REGISTERED_POST, Request.Channel.EMAIL,
            Request.Channel.ORDINARY_POST, Request.Channel.FAX]


@transaction.atomic
def build_demo_disclosure(today: dt.date | None = None) -> dict:
    """Create the demo agencies' requests if they have none; return counts of what was created."""
    today = today or timezone.localdate()
    agencies = [a for a in Agency.objects.filter(code__in=AGENCIES).select_related("region")]
    agencies.sort(key=lambda a: AGENCIES.index(a.code))
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if not agencies or by is None or Request.objects.filter(agency__in=agencies).exists():
        return {"requests": 0}
    for serial, (plan, days_ago) in enumerate([*PLANS, *EARLIER], start=1):
        agency = agencies[serial % len(agencies)]
        name, kind, organisation_kind, id_kind, id_number = REQUESTERS[serial % len(REQUESTERS)]
        received = today - timedelta(days=days_ago)
        request = actions.receive_request(
            agency=agency, by=by, requester_name=name, requester_kind=kind, organisation_kind=organisation_kind,
            requester_address=f"示范县城关镇人民路{serial}号", requester_phone=f"0999-86{serial:06d}",
            id_kind=id_kind, id_number=id_number, description=SUBJECTS[serial % len(SUBJECTS)],
            channel=CHANNELS[serial % len(CHANNELS)], received_on=received)
        _walk(request, plan, by, received, today)
    name, kind, organisation_kind, id_kind, id_number = REQUESTERS[0]
    actions.submit_online(agencies[0], requester_name=name, requester_kind=kind, id_kind=id_kind,
                          id_number=id_number, requester_email="wang@example.invalid",
                          description="本县2026年重点建设项目清单及批准文号", purpose="了解项目建设情况")
    return {"requests": len(PLANS) + len(EARLIER) + 1}


def _walk(request: Request, plan: str, by, received: dt.date, today: dt.date) -> None:
    """Take one request from its receipt to where ``plan`` ends it, at dates counted from ``received``."""

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
    if plan == "partly":
        request = actions.start_consultation(request, by=by, consultation_kind="third_party",
                                             consulted_party="示范县某食品有限公司", consultation_sent_on=on(5),
                                             consultation_delivered_on=on(6))
        request = actions.record_consultation_answer(
            request, by=by, consultation_answered_on=on(15), consultation_opinion="objection",
            consultation_note="处罚决定书中的配方和工艺属于商业秘密。")
    if plan == "agency_silent":
        request = actions.start_consultation(request, by=by, consultation_kind="other_agency",
                                             consulted_party="示范县发展和改革局", consultation_sent_on=on(4))
        request = actions.record_consultation_answer(request, by=by, consultation_answered_on=on(40),
                                                     consultation_opinion="no_answer")
    if plan == "extended":
        request = actions.extend(request, by=by, extended_on=on(20), extension_days=15,
                                 extension_reason="所需信息数量较大，需调取多年档案。", extension_approver="县政府办公室政务公开科科长",
                                 extension_notified_on=on(20))
    replied = {"disclosed_late": 45, "extended": 40, "agency_silent": 42, "corrected": 20, "reviewed": 18,
               "sued": 10, "partly": 25}.get(plan, 12)
    reply = {"disclosed_late": "disclosed", "extended": "disclosed", "agency_silent": "disclosed",
             "corrected": "disclosed", "fee": "disclosed", "partly": "partly_disclosed", "reviewed": "not_disclosed",
             "sued": "not_ours"}.get(plan, plan)
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
    request = actions.reply(request, by=by, replied_on=on(replied), reply_type=reply,
                            delivery="email" if request.requester_email else "post",
                            fee=Decimal("100.00") if plan == "fee" else None, **fields)
    if plan == "reviewed":
        actions.record_review_or_suit(request, by=by, review_kind="reconsideration", filed_on=on(40),
                                      review_outcome="upheld" if received.year < today.year else "pending")
    if plan == "sued":
        actions.record_review_or_suit(request, by=by, review_kind="litigation", filed_on=on(30),
                                      review_outcome="corrected")
