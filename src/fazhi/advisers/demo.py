"""The demo county's legal advisers, their opinions and meetings, and its contract reviews, through the actions.

The county government engages a law firm and a lawyer as its legal advisers (the firm's term ending within the
reminder's days), the 司法局 keeps the county's public-sector lawyers, and a department and a township have an adviser
each; one adviser's engagement ended last year. Their opinions over this year and the year before concern the
agency's own major decisions, normative documents, contract reviews and cases where the demo keeps them, and the
government's advisers attend its executive meetings. Contracts are reviewed in every state: answered in time, late,
due soon and overdue. Dates are counted back from today. ``build_demo_advisers()`` is idempotent: it does nothing
once the county has an adviser. Every name and number is invented.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.advisers import actions
from fazhi.advisers.models import Adviser
from fazhi.org.models import Agency, User

#: (agency, name, kind, engaged as, firm, licence, days since the term began, days the term runs)
ADVISERS = [
    ("sfx-gov", "示范县正衡律师事务所", "adviser", "firm", "", "", 700, 720),
    ("sfx-gov", "林志远", "adviser", "person", "示范县明理律师事务所", "13399201010234567", 400, 1095),
    ("sfx-sfj", "何雅琴", "public_lawyer", "person", "示范县司法局", "23399202110345678", 600, 1460),
    ("sfx-sfj", "高建国", "public_lawyer", "person", "示范县司法局", "23399202210456789", 300, 1460),
    ("sfx-scj", "宋晓光", "adviser", "person", "示范县明理律师事务所", "13399201510567890", 500, 1095),
    ("sfx-t01", "韦丽华", "adviser", "person", "示范县正衡律师事务所", "13399201810678901", 450, 730),
    ("sfx-zjj", "邓海涛", "adviser", "person", "示范县公正律师事务所", "13399201210789012", 800, 365),
]
#: The adviser above whose engagement ended early (agency, name): its agreement was ended by consent.
ENDED = ("sfx-zjj", "邓海涛")
MEETINGS = ("县政府常务会议", "县政府专题会议", "重大项目推进会")
#: (agency, contract, other party, amount, days ago received, state: "on_time", "late", "open")
CONTRACTS = [
    ("sfx-gov", "县城污水管网改造工程施工合同", "某市政工程有限公司", 12800000, 20, "on_time"),
    ("sfx-gov", "政务服务中心物业服务合同", "某物业服务有限公司", 960000, 60, "on_time"),
    ("sfx-gov", "招商引资合作框架协议", "某新能源科技有限公司", None, 95, "late"),
    ("sfx-gov", "国有土地使用权出让合同", "某置业有限公司", 36500000, 4, "open"),
    ("sfx-scj", "食品安全抽检服务合同", "某检测技术有限公司", 450000, 40, "on_time"),
    ("sfx-scj", "执法记录仪采购合同", "某电子科技有限公司", 86000, 25, "open"),
    ("sfx-sfj", "法律援助案件委托协议", "示范县明理律师事务所", 120000, 130, "on_time"),
    ("sfx-t01", "农贸市场租赁合同", "某商贸有限公司", 240000, 75, "on_time"),
    ("sfx-zjj", "保障性住房维修工程合同", "某建筑工程有限公司", 1850000, 200, "late"),
    # The year before's reviews, answered: what last year's report counts (审查政府合同).
    ("sfx-gov", "城区道路照明维护合同", "某照明工程有限公司", 520000, 420, "on_time"),
    ("sfx-gov", "垃圾清运特许经营协议", "某环境服务有限公司", 3200000, 480, "on_time"),
    ("sfx-scj", "计量检定设备采购合同", "某仪器有限公司", 210000, 460, "on_time"),
    ("sfx-sfj", "人民调解员培训服务合同", "某教育咨询有限公司", 60000, 500, "late"),
    ("sfx-t01", "村级道路硬化工程合同", "某路桥工程有限公司", 780000, 440, "on_time"),
]
OPINION_TEXTS = ("经审查，程序合法，内容未发现与上位法相抵触之处。", "建议进一步明确各方权利义务和违约责任。",
                 "建议补充公平竞争审查意见后提交集体讨论。", "建议完善争议解决条款，明确管辖法院。")


@transaction.atomic
def build_demo_advisers(today: dt.date | None = None) -> dict:
    """Create the demo county's advisers and contract reviews if it has none; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"advisers": 0, "opinions": 0, "meetings": 0, "contracts": 0}
    if Adviser.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    by = User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()
    if by is None:
        return counts
    codes = {row[0] for row in ADVISERS} | {row[0] for row in CONTRACTS}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    reviews: dict[str, list] = {}
    serials: dict[tuple[str, int], int] = {}
    for code, name, counterparty, amount, days_ago, state in CONTRACTS:
        if code not in agencies:
            continue
        reviews.setdefault(code, []).append(_review(agencies[code], by, today, serials, name, counterparty, amount,
                                                    days_ago, state))
        counts["contracts"] += 1
    for code, name, kind, engaged_as, firm, licence, began, runs in ADVISERS:
        if code not in agencies:
            continue
        start = today - timedelta(days=began)
        adviser = actions.engage_adviser(agency=agencies[code], by=by, name=name, kind=kind, engaged_as=engaged_as,
                                         firm=firm, licence_number=licence, engaged_from=start,
                                         engaged_until=start + timedelta(days=runs), note="提供日常法律咨询、出具法律意见、参与涉法事务。")
        counts["advisers"] += 1
        ended = (code, name) == ENDED
        last = min(today, start + timedelta(days=runs - 1))
        if ended:
            last = start + timedelta(days=300)
        counts["opinions"] += _opinions(adviser, by, start, last, reviews.get(code, []))
        if code == "sfx-gov":
            counts["meetings"] += _meetings(adviser, by, start, last)
        if ended:
            actions.end_engagement(Adviser.objects.get(pk=adviser.pk), by=by, ended_on=last + timedelta(days=5),
                                   end_reason="经双方协商一致提前解除聘任协议。")
    return counts


def _review(agency, by, today, serials, name, counterparty, amount, days_ago, state):
    received = today - timedelta(days=days_ago)
    serials[(agency.code, received.year)] = serial = serials.get((agency.code, received.year), 0) + 1
    review = actions.receive_contract(agency=agency, by=by, number=f"合审〔{received.year}〕{serial:02d}号",
                                      contract_name=name, counterparty=counterparty, received_on=received,
                                      amount=amount, submitted_by="业务股室")
    if state == "open":
        return review
    answer = review.review_due - timedelta(days=2) if state == "on_time" else review.review_due + timedelta(days=4)
    answer = min(today, max(answer, received))
    changes = state == "late"
    return actions.give_contract_opinion(review, by=by, verdict="changes" if changes else "approve", opinion_on=answer,
                                         reviewer="法律顾问、法规股", opinion_text="建议修改付款条件和违约责任条款。" if changes else "")


def _linkable(agency) -> list[tuple[str, str, str, str]]:
    """(subject kind, ledger, reference, subject) of records of ``agency`` an opinion may name unambiguously."""
    from django.db.models import Count

    from fazhi.decisions.models import Decision
    from fazhi.normative.models import Document

    found = []
    titles = (Decision.objects.filter(agency=agency, withdrawn_at__isnull=True).values("title")
              .annotate(n=Count("pk")).filter(n=1).values_list("title", flat=True)[:3])
    found += [("decision", "decisions", title, title) for title in titles]
    documents = (Document.objects.filter(agency=agency, withdrawn_at__isnull=True).values("title")
                 .annotate(n=Count("pk")).filter(n=1).values_list("title", flat=True)[:2])
    found += [("normative", "normative", title, title) for title in documents]
    return found


def _opinions(adviser, by, start: dt.date, last: dt.date, reviews: list) -> int:
    """Opinions every five weeks or so through the term: on the agency's records where it has some."""
    targets = _linkable(adviser.agency) + [("contract", "contracts", r.number, r.contract_name) for r in reviews
                                           if start <= r.received_on <= last]
    made, day, index = 0, start + timedelta(days=20), 0
    while day <= last and made < 14:
        subject_kind, ledger, reference, subject = (targets[index % len(targets)] if targets and index % 3 != 2
                                                    else ("other", "", "", "涉法事务咨询"))
        if subject_kind == "contract":
            review = next(r for r in reviews if r.number == reference)
            day = max(day, review.received_on)
            if day > last:
                break
        actions.record_opinion(Adviser.objects.get(pk=adviser.pk), by=by, given_on=day, subject_kind=subject_kind,
                               subject=subject[:200], opinion_text=OPINION_TEXTS[index % len(OPINION_TEXTS)],
                               linked_ledger=ledger, linked_reference=reference)
        made += 1
        index += 1
        day += timedelta(days=36)
    return made


def _meetings(adviser, by, start: dt.date, last: dt.date) -> int:
    """The government's executive meetings the adviser attended, about monthly."""
    made, day = 0, start + timedelta(days=14)
    while day <= last:
        actions.record_attendance(Adviser.objects.get(pk=adviser.pk), by=by, held_on=day,
                                  meeting=MEETINGS[made % len(MEETINGS)])
        made += 1
        day += timedelta(days=30)
    return made
