"""The demo county's enforcement bodies, officers and certificates, through the actions.

Three departments (县市场监管局, 县综合执法局, 县交通局), each with its body and eight officers; the 综合执法局 has
entrusted a township's enforcement team. In the 市场监管局 one certificate is within its warning period, one has
expired, one was cancelled, one is suspended, one newcomer holds none yet, and one officer is short of the year's
training hours; the 交通局 shows a certificate renewed. ``build_demo_enforcement()`` is idempotent: it does
nothing once the first body exists. Every name and number is invented (identity numbers of the fictional region
990102, with a valid check character).
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.enforcement import actions
from fazhi.enforcement.models import EnforcementBody, id_check_character
from fazhi.org.models import Agency, User

ISSUER = "示范省司法厅"
LAW = "《中华人民共和国行政处罚法》《中华人民共和国行政强制法》"
#: agency code, body, legal basis, domains, area, category, officers' names.
DEPARTMENTS = [
    ("sfx-scj", "示范县市场监督管理局", LAW + "《市场监督管理行政处罚程序规定》",
     "市场主体登记、食品安全、特种设备安全、产品质量、价格、计量等市场监管领域的行政处罚、行政检查、行政强制",
     "示范县", "市场监督管理",
     ["张建国", "李秀英", "王志强", "刘海燕", "陈晓东", "杨丽华", "赵文博", "黄思雨"]),
    ("sfx-zfj", "示范县综合行政执法局", LAW + "《示范省城市管理综合行政执法条例》",
     "市容环境卫生、城乡规划、园林绿化、市政公用等领域相对集中的行政处罚权及相关行政检查、行政强制",
     "示范县", "综合行政执法",
     ["周志刚", "吴桂芳", "徐明亮", "孙晓红", "马建军", "朱丽娟", "胡永强", "郭静怡"]),
    ("sfx-jtj", "示范县交通运输局", LAW + "《中华人民共和国道路运输条例》",
     "道路运输、水路运输、公路路政、交通工程质量安全等交通运输领域的行政处罚、行政检查、行政强制",
     "示范县", "交通运输",
     ["林国华", "何秀兰", "高俊峰", "罗小燕", "梁文涛", "宋佳琪", "郑海波", "谢雨欣"]),
]
ENTRUSTED = ("示范县城关镇综合行政执法队", "《示范县综合行政执法局行政处罚委托书》（示综执委〔2025〕1号）",
             "城关镇辖区内市容环境卫生领域的行政处罚（以委托机关名义实施）")
POSITIONS = ["执法大队大队长", "执法中队中队长", "一级主办", "二级主办", "三级主办", "四级主办", "科员", "科员"]


def id_number(serial: int, birth: dt.date) -> str:
    """An invented identity number of the fictional region 990102, with its check character (GB 11643-1999)."""
    body = f"990102{birth:%Y%m%d}{serial % 1000:03d}"
    return body + id_check_character(body)


def _years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years) if not (day.month == 2 and day.day == 29) else \
        day.replace(year=day.year - years, day=28)


@transaction.atomic
def build_demo_enforcement(today: dt.date | None = None) -> dict:
    """Create the demo county's enforcement ledger if missing; return counts of what was created."""
    today = today or timezone.localdate()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[d[0] for d in DEPARTMENTS])}
    admin = User.objects.filter(username="admin").first()
    clerk = User.objects.filter(username="clerk").first()
    nothing = {"bodies": 0, "officers": 0, "certificates": 0, "trainings": 0, "supervision": 0}
    if admin is None or len(agencies) < len(DEPARTMENTS):
        return nothing
    if EnforcementBody.objects.filter(agency__code=DEPARTMENTS[0][0], name=DEPARTMENTS[0][1]).exists():
        return nothing
    counts = dict(nothing)
    for number, (code, name, basis, domains, area, category, names) in enumerate(DEPARTMENTS, start=1):
        by = clerk if code == "sfx-scj" and clerk is not None else admin
        body = actions.register_body(agency=agencies[code], by=by, name=name, kind=EnforcementBody.Kind.STATUTORY,
                                     legal_basis=basis, domains=domains)
        counts["bodies"] += 1
        bodies = [body]
        if code == "sfx-zfj":
            bodies.append(actions.register_body(agency=agencies[code], by=by, name=ENTRUSTED[0],
                                                kind=EnforcementBody.Kind.ENTRUSTED, legal_basis=ENTRUSTED[1],
                                                domains=ENTRUSTED[2], entrusted_by=body))
            counts["bodies"] += 1
        for index, officer_name in enumerate(names):
            officer = actions.register_officer(
                body=bodies[1] if len(bodies) > 1 and index >= 6 else body, by=by, name=officer_name,
                id_number=id_number(number * 100 + index * 2 + 1, dt.date(1975 + index * 3, 1 + index, 10 + index)),
                position=POSITIONS[index], gender="female" if index % 2 else "male", phone=f"0990-66{number}0{index:03d}")
            counts["officers"] += 1
            counts["certificates"] += _certificates(officer, by, code, number, index, area, category, today)
            counts["trainings"] += _trainings(officer, by, code, index, today)
    counts["supervision"] = _supervision(agencies, today)
    return counts


def _supervision(agencies: dict, today: dt.date) -> int:
    """The county office's supervision of the 市场监管局: a complaint concluded, one being handled, and a special
    check whose rectification items are one done and one open. Returns how many records were made."""
    office = Agency.objects.filter(code="sfx-office").first()
    by = User.objects.filter(username="office").first()
    scj = agencies.get("sfx-scj")
    if office is None or by is None or scj is None:
        return 0
    body = EnforcementBody.objects.filter(agency=scj).order_by("pk").first()
    done = actions.record_complaint(
        office=office, agency=scj, by=by, kind="complaint", received_on=today - timedelta(days=40), channel="hotline",
        matter="反映执法人员现场检查时未出示执法证件。", complainant="王某", contact="139****0000", body=body)
    done = actions.accept_complaint(done, by=by, on=today - timedelta(days=38))
    actions.conclude_complaint(done, by=by, on=today - timedelta(days=20), outcome="partly",
                               outcome_text="经核查，检查时执法证件未主动出示，已责令该局整改并开展亮证执法专项培训。")
    handling = actions.record_complaint(
        office=office, agency=scj, by=by, kind="report", received_on=today - timedelta(days=6), channel="online",
        matter="举报某市场监管所对同类违法行为处罚尺度不一。", body=body)
    actions.accept_complaint(handling, by=by, on=today - timedelta(days=5))
    check = actions.record_check(
        office=office, agency=scj, by=by, kind="special", checked_on=today - timedelta(days=30),
        subject="行政执法“三项制度”落实情况专项检查", findings="部分案件全过程记录不完整，重大执法决定法制审核意见书缺少审核人员签名。",
        outcome="rectify", items=[("补齐全过程记录归档", today - timedelta(days=5)),
                                  ("规范法制审核意见书格式并由审核人员签名", today + timedelta(days=25))])
    first = check.items.order_by("pk").first()
    clerk = User.objects.filter(username="clerk").first() or by
    actions.complete_rectification(first, by=clerk, on=today - timedelta(days=8),
                                   note="已补齐2026年度全部案件的音像记录并归档。")
    return 3


def _certificates(officer, by, code: str, number: int, index: int, area: str, category: str,
                  today: dt.date) -> int:
    """The officer's certificates: valid for most; the 市场监管局's show every state; the 交通局's one renewal."""
    serial = f"99{number:02d}{today.year - 4}{index + 1:04d}"
    if code == "sfx-scj" and index == 7:
        return 0  # a newcomer who has not yet passed the qualification exam
    valid_until = today + timedelta(days=400 + 90 * index)
    if code == "sfx-scj" and index == 1:
        valid_until = today + timedelta(days=30)  # within the warning period
    elif code == "sfx-scj" and index == 2:
        valid_until = today - timedelta(days=20)  # expired, not renewed
    issued_on = _years_before(valid_until, 5) + timedelta(days=1)
    if issued_on > today:
        issued_on = today
    issue = dict(area=area, domain=category, issuer=ISSUER)
    if code == "sfx-jtj" and index == 0:  # renewed: the old one ended, a new one issued the day before
        old = actions.issue_certificate(officer, by=by, number=serial + "R", issued_on=_years_before(today, 5),
                                        valid_until=today - timedelta(days=30), **issue)
        actions.issue_certificate(officer, by=by, number=f"99{number:02d}{today.year}{index + 1:04d}",
                                  issued_on=old.valid_until - timedelta(days=1),
                                  valid_until=_years_before(old.valid_until, -5), **issue)
        return 2
    certificate = actions.issue_certificate(officer, by=by, number=serial, issued_on=issued_on,
                                            valid_until=valid_until, **issue)
    if code == "sfx-scj" and index == 3:
        actions.cancel_certificate(certificate, by=by, on=max(issued_on, today - timedelta(days=40)),
                                   reason="调离行政执法岗位，收回并注销行政执法证件")
    elif code == "sfx-scj" and index == 4:
        actions.suspend_certificate(certificate, by=by, on=max(issued_on, today - timedelta(days=10)),
                                    reason="执法过程中未按规定出示证件，暂扣证件并组织学习")
    return 1


def _trainings(officer, by, code: str, index: int, today: dt.date) -> int:
    """This year's trainings: enough hours for all but one officer of the 市场监管局."""
    start = dt.date(today.year, 1, 1)

    def day(days_ago: int) -> dt.date:
        return max(start, today - timedelta(days=days_ago))

    actions.record_training(officer, by=by, course="行政执法人员公共法律知识培训", held_on=day(120), hours=24)
    if code == "sfx-scj" and index == 6:
        return 1  # short of the year's minimum
    actions.record_training(officer, by=by, course=f"{officer.body.name}专业法律知识培训", held_on=day(60), hours=40,
                            exam_score=80 + index)
    return 2
