"""Demo data: the county government's catalogues of major decisions for last year and this year, and about ten
decisions in every state of the procedure (all invented).

``build_demo_decisions(today)`` runs the real actions as the county office's clerk, dated relative to
``today``: last year's matters are decided, published, archived, one suspended, one evaluated; this year's
are in public consultation now, with the legality reviewer, waiting for the meeting, overdue, not started.
Matters that concern market entities' economic activity carry that mark: last year's two have their
fair-competition review (one after a first review asked for changes); this year's one waiting for the meeting
still lacks it, so its discussion is held up. Idempotent: a second run finds the catalogues and returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.decisions import actions
from fazhi.decisions.models import Catalog, Decision
from fazhi.org.models import Agency, User

GOVERNMENT = "sfx-gov"
ACTOR = "office"

# lead unit, matter, category
LAST_YEAR = [
    ("sfx-zfj", "示范县城乡生活垃圾分类处理实施方案", "public_policy"),
    ("sfx-jyj", "示范县义务教育学校布局调整规划（2025—2030年）", "development_plan"),
    ("sfx-fgj", "示范县城区机动车停放服务收费标准调整方案", "public_policy"),
    ("sfx-nyj", "示范县农村供水保障工程建设方案", "construction"),
    ("sfx-zjj", "示范县城镇老旧小区改造三年行动计划", "construction"),
]
THIS_YEAR = [
    ("sfx-scj", "示范县城区农贸市场提升改造方案", "public_policy"),
    ("sfx-jtj", "示范县城乡公共交通线网优化方案", "public_policy"),
    ("sfx-yjj", "示范县应急避难场所建设规划", "construction"),
    ("sfx-wjj", "示范县医疗卫生服务体系规划", "development_plan"),
    ("sfx-zrj", "示范县古树名木保护利用办法", "resources"),
]
ADDED_THIS_YEAR = ("sfx-rsj", "示范县促进高校毕业生就业创业若干措施", "public_policy")
#: Matters that concern market entities' economic activity: a fair-competition review before the meeting.
MARKET = {"示范县城乡生活垃圾分类处理实施方案", "示范县城区机动车停放服务收费标准调整方案", "示范县城区农贸市场提升改造方案",
          "示范县医疗卫生服务体系规划"}
#: Its first fair-competition review asked for changes; the review of the revised draft passed.
REVISED_FOR_COMPETITION = "示范县城区机动车停放服务收费标准调整方案"

DRAFT_TEXT = ("第一条 为规范本县相关工作，结合本县实际，制定本方案。\n\n第二条 本方案适用于本县行政区域。\n\n"
              "第三条 县有关部门按照职责分工负责组织实施。\n\n第四条 本方案自公布之日起施行。")


def _comment(consultation, text, adoption, n):
    from fazhi.consultation.models import Comment

    digest = hashlib.sha256(f"demo-{consultation.pk}-{n}".encode()).hexdigest()
    return Comment.objects.create(consultation=consultation, text=text, client_hash=digest,
                                  status=Comment.Status.PUBLISHED if adoption is not None else Comment.Status.PENDING,
                                  adoption=adoption or "", author_name=f"群众{n}",
                                  adoption_reason="" if adoption != "not_adopted" else "与上位法规定不一致，未予采纳。")


def _consult(decision, by, opens_on, *, conclude=True):
    from fazhi.consultation import actions as consultation_actions

    consultation = actions.open_public_consultation(
        decision, by=by, title=f"关于《{decision.title}（征求意见稿）》公开征求意见的公告", body=DRAFT_TEXT,
        opens_on=opens_on, closes_on=opens_on + timedelta(days=31), explanation="起草说明：略。")
    if not conclude:
        _comment(consultation, "建议增加便民服务设施。", None, 1)
        return consultation
    for n, (text, adoption) in enumerate([("建议延长过渡期。", "adopted"), ("建议增加公众监督渠道。", "partly"),
                                          ("建议取消收费。", "not_adopted")], start=1):
        _comment(consultation, text, adoption, n)
    consultation_actions.conclude_consultation(
        consultation, by=by, feedback="共收到意见3条，采纳1条，部分采纳1条，未采纳1条（与上位法不一致）。")
    return consultation


def _prepare(decision, by, start, *, consult=True, hearing=False):
    """Participation, hearing, expert argumentation and risk assessment, from ``start``."""
    if consult:
        _consult(decision, by, start)
        actions.record_step(decision, "participation", by=by, done_on=start + timedelta(days=34),
                            methods="网上公开征求意见、座谈会", adoption="已逐条研究，合理意见予以吸收。")
    else:
        actions.skip_step(decision, "participation", by=by, reason="属内部管理事项，经评估不涉及社会公众切身利益。",
                          on=start + timedelta(days=5))
    if hearing:
        actions.record_step(decision, "hearing", by=by, done_on=start + timedelta(days=20), place="县政府三楼会议室",
                            participants="群众代表5名\n企业代表3名\n人大代表2名", record="听证笔录已经参加人确认签字。",
                            materials_sent_on=start + timedelta(days=10))
    else:
        actions.skip_step(decision, "hearing", by=by, reason="不直接涉及特定群体重大利益，分歧不大，未举行听证。",
                          on=start + timedelta(days=5))
    actions.record_step(decision, "expert", by=by, done_on=start + timedelta(days=35), form="专家论证会",
                        experts="王教授，示范大学法学院\n李律师，示范律师事务所\n赵工程师，县规划设计院",
                        opinions="方案总体可行，建议细化分步实施安排。", organiser=str(decision.agency))
    actions.record_step(decision, "risk", by=by, done_on=start + timedelta(days=36), assessor="示范县社会稳定风险评估中心",
                        conclusion="经评估风险等级为低，风险可控。", level="low")


def _review(decision, by, submitted_on, *, opinion=True):
    step = actions.submit_for_legality_review(decision, by=by, submitted_on=submitted_on)
    if opinion:
        actions.record_legality_opinion(decision, by=by, opinion="经审查，决策草案主体适格，程序完备，内容合法。",
                                        opinion_on=step.due_on, passed=True, reviewed_by="县司法局法律顾问室")
    return step


def _fair_competition(decision, by, day, *, changes_first=False):
    """The fair-competition review of a marked decision, on ``day`` (after a first one that asked for changes)."""
    if changes_first:
        actions.record_step(decision, "fair_competition", by=by, done_on=day - timedelta(days=20),
                            conclusion="needs_changes", reviewer="县市场监督管理局会同承办单位",
                            opinion="草案第三条限定由本地企业承接，存在限制外地经营者参与的问题，建议修改。")
    actions.record_step(decision, "fair_competition", by=by, done_on=day, conclusion="passes",
                        reviewer="县市场监督管理局会同承办单位",
                        opinion="经审查，草案不含排除、限制竞争的内容，符合公平竞争审查标准。")


def _decide(decision, by, day, *, party=True):
    actions.record_discussion(decision, by=by, meeting="executive", meeting_name="县政府常务会议", held_on=day,
                              result="approved", dissent="", minutes="常务会议纪要")
    if party:
        actions.record_step(decision, "party_report", by=by, done_on=day + timedelta(days=3), reference="示政请〔年〕号",
                            reply="县委同意。")
    else:
        actions.skip_step(decision, "party_report", by=by, reason="已在县委常委会专题汇报。", on=day + timedelta(days=3))
    return actions.take_decision(decision, by=by, decided_on=day + timedelta(days=5))


def _full(decision, by, start, *, hearing=False, until="archived", consult=True):
    _prepare(decision, by, start, consult=consult, hearing=hearing)
    step = _review(decision, by, start + timedelta(days=40))
    if decision.concerns_market:
        _fair_competition(decision, by, step.due_on + timedelta(days=1), changes_first=decision.title == REVISED_FOR_COMPETITION)
    decided = _decide(decision, by, step.due_on + timedelta(days=3))
    if until == "decided":
        return decided
    day = decided.decided_on + timedelta(days=2)
    actions.record_step(decision, "publication", by=by, done_on=day, channel="示范县人民政府门户网站",
                        url=f"https://www.example.gov.cn/zwgk/zdjc/{decision.pk}.html")
    if until == "published":
        return decision
    actions.record_step(decision, "archiving", by=by, done_on=day + timedelta(days=15), reference=f"决策档案-{decision.pk}")
    return decision


@transaction.atomic
def build_demo_decisions(today: dt.date | None = None) -> dict:
    """Create the demo catalogues and decisions if missing; return what was created."""
    today = today or timezone.localdate()
    body = Agency.objects.filter(code=GOVERNMENT).first()
    by = User.objects.filter(username=ACTOR).first()
    if body is None or by is None:
        return {"catalogs": 0, "decisions": 0}
    year = today.year
    if Catalog.objects.filter(agency=body, year__in=[year - 1, year]).exists():
        return {"catalogs": 0, "decisions": 0}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[c for c, _n, _k in [*LAST_YEAR, *THIS_YEAR,
                                                                                        ADDED_THIS_YEAR]])}
    before = Decision.objects.count()
    _last_year(body, by, agencies, year, today)
    _this_year(body, by, agencies, year, today)
    return {"catalogs": Catalog.objects.filter(agency=body, year__in=[year - 1, year]).count(),
            "decisions": Decision.objects.count() - before}


def _last_year(body, by, agencies, year, today):
    """Last year's catalogue: approved in February, published in March; every matter decided but one removed."""
    last = actions.create_catalog(body, year - 1, by=by)
    items = [actions.propose_item(last, by=by, agency=agencies[code], name=name, category=category,
                                  planned_completion=dt.date(year - 1, 10 + i % 3, 30))
             for i, (code, name, category) in enumerate(LAST_YEAR)]
    for item in items:
        actions.include_item(item, by=by)
    actions.approve_catalog(last, by=by, approved_on=dt.date(year - 1, 2, 26), reference="县委常委会会议")
    actions.publish_catalog(last, by=by, published_on=dt.date(year - 1, 3, 10), channel="示范县人民政府门户网站",
                            url=f"https://www.example.gov.cn/zwgk/zdjcml/{year - 1}.html")
    actions.remove_catalog_item(items[4], by=by, reason="因上级统一部署调整，本年度不再作出该项决策。",
                                approved_on=dt.date(year - 1, 7, 1))
    actions.change_catalog_item(items[2], by=by, reason="需补充开展成本效益分析，完成时限顺延。",
                                approved_on=dt.date(year - 1, 6, 15), planned_completion=dt.date(year - 1, 12, 20))
    decisions = [actions.start_decision(item, by=by, concerns_market=item.name in MARKET) for item in items[:4]]
    start = dt.date(year - 1, 4, 1)
    archived = _full(decisions[0], by, start, hearing=True, until="archived")
    evaluation = actions.schedule_evaluation(archived, by=by, scheduled_on=dt.date(year - 1, 12, 15),
                                             reason="群众反映较多，组织开展决策后评估。")
    actions.record_evaluation(evaluation, by=by, evaluator="示范大学公共管理学院",
                              findings="方案实施总体平稳，分类投放点设置需优化。", recommendation="adjust",
                              done_on=dt.date(year - 1, 12, 10))
    published = _full(decisions[1], by, start + timedelta(days=7), until="published")
    actions.schedule_evaluation(published, by=by, scheduled_on=today + timedelta(days=45),
                                reason="实施满一年，评估实施效果。")
    _full(decisions[2], by, start + timedelta(days=60), hearing=True, until="decided")
    suspended = _full(decisions[3], by, start + timedelta(days=14), until="published", consult=False)
    actions.suspend_decision(suspended, by=by, reason="实施中发现水源地调整，先行中止执行。",
                             on=dt.date(year - 1, 11, 20))


def _this_year(body, by, agencies, year, today):
    """This year's catalogue, published at least two months ago, with matters at every stage."""
    approved_on = min(dt.date(year, 3, 1), today - timedelta(days=70))
    current = actions.create_catalog(body, year, by=by)
    items = [actions.propose_item(current, by=by, agency=agencies[code], name=name, category=category,
                                  planned_completion=dt.date(year, 12, 20))
             for code, name, category in THIS_YEAR]
    for item in items:
        actions.include_item(item, by=by)
    actions.approve_catalog(current, by=by, approved_on=approved_on, reference="县委常委会会议")
    actions.publish_catalog(current, by=by, published_on=approved_on + timedelta(days=5), channel="示范县人民政府门户网站")
    code, name, category = ADDED_THIS_YEAR
    added = actions.add_catalog_item(current, by=by, agency=agencies[code], name=name, category=category,
                                     planned_completion=dt.date(year, 12, 31), reason="根据县委部署新增。",
                                     approved_on=approved_on + timedelta(days=30))
    consulting, reviewing, overdue, meeting, _not_started = items
    # In public consultation now.
    consulting_decision = actions.start_decision(consulting, by=by, concerns_market=True)
    _consult(consulting_decision, by, today - timedelta(days=10), conclude=False)
    # Overdue: its planned completion has passed while experts still argue.
    actions.change_catalog_item(overdue, by=by, reason="根据县政府工作安排提前完成时限。",
                                approved_on=approved_on + timedelta(days=20),
                                planned_completion=today - timedelta(days=15))
    late = actions.start_decision(overdue, by=by)
    actions.skip_step(late, "participation", by=by, reason="已通过座谈会征求意见，另行记录。")
    actions.skip_step(late, "hearing", by=by, reason="不直接涉及特定群体重大利益，未举行听证。")
    # With the legality reviewer, and ready for the executive meeting.
    with_reviewer = actions.start_decision(reviewing, by=by)
    _prepare(with_reviewer, by, today - timedelta(days=60), consult=False)
    _review(with_reviewer, by, today - timedelta(days=3), opinion=False)
    # Waiting for the meeting, its fair-competition review still missing.
    ready = actions.start_decision(meeting, by=by, concerns_market=meeting.name in MARKET)
    _prepare(ready, by, today - timedelta(days=65), consult=False, hearing=False)
    _review(ready, by, today - timedelta(days=25))
    actions.start_decision(added, by=by)  # drafting
