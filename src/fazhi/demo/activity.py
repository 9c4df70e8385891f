"""A year of activity in the demo county: collection rounds with figures, and annual reports.

Everything is invented and deterministic (seeded by metric and agency codes), so two runs give the same
county. ``build_activity()`` is idempotent: what is in place is left alone.

The plans below are written for the year 2026 (``BASE_YEAR``) and move with the calendar: the demo's
current year is the year whose figures are being collected (``current_year``), and every year and date
shifts by its distance from 2026. Built in 2026 (from April) or in January–March 2027:

- 2024 and 2025: finished rounds (every submission accepted), so reports state the change on last year;
- 2026: an open round due in January 2027, with submissions in every state (draft, submitted, returned);
- reports: 2024 county report published, 2025 department reports in several states, and the county
  government's 2025 report as a draft for the office director to take through the workflow.
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from fazhi.collection.models import Narrative, Round, Submission, Value
from fazhi.demo.answers import answer_handed_in
from fazhi.metrics.catalog import load_catalog
from fazhi.metrics.models import Metric, body_kind_of
from fazhi.org.models import Agency, Region, User

COUNTY_CODE = "990102"
OFFICE = "sfx-office"
#: The county government files the figures only the government holds (meetings, decisions, documents).
GOVERNMENT = "sfx-gov"
#: Only the county's reconsideration organ (司法局) handles 行政复议.
RECONSIDERATION_ORGAN = "sfx-sfj"
ENFORCEMENT_BODIES = {"sfx-scj", "sfx-zfj", "sfx-gaj", "sfx-zrj", "sfx-jtj", "sfx-nyj", "sfx-wjj", "sfx-yjj",
                      "sfx-rsj", "sfx-zjj", "sfx-jyj"}

#: The year the plans of this module are written for; a demo built later moves them by whole years.
BASE_YEAR = 2026


def current_year(today: date | None = None) -> int:
    """The year whose figures are being collected: this year, until the reports on last year are public.

    Reports on a year are filed by 1 March and published by 1 April of the next (legal-rules §1), so from
    January to March the office still works on last year.
    """
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def _offset() -> int:
    return current_year() - BASE_YEAR


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _shift_text(text: str, years: int) -> str:
    """Move the years written in a meeting's name (局党组2026年第3次会议)."""
    return re.sub(r"(20\d\d)年", lambda m: f"{int(m.group(1)) + years}年", text)


def rounds() -> dict[int, dict]:
    """Two finished rounds and the current year's open one, due in mid-January of the next year."""
    year = current_year()
    return {
        year - 2: {"due": date(year - 1, 1, 20), "status": Round.Status.CLOSED},
        year - 1: {"due": date(year, 1, 20), "status": Round.Status.CLOSED},
        year: {"due": date(year + 1, 1, 15), "status": Round.Status.OPEN},
    }


def _rng(*parts) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode()))


def submitters(county: Region) -> list[Agency]:
    """The county government, its departments and its townships: who reports figures to the office."""
    return list(
        Agency.objects.filter(region__path__startswith=county.path, is_active=True)
        .filter(kind__in=[Agency.Kind.GOVERNMENT, Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP])
        .order_by("code")
    )


def metrics_for(agency: Agency, metrics: list[Metric]) -> list[Metric]:
    """Which metrics an agency fills: reconsideration only the 司法局; the rest by kind of body."""
    kind = body_kind_of(agency)
    chosen = []
    for metric in metrics:
        if metric.is_derived:
            continue  # rates are computed from their parts, never typed
        if metric.code.startswith("reconsideration_") and agency.code != RECONSIDERATION_ORGAN:
            continue
        if not metric.fits(kind):
            continue  # a department holds no 常务会议, a township makes no 规章
        chosen.append(metric)
    return chosen


#: Plausible county totals for a year, by metric code (anything else: by unit, see ``_typical``).
TYPICAL = {
    "reconsideration_received": 64, "reconsideration_decided": 58, "litigation_cases": 46,
    "normative_issued": 24, "normative_reviewed": 26, "enforcement_cases": 1850,
    "enforcement_files_reviewed": 320, "deputy_suggestions_handled": 126, "cppcc_proposals_handled": 94,
    "disclosure_requests": 58, "disputes_mediated": 1460, "legal_aid_cases": 310, "pufa_activities": 420,
    "pufa_audience": 86000, "leadership_study_sessions": 150, "leadership_meetings_on_law": 6, "leaders_shufa": 31,
    # The decisions ledger is small in a county: a handful a year.
    "decisions_catalog_items": 5, "decisions_completed": 4, "decisions_hearings": 2, "decisions_expert_reviews": 4,
    "decisions_risk_assessments": 4, "decisions_legality_reviews": 5, "decisions_collective_discussions": 5,
    "decisions_comments_received": 12, "decisions_post_evaluations": 1, "decisions_reported_to_congress": 1,
    "decisions_consultations": 4, "decisions_made": 5,
    # A county makes no 地方性法规 and no 规章 (立法法 第81条, 第93条): nothing to report.
    "normative_filings_examined": 30, "normative_filings_corrected": 2, "normative_review_requests": 3,
    "normative_regulation_drafts": 0, "normative_rules_made": 0, "normative_rules_amended": 0,
    "enforcement_certificates_cancelled": 12, "enforcement_officers": 640, "enforcement_officers_certified": 610,
    "supervision_findings": 36, "supervision_inspections": 8, "petitions_received": 420,
    # What a county of some 300,000 people handles in a year, so that no figure reads out of scale.
    "supervision_judicial_suggestions": 6, "supervision_procuratorial_suggestions": 9, "supervision_accountability": 12,
    "enforcement_publicity_items": 2600, "enforcement_recorded_cases": 1700, "enforcement_penalty_cases": 1100,
    "enforcement_inspections": 2400, "enforcement_random_inspections": 380, "enforcement_coercive_measures": 60,
    "enforcement_lenient_cases": 150, "enforcement_officers_trained": 1500, "enforcement_social_supervisors": 40,
    "enforcement_contact_points": 12, "disclosure_proactive": 3200, "pufa_media_posts": 1200, "pufa_lectures": 60,
    "pufa_school_events": 45, "digital_cases_handled": 186000, "digital_hotline_requests": 24000,
    "digital_service_items": 1380, "digital_cross_province_items": 150, "functions_power_list_items": 4800,
    "functions_licensing_items": 260, "functions_service_centre_items": 1200, "functions_commitment_items": 45,
    "functions_certificates_abolished": 30, "leadership_demonstration_sites": 3, "education_exam_takers": 2800,
    "education_legal_literates": 620, "education_public_lawyers": 36, "education_legal_advisers": 60,
    "education_leader_lectures": 12, "audit_problems": 86, "disputes_mediation_orgs": 160,
    "reconsideration_service_points": 11, "decisions_adviser_opinions": 120, "decisions_legal_affairs": 90,
    "decisions_contracts_reviewed": 150, "notarizations": 1800, "disputes_screenings": 48,
    "disputes_judicial_confirmations": 60, "deputy_suggestions_received": 126, "cppcc_proposals_received": 94,
}
#: Typical share of the denominator that the numerator reaches (corrected / decided…); default 0.96.
SHARE = {"reconsideration_correction_rate": 0.11, "litigation_loss_rate": 0.06,
         "decisions_comments_adoption_rate": 0.38, "enforcement_files_pass_rate": 0.93}
_BY_UNIT = {"件": 40, "次": 30, "场": 30, "人次": 5000, "人": 200, "名": 200, "万元": 480, "个": 20, "项": 60,
            "卷": 150, "家": 30, "篇": 80, "条": 40, "期": 12, "份": 36000, "户": 3600, "类": 40}
#: A body's own figure for a year (aggregation "own"): each body states its own, nothing is split.
OWN_TYPICAL = {"leadership_study_sessions": 10, "leadership_meetings_on_law": 4, "leadership_party_committee_meetings": 3,
               "leadership_pre_meeting_study": 12, "leadership_committee_meetings": 2, "leadership_reports_heard": 2,
               "leadership_assessment_indicators": 12, "decisions_adviser_meetings": 8, "functions_powers_delegated": 36,
               "education_villages": 14}


def _typical(metric: Metric) -> float:
    return float(TYPICAL.get(metric.code, _BY_UNIT.get(metric.unit, 20)))


def invent(metric: Metric, agencies: list[Agency], year: int) -> dict[str, Decimal]:
    """Split a plausible county total of ``metric`` for ``year`` among ``agencies`` (stable from run to run)."""
    if not agencies:
        return {}
    if metric.unit == "%":
        return {a.code: Decimal(str(round(min(100.0, 90 + _rng(metric.code, a.code).random() * 10), 1)))
                for a in agencies}
    drift = 1 + (_rng(metric.code, year).random() - 0.4) * 0.3

    # A body's size is the same every year (its own random draw) and moves a little from year to year (±10 %).
    size = {a.code: _rng(metric.code, a.code).random() for a in agencies}
    move = {a.code: 1 + (_rng(metric.code, a.code, year).random() - 0.5) * 0.2 for a in agencies}
    if metric.aggregation == Metric.Aggregation.OWN:
        own = OWN_TYPICAL.get(metric.code, 6)
        return {a.code: Decimal(max(1, int(round(own * (0.6 + size[a.code] * 0.8) * move[a.code]
                                                     * (2.5 if a.code == GOVERNMENT and own > 10 else 1)))))
                for a in agencies}
    total = _typical(metric) * drift
    weights = {a.code: _weight(metric, a) * (0.3 + size[a.code] * 1.4) * move[a.code] for a in agencies}
    if total == 0:
        return {code: Decimal(0) for code in weights}
    scale = total / sum(weights.values())
    if metric.unit == "万元":
        return {code: Decimal(str(round(w * scale, 2))) for code, w in weights.items()}
    return {code: Decimal(int(round(w * scale))) for code, w in weights.items()}


def _weight(metric: Metric, agency: Agency) -> float:
    if metric.topic == "enforcement":
        return 1.0 if agency.code in ENFORCEMENT_BODIES else 0.1
    if agency.code == GOVERNMENT and metric.topic in ("leadership", "decisions", "normative"):
        return 4.0
    if agency.kind == Agency.Kind.TOWNSHIP and metric.topic == "disputes":
        return 2.0
    return 1.0


def _numerators(figures: dict[str, dict[str, Decimal]], ratios: list[Metric], year: int) -> None:
    """Derive each numerator from its denominator, agency by agency, so that it never exceeds it."""
    for metric in ratios:
        num, den = metric.numerator.code, metric.denominator.code
        if num not in figures or den not in figures:
            continue
        share = SHARE.get(metric.code, 0.96)
        for code, denominator in figures[den].items():
            if code not in figures[num]:
                continue
            jitter = 1 + (_rng(metric.code, code, year).random() - 0.5) * 0.2
            figures[num][code] = min(denominator, Decimal(int(round(float(denominator) * share * jitter))))


def _county_counts_its_townships(figures, metrics, agencies) -> None:
    """A county's own count that bounds others (村（社区）总数) is its townships' counts added up; the parts
    (示范村, 配备法律顾问的村) are the townships' to give, so the county government gives none of its own."""
    townships = {a.code for a in agencies if a.kind == Agency.Kind.TOWNSHIP}
    for metric in metrics:
        values = figures.get(metric.code, {})
        if metric.aggregation != Metric.Aggregation.OWN or not metric.bounds or GOVERNMENT not in values:
            continue
        values[GOVERNMENT] = sum((v for code, v in values.items() if code in townships), Decimal(0))
        for code in (c for group in metric.bounds for c in group):
            if GOVERNMENT in figures.get(code, {}):
                figures[code][GOVERNMENT] = Decimal(0)


def _within_bounds(figures: dict[str, dict[str, Decimal]], metrics: list[Metric]) -> None:
    """Make the figures keep the catalog's rules: a breakdown adds up to its total, and parts are scaled down,
    agency by agency, until no group of them exceeds its whole (胜诉 + 败诉 ≤ 审结)."""
    for metric in metrics:  # an invented breakdown: its total is the sum of its parts
        if metric.breakdown and metric.code in figures and all(code in figures for code in metric.breakdown):
            for agency in figures[metric.code]:
                parts = [figures[code].get(agency) for code in metric.breakdown]
                if None not in parts:
                    figures[metric.code][agency] = sum(parts, Decimal(0))
    for _pass in range(4):  # a whole may itself be a part (审结 ≤ 案件): a few passes settle the chain
        changed = False
        for metric in metrics:
            for group in metric.bounds or []:
                if metric.code not in figures or not all(code in figures for code in group):
                    continue
                for agency, whole in figures[metric.code].items():
                    parts = [figures[code].get(agency) for code in group]
                    total = sum((p for p in parts if p is not None), Decimal(0))
                    if total <= whole or not total:
                        continue
                    for code, part in zip(group, parts, strict=True):
                        if part is not None:
                            figures[code][agency] = Decimal(int(part * whole * Decimal("0.95") / total))
                    changed = True
        if not changed:
            return


def _build_round(year: int, county: Region, office: Agency, director: User) -> Round | None:
    spec = {**rounds()[year], "title": f"{year}年度法治政府建设工作数据报送"}
    if Round.objects.filter(agency=office, year=year).exists():
        return None
    metrics = list(Metric.objects.for_year(year).select_related("numerator", "denominator"))
    ratios = [m for m in metrics if m.is_derived]
    opened = timezone.make_aware(datetime.combine(spec["due"].replace(day=1) if spec["due"].month > 1
                                                  else date(year, 12, 10), time(9)))
    round_ = Round.objects.create(
        agency=office, region=county, year=year, title=spec["title"], due_date=spec["due"], status=spec["status"],
        opened_at=opened, created_by=director,
        closed_at=timezone.make_aware(datetime.combine(spec["due"], time(17))) if spec["status"] == "closed" else None,
    )
    round_.metrics.set(metrics)
    round_.next_deadline = round_.compute_next_deadline()
    round_.save(update_fields=["next_deadline"])
    agencies = submitters(county)
    assigned = {a.code: metrics_for(a, metrics) for a in agencies}
    figures = {
        m.code: invent(m, [a for a in agencies if m in assigned[a.code]], year) for m in metrics if not m.is_derived
    }
    _numerators(figures, ratios, year)
    computed = _from_ledgers(metrics, agencies, year)
    if year < current_year():
        _near_this_years_ledgers(figures, computed, metrics, agencies, year)
    figures.update(computed)
    _county_counts_its_townships(figures, metrics, agencies)
    _within_bounds(figures, metrics)
    values = []
    for index, agency in enumerate(agencies):
        mine = assigned[agency.code]
        state = _state_of(year, index)
        submission = Submission(
            agency=agency, round=round_, year=year, status=state, created_by=director,
            submitted_at=opened if state in ("submitted", "accepted") else None,
            accepted_at=opened if state == "accepted" else None,
            returned_at=opened if state == "returned" else None,
            return_reason="“行政执法案件”数与执法平台统计不一致，请核实后重新报送。" if state == "returned" else "",
        )
        submission.next_deadline = submission.compute_next_deadline()
        submission.save()
        submission.metrics.set(mine + [m for m in ratios if m.numerator in mine and m.denominator in mine])
        if state == "draft" and index % 2:
            continue  # not started
        values.extend(Value(submission=submission, metric=m, value=figures[m.code][agency.code],
                            computed=m.code in computed) for m in mine)
    Value.objects.bulk_create(values, batch_size=2000)
    _write_material(round_, year)
    answer_handed_in(round_)  # a form handed in had its questions on last year's figures answered
    return round_


#: The demo's narrative material, written for the demo county (what bodies might send, in the genre): each body
#: takes its own variant, so that no two send the same words.
PRACTICE = {
    "enforcement": ("推行“首违不罚”清单，对轻微违法行为以教育提醒为主，全年依法不予处罚的案件均回访整改。",
                    "开展执法案卷交叉评查，评查结果纳入年度考核，问题案卷逐件反馈承办人。",
                    "推行“综合查一次”，同一企业的多项检查合并进行，减少重复检查。"),
    "disputes": ("在各村（社区）设立矛盾纠纷调解室，推行“一站式”受理，重大纠纷由分管领导包案化解。",
                 "建立“老娘舅”调解队伍，邻里纠纷在村组一级化解。",
                 "对辖区矛盾纠纷每月排查一次，排查出的问题建立台账、限期化解。"),
    "education": ("落实“谁执法谁普法”责任清单，组织法律进企业、进校园活动，培养“法律明白人”骨干。",
                  "在集市日开展“法律赶集”活动，现场解答群众咨询。",
                  "利用村广播和微信群推送以案释法短视频，群众愿意看、看得懂。"),
    "normative": ("起草规范性文件全部经过合法性审核，公开征求意见不少于30日，制发后按期报备。",
                  "建立规范性文件起草、审核、发布全流程台账，逐件登记备查。"),
    "decisions": ("重大行政决策事项全部列入目录管理，决策前开展风险评估并听取法律顾问意见。",
                  "决策草案在政府网站和办事场所同步公开征求意见，对意见采纳情况逐条说明。"),
    "supervision": ("建立人大代表建议、政协提案办理台账，逐件明确承办人和办理时限，办理结果向代表委员当面反馈。",
                    "对审计发现的问题实行整改销号管理，整改不到位的不予销号。"),
    "functions": ("梳理公布权责清单，推行证明事项告知承诺制，压缩审批时限。",
                  "推行企业开办“一件事”集成办理，营业执照、公章刻制和税务登记一日办结。"),
    "leadership": ("主要负责人带头学法，年初专题研究部署法治建设工作，年底述法接受评议。",
                   "将法治建设纳入年度考核，考核结果与评先评优挂钩。"),
    "digital": ("推进政务服务“一网通办”，高频事项实现网上办、掌上办。",
                "在便民服务中心设立自助办理区，群众就近办理社保、医保等高频事项。"),
}
OWN = {
    Narrative.Kind.PROBLEM: ("基层执法人员法律素养参差不齐，执法文书制作不够规范，原因是培训针对性不强。",
                             "部分村（社区）调解员年龄偏大、专业知识不足，复杂纠纷化解能力有限。",
                             "普法形式还比较单一，面向企业和新业态从业人员的普法不多。",
                             "合法性审查力量不足，只有一名兼职人员负责审查工作。"),
    Narrative.Kind.PLAN: ("{year}年将开展执法人员轮训，推行执法文书范本，年内完成一轮案卷评查。",
                          "{year}年将充实调解员队伍，每个村（社区）至少配备一名专职调解员。",
                          "下一步将面向企业开展“法治体检”，编印经营主体常见法律风险提示。",
                          "{year}年将配齐合法性审查人员，推行审查意见书制度。"),
    Narrative.Kind.HONOUR: ("{brief}的依法行政经验在全市法治建设推进会上作交流发言。",
                            "{brief}被评为全省“八五”普法中期先进集体。",
                            "{brief}一件执法案卷被评为全市优秀行政执法案卷。"),
}


def _fits(agency: Agency):
    """Return a filter of material variants for ``agency``: a department has no villages to speak of."""
    if agency.kind in (Agency.Kind.GOVERNMENT, Agency.Kind.TOWNSHIP):
        return lambda variants: variants
    return lambda variants: tuple(v for v in variants if "村" not in v) or variants


def _write_material(round_: Round, year: int) -> None:
    """Give the bodies that handed in their form some narrative material, as a clerk would write it."""
    from fazhi.collection.actions import narrative_slots

    texts = []
    for index, submission in enumerate(round_.submissions.exclude(status=Submission.Status.DRAFT)
                                       .select_related("agency")):
        practice = [t for t, kind in narrative_slots(submission) if kind == Narrative.Kind.PRACTICE]
        fits = _fits(submission.agency)
        for topic in practice[index % 3:index % 3 + 2]:
            if topic in PRACTICE:
                variants = fits(PRACTICE[topic])
                texts.append(Narrative(submission=submission, topic=topic, kind=Narrative.Kind.PRACTICE,
                                       text=variants[index % len(variants)]))
        for kind, variants in OWN.items():
            if kind != Narrative.Kind.HONOUR or index % 5 == 0:
                variants = fits(variants)
                text = variants[index % len(variants)]
                texts.append(Narrative(submission=submission, topic="", kind=kind,
                                       text=text.format(year=year + 1, brief=submission.agency.brief)))
    Narrative.objects.bulk_create(texts)


def _from_ledgers(metrics: list[Metric], agencies: list[Agency], year: int) -> dict[str, dict[str, Decimal]]:
    """Figures the ledgers hold (规范性文件, 重大行政决策…), for the metrics a registered computation fills."""
    from fazhi.metrics import registry

    ids = {a.pk: a.code for a in agencies}
    found = {}
    for metric in metrics:
        if metric.source == Metric.Source.COMPUTED and registry.get(metric.computed_by):
            values = registry.compute(metric.computed_by, list(ids), year)
            found[metric.code] = {ids[pk]: value for pk, value in values.items()}
    # A ledger that holds nothing for the year was not kept in fazhi yet: its figures came in by the forms.
    kept = {code for code, values in found.items() if any(values.values())}
    # Parts and their whole come from one place, or they would not keep the catalog's rules (废止 + 修改 + 保留 =
    # 清理; 按期完成 ≤ 列入目录): a ledger's zero stands when the ledger gives the figure it is a part of.
    from fazhi.collection.validation import part_pairs

    for pair in part_pairs(year):
        group = {*pair.parts, pair.whole}
        if group & kept and group <= set(found):
            kept |= group
    return {code: found[code] for code in kept}


def _near_this_years_ledgers(figures, computed, metrics, agencies, year: int) -> None:
    """Past years' figures for what a ledger now counts (kept on forms before the ledger came): near this year's
    ledger figure (±5 %) rather than a county-sized invention, or this year's form would read as a collapse and
    raise a question on every figure."""
    anchors = _from_ledgers(metrics, agencies, current_year())
    units = {m.code: m.unit for m in metrics}
    for code, values in anchors.items():
        if code in computed or code not in figures:
            continue
        for agency in figures[code]:
            if agency not in values:
                continue
            near = float(values[agency]) * (1 + (_rng(code, agency, year).random() - 0.5) * 0.1)
            figures[code][agency] = Decimal(str(round(near, 2))) if units[code] == "万元" else Decimal(int(round(near)))


def _state_of(year: int, index: int) -> str:
    if year < current_year():
        return Submission.Status.ACCEPTED
    return [Submission.Status.DRAFT, Submission.Status.SUBMITTED, Submission.Status.ACCEPTED,
            Submission.Status.RETURNED, Submission.Status.DRAFT][index % 5]


@transaction.atomic
def build_activity() -> dict:
    """Create the demo county's rounds and reports when missing; return counts of what was created."""
    created_metrics, _updated = load_catalog()
    county = Region.objects.get(code=COUNTY_CODE)
    office = Agency.objects.get(code=OFFICE)
    director = User.objects.get(username="director")
    ledgers = build_ledgers()
    built = [r for r in (_build_round(year, county, office, director) for year in sorted(rounds())) if r]
    if built:
        _analyze()
    reports = build_reports(director)
    from fazhi.supervision.demo import build_demo_register

    build_demo_register()  # after the reports: the register reads their dates
    from fazhi.supervision.demo_feedback import build_demo_feedback

    build_demo_feedback()  # after the register: the feedback goes to its bodies
    return {"metrics": created_metrics, "rounds": len(built), "reports": reports, **ledgers}


def _analyze() -> None:
    """Refresh PostgreSQL's statistics after the bulk load, before the reports query it.

    Fresh tables look empty to the planner until autovacuum gets to them, and its nested-loop plans over
    thousands of figures take seconds a query.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE collection_value, collection_submission, org_agency, org_region, metrics_metric")


def build_ledgers() -> dict:
    """The ledgers' own year of records (each app's demo is idempotent), then comments on open drafts."""
    from fazhi.advisers.demo import build_demo_advisers
    from fazhi.assessment.demo import build_demo_assessment, build_demo_self_assessments
    from fazhi.consultation.demo import build_demo_consultation
    from fazhi.decisions.demo import build_demo_decisions
    from fazhi.disclosure.demo import build_demo_disclosure
    from fazhi.education.demo import build_demo_education
    from fazhi.enforcement.demo import build_demo_enforcement
    from fazhi.filereview.demo import build as build_demo_filereview
    from fazhi.inspections.demo import build as build_demo_inspections
    from fazhi.leadership.demo import build_demo_leadership
    from fazhi.litigation.demo import build_demo_litigation
    from fazhi.mediation.demo import build_demo_mediation
    from fazhi.normative.demo import build_demo_normative
    from fazhi.penalties.demo import build_demo_penalties
    from fazhi.petitions.demo import build_demo_petitions
    from fazhi.reconsideration.demo import build_demo_reconsideration
    from fazhi.suggestions.demo import build_demo_suggestions

    documents, decisions = build_demo_normative(), build_demo_decisions()
    comments = build_demo_consultation()
    enforcement = build_demo_enforcement()
    build_demo_inspections()  # after the enforcement ledger: its officers are the inspectors
    penalties = build_demo_penalties()
    build_demo_filereview()  # after the penalty cases: it samples their closed files
    build_demo_reconsideration()
    build_demo_litigation()
    build_demo_disclosure()
    build_demo_suggestions()
    build_demo_petitions()
    build_demo_mediation()
    build_demo_assessment()
    build_demo_advisers()  # after the decisions and documents: its opinions link to them
    build_demo_education()
    build_demo_leadership()
    build_demo_self_assessments()  # last: its evidence links the records of the other ledgers
    return {"documents": documents["documents"], "decisions": decisions["decisions"],
            "officers": enforcement["officers"], "cases": penalties["cases"],
            "comments": sum(v for v in comments.values() if isinstance(v, int))}


#: Invented wording for the parts the composer leaves as drafting prompts (存在的不足, 下一年度安排).
SHORTCOMINGS = (
    "一是基层法治力量仍然薄弱，部分乡镇合法性审查人员不足，审查质量有待提高；"
    "二是行政执法规范化水平不够均衡，个别执法单位案卷制作不够规范；"
    "三是领导干部学法用法的常态化机制还需完善，以案释法的针对性不强。"
    "主要原因是对法治政府建设的重要性认识不足，工作机制落实不到位，专业人才储备不足。"
)
PLAN = (
    "一是持续深化法治政府建设，统筹推进年度重点任务；二是加强行政规范性文件管理，严格落实合法性审核和备案审查制度；"
    "三是全面落实行政执法三项制度，开展行政执法案卷评查；四是健全矛盾纠纷多元化解机制，"
    "充分发挥行政复议化解行政争议主渠道作用；五是深入实施普法规划，提升全民法治素养。"
)

#: What the demo director adds to fazhi's drafts of parts two and four.
REVISIONS = {
    2: "对上述问题，我们将认真研究，逐项制定整改措施，切实加以解决。",
    4: "我们将以更加务实的作风，推动法治政府建设各项任务落地见效。",
}

#: (agency code, year, final step, dates): reports that went through the workflow at realistic dates, as
#: written for ``BASE_YEAR`` (``_plans`` moves them).
REPORT_PLANS = [
    ("sfx-gov", 2024, "published", {"signed": date(2025, 2, 18), "adopted": date(2025, 2, 20),
                                    "delivered": date(2025, 2, 25), "cleared": date(2025, 3, 5),
                                    "published": date(2025, 3, 12), "meeting": "县政府第5次常务会议"}),
    ("sfx-scj", 2025, "published", {"signed": date(2026, 2, 10), "adopted": date(2026, 2, 12),
                                    "delivered": date(2026, 2, 26), "cleared": date(2026, 3, 10),
                                    "published": date(2026, 3, 20), "meeting": "局党组2026年第3次会议"}),
    ("sfx-sfj", 2025, "published", {"signed": date(2026, 2, 20), "adopted": date(2026, 2, 24),
                                    "delivered": date(2026, 3, 6), "cleared": date(2026, 3, 30),
                                    "published": date(2026, 4, 8), "meeting": "局党组2026年第4次会议"}),
    ("sfx-jyj", 2025, "submitted", {"signed": date(2026, 2, 25), "adopted": date(2026, 3, 2),
                                    "delivered": date(2026, 3, 5), "meeting": "局党组2026年第2次会议"}),
    ("sfx-gov", 2025, "draft", {}),
]


def _walk(agency: Agency, year: int, step: str, dates: dict, director: User, leader: User):
    from fazhi.reports import actions
    from fazhi.reports.compose import DRAFT_MARK
    from fazhi.reports.models import ReportSignoff

    report = actions.create_report(agency, year, by=director)
    if step == "draft":
        return report
    # The director revises the leaders' own contents (parts two and four) before review, as the reviewer asks.
    for section in report.sections.filter(part__in=[2, 4]):
        if DRAFT_MARK in section.text:
            text = SHORTCOMINGS if section.part == 2 else PLAN
        else:
            text = section.text.rstrip() + REVISIONS[section.part]
        actions.edit_section(section, text, director)
    # Any finding left (a township's short part one, say) is the demo's to accept: it says why.
    actions.send_for_review(report, by=director, override_reason="演示数据：审读意见已由办公室逐条研究。")
    actions.sign_off(report, by=leader, opinion="同意。")
    at = timezone.make_aware(datetime.combine(dates["signed"], time(10)))
    ReportSignoff.objects.filter(report=report).update(signed_at=at)
    actions.adopt(report, by=director, meeting=dates["meeting"], adopted_on=dates["adopted"])
    deliveries = [(s.kind, s.addressee or s.label, dates["delivered"], "")
                  for s in actions.suggested_deliveries(report) if s.required]
    actions.submit_report(report, by=director, deliveries=deliveries)
    if step == "submitted":
        return report
    actions.clear_confidentiality(report, by=director, reviewer="县委保密办",
                                  opinion="经审查，不涉及国家秘密和工作秘密，同意公开。", cleared_on=dates["cleared"])
    actions.publish(report, by=director, published_on=dates["published"])
    return report


#: Bodies that never filed their report on last year: the office's compliance table shows them red.
NEVER_FILED = {"sfx-yjj", "sfx-t09", "sfx-t10"}


def _plans() -> list[tuple[str, int, str, dict]]:
    """The reports above, then every other department and township's report on last year, filed and public on
    time; all moved to the demo's current year."""
    years = _offset()
    last_year = BASE_YEAR - 1
    planned = {(code, year) for code, year, _step, _dates in REPORT_PLANS}
    plans = list(REPORT_PLANS)
    county = Region.objects.get(code=COUNTY_CODE)
    others = [a for a in submitters(county) if a.kind != Agency.Kind.GOVERNMENT
              and (a.code, last_year) not in planned and a.code not in NEVER_FILED]
    for index, agency in enumerate(others):
        signed = date(BASE_YEAR, 2, 2) + timedelta(days=index % 14)
        meeting = "党政联席会议" if agency.kind == Agency.Kind.TOWNSHIP else "局党组会议"
        plans.append((agency.code, last_year, "published", {
            "signed": signed, "adopted": signed + timedelta(days=2), "delivered": signed + timedelta(days=6),
            "cleared": signed + timedelta(days=20), "published": signed + timedelta(days=30 + index % 10),
            "meeting": meeting,
        }))
    return [
        (code, year + years, step, {key: _shift(value, years) if isinstance(value, date) else
                                    _shift_text(value, years) for key, value in dates.items()})
        for code, year, step, dates in plans
    ]


def build_reports(director: User) -> int:
    """Annual reports in several states, each walked through the workflow's own actions."""
    from fazhi.reports.models import Report

    leader = User.objects.get(username="leader")
    made = 0
    for code, year, step, dates in _plans():
        agency = Agency.objects.get(code=code)
        if Report.objects.filter(agency=agency, year=year).exists():
            continue
        _walk(agency, year, step, dates, director, leader)
        made += 1
    return made
