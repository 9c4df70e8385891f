"""The demo county's leadership records, through the actions.

The rule-of-law office's clerk records two years of the county's leadership duties (last year, whose annual reports
are being written, and this year up to today): the county Party committee's standing committee meetings and
rule-of-law committee meetings, the county government's executive meetings on law, a briefing, study before its
meetings, lectures and the constitutional oath, departments' Party group and office meetings, a township's meetings;
every other department's and township's central study group; the principal leaders' duty lists (the county head's revised once), their 述法 on last year with its evaluation (one
still awaiting it, one bureau head's missing, so the list shows its 述法 overdue) and the county head's instructions
(followed up on time, late, and one open). Dates are this year's and last year's, never after today.
``build_demo_leadership()`` is idempotent: it does nothing once the county has a meeting. Every name is invented.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.leadership import actions
from fazhi.leadership.models import Meeting
from fazhi.org.models import Agency, User

#: (agency, kind, month, day, name, topic, decisions); ``{year}`` and ``{n}`` are filled in.
MEETINGS = [
    ("sfx-party", "standing_committee", 3, 12, "县委常委会{year}年第{n}次会议", "研究部署全县法治建设年度工作要点",
     "审议通过全县法治建设工作要点，明确责任单位和完成时限。"),
    ("sfx-party", "standing_committee", 9, 8, "县委常委会{year}年第{n}次会议", "听取全县法治政府建设情况汇报",
     "要求对督察反馈问题建立台账，年底前完成整改。"),
    ("sfx-party", "law_committee", 2, 26, "县委全面依法治县委员会{year}年第{n}次会议", "审议依法治县工作报告和年度工作要点",
     "通过年度工作要点，部署法治建设考核工作。"),
    ("sfx-party", "law_committee", 7, 15, "县委全面依法治县委员会{year}年第{n}次会议", "研究推进乡镇合法性审查全覆盖",
     "年内实现乡镇合法性审查全覆盖。"),
    ("sfx-gov", "executive", 4, 9, "县政府第{n}次常务会议", "研究重大行政决策事项目录", "审议通过年度重大行政决策事项目录并向社会公布。"),
    ("sfx-gov", "executive", 6, 18, "县政府第{n}次常务会议", "审议法治政府建设督察反馈问题整改方案",
     "明确整改责任单位，每季度通报进展。"),
    ("sfx-gov", "executive", 11, 5, "县政府第{n}次常务会议", "研究行政复议应诉工作", "落实行政机关负责人出庭应诉制度。"),
    ("sfx-gov", "special", 5, 20, "县长专题会议", "听取县司法局法治政府建设工作汇报", "要求加快推进行政执法协调监督体系建设。"),
    ("sfx-sfj", "party_group", 3, 3, "县司法局党组{year}年第{n}次会议", "研究部署本局法治建设工作", "制定本局普法责任清单。"),
    ("sfx-scj", "office", 4, 22, "县市场监管局局长办公会议", "研究行政执法三项制度落实", "开展执法案卷自查。"),
    ("sfx-jyj", "party_group", 5, 14, "县教育局党组{year}年第{n}次会议", "研究校园法治教育工作", "将法治教育纳入学校年度考核。"),
    ("sfx-t01", "executive", 5, 6, "城关镇镇长办公会议", "研究镇级合法性审查工作", "由镇司法所承担合法性审查具体工作。"),
]
#: (agency, kind, month, day, what was studied, speaker, attendees, meeting)
STUDY = [
    ("sfx-party", "central_group", 4, 16, "习近平法治思想", "", 15, ""),
    ("sfx-party", "central_group", 10, 21, "中华人民共和国宪法", "", 14, ""),
    ("sfx-gov", "pre_meeting", 4, 9, "中华人民共和国行政复议法", "县司法局局长", 18, "县政府常务会议"),
    ("sfx-gov", "pre_meeting", 6, 18, "重大行政决策程序暂行条例", "县政府办公室法律顾问", 17, "县政府常务会议"),
    ("sfx-gov", "pre_meeting", 11, 5, "中华人民共和国行政诉讼法", "县法院行政庭庭长", 18, "县政府常务会议"),
    ("sfx-gov", "lecture", 8, 27, "法治政府建设与依法行政", "示范大学法学院教授", 120, ""),
    ("sfx-gov", "oath", 12, 4, "新任命国家工作人员宪法宣誓", "县人大常委会", 23, ""),
    ("sfx-sfj", "central_group", 5, 12, "中华人民共和国法律援助法", "", 9, ""),
    ("sfx-scj", "pre_meeting", 4, 22, "中华人民共和国行政处罚法", "局法规股股长", 11, "局长办公会议"),
    ("sfx-jyj", "central_group", 3, 19, "中华人民共和国教育法", "", 10, ""),
    ("sfx-t01", "pre_meeting", 5, 6, "中华人民共和国土地管理法", "镇司法所所长", 9, "城关镇镇长办公会议"),
    ("sfx-t01", "central_group", 6, 10, "中华人民共和国村民委员会组织法", "", 12, ""),
]
#: What the other bodies' central study groups study, in turn (every body's leaders study law each year).
LAWS = ("中华人民共和国行政许可法", "中华人民共和国行政强制法", "中华人民共和国民法典", "优化营商环境条例",
        "中华人民共和国政府信息公开条例", "中华人民共和国安全生产法")
DUTIES = "\n".join((
    "把法治建设纳入全局工作统筹谋划",
    "每年主持研究法治建设重要事项",
    "带头学法用法，落实会前学法制度",
    "督促领导班子其他成员履行法治建设职责",
    "年终述职时报告履行法治建设职责情况",
))
#: (agency, post, leader)
LEADERS = [
    ("sfx-party", "县委书记", "周明远"),
    ("sfx-gov", "县长", "赵国强"),
    ("sfx-sfj", "县司法局局长", "孙立新"),
    ("sfx-scj", "县市场监管局局长", "钱晓东"),
    ("sfx-jyj", "县教育局局长", "吴海平"),  # no 述法 on last year: the list shows it overdue
]


def _day(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    found = dt.date(year, month, day)
    return found if found <= today else None


@transaction.atomic
def build_demo_leadership() -> dict:
    """Record the county's leadership duties for last year and this year; nothing when it has them already."""
    if Meeting.objects.exists() or not Agency.objects.filter(code="sfx-gov").exists():
        return {"meetings": 0}
    from fazhi.demo.activity import current_year

    today = timezone.localdate()
    by = User.objects.get(username="office")
    agencies = {a.code: a for a in Agency.objects.filter(code__in={p[0] for p in MEETINGS + STUDY + LEADERS})}
    this = current_year(today)
    last = this - 1
    meetings = 0
    for year in (last, this):
        serial: dict[tuple[str, str], int] = {}
        for code, kind, month, day, name, topic, decisions in MEETINGS:
            held = _day(year, month, day, today)
            if held is None:
                continue
            serial[(code, kind)] = n = serial.get((code, kind), 0) + month  # a plausible number: later, higher
            actions.record_meeting(agency=agencies[code], by=by, title=name.format(year=year, n=n), kind=kind,
                                   held_on=held, topic=topic, decisions=decisions, on_law=True,
                                   chaired_by="", minutes_number=f"纪要〔{year}〕{n}号")
            meetings += 1
        for code, kind, month, day, title, speaker, attendees, meeting in STUDY:
            held = _day(year, month, day, today)
            if held is not None:
                actions.record_study(agency=agencies[code], by=by, title=title, kind=kind, held_on=held,
                                     attendees=attendees, speaker=speaker, meeting=meeting)
    planned = {plan[0] for plan in STUDY}
    others = Agency.objects.filter(region__path__startswith=agencies["sfx-gov"].region.path, is_active=True,
                                   kind__in=[Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP]).exclude(
        code__in=planned).order_by("code")
    for index, agency in enumerate(others):
        for year in (last, this):
            held = _day(year, 5, 20, today)
            if held is not None:
                actions.record_study(agency=agency, by=by, title=LAWS[(index + year) % len(LAWS)],
                                     kind="central_group", held_on=held, attendees=8 + index % 5)
    for code, post, leader in LEADERS:
        duty_list = actions.adopt_duty_list(agency=agencies[code], by=by, title=f"{post}履行推进法治建设第一责任人职责清单",
                                            post=post, leader=leader, adopted_on=dt.date(last, 2, 20), items=DUTIES)
        if code == "sfx-gov":
            actions.revise_duty_list(duty_list, by=by, adopted_on=min(dt.date(this, 3, 1), today), leader=leader,
                                     items=DUTIES + "\n每季度听取一次法治政府建设工作汇报")
        if code == "sfx-jyj":
            continue
        report = actions.record_shufa(
            agency=agencies[code], by=by, title=f"{post}{last}年度述法报告", post=post, leader=leader, year=last,
            reported_on=min(dt.date(this, 1, 16), today), form="meeting" if code in ("sfx-party", "sfx-gov")
            else "performance", summary="报告履行推进法治建设第一责任人职责、本人学法用法和依法决策情况，查摆问题并提出改进措施。",
            study_and_use=True)
        if code != "sfx-scj":  # the bureau head's awaits its evaluation
            actions.evaluate_shufa(report, by=by, evaluated_on=min(dt.date(this, 1, 28), today),
                                   evaluated_by="县委全面依法治县委员会", grade="excellent" if code != "sfx-sfj" else "good",
                                   evaluation="述法内容全面，问题查摆具体。")
    county_head = agencies["sfx-gov"]
    for month, day, title, due_days, reported_after in (
            (3, 15, "关于加快推进行政执法协调监督工作的批示", 20, 12),
            (6, 2, "关于规范涉企行政检查的批示", 15, 20),  # reported late
            (9, 10, "关于做好行政复议案件办理工作的批示", 30, 25)):
        issued = dt.date(last, month, day)
        instruction = actions.record_instruction(
            agency=county_head, by=by, title=title, leader="赵国强", post="县长", issued_on=issued,
            text="请县司法局牵头研究，提出具体意见。", due_given=issued + dt.timedelta(days=due_days))
        actions.report_follow_up(instruction, by=by, reported_on=issued + dt.timedelta(days=reported_after),
                                 report="已会同有关部门研究落实，形成工作方案并报县政府。")
    actions.record_instruction(agency=county_head, by=by, title="关于开展法治政府建设督察整改回头看的批示",
                               leader="赵国强", post="县长", issued_on=today - dt.timedelta(days=10),
                               text="请县委依法治县办牵头组织，年底前报送情况。")
    return {"meetings": meetings}
