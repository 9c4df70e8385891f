"""The demo county's lawsuits of this year and the last, through the actions.

Six defendants (县市场监管局, 县综合执法局, 县自然资源局, 县公安局, 县人社局 and the county government, sued before the
intermediate court as 行政诉讼法 第15条 has it) get cases in every state: papers just served, a defence overdue, a
defence filed, one filed late with the court's leave, heard with and without the head in court, a judgment won and
one lost with the appeal period running or lapsed, appeals by the agency and by the plaintiff (each with its second
instance), and closed cases won, lost, withdrawn after the agency corrected its act, mediated and dismissed; with
judicial and procuratorial suggestions answered on time, late, or still open. The year before's cases (``EARLIER``)
are all closed, as last year's annual report counts them: most won, a few lost, some withdrawn by the plaintiff, two
appealed and closed after the second instance. Dates are counted back from today.
``build_demo_litigation()`` is idempotent: it does nothing once a case exists. Every name and number is invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.litigation import actions
from fazhi.litigation.models import Case, Hearing, Suggestion
from fazhi.org.models import Agency, User

BASIC = ("示范县人民法院", Case.CourtLevel.BASIC, "示0102")
INTERMEDIATE = ("示范市中级人民法院", Case.CourtLevel.INTERMEDIATE, "示01")


@dataclass(frozen=True)
class Plan:
    """One demo case: its defendant, how many days ago its papers arrived, the state it ends in, and its facts."""

    agency: str
    days_ago: int
    state: str
    category: str
    cause: str
    plaintiff: str
    outcome: str = ""
    head: bool = True
    late_defence: bool = False
    #: "", or a suggestion: court_on_time (the letter's date, answered), court_overdue (the letter's date, unanswered),
    #: procuratorate_open (the province's period, running), procuratorate_late (answered after its date).
    suggestion: str = ""
    #: For a case closed after an appeal: the second instance's outcome (the appellant as for "appealed": the agency
    #: appeals a judgment it lost, the plaintiff one the agency won).
    second: str = ""


PLANS = [
    Plan("sfx-scj", 4, "served", "penalty", "不服食品安全行政处罚", "示范县永兴商贸有限公司"),
    Plan("sfx-zfj", 24, "served", "coercive", "不服强制拆除违法建筑", "周某某"),
    Plan("sfx-zrj", 30, "defending", "licensing", "不服不动产登记", "示范县金穗粮油有限公司"),
    Plan("sfx-gaj", 60, "heard", "penalty", "不服治安管理处罚", "孙某", late_defence=True),
    Plan("sfx-scj", 70, "heard", "penalty", "不服计量违法行政处罚", "示范县华康食品店"),
    Plan("sfx-rsj", 80, "heard", "non_performance", "不履行工伤认定法定职责", "吴某某", head=False,
         suggestion="court_overdue"),
    Plan("sfx-gov", 100, "concluded", "reconsideration", "不服行政复议决定", "钱某", outcome="rejected"),
    Plan("sfx-zfj", 125, "concluded", "coercive", "不服责令限期拆除决定", "郑某某", outcome="revoked",
         suggestion="procuratorate_open"),
    Plan("sfx-zrj", 150, "appealed", "expropriation", "不服征收补偿决定", "冯某某", outcome="unlawful"),
    Plan("sfx-scj", 160, "appealed", "penalty", "不服广告违法行政处罚", "示范县鑫达运输有限公司", outcome="rejected"),
    Plan("sfx-gaj", 200, "closed", "penalty", "不服行政拘留决定", "陈某", outcome="rejected"),
    Plan("sfx-gov", 240, "closed", "expropriation", "不服房屋征收决定", "褚某某", outcome="revoked",
         suggestion="court_on_time"),
    Plan("sfx-scj", 185, "closed", "disclosure", "不服政府信息公开答复", "卫某", outcome="withdrawn_corrected"),
    Plan("sfx-zrj", 260, "closed", "expropriation", "行政赔偿", "蒋某某", outcome="mediated"),
    Plan("sfx-rsj", 300, "closed", "non_performance", "不履行社会保险待遇给付职责", "沈某", outcome="dismissed"),
    Plan("sfx-rsj", 330, "closed", "non_performance", "不履行最低生活保障法定职责", "韩某某", outcome="perform",
         head=False, suggestion="procuratorate_late"),
]
#: The year before's cases, all closed (mostly won, as in a typical county): what last year's annual report counts.
#: Papers served 431 to 560 days ago: for a today from mid-November to the year's end (when the demo is shown),
#: they, their hearings, judgments and appeals (two, decided some 130 days after the papers) all fall in last year,
#: so that each year's concluded cases and cases with the head in court stay within its cases, agency by agency, as
#: the catalog's rules have them (审结 ≤ 应诉案件, 负责人出庭 ≤ 应诉案件).
EARLIER = [
    Plan("sfx-scj", 560, "closed", "penalty", "不服无照经营行政处罚", "示范县宏远建材有限公司", outcome="rejected"),
    Plan("sfx-zfj", 551, "closed", "coercive", "不服查封扣押财物决定", "杨某某", outcome="rejected", head=False),
    Plan("sfx-gaj", 543, "closed", "penalty", "不服道路交通安全违法行政处罚", "朱某", outcome="rejected",
         second="upheld"),
    Plan("sfx-zrj", 536, "closed", "licensing", "不服不动产登记", "秦某某", outcome="withdrawn"),
    Plan("sfx-rsj", 527, "closed", "non_performance", "不履行工伤认定法定职责", "尤某某", outcome="perform",
         suggestion="court_on_time"),
    Plan("sfx-zfj", 519, "closed", "coercive", "不服强制拆除违法建筑", "何某某", outcome="revoked", second="revoked"),
    Plan("sfx-gov", 510, "closed", "reconsideration", "不服行政复议决定", "许某", outcome="rejected"),
    Plan("sfx-scj", 502, "closed", "penalty", "不服产品质量违法行政处罚", "示范县利民超市", outcome="rejected",
         head=False),
    Plan("sfx-gaj", 495, "closed", "penalty", "不服行政拘留决定", "吕某", outcome="rejected"),
    Plan("sfx-zrj", 487, "closed", "expropriation", "不服土地征收补偿安置决定", "施某某", outcome="rejected"),
    Plan("sfx-scj", 478, "closed", "disclosure", "不服政府信息公开答复", "张某", outcome="withdrawn"),
    Plan("sfx-rsj", 470, "closed", "non_performance", "不履行社会保险登记法定职责", "孔某某", outcome="rejected",
         head=False),
    Plan("sfx-gov", 463, "closed", "expropriation", "不服房屋征收决定", "曹某某", outcome="rejected"),
    Plan("sfx-gaj", 455, "closed", "penalty", "不服治安管理处罚", "严某", outcome="unlawful"),
    Plan("sfx-zrj", 447, "closed", "licensing", "不服不动产变更登记", "华某某", outcome="withdrawn"),
    Plan("sfx-scj", 439, "closed", "penalty", "不服食品安全行政处罚", "示范县金达餐饮店", outcome="rejected"),
    Plan("sfx-zfj", 431, "closed", "penalty", "不服城市管理行政处罚", "金某", outcome="rejected", head=False),
]
EVIDENCE = "1. 行政行为决定书及送达回证；2. 调查询问笔录、现场勘验笔录；3. 所依据的法律、法规、规章及规范性文件目录。"


@transaction.atomic
def build_demo_litigation(today: dt.date | None = None) -> dict:
    """Create the demo county's lawsuits if there are none; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"cases": 0, "hearings": 0, "suggestions": 0}
    if Case.objects.exists():
        return counts
    users = {u.username: u for u in User.objects.filter(username__in=["clerk", "office", "admin"])}
    fallback = users.get("office") or users.get("admin")
    if fallback is None:
        return counts
    agencies = {a.code: a for a in Agency.objects.filter(code__in={plan.agency for plan in [*PLANS, *EARLIER]})}
    serials: dict[tuple[int, str], int] = {}
    for plan in [*PLANS, *EARLIER]:  # this year's first: their numbers stay what they were before EARLIER came
        agency = agencies.get(plan.agency)
        if agency is None:
            continue
        by = users["clerk"] if plan.agency == "sfx-scj" and "clerk" in users else fallback
        made = _walk(plan, agency, by, today, serials)
        for key, value in made.items():
            counts[key] += value
    return counts


def _number(court, kind: str, served: dt.date, serials: dict) -> str:
    """A court case number such as (2026)示0102行初3号, numbered per court, year and kind."""
    key = (served.year, court[2] + kind)
    serials[key] = serials.get(key, 0) + 1
    return f"({served.year}){court[2]}{kind}{serials[key]}号"


def _walk(plan: Plan, agency: Agency, by, today: dt.date, serials: dict) -> dict:
    """Take one case from its papers to ``plan.state``, its dates counted from the papers' day and none after
    today."""
    served = today - timedelta(days=plan.days_ago)

    def on(days: int) -> dt.date:
        return min(today, served + timedelta(days=days))

    court = INTERMEDIATE if plan.agency == "sfx-gov" else BASIC
    made = {"cases": 1, "hearings": 0, "suggestions": 0}
    case = actions.register_case(
        agency=agency, by=by, number=_number(court, "行初", served, serials), court=court[0], court_level=court[1],
        instance=Case.Instance.FIRST, cause=plan.cause, act_category=plan.category, plaintiff_name=plan.plaintiff,
        plaintiff_kind=(Case.PlaintiffKind.ORGANISATION if "公司" in plan.plaintiff or "店" in plan.plaintiff
                        else Case.PlaintiffKind.PERSON),
        act=f"{agency.brief}〔{served.year}〕{plan.days_ago}号决定",
        reconsideration_ref=f"示府复〔{served.year}〕{plan.days_ago}号" if plan.category == "reconsideration" else "",
        served_on=served)
    if plan.state == "served":
        return made
    late = plan.late_defence
    case = actions.file_defence(case, by=by, defence_filed_on=on(20 if late else 12), evidence=EVIDENCE,
                                defence_late_reason="部分证据由上级机关调取，经人民法院准许延期提供。" if late else "")
    if plan.state == "defending":
        return made
    if plan.outcome not in ("withdrawn_corrected", "withdrawn", "dismissed"):
        _hear(case, by, on(40), plan.head)
        made["hearings"] += 1
    if plan.state == "heard":
        made["suggestions"] += _suggest(case, by, plan.suggestion, on(45), today)
        return made
    given = on(90 if plan.days_ago < 140 else 60)
    case = actions.record_judgment(case, by=by, concluded_on=given, outcome=plan.outcome,
                                   judgment_served_on=min(today, given + timedelta(days=2)),
                                   judgment_summary=Case.Outcome(plan.outcome).label)
    made["suggestions"] += _suggest(case, by, plan.suggestion, min(today, given + timedelta(days=5)), today)
    if plan.state == "concluded":
        return made
    if plan.state == "appealed" or plan.second:
        case, second = _appeal(plan, case, agency, by, today, serials)
        made["cases"] += 1
        if plan.state == "appealed":
            return made
        made["hearings"] += _close_on_appeal(plan, case, second, by, today)
        return made
    closed = min(today, (case.appeal_due or case.concluded_on) + timedelta(days=3))
    if case.appeal_due is not None and closed <= case.appeal_due:
        return made  # the appeal period has not ended yet: the case stays concluded
    actions.close_case(case, by=by, closed_on=closed, closing_note="判决（裁定）已发生法律效力。")
    return made


def _appeal(plan: Plan, case: Case, agency: Agency, by, today: dt.date, serials: dict) -> tuple[Case, Case]:
    """Appeal the first instance's judgment (the agency one it lost, the plaintiff one it won) and register the
    second instance before the intermediate court; return both cases."""
    by_agency = plan.outcome in Case.JUDGMENTS and plan.outcome != "rejected"
    appealed = min(today, case.judgment_served_on + timedelta(days=8))
    case = actions.record_appeal(case, by=by, appealed_on=appealed,
                                 appellant=Case.Appellant.AGENCY if by_agency else Case.Appellant.PLAINTIFF)
    second = actions.register_case(
        agency=agency, by=by, number=_number(INTERMEDIATE, "行终", appealed, serials), court=INTERMEDIATE[0],
        court_level=INTERMEDIATE[1], instance=Case.Instance.SECOND, earlier_number=case.number, cause=plan.cause,
        act_category=plan.category, plaintiff_name=plan.plaintiff, plaintiff_kind=case.plaintiff_kind,
        act=case.act, agency_appealed=by_agency, served_on=min(today, appealed + timedelta(days=10)))
    if not by_agency:
        second = actions.file_defence(second, by=by,
                                      defence_filed_on=min(today, second.served_on + timedelta(days=7)),
                                      evidence="答辩意见及一审证据目录。")
    return case, second


def _close_on_appeal(plan: Plan, case: Case, second: Case, by, today: dt.date) -> int:
    """Hear the appeal, give the second instance's judgment (final: 行政诉讼法 第7条) and close both instances;
    return the hearings held."""

    def on(days: int) -> dt.date:
        return min(today, second.served_on + timedelta(days=days))

    _hear(second, by, on(30), plan.head)
    given = on(50)
    stands = plan.second in ("upheld", plan.outcome)
    second = actions.record_judgment(second, by=by, concluded_on=given, outcome=plan.second,
                                     judgment_served_on=on(52),
                                     judgment_summary="驳回上诉，维持原判。" if stands
                                     else Case.Outcome(plan.second).label)
    actions.close_case(second, by=by, closed_on=on(55), closing_note="二审判决为终审判决，已发生法律效力。")
    actions.close_case(case, by=by, closed_on=on(55),
                       closing_note="二审驳回上诉、维持原判，一审判决发生法律效力。" if stands else "一审判决经二审改判。")
    return 1


def _hear(case: Case, by, day: dt.date, head: bool) -> Hearing:
    if head:
        return actions.record_hearing(case, by=by, held_on=day, head_appeared=True, head_name="李副局长",
                                      head_post="副局长", head_role=Hearing.HeadRole.DEPUTY,
                                      staff_appeared="法规股股长王某", note="负责人就实质性化解争议发表意见。")
    return actions.record_hearing(case, by=by, held_on=day, head_appeared=False, head_notified=False,
                                  staff_appeared="法规股股长王某、执法大队队员赵某",
                                  absence_reason=Hearing.AbsenceReason.OFFICIAL_DUTY,
                                  absence_proof="参加县政府防汛紧急会议的通知，加盖本机关印章。")


def _suggest(case: Case, by, kind: str, received: dt.date, today: dt.date) -> int:
    if not kind:
        return 0
    court = kind.startswith("court")
    suggestion = actions.receive_suggestion(
        case, by=by, kind=Suggestion.Kind.COURT if court else Suggestion.Kind.PROCURATORATE,
        issuer="示范县人民法院" if court else "示范县人民检察院",
        number=f"示法司建〔{received.year}〕{case.pk}号" if court else f"示检行建〔{received.year}〕{case.pk}号",
        received_on=received,
        content="建议规范行政执法程序，加强证据收集和法律适用审查。" if court else "建议依法履行监督管理职责并书面回复。",
        reply_by=received + timedelta(days=30 if kind == "court_on_time" else 20) if court else None)
    if kind.endswith("on_time"):
        actions.reply_suggestion(case, by=by, suggestion_number=suggestion.number,
                                 replied_on=min(today, received + timedelta(days=20)),
                                 reply_summary="已组织专题学习，修订执法证据规范并书面回复。")
    elif kind.endswith("late") and suggestion.reply_due < today:
        actions.reply_suggestion(case, by=by, suggestion_number=suggestion.number,
                                 replied_on=min(today, suggestion.reply_due + timedelta(days=10)),
                                 reply_summary="已依法履行职责，逾期书面回复。")
    return 1
