"""The demo county's legal education and officials' study, through the actions.

Last year and this year, each up to today: the departments' responsibility lists (last year's published and reviewed;
this year's published, one still drafted), their activities over the year and one planned ahead (National Security Education Day, Civil
Code Month, Constitution Week and Constitution Day among them; those still ahead planned), the townships' legal
literates and model villages, the courses for officials with their attendance, and the law exams with their scores.
``build_demo_education()`` is idempotent: it does nothing once the county has a list. Every name is invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.education import actions
from fazhi.education.models import ResponsibilityList, Score
from fazhi.org.models import Agency, User

#: The departments that keep a responsibility list (谁执法谁普法), with what they teach and to whom.
LISTS = {
    "sfx-scj": [("食品安全法、产品质量法", "食品生产经营者", "食品经营安全监督管理股"),
                ("反不正当竞争法、消费者权益保护法", "个体工商户和消费者", "消费者权益保护股")],
    "sfx-sfj": [("宪法、民法典", "全县干部群众", "普法与依法治理股"),
                ("人民调解法", "人民调解员", "基层工作股")],
    "sfx-gaj": [("道路交通安全法", "驾驶人和中小学生", "交通管理大队"),
                ("反电信网络诈骗法", "老年人和学生", "刑事侦查大队")],
    "sfx-jyj": [("未成年人保护法、预防未成年人犯罪法", "中小学生和家长", "政策法规股")],
    "sfx-rsj": [("劳动合同法、保障农民工工资支付条例", "用人单位和务工人员", "劳动保障监察大队")],
}
#: (agency, topic, month, day, place, audience, form, campaign, audience size, copies, online views)
ACTIVITIES = [
    ("sfx-gaj", "全民国家安全教育日主题宣传", 4, 15, "县人民广场", "public", "stall", "national_security_day",
     600, 1500, None),
    ("sfx-jyj", "国家安全知识进校园", 4, 15, "示范县第一中学", "students", "lecture", "national_security_day",
     900, 300, None),
    ("sfx-sfj", "“美好生活·民法典相伴”主题宣讲", 5, 20, "城关镇文化广场", "villagers", "lecture", "civil_code_month",
     350, 800, None),
    ("sfx-scj", "民法典与消费维权线上答题", 5, 28, "县市场监管局微信公众号", "public", "online", "civil_code_month",
     None, None, 12000),
    ("sfx-rsj", "农民工工资支付法规宣讲", 6, 18, "县产业园区", "workers", "lecture", "", 260, 500, None),
    ("sfx-scj", "食品安全进企业", 7, 9, "县食品产业园", "enterprises", "case", "", 120, 400, None),
    ("sfx-gaj", "防范电信网络诈骗进社区", 8, 21, "城关镇东街社区", "elderly", "stall", "", 180, 600, None),
    ("sfx-jyj", "开学第一课法治教育", 9, 1, "全县中小学", "students", "lecture", "", 5200, 0, None),
    ("sfx-sfj", "法律明白人培训暨以案释法", 10, 16, "县司法局会议室", "villagers", "case", "", 90, 200, None),
    ("sfx-sfj", "宪法宣传周启动仪式", 12, 1, "县人民广场", "public", "performance", "constitution_week",
     800, 2000, 5000),
    ("sfx-scj", "宪法进企业", 12, 3, "县市场监管局", "enterprises", "lecture", "constitution_week", 150, 300, None),
    ("sfx-jyj", "国家宪法日“宪法晨读”", 12, 4, "全县中小学", "students", "competition", "constitution_day",
     6000, 0, None),
]
#: (township, person, village, occupation, month, day)
LITERATES = [
    ("sfx-t01", "李某芳", "城关镇东街社区", "网格员", 3, 12), ("sfx-t01", "王某军", "城关镇桃园村", "村委会委员", 3, 12),
    ("sfx-t02", "赵某平", "东关镇河湾村", "人民调解员", 4, 8), ("sfx-t02", "钱某英", "东关镇北街社区", "党员", 4, 8),
    ("sfx-t03", "孙某强", "西河乡柳林村", "村务监督委员", 6, 3), ("sfx-t04", "周某华", "南山镇石桥村", "网格员", 6, 3),
    ("sfx-t05", "吴某兰", "北岭乡杏花村", "妇联主席", 9, 22),
]
#: (township, village, level, years before this year it was named)
VILLAGES = [
    ("sfx-t01", "城关镇桃园村", "national", 6), ("sfx-t02", "东关镇河湾村", "provincial", 4),
    ("sfx-t03", "西河乡柳林村", "city", 2), ("sfx-t04", "南山镇石桥村", "city", 1),
    ("sfx-t06", "青石镇青石社区", "provincial", 3),
]
#: (agency, title, kind, month, day, hours, attendees)
COURSES = [
    ("sfx-sfj", "习近平法治思想专题培训班", "course", 3, 26, "12", 60),
    ("sfx-scj", "市场监管执法人员法律知识轮训", "course", 6, 11, "16", 85),
    ("sfx-gov", "领导干部法治专题讲座（法治宣传教育法解读）", "lecture", 11, 6, "3", 120),
    ("sfx-jyj", "教育系统依法治校网络培训", "online", 9, 15, "6", 210),
]
#: (agency, title, month, day, officials sitting it)
EXAMS = [
    ("sfx-scj", "年度执法人员学法考试", 11, 20, 12),
    ("sfx-sfj", "国家工作人员学法用法考试", 10, 28, 10),
]
NAMES = "王李张刘陈杨赵黄周吴"


def _by() -> User | None:
    return User.objects.filter(username="office").first() or User.objects.filter(username="admin").first()


@transaction.atomic
def build_demo_education(today: dt.date | None = None) -> dict:
    """Create the demo county's education records if it has none; return counts of what was created."""
    today = today or timezone.localdate()
    counts = {"lists": 0, "activities": 0, "literates": 0, "villages": 0, "courses": 0, "exams": 0}
    if ResponsibilityList.objects.filter(agency__code__startswith="sfx-").exists():
        return counts
    by = _by()
    if by is None:
        return counts
    agencies = {a.code: a for a in Agency.objects.filter(code__startswith="sfx-")}
    for year in (today.year - 1, today.year):
        def day(month: int, on: int, year=year) -> dt.date:
            return dt.date(year, month, on)

        for index, (code, items) in enumerate(LISTS.items()):
            if code not in agencies or day(1, 8) > today:
                continue
            record = actions.open_list(agency=agencies[code], by=by, year=year, title=f"{year}年度普法责任清单",
                                       drafted_on=day(1, 8 + index))
            counts["lists"] += 1
            for matter, audience, unit in items:
                actions.add_list_item(record, by=by, matter=matter, audience=audience, responsible_unit=unit,
                                      timing="全年")
            published = day(3, 10 + 3 * index)
            if published > today or (year == today.year and index == len(LISTS) - 1):
                continue  # this year's last list is still a draft (overdue once its day has passed)
            record = actions.publish_list(record, by=by, published_on=published, published_where="示范县人民政府门户网站")
            if day(12, 20) <= today:
                actions.review_list(record, by=by, reviewed_on=day(12, 20),
                                    review_summary="清单所列普法任务均已完成，形成年度履职报告。")
        for code, title, month, on, place, audience, method, campaign, size, copies, reach in ACTIVITIES:
            if code not in agencies:
                continue
            when = day(month, on)
            activity = actions.plan_activity(agency=agencies[code], by=by, title=title, planned_on=when, place=place,
                                             audience_kind=audience, method=method, campaign=campaign)
            counts["activities"] += 1
            if when <= today:
                actions.record_activity_held(activity, by=by, held_on=when, audience_size=size, materials=copies,
                                             online_reach=reach, summary="活动按计划开展，现场发放宣传资料并解答咨询。")
        for code, person, village, occupation, month, on in LITERATES:
            trained = day(month, on)
            if code not in agencies or trained > today:
                continue
            if year < today.year:
                person = person[0] + "某" + "明亮刚丽娜"[counts["literates"] % 5]
            literate = actions.register_literate(agency=agencies[code], by=by, name=person, village=village,
                                                 trained_on=trained, occupation=occupation)
            counts["literates"] += 1
            if year < today.year:
                actions.certify_literate(literate, by=by, certificate=f"FLMBR-{year}-{counts['literates']:03d}",
                                         certified_on=day(month, on) + dt.timedelta(days=30))
        for code, title, kind, month, on, hours, attendees in COURSES:
            if code not in agencies:
                continue
            when = day(month, on)
            course = actions.plan_course(agency=agencies[code], by=by, title=title, kind=kind, planned_on=when,
                                         teacher="县委党校教师")
            counts["courses"] += 1
            if when <= today:
                course = actions.record_course_held(course, by=by, held_on=when, hours=hours, attendees=attendees)
                for n in range(5):
                    actions.record_attendance(course, by=by, person=f"{NAMES[n]}某{'甲乙丙丁戊'[n]}",
                                              unit=agencies[code].brief)
        for code, title, month, on, takers in EXAMS:
            if code not in agencies:
                continue
            when = day(month, on)
            exam = actions.schedule_exam(agency=agencies[code], by=by, title=f"{year}{title}", scheduled_on=when)
            counts["exams"] += 1
            if when > today:
                continue
            exam = actions.record_exam_held(exam, by=by, held_on=when, takers=takers)
            scored = when + dt.timedelta(days=5)
            if scored > today or (year == today.year and code == "sfx-sfj"):
                continue  # awaiting its scores
            scores = [Decimal(96 - 4 * n) if n != 9 else Decimal(55) for n in range(takers)]
            Score.objects.bulk_create([Score(exam=exam, person=f"{NAMES[n % 10]}某{n + 1}",
                                             unit=agencies[code].brief, score=score, passed=score >= 60)
                                       for n, score in enumerate(scores)])
            actions.record_scores(exam, by=by, scored_on=scored, passed=sum(1 for s in scores if s >= 60),
                                  average_score=sum(scores) / len(scores))
    if "sfx-scj" in agencies:  # one activity always ahead, whatever the day
        actions.plan_activity(agency=agencies["sfx-scj"], by=by, title="食品安全法律知识进农贸市场",
                              planned_on=today + dt.timedelta(days=20), place="县城农贸市场", audience_kind="public",
                              method="stall")
        counts["activities"] += 1
    for code, name, level, ago in VILLAGES:
        if code in agencies:
            village = actions.register_village(agency=agencies[code], by=by, name=name, level=level,
                                               named_year=today.year - ago, named_by="示范县民主法治示范村命名文件")
            counts["villages"] += 1
            if ago >= 3:
                actions.record_village_review(village, by=by, reviewed_on=dt.date(today.year - 1, 11, 10),
                                              confirmed=True, review_note="复核合格，保留称号。")
    return counts
