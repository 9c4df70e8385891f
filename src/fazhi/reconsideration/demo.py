"""The demo county's reconsideration cases of this year and the last, through the actions.

示范县人民政府 is the reconsideration body; the rule-of-law office's clerk (the 司法局's reconsideration organ) keeps its
cases against the county's departments and townships. There are cases in every state: received, awaiting correction,
corrected and accepted, refused, abandoned, deemed accepted, under review with the copy or the answer overdue,
suspended for mediation, and concluded in every way the law allows (upheld, revoked with a recommendation letter,
partly revoked, varied and published, declared void, declared unlawful after a hearing and the committee, ordered to
perform, request rejected, application dismissed, mediated, settled, terminated), some on time and some late, one
extended, one switched from the simplified procedure. Dates are counted back from today.
``build_demo_reconsideration()`` is idempotent: it does nothing once the government has a case. Every name and number
is invented.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.org.models import Agency, User
from fazhi.reconsideration import actions
from fazhi.reconsideration.models import Case

BODY = "sfx-gov"
#: The respondents: county departments and a township (agency code, the act contested, its kind, amount).
RESPONDENTS = [
    ("sfx-scj", "示市监罚〔{year}〕{serial:03d}号行政处罚决定（罚款2000元）", "penalty", 2000),
    ("sfx-zfj", "示综执罚〔{year}〕{serial:03d}号行政处罚决定（责令限期拆除）", "penalty", None),
    ("sfx-jtj", "示交罚〔{year}〕{serial:03d}号行政处罚决定（罚款30000元）", "penalty", 30000),
    ("sfx-rsj", "示人社工伤认〔{year}〕{serial:03d}号不予认定工伤决定", "work_injury", None),
    ("sfx-zrj", "示自然资〔{year}〕{serial:03d}号政府信息公开申请答复", "disclosure", None),
    ("sfx-t01", "城关镇人民政府未依法履行房屋安全监管职责", "non_performance", None),
]
APPLICANTS = [("王某某", "person"), ("示范县顺达物流有限公司", "organisation"), ("李某", "person"),
              ("示范县福源农业合作社", "organisation"), ("张某某", "person"), ("赵某", "person")]
#: Each demo case: how it ends, and how many days ago the application was received.
PLANS = [
    ("received", 1), ("correcting", 4), ("abandoned", 60), ("refused", 45), ("deemed", 20), ("copy_due", 10),
    ("answer_due", 16), ("suspended", 70), ("decision_overdue", 95), ("upheld", 330), ("upheld_late", 300),
    ("revoked", 270), ("varied", 240), ("unlawful", 210), ("performance", 180), ("request_rejected", 150),
    ("dismissed", 130), ("mediated", 120), ("settled", 110), ("terminated", 100), ("simplified", 85),
    ("switched", 200), ("corrected", 160), ("extended", 250), ("partly_revoked", 230), ("void", 190),
]
#: The year before's cases, all concluded (mostly upheld, as in a typical county): what last year's annual report
#: counts. Received 300 to 560 days ago.
EARLIER = [
    ("upheld", 560), ("revoked", 540), ("upheld", 520), ("request_rejected", 500), ("upheld", 480),
    ("mediated", 460), ("varied", 440), ("upheld", 420), ("dismissed", 400), ("upheld", 380), ("settled", 360),
    ("performance", 345), ("upheld", 330), ("terminated", 315), ("upheld", 300),
]


@transaction.atomic
def build_demo_reconsideration(today: dt.date | None = None) -> dict:
    """Create the demo county government's reconsideration cases if it has none; return counts of what was
    created."""
    today = today or timezone.localdate()
    body = Agency.objects.filter(code=BODY).select_related("region").first()
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if body is None or by is None or Case.objects.filter(agency=body).exists():
        return {"cases": 0}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r[0] for r in RESPONDENTS])}
    for serial, (plan, days_ago) in enumerate([*PLANS, *EARLIER], start=1):
        code, act, category, amount = RESPONDENTS[serial % len(RESPONDENTS)]
        if plan == "simplified":
            code, act, category, amount = RESPONDENTS[4]
        if plan in ("performance", "request_rejected"):
            code, act, category, amount = RESPONDENTS[5]
        name, kind = APPLICANTS[serial % len(APPLICANTS)]
        received = today - timedelta(days=days_ago)
        case = actions.receive_application(
            agency=body, by=by, number=f"示府复〔{received.year}〕{serial:03d}号", applicant_name=name,
            applicant_kind=kind, applicant_contact="示范县城关镇人民路" + str(serial) + "号",
            respondent=agencies.get(code), act=act.format(year=received.year, serial=serial),
            act_category=category, amount=Decimal(amount) if amount else None,
            request="请求撤销该行政行为。事实与理由：认定事实不清，适用依据错误。", knew_on=received - timedelta(days=20),
            channel=[Case.Channel.IN_PERSON, Case.Channel.ONLINE, Case.Channel.POST][serial % 3],
            received_on=received)
        _walk(case, plan, by, received, today, serial)
    return {"cases": len(PLANS) + len(EARLIER)}


def _walk(case: Case, plan: str, by, received: dt.date, today: dt.date, serial: int) -> None:
    """Take one case from its receipt to where ``plan`` ends it, at dates counted from ``received``."""

    def on(days: int) -> dt.date:
        return min(today, received + timedelta(days=days))

    number = f"示府复决〔{received.year}〕{serial:03d}号"
    if plan == "received":
        return
    if plan in ("correcting", "abandoned", "corrected"):
        case = actions.request_correction(case, by=by, correction_requested_on=on(1),
                                          correction_items="补充提交被申请复议的行政处罚决定书复印件及身份证明。",
                                          correction_received_on=None if plan == "correcting" else on(3))
        if plan == "correcting":
            return
        if plan == "abandoned":
            actions.treat_as_withdrawn(case, by=by)
            return
        case = actions.record_correction(case, by=by, corrected_on=on(8))
    if plan == "refused":
        actions.refuse(case, by=by, refused_on=on(2), refusal_ground=Case.RefusalGround.JURISDICTION,
                       refusal_reason="被申请人系市直部门派出机构，不属于本机关管辖。", competent_body="示范市人民政府")
        return
    if plan == "deemed":
        actions.deem_accepted(case, by=by)
        return
    simplified = plan == "simplified" or plan == "switched"
    case = actions.accept(case, by=by, accepted_on=on(2) if plan != "corrected" else case.corrected_on,
                          procedure=Case.Procedure.SIMPLIFIED if simplified else Case.Procedure.ORDINARY,
                          simplified_ground=Case.SimplifiedGround.DISCLOSURE if plan == "simplified"
                          else Case.SimplifiedGround.CONSENT if plan == "switched" else "")
    if plan == "copy_due":
        return
    start = case.accepted_on

    def after(days: int) -> dt.date:
        return min(today, start + timedelta(days=days))

    if plan == "switched":
        case = actions.switch_to_ordinary(case, by=by, switched_on=after(1), switch_reason="案情较为复杂，当事人争议较大。",
                                          switch_approver="县司法局行政复议科科长")
    case = actions.send_copy(case, by=by, copy_sent_on=after(2), copy_received_on=after(3))
    if plan == "answer_due":
        return
    case = actions.record_answer(case, by=by, answer_received_on=after(8 if simplified and plan != "switched" else 12))
    if plan == "suspended":
        actions.suspend(case, by=by, suspended_on=after(20), suspension_ground=Case.SuspensionGround.MEDIATION,
                        suspension_reason="申请人与被申请人同意调解，书面告知当事人中止审理。")
        return
    if plan == "decision_overdue":
        return
    if plan == "unlawful":
        case = actions.mark_major(case, by=by, hearing_required=True, hearing_required_reason="涉及群众切身利益，案情复杂。",
                                  committee_required=True, committee_required_reason="专业性较强，需听取咨询意见。")
        case = actions.record_hearing(case, by=by, hearing_notified_on=after(15), hearing_held_on=after(25),
                                      hearing_record="听证会由复议机构组织，双方当事人到场陈述意见。")
        case = actions.consult_committee(case, by=by, committee_consulted_on=after(35),
                                         committee_opinion="多数委员认为原行为程序违法，但撤销将损害公共利益。")
    if plan == "extended":
        case = actions.extend(case, by=by, extended_on=after(50), extension_days=30,
                              extension_reason="案情复杂，需要补充调查。", extension_approver="县司法局负责人")
    if plan in ("mediated", "settled"):
        case = actions.suspend(case, by=by, suspended_on=after(20), suspension_ground=Case.SuspensionGround.MEDIATION,
                               suspension_reason="双方同意调解。")
    decided = {"upheld": 40, "upheld_late": 75, "extended": 80, "simplified": 20, "settled": 35}.get(plan, 45)
    outcome = {"upheld_late": "upheld", "extended": "upheld", "simplified": "upheld", "switched": "revoked",
               "corrected": "varied", "dismissed": "application_dismissed"}.get(plan, plan)
    reasoning = {"mediated": "双方自愿达成调解协议：被申请人退还罚款一半，申请人放弃其他请求。",
                 "dismissed": "受理后发现申请人与被申请复议的行政行为没有利害关系，驳回行政复议申请。"}.get(
        plan, "经审理，被申请人作出的行政行为认定事实和适用依据情况如下，依法作出本决定。")
    case = actions.decide(case, by=by, decided_on=after(decided), outcome=outcome, decision_number=number,
                          reasoning="" if outcome in Case.CLOSING_OUTCOMES else reasoning,
                          termination_ground=Case.TerminationGround.WITHDRAWN if outcome == "terminated" else "")
    if plan in ("revoked", "varied"):
        case = actions.publish_decision(case, by=by, published_on=after(decided + 5))
    if plan == "revoked":
        case = actions.send_recommendation(case, by=by, recommendation_sent_on=after(decided + 2),
                                           recommendation_addressee=case.respondent_name,
                                           recommendation="规范行政处罚案件调查取证程序，对类似案件开展自查。",
                                           recommendation_received_on=after(decided + 3))
    if plan == "varied":
        case = actions.send_recommendation(case, by=by, recommendation_sent_on=after(decided + 1),
                                           recommendation_addressee=case.respondent_name,
                                           recommendation="严格执行行政处罚裁量基准。")
        actions.record_recommendation_reply(case, by=by, recommendation_replied_on=after(decided + 40),
                                            recommendation_reply="已组织全员学习裁量基准并完成案卷自查。")
