"""Part one's prose in the genre of the annual report: "一是…二是…", a measure and what it achieved.

Each topic of part one is written as a few points (``POINTS``), each a measure with the figures that show
its effect. A point says what the bodies' own material says where they sent some (``Material``: a clerk's
主要做法和成效, attributed to its body in a county's report), else the point's stock wording of the measure.
Only the figures the office chose to cite (``Report.cited``; by default ``default_cited``: 3–5 per topic) are
written; all others go to the annex table (``fazhi.reports.annex``). The change on last year is said only
where it says something: a base of at least ``CHANGE_BASE`` and a move in the good direction, at most twice
a section, never twice in the same words.

Wording varies between bodies and years: every choice among variants is seeded by the body, the year and
the place in the text (``pick``), so two townships' reports do not open alike, and a report reads the same
every time it is composed from the same data.

Official text written here is data, not UI, and stays Chinese.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.reports.figures import Change, MetricInfo, change_of, figure_entry, plain_number

__all__ = ["Material", "POINTS", "Point", "cited_in", "default_cited", "pick", "restate_change", "sentence", "topic_text", "valued",
           "good_news", "notable"]

CN_ORDINALS = "一二三四五六七八九十"
#: Figures a topic cites by default, at most.
HEADLINES = 5
#: A count whose base is smaller than this never has its change on last year said.
CHANGE_BASE = 10
#: A count must move by this share (a rate by this many points) for its change to be said.
CHANGE_SHARE = Decimal("0.1")
CHANGE_POINTS = Decimal(1)
#: At most this many changes on last year are said in one section.
CHANGES_PER_SECTION = 2
#: At most this many points to a section.
POINTS_PER_SECTION = 5


def pick(options: tuple[str, ...] | list[str], *keys) -> str:
    """Return one of ``options``, the same for the same keys (a body, a year, a place in the text)."""
    digest = hashlib.sha1("|".join(str(k) for k in keys).encode()).hexdigest()
    return options[int(digest[:8], 16) % len(options)]


@dataclass(frozen=True)
class Point:
    """One "一是…" of a topic: its headings, the metrics that show its effect, its stock wording, its keywords."""

    titles: tuple[str, ...]
    codes: tuple[str, ...]
    measures: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Material:
    """A body's own words on a topic, and who sent them (blank: the reporting body itself)."""

    text: str
    source: str = ""


# The points of each topic, in the order a report takes them. Every sentence here is fazhi's own wording.
POINTS: dict[str, tuple[Point, ...]] = {
    "leadership": (
        Point(("健全法治建设推进机制", "强化统筹谋划和督促落实"),
              ("leadership_committee_meetings", "leadership_reports_heard", "leadership_assessment_indicators"),
              ("把法治政府建设纳入经济社会发展总体规划和年度工作计划，与业务工作同部署、同推进、同考核",
               "将法治建设成效纳入年度综合考核，对重点任务实行清单化管理、销号式推进"),
              ("考核", "部署", "统筹", "委员会", "协调小组", "汇报")),
        Point(("深入开展法治政府建设示范创建", "以示范创建带动整体提升"),
              ("leadership_demonstration_sites",),
              ("对标示范创建指标体系，培育一批可复制、可推广的法治建设特色项目",),
              ("示范", "创建", "项目")),
    ),
    "functions": (
        Point(("持续深化简政放权", "纵深推进“放管服”改革"),
              ("functions_power_list_items", "functions_licensing_items", "functions_powers_delegated",
               "functions_certificates_abolished", "functions_commitment_items", "functions_intermediary_services"),
              ("动态调整权责清单，推行证明事项告知承诺制，减少审批环节和申请材料",
               "全面落实权责清单制度，清理规范证明事项和中介服务，能减的环节一律减"),
              ("清单", "证明", "承诺", "下放", "审批", "中介")),
        Point(("持续优化法治化营商环境", "依法平等保护各类经营主体"),
              ("functions_new_market_entities", "functions_fair_competition_reviews", "functions_business_complaints"),
              ("落实公平竞争审查制度，畅通涉企投诉渠道，依法平等保护各类市场主体合法权益",
               "政策措施出台前一律开展公平竞争审查，涉企诉求限时办结"),
              ("营商", "公平竞争", "企业", "市场主体", "投诉")),
        Point(("提升政务服务便利度", "推进政务服务集成办理"),
              ("functions_service_centre_items", "functions_time_limit_cut"),
              ("推进政务服务事项集中进驻、一窗受理，持续压减办理时限",),
              ("政务服务", "一窗", "时限", "进驻")),
    ),
    "normative": (
        Point(("严格合法性审核", "把好规范性文件制定关"),
              ("normative_issued", "normative_reviewed", "normative_review_rate"),
              ("起草规范性文件严格履行公开征求意见、合法性审核、集体审议等程序，未经审核的不得提交审议",
               "规范性文件一律经合法性审核后提交集体审议，审核意见全程留痕"),
              ("合法性审核", "征求意见", "起草", "审核")),
        Point(("加强备案审查监督", "落实有件必备、有备必审、有错必纠"),
              ("normative_filed", "normative_filing_rate", "normative_filed_on_time", "normative_filing_timely_rate",
               "normative_filings_examined", "normative_filings_corrected", "normative_review_requests"),
              ("规范性文件制发后按时向上级报备，对报备文件逐件审查，发现问题督促纠正",),
              ("备案", "报备", "审查")),
        Point(("开展规范性文件清理", "推进规范性文件动态管理"),
              ("normative_cleanup_examined", "normative_cleanup_abolished", "normative_cleanup_revised",
               "normative_cleanup_retained"),
              ("对不符合上位法规定和改革要求的文件及时修改、废止，清理结果向社会公布",),
              ("清理", "废止", "修改")),
        Point(("提高政府立法质量", "坚持立改废释并举"),
              ("normative_regulation_drafts", "normative_rules_made", "normative_rules_amended"),
              ("围绕改革发展急需开展立法，提高立法的针对性和可操作性",),
              ("立法", "规章", "法规")),
    ),
    "decisions": (
        Point(("实行重大行政决策目录管理", "规范决策事项范围"),
              ("decisions_catalog_items", "decisions_made", "decisions_completed", "decisions_completion_rate"),
              ("编制并向社会公布年度重大行政决策事项目录，实行动态调整",
               "年初公布重大行政决策事项目录，按目录推进决策事项"),
              ("目录",)),
        Point(("严格履行决策法定程序", "确保决策程序正当"),
              ("decisions_consultations", "decisions_comments_received", "decisions_comments_adopted",
               "decisions_comments_adoption_rate", "decisions_hearings", "decisions_expert_reviews",
               "decisions_risk_assessments", "decisions_legality_reviews", "decisions_collective_discussions",
               "decisions_reported_to_congress", "decisions_post_evaluations"),
              ("落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序，决策过程全程留痕",
               "决策草案公开征求意见，涉及群众切身利益的事项组织听证，未经合法性审查的不得提交讨论"),
              ("征求意见", "听证", "论证", "风险评估", "合法性审查", "集体讨论", "程序")),
        Point(("发挥法律顾问和公职律师作用", "提升涉法事务办理质量"),
              ("decisions_adviser_opinions", "decisions_adviser_meetings", "decisions_legal_affairs",
               "decisions_contracts_reviewed"),
              ("重大决策、重要合同和涉法事务事先听取法律顾问意见，法律顾问列席有关会议",),
              ("法律顾问", "合同", "涉法事务")),
    ),
    "enforcement": (
        Point(("全面落实行政执法三项制度", "规范行政执法程序"),
              ("enforcement_major_decisions", "enforcement_legal_reviews", "enforcement_legal_review_rate",
               "enforcement_publicity_items", "enforcement_recorded_cases"),
              ("执法信息按时公示，执法全过程记录，重大执法决定未经法制审核不得作出",
               "统一执法文书和执法流程，重大执法决定一律经法制审核"),
              ("公示", "全过程记录", "法制审核", "三项制度")),
        Point(("严格规范公正文明执法", "推行包容审慎监管"),
              ("enforcement_cases", "enforcement_penalty_cases", "enforcement_random_inspections",
               "enforcement_inspections", "enforcement_lenient_cases", "enforcement_coercive_measures",
               "enforcement_penalty_amount"),
              ("统筹开展“双随机、一公开”抽查，落实轻微违法行为依法不予处罚清单，减少对经营主体正常经营的干扰",
               "推行“首违不罚”和说服教育、劝导示范等柔性执法方式，做到宽严相济"),
              ("处罚", "检查", "双随机", "首违不罚", "包容", "柔性", "执法方式")),
        Point(("加强执法队伍建设", "提升执法人员素质"),
              ("enforcement_officers", "enforcement_officers_trained", "enforcement_officers_certified",
               "enforcement_certificates_cancelled"),
              ("严格执法人员资格管理，持证上岗，分领域开展执法业务培训",),
              ("培训", "执法证", "执法人员", "轮训", "资格")),
        Point(("强化行政执法监督", "健全执法监督机制"),
              ("enforcement_files_reviewed", "enforcement_files_passed", "enforcement_files_pass_rate",
               "enforcement_supervision_checks", "enforcement_major_penalties_filed", "enforcement_social_supervisors",
               "enforcement_contact_points"),
              ("开展执法案卷评查和执法监督检查，对发现的问题逐项督促整改",),
              ("评查", "案卷", "监督")),
    ),
    "supervision": (
        Point(("自觉接受人大监督和民主监督", "认真办理建议提案"),
              ("deputy_suggestions_received", "deputy_suggestions_handled", "deputy_suggestions_reply_rate",
               "deputy_suggestions_satisfaction", "cppcc_proposals_received", "cppcc_proposals_handled",
               "cppcc_proposals_reply_rate", "cppcc_proposals_satisfaction"),
              ("建立建议提案办理台账，逐件明确承办人和办理时限，办理结果当面反馈",
               "认真办理人大代表建议和政协委员提案，办理结果及时答复并依法公开"),
              ("人大", "政协", "建议", "提案", "代表", "委员")),
        Point(("全面推进政务公开", "提升政务公开质量"),
              ("disclosure_proactive", "disclosure_proactive_rate", "disclosure_requests", "disclosure_replied_on_time",
               "disclosure_reply_rate"),
              ("依法主动公开政府信息，规范办理依申请公开，按时答复申请人",),
              ("公开",)),
        Point(("强化内部监督", "发挥审计和督察监督作用"),
              ("supervision_findings", "supervision_rectified", "supervision_rectification_rate",
               "supervision_inspections", "audit_projects", "audit_problems", "audit_amount",
               "supervision_accountability"),
              ("对审计和法治督察发现的问题建立台账、限期整改，整改情况跟踪问效",),
              ("审计", "督察", "整改", "问责")),
        Point(("支持配合司法监督", "认真办理司法建议和检察建议"),
              ("supervision_judicial_suggestions", "supervision_procuratorial_suggestions"),
              ("对司法建议和检察建议逐件研究落实，按期反馈办理情况",),
              ("司法建议", "检察建议")),
    ),
    "disputes": (
        Point(("发挥行政复议化解行政争议主渠道作用", "提升行政复议办案质效"),
              ("reconsideration_received", "reconsideration_accepted", "reconsideration_decided",
               "reconsideration_corrected", "reconsideration_correction_rate", "reconsideration_upheld",
               "reconsideration_mediated", "reconsideration_withdrawn", "reconsideration_service_points"),
              ("畅通复议申请渠道，推行调解和解，依法纠正违法或不当的行政行为",
               "复议案件全程跟踪，能调则调、当纠则纠，以个案纠错推动依法行政"),
              ("复议",)),
        Point(("认真做好行政应诉工作", "规范行政应诉工作"),
              ("litigation_cases", "litigation_leader_appearances", "litigation_leader_appearance_rate",
               "litigation_concluded", "litigation_won", "litigation_lost", "litigation_loss_rate"),
              ("落实行政机关负责人出庭应诉制度，尊重并执行人民法院生效裁判",),
              ("应诉", "出庭", "诉讼")),
        Point(("健全矛盾纠纷多元化解机制", "推动矛盾纠纷就地化解"),
              ("disputes_mediated", "disputes_resolved", "disputes_mediation_success_rate", "disputes_screenings",
               "disputes_mediation_orgs", "disputes_mediators", "disputes_judicial_confirmations", "disputes_amount"),
              ("坚持和发展新时代“枫桥经验”，推动人民调解、行政调解、司法调解衔接联动",
               "定期开展矛盾纠纷排查，重大纠纷由分管领导包案化解"),
              ("调解", "纠纷", "枫桥", "排查")),
        Point(("推进信访工作法治化", "依法及时就地解决群众合理诉求"),
              ("petitions_received", "petitions_closed_on_time", "petitions_on_time_rate",
               "petitions_timely_acceptance_rate", "petitions_visitors"),
              ("依法分类处理信访诉求，推行领导干部接访下访",),
              ("信访", "接访", "来访")),
    ),
    "education": (
        Point(("深入开展普法宣传", "落实“谁执法谁普法”普法责任制"),
              ("pufa_activities", "pufa_audience", "pufa_lectures", "pufa_school_events", "pufa_media_posts",
               "pufa_materials"),
              ("围绕群众关心的法律问题开展精准普法，推动法律进机关、进乡村、进社区、进学校、进企业",
               "落实普法责任清单，结合重要时间节点开展主题普法"),
              ("普法", "宣传", "进校园", "进企业", "讲座")),
        Point(("推进基层依法治理", "夯实基层法治基础"),
              ("education_demonstration_villages", "education_legal_literates", "education_villages",
               "education_villages_with_advisers", "education_village_adviser_rate", "education_culture_sites"),
              ("开展民主法治示范村（社区）创建，推动村（社区）法律顾问全覆盖",
               "培育农村学法用法示范户和“法律明白人”，建设法治文化阵地"),
              ("法律明白人", "示范村", "村（社区）", "法治文化", "基层")),
        Point(("提升国家工作人员法治素养", "抓住领导干部这个“关键少数”"),
              ("education_study_sessions", "education_leader_lectures", "education_trainings", "education_trainees",
               "education_exam_takers", "education_legal_advisers", "education_public_lawyers"),
              ("健全领导干部学法制度，把法治教育纳入干部教育培训内容",),
              ("学法", "干部", "考试", "培训")),
        Point(("完善公共法律服务体系", "推动公共法律服务向基层延伸"),
              ("legal_aid_cases", "legal_consultations", "legal_aid_closed", "notarizations",
               "public_legal_service_satisfaction", "epidemic_legal_services"),
              ("为困难群众提供法律援助，推动公共法律服务向村（社区）延伸",),
              ("法律援助", "公证", "法律服务", "咨询")),
    ),
    "digital": (
        Point(("推进政务服务数字化", "推动更多事项“一网通办”"),
              ("digital_online_items", "digital_online_rate", "digital_service_items", "digital_cross_province_items",
               "digital_cases_handled", "digital_satisfaction"),
              ("推进政务服务事项网上办、掌上办，让数据多跑路、群众少跑腿",),
              ("网上", "一网通办", "掌上", "跨省通办")),
        Point(("加强数据共享和诉求办理", "提升数字治理水平"),
              ("digital_hotline_requests", "digital_data_shared", "digital_electronic_licences"),
              ("推动政务数据按需共享，12345热线诉求快速响应、限时办结",),
              ("数据", "热线", "电子证照", "共享")),
    ),
}

#: The opening of each topic's text, in variants.
LEADS: dict[str, tuple[str, ...]] = {
    "leadership": ("坚持把法治政府建设摆在全局工作的重要位置，健全党委领导、政府负责、部门协同的工作机制。",
                   "始终把法治政府建设作为事关全局的基础性工作来抓，层层压实工作责任。",
                   "坚持党对法治政府建设的领导，把法治建设与经济社会发展同谋划、同推进。"),
    "functions": ("深化“放管服”改革，依法全面履行政府职能，持续优化法治化营商环境。",
                  "坚持以转变政府职能为核心，推动有效市场和有为政府更好结合。",
                  "围绕群众和企业办事的难点堵点，持续推进政府职能转变。"),
    "normative": ("严格落实行政规范性文件合法性审核机制，加强备案审查和动态清理。",
                  "坚持依法制定、严格审核，从源头上规范行政行为。",
                  "把规范性文件管理作为依法行政的源头关口，全流程规范制定程序。"),
    "decisions": ("严格执行《重大行政决策程序暂行条例》，推进决策科学化、民主化、法治化。",
                  "把法定程序作为重大行政决策的刚性约束，防止违法决策、专断决策。",
                  "坚持依法决策，让重大行政决策经得起法律和实践的检验。"),
    "enforcement": ("全面推行行政执法公示、执法全过程记录和重大执法决定法制审核制度，规范行政执法行为。",
                    "坚持严格规范公正文明执法，让执法既有力度又有温度。",
                    "聚焦群众反映强烈的执法问题，持续提升行政执法质量和效能。"),
    "supervision": ("自觉接受人大监督、民主监督、司法监督和社会监督，推动行政权力规范透明运行。",
                    "健全行政权力制约和监督体系，让权力在阳光下运行。",
                    "坚持有权必有责、用权受监督，形成监督合力。"),
    "disputes": ("坚持和发展新时代“枫桥经验”，推动矛盾纠纷依法及时就地化解。",
                 "把非诉讼纠纷解决机制挺在前面，依法化解社会矛盾纠纷。",
                 "坚持源头预防、前端化解、关口把控，维护社会和谐稳定。"),
    "education": ("深入实施“八五”普法规划，推动全社会尊法学法守法用法。",
                  "坚持普法与依法治理有机结合，全社会法治观念明显增强。",
                  "把法治宣传教育贯穿法治建设全过程，不断提升全民法治素养。"),
    "digital": ("加快推进数字政府建设，以数字化赋能法治政府建设。",
                "运用信息化手段提升行政效能，让政务服务更加便捷高效。"),
}

#: How a section says a figure's change on last year, by style; each is used once in a section at most.
RISE = ("同比增长{p}%", "较上年增长{p}%", "比上年增加{d}{u}")
FALL = ("同比下降{p}%", "较上年减少{p}%", "比上年减少{d}{u}")
RATE_UP = ("较上年提高{d}个百分点", "比上年提升{d}个百分点")
RATE_DOWN = ("较上年降低{d}个百分点", "比上年下降{d}个百分点")
#: How the first figures of a point are introduced, in variants ("" : straight after the measure).
YEAR_WORDS = ("全年", "{year}年", "年内", "")


def cited_in(topic: str, infos: dict[str, MetricInfo], cited: list[str] | None, current: dict) -> list[str]:
    """Return the codes a topic cites: the office's choice where it made one, else ``default_cited``."""
    if cited is None:
        return default_cited(topic, infos, current)
    return [c for c in cited if c in infos and infos[c].topic == topic]


def valued(info: MetricInfo | None, current: dict) -> bool:
    """True when a metric has something to state: a rate with a value, a count other than none."""
    value = None if info is None else current.get(info.code)
    return value is not None and (info.is_rate or value != 0)


def _points(topic: str, infos: dict[str, MetricInfo]) -> list[Point]:
    """The topic's points, the last taking any metric of the topic that no point names (a catalog addition)."""
    points = list(POINTS.get(topic, ()))
    named = {c for p in points for c in p.codes}
    rest = tuple(c for c, i in infos.items() if i.topic == topic and c not in named)
    if rest:
        if points:
            last = points[-1]
            points[-1] = Point(last.titles, last.codes + rest, last.measures, last.keywords)
        else:
            points = [Point(("扎实推进各项工作",), rest, ("扎实推进各项工作",))]
    return points


def default_cited(topic: str, infos: dict[str, MetricInfo], current: dict) -> list[str]:
    """Return the figures a topic cites unless the office chooses: 3–5, the lead figure of each point first.

    A rate comes with the count it is a share of (作出重大执法决定32件，法制审核率100%); a figure whose
    change is bad news is not a headline (it belongs in part two, ``fazhi.reports.parts``).
    """
    chosen: list[str] = []

    def take(code):
        info = infos[code]
        family = [code]
        if info.is_rate and info.denominator in infos and valued(infos[info.denominator], current):
            family.insert(0, info.denominator)
        for c in family:
            if c not in chosen:
                chosen.append(c)

    points = _points(topic, infos)
    for rank in range(3):  # the lead figure of every point, then the second of each, then the third
        for point in points:
            with_value = [c for c in point.codes if valued(infos.get(c), current)]
            if len(with_value) > rank and len(chosen) < 3 + (rank == 0) * 2:
                take(with_value[rank])
        if len(chosen) >= 3:
            break
    return chosen[:HEADLINES]


def notable(change: Change) -> bool:
    """True when a change on last year is big enough to speak of: a rate by ``CHANGE_POINTS`` points, a count by
    ``CHANGE_SHARE`` of a base of at least ``CHANGE_BASE``."""
    if change.is_rate:
        return abs(change.size) >= CHANGE_POINTS
    return change.previous >= CHANGE_BASE and abs(change.amount) >= change.previous * CHANGE_SHARE


def good_news(info: MetricInfo, change: Change) -> bool:
    """True when the figure moved the way that is good (up, unless the metric is better lower)."""
    return (change.amount > 0) == (info.better != "lower")


def _worth_saying(info: MetricInfo, value, previous) -> tuple[tuple[str, ...], dict] | None:
    """Return the forms and data of a change on last year that says something and is good news, else None."""
    change = change_of(info, value, previous)
    if change is None or not notable(change):
        return None
    if not good_news(info, change):
        return None  # a fall of good news or a rise of bad news is a question for the clerk, not a result
    size = plain_number(abs(change.size))
    if info.is_rate:
        return (RATE_UP if change.amount > 0 else RATE_DOWN), {"d": size}
    return (RISE if change.amount > 0 else FALL), {"p": size, "d": plain_number(abs(change.amount)), "u": info.unit}


def _form_key(form: str) -> str:
    return form.split("{")[0]


def _change(info: MetricInfo, value, previous, used: set[str], seed) -> str:
    """Return the change on last year where it says something, in a form not used yet in the section."""
    found = _worth_saying(info, value, previous)
    if found is None:
        return ""
    forms, data = found
    free = [f for f in forms if _form_key(f) not in used]
    if not free:
        return ""
    form = pick(free, *seed)
    used.add(_form_key(form))
    return form.format(**data)


def restate_change(info: MetricInfo, value, previous, old: str) -> str:
    """Return an updated figure's change in the words it was first said in, or "" when no longer worth saying."""
    found = _worth_saying(info, value, previous)
    if found is None or not old:
        return ""
    forms, data = found
    index = next((i for group in (RISE, FALL, RATE_UP, RATE_DOWN) for i, f in enumerate(group)
                  if old.startswith(_form_key(f))), 0)
    return forms[min(index, len(forms) - 1)].format(**data)


@dataclass
class Written:
    """A topic's text as it is being written: the text, the figures it states, the changes said so far."""

    figures: list[dict] = field(default_factory=list)
    changes: set[str] = field(default_factory=set)


def _clauses(codes: list[str], infos, current, previous, written: Written, seed) -> str:
    """Return the clauses stating ``codes`` ("作出重大执法决定32件，法制审核率100%"), recording the figures."""
    clauses = []
    for code in codes:
        info, value = infos[code], current.get(code)
        last = previous.get(code)
        change = ""
        if len(written.changes) < CHANGES_PER_SECTION:
            change = _change(info, value, last, written.changes, (*seed, code))
        entry = figure_entry(info, value, last, change)
        written.figures.append(entry)
        clauses.append(info.clause(value) + (f"，{change}" if change else ""))
    return "，".join(clauses)


def _in_families(codes: list[str], infos: dict[str, MetricInfo], order: tuple[str, ...]) -> list[str]:
    """Return ``codes`` in the point's order, a rate right after the counts it is computed from (whole, part,
    rate: 梳理政务服务事项58项，实现网上可办54项，网上可办率93.1%)."""
    rank = {c: order.index(c) if c in order else len(order) for c in codes}
    for code in codes:
        info = infos[code]
        if info.is_rate:
            members = [c for c in (info.denominator, info.numerator) if c in rank]
            anchor = min([rank[code], *(rank[c] for c in members)])
            for step, member in enumerate([*members, code]):
                rank[member] = anchor + step / 10
    return sorted(codes, key=lambda c: rank[c])


def _best_point(text: str, points: list[Point]) -> int | None:
    scores = [sum(text.count(k) for k in p.keywords) for p in points]
    best = max(scores, default=0)
    return scores.index(best) if best else None


_CJK = "\u3400-\u9fff\uff08\uff09“”《》"
#: Half-width punctuation a clerk typed in Chinese text, and its full-width form (a figure's 1,000 or 3.5 stays).
_HALF_WIDTH = [
    (re.compile(rf"(?<=[{_CJK}])\s*,\s*|\s*,\s*(?=[{_CJK}])"), "，"),
    (re.compile(rf"(?<=[{_CJK}\d])\s*;\s*"), "；"),
    (re.compile(rf"(?<=[{_CJK}])\s*:\s*"), "："),
    (re.compile(rf"(?<=[{_CJK}])\s*\?"), "？"),
    (re.compile(rf"(?<=[{_CJK}])\s*!"), "！"),
    (re.compile(rf"\(([^()]*[{_CJK}][^()]*)\)"), r"（\1）"),  # a pair around Chinese words
]


def full_width(text: str) -> str:
    """Return ``text`` with the half-width punctuation of Chinese prose in full width: 县司法局(牵头), → （牵头），."""
    for pattern, mark in _HALF_WIDTH:
        text = pattern.sub(mark, text)
    return text


def sentence(text: str) -> str:
    """Return material as a sentence of the report: trimmed, in full-width punctuation, a full stop at the
    end, no line breaks."""
    text = full_width(re.sub(r"\s+", "", text)).strip("。；;，, ")
    return f"{text}。" if text else ""


def _own_point(text: str) -> tuple[str, str]:
    """Split a body's text into a heading and the rest: its first clause when short enough to head a point."""
    text = sentence(text)
    match = re.match(r"([^，；。]{4,24})[，；。](.+)", text)
    return (match.group(1), match.group(2)) if match else ("", text)


def _measures(point: Point, index: int, seed: tuple, region_wide: bool) -> str:
    """Return the point's stock wording of its measure: its variants, the seeded one first, at most two; a body
    that speaks only for itself (a department) is not made to speak of villages."""
    fitting = [m for m in point.measures if region_wide or "村" not in m]
    if not fitting:
        return ""
    first = pick(fitting, *seed, index, "measure")
    return "".join(sentence(m) for m in [first, *[m for m in fitting if m != first][:1]])


def topic_text(topic: str, infos: dict[str, MetricInfo], current: dict, previous: dict, *, cited: list[str],
               material: list[Material], seed: tuple, year: int, region_wide: bool = True) -> tuple[str, list]:
    """Return a topic's text and the figures it states, or ("", []) when there is nothing to say.

    ``region_wide``: the body speaks for its region (a government, a township), not only for itself.
    """
    points = _points(topic, infos)
    cited = [c for c in cited if valued(infos.get(c), current)]
    if not cited and not material:
        return "", []
    by_point: dict[int, list[str]] = {}
    for code in cited:
        where = next((i for i, p in enumerate(points) if code in p.codes), len(points) - 1)
        by_point.setdefault(where, []).append(code)
    by_point = {i: _in_families(codes, infos, points[i].codes) for i, codes in by_point.items()}
    said: dict[int, list[Material]] = {}
    own: list[Material] = []
    for item in material:
        where = _best_point(item.text, points)
        if where is None or len(said.get(where, [])) >= 2:
            own.append(item)
        else:
            said.setdefault(where, []).append(item)
    written = Written()
    bodies: list[str] = []
    year_word = pick(YEAR_WORDS, *seed, "year")
    for index, point in enumerate(points):
        codes, items = by_point.get(index, []), said.get(index, [])
        if not codes and not items:
            continue
        title = pick(point.titles, *seed, index)
        if items:
            body = "".join(sentence(f"{m.source}{m.text}") for m in items)
        else:
            body = _measures(point, index, seed, region_wide)
        if codes:
            lead = year_word.format(year=year) if not written.figures else ""
            clauses = f"{lead}{_clauses(codes, infos, current, previous, written, seed)}。"
            body = f"{body.rstrip('。')}，{clauses}" if body else clauses
        bodies.append(f"{title}。{body}")
    for item in own[:max(0, POINTS_PER_SECTION - len(bodies))]:
        head, rest = _own_point(f"{item.source}{item.text}")
        bodies.append(f"{head}。{rest}" if head else rest)
    if not bodies:
        return "", []
    lead = pick(LEADS.get(topic, ("",)), *seed, "lead")
    if len(bodies) == 1:
        return lead + bodies[0], written.figures
    numbered = "".join(f"{CN_ORDINALS[i]}是{b}" for i, b in enumerate(bodies))
    return lead + numbered, written.figures
