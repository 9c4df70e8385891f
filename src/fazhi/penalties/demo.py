"""The demo county's penalty cases over the last year, through the actions.

Each of the three enforcement departments (县市场监管局, 县综合执法局, 县交通局) gets its discretion standard and its
lenient lists, and cases in every state: under investigation, notified, a hearing requested, decided, served,
closed and published on time, closed and published late, a decision still unpublished past its deadline, a major
case through the legal review and the collective discussion, a first violation not penalised, an on-the-spot
fine, a referral, a dropped case, and a decision revoked on reconsideration and withdrawn from the portal.
Dates are counted back from today. ``build_demo_penalties()`` is idempotent: it does nothing once a case exists.
Every name, number and code is invented.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.enforcement.actions import best_certificates
from fazhi.enforcement.models import EnforcementBody
from fazhi.org.models import User
from fazhi.penalties import actions
from fazhi.penalties.models import _CREDIT_CHARS, _CREDIT_WEIGHTS, Case, DiscretionStandard, LenientItem

#: agency code, abbreviation in numbers, domain, violations (name, basis, fine range low–high for the standard).
DEPARTMENTS = [
    ("sfx-scj", "示市监", "食品安全", [
        ("销售超过保质期的食品", "《中华人民共和国食品安全法》第一百二十四条", 5000, 50000),
        ("未按规定公示营业执照", "《中华人民共和国市场主体登记管理条例》第四十八条", 0, 3000),
        ("使用未经检验的计量器具", "《中华人民共和国计量法实施细则》第四十三条", 1000, 10000),
    ]),
    ("sfx-zfj", "示综执", "市容环境", [
        ("擅自占用城市道路摆摊经营", "《城市市容和环境卫生管理条例》第三十六条", 50, 500),
        ("未经批准设置户外广告", "《城市市容和环境卫生管理条例》第三十六条", 500, 5000),
        ("随意倾倒建筑垃圾", "《城市建筑垃圾管理规定》第二十六条", 5000, 50000),
    ]),
    ("sfx-jtj", "示交", "道路运输", [
        ("未取得道路运输经营许可从事道路客运经营", "《中华人民共和国道路运输条例》第六十三条", 10000, 100000),
        ("客运车辆不按批准的站点停靠", "《中华人民共和国道路运输条例》第六十八条", 1000, 3000),
        ("货运车辆超限运输", "《公路安全保护条例》第六十四条", 500, 30000),
    ]),
]
#: The parties: organisations (name, first 17 characters of the credit code) and citizens.
COMPANIES = [("示范县永兴商贸有限公司", "91990102MA01A0001"), ("示范县鑫达运输有限公司", "91990102MA01B0002"),
             ("示范县华康食品店", "92990102MA01C0003"), ("示范县路路通客运有限公司", "91990102MA01D0004"),
             ("示范县城南建材经营部", "92990102MA01E0005"), ("示范县金穗粮油有限公司", "91990102MA01F0006")]
CITIZENS = ["刘某某", "陈某", "杨某某", "赵某"]
#: The walk of each demo case: the state it ends in, how many days ago it was filed, and its outcome.
PLANS = [
    ("investigating", 12, ""), ("notified", 25, ""), ("hearing", 40, ""), ("decided", 50, "penalty"),
    ("served", 70, "penalty"), ("closed", 120, "penalty"), ("late", 160, "penalty"), ("unpublished", 80, "penalty"),
    ("major", 200, "penalty"), ("lenient", 90, "first_violation"), ("spot", 30, "penalty"),
    ("referred", 140, "referred"), ("dropped", 100, ""), ("revoked", 300, "penalty"), ("closed", 240, "penalty"),
    ("closed", 180, "minor"),
]
REMEDY = "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。"


def credit_code(first17: str) -> str:
    total = sum(_CREDIT_CHARS.index(ch) * weight for ch, weight in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_CHARS[(31 - total % 31) % 31]


def _officers(body: EnforcementBody, since: dt.date, today: dt.date) -> list:
    """Two officers of the body with certificates valid over the whole demo year."""
    officers = list(body.officers.order_by("pk"))
    best = best_certificates([o.pk for o in officers], today)
    fit = [o for o in officers if o.pk in best and best[o.pk].is_valid_on(today) and best[o.pk].is_valid_on(since)]
    return fit[:2]


def _lists(agency, domain: str, violations, by) -> tuple[list[DiscretionStandard], LenientItem, LenientItem]:
    standards = [
        DiscretionStandard.objects.create(
            agency=agency, domain=domain, code=f"{domain[:2]}-{index:02d}", violation=name, legal_basis=basis,
            circumstance="一般", fine_min=Decimal(low), fine_max=Decimal(high))
        for index, (name, basis, low, high) in enumerate(violations, start=1)]
    first = LenientItem.objects.create(agency=agency, kind=LenientItem.Kind.FIRST, domain=domain, code="01",
                                       violation=violations[1][0], legal_basis=violations[1][1],
                                       conditions="首次违法、危害后果轻微并及时改正")
    minor = LenientItem.objects.create(agency=agency, kind=LenientItem.Kind.MINOR, domain=domain, code="01",
                                       violation=violations[0][0], legal_basis=violations[0][1],
                                       conditions="违法行为轻微并及时改正，没有造成危害后果")
    return standards, first, minor


@transaction.atomic
def build_demo_penalties(today: dt.date | None = None) -> dict:
    """Create the demo county's penalty cases if there are none; return counts of what was created."""
    today = today or timezone.localdate()
    nothing = {"cases": 0}
    if Case.objects.exists():
        return nothing
    clerk = User.objects.filter(username="clerk").first()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return nothing
    count = 0
    for number, (code, abbr, domain, violations) in enumerate(DEPARTMENTS):
        body = (EnforcementBody.objects.filter(agency__code=code, status=EnforcementBody.Status.ACTIVE,
                                               entrusted_by__isnull=True).order_by("pk").first())
        if body is None:
            continue
        by = clerk if code == "sfx-scj" and clerk is not None else admin
        officers = _officers(body, today - timedelta(days=330), today)
        if len(officers) < 2:
            continue
        standards, first, minor = _lists(body.agency, domain, violations, by)
        for index, (state, days_ago, outcome) in enumerate(PLANS):
            serial = index + 1
            violation = violations[index % len(violations)]
            party = COMPANIES[(index + number) % len(COMPANIES)] if index % 4 else None
            context = dict(abbr=abbr, year=today.year, serial=serial, domain=domain)
            _walk(body, by, officers, state, outcome, today - timedelta(days=days_ago), today, violation, party,
                  standards[index % len(standards)], first, minor, context, citizen=CITIZENS[index % 4])
            count += 1
    return {"cases": count}


def _walk(body, by, officers, state, outcome, opened, today, violation, party, standard, first, minor, context, *,
          citizen):
    """Take one case from its filing to ``state`` at dates counted from ``opened``, none after today."""
    name, basis, low, high = violation
    number = "{abbr}立〔{year}〕{serial:03d}号".format(**context)
    decision_number = "{abbr}罚〔{year}〕{serial:03d}号".format(**context)
    party_name, code = (party[0], credit_code(party[1])) if party else (citizen, "")
    kind = Case.PartyKind.ORGANISATION if party else Case.PartyKind.PERSON

    def on(days: int) -> dt.date:
        return min(today, opened + timedelta(days=days))

    if state == "spot":
        actions.decide_on_the_spot(
            body=body, by=by, number=number, title=f"{party_name}{name}案", party_kind=kind, party_name=party_name,
            party_code=code, party_address="示范县城关镇", on=opened, officers=officers, penalty_types=["fine"],
            fine=Decimal(200 if kind == Case.PartyKind.PERSON else 1000), facts=f"当事人{name}，执法人员当场查实。",
            legal_basis=basis, remedy=REMEDY, performance="当场缴纳罚款")
        return
    case = actions.open_case(
        body=body, by=by, number=number, title=f"{party_name}{name}案", party_kind=kind, party_name=party_name,
        party_code=code, party_address="示范县城关镇人民路" + str(len(name)) + "号", domain=context["domain"],
        violation_on=opened - timedelta(days=10), discovered_on=opened - timedelta(days=2), opened_on=opened,
        officers=officers)
    actions.add_record(case, by=by, action="inspection", on=opened - timedelta(days=2), officers=officers,
                       description=f"现场检查发现当事人涉嫌{name}，制作现场笔录。", av_reference=f"记录仪{context['serial']:02d}")
    if state == "investigating":
        return
    if state == "dropped":
        actions.drop_case(case, by=by, on=on(20), reason="经调查，违法事实不能成立，依法撤销立案。")
        return
    actions.add_record(case, by=by, action="questioning", on=on(5), officers=officers,
                       description="询问当事人，制作询问笔录。")
    if state == "revoked" or state == "major":
        actions.add_record(case, by=by, action="seizure", on=on(6), officers=officers,
                           description="依法扣押涉案物品。", av_reference=f"执法记录仪A{context['serial']:02d}-扣押")
    case = actions.end_investigation(case, by=by, on=on(15))
    if outcome in ("referred",) or outcome in Case.LENIENT_OUTCOMES:
        item = first if outcome == "first_violation" else minor if outcome == "minor" else None
        case = actions.decide(case, by=by, on=on(20), outcome=outcome, lenient_item=item,
                              decision_number="" if outcome == "referred" else decision_number,
                              facts=f"当事人{name}。" + ("涉嫌犯罪，依法移送公安机关。" if outcome == "referred"
                                                     else "违法行为轻微并已及时改正，没有造成危害后果。"),
                              legal_basis=basis, remedy=REMEDY)
        if outcome != "referred":
            case = actions.serve_decision(case, by=by, on=on(22), method="直接送达")
            actions.publish_decision(case, by=by, on=on(25))
        return
    fine = Decimal(high if state == "major" else (low + high) // 2 or 200)
    discretion_reason = ""
    if state == "hearing":
        fine = Decimal(max(high, 200000))
        discretion_reason = "违法所得数额巨大，情节严重，依法从重处罚。" if fine > high else ""
    if state == "major":
        fine = standard.fine_max + 10000 if standard.fine_max is not None else fine
        discretion_reason = "当事人拒不改正且多次违法，依法从重处罚。"
    case = actions.notify_penalty(case, by=by, on=on(18), penalty_types=["fine"], fine=fine, discretion=standard,
                                  discretion_reason=discretion_reason)
    if state == "notified":
        return
    case = actions.receive_notice(case, by=by, on=on(19))
    if state == "hearing":
        if not case.hearing_right:
            return
        actions.request_hearing(case, by=by, on=on(20))
        return
    if state == "major":
        case = actions.mark_major(case, by=by, categories=["public_interest"], complex_case=True)
        case = actions.submit_for_review(case, by=by, on=on(30))
        case = actions.record_review(case, by=by, on=on(32), reviewer="法制审核员周某", qualification="A2019990102001",
                                     result="passed", opinion="事实清楚，证据确凿，适用依据正确，程序合法，从重处罚理由充分。")
        case = actions.record_discussion(case, by=by, on=on(34), record="局务会议集体讨论，同意从重处罚。")
    elif case.is_major:
        case = actions.submit_for_review(case, by=by, on=on(30))
        case = actions.record_review(case, by=by, on=on(31), reviewer="法制审核员周某", qualification="A2019990102001",
                                     result="passed", opinion="同意。")
    case = actions.decide(case, by=by, on=on(36), outcome="penalty", decision_number=decision_number,
                          facts=f"经查，当事人{name}，有现场笔录、询问笔录等证据证实。", legal_basis=basis,
                          performance="自收到本决定书之日起十五日内缴纳罚款", remedy=REMEDY)
    if state == "decided":
        return
    case = actions.serve_decision(case, by=by, on=on(38), method="直接送达")
    if state in ("closed", "major", "revoked"):
        actions.publish_decision(case, by=by, on=on(41))
    elif state == "late":
        actions.publish_decision(case, by=by, on=on(75))
    if state in ("served", "unpublished"):
        return
    case.refresh_from_db()
    case = actions.record_execution(case, by=by, on=on(50), execution="当事人已缴纳罚款")
    case = actions.close_case(case, by=by, on=on(55))
    if state == "revoked":
        case = actions.revoke_decision(case, by=by, on=on(120), kind="revoked", reason="行政复议机关决定撤销原处罚决定。")
        actions.withdraw_publication(case, by=by, on=on(121))
