"""Statutory deadline rules as dated data, each naming its instrument and article.

A rule changes when its law changes (行政复议法 2023 took effect on 2024-01-01), so the registry keeps
every version with ``valid_from``/``valid_to`` and :func:`rule_for` picks the version in force on the
date of the start event. Day-counting conventions are in legal-rules §0; the master table in §12.

Nothing here quotes law text: rules carry a citation and a paraphrased description only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "RULES",
    "Citation",
    "DeadlineRule",
    "Instrument",
    "PauseKind",
    "PauseMode",
    "PauseRule",
    "RuleNotInForce",
    "Unit",
    "UnknownRule",
    "rule_for",
    "rule_versions",
]


class Unit(StrEnum):
    CALENDAR_DAY = "calendar_day"
    WORKING_DAY = "working_day"
    # 民事诉讼法 第85条: the start day is not counted and a last day on a 法定休假日 rolls over to the
    # first day after it; incorporated by 行政诉讼法 第101条 and 行政复议法 第88条.
    CALENDAR_DAY_ROLLOVER = "calendar_day_rollover"
    # 民法典 第202条: a period in months ends on the corresponding day of the last month, or on that
    # month's last day when it has no corresponding day.
    MONTH = "month"

    @property
    def family(self) -> str:
        """Return what the unit counts: ``day``, ``working_day`` or ``month`` (extensions must match)."""
        if self in (Unit.CALENDAR_DAY, Unit.CALENDAR_DAY_ROLLOVER):
            return "day"
        return str(self)


class PauseKind(StrEnum):
    CORRECTION = "correction"  # 补正
    THIRD_PARTY = "third_party"  # 征求第三方意见
    OTHER_AGENCY = "other_agency"  # 征求其他机关意见
    SUSPENSION = "suspension"  # 中止
    HEARING = "hearing"  # 听证
    SPECIAL_EXCLUSION = "special_exclusion"  # time a special provision excludes from the period


class PauseMode(StrEnum):
    # The period starts again, in full, from the day the clock restarts (that day not counted).
    RESTART = "restart"
    # The days of the pause are not counted; the clock continues with the days left.
    EXCLUDE = "exclude"


@dataclass(frozen=True)
class Instrument:
    code: str
    name_zh: str
    name_en: str
    in_force: dt.date | None = None
    local: bool = False  # a provincial or municipal rule, configured per province


@dataclass(frozen=True)
class Citation:
    instrument: Instrument
    article: int | None = None
    paragraph: int | None = None


@dataclass(frozen=True)
class PauseRule:
    kind: PauseKind
    mode: PauseMode
    basis: Citation
    inferred: bool = False  # the law implies rather than states how the clock behaves
    # The law does not say whether the day the pause begins still counts (compute_deadline's
    # ``pause_start_day_counts`` decides, and the explanation says which reading was taken).
    start_day_ambiguous: bool = False


@dataclass(frozen=True)
class DeadlineRule:
    """One version of a statutory deadline."""

    code: str
    name_zh: str
    name_en: str
    instrument: Instrument
    article: int | None
    start_event_zh: str
    start_event_en: str
    length: int
    unit: Unit
    paragraph: int | None = None
    start_day_counts: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    max_extension: tuple[int, Unit] | None = None
    extension_approver_zh: str = ""
    extension_approver_en: str = ""
    pauses: tuple[PauseRule, ...] = ()
    # Where the day-counting convention comes from (行政复议法 第88条, 行政诉讼法 第101条 → 民诉法 第85条).
    counting_basis: tuple[Citation, ...] = ()
    # legal-rules §10/§13 item 9: whether a purely administrative calendar deadline rolls over past a
    # holiday is not settled. Such rules carry this flag; the default is no roll-over plus a warning.
    rollover_unconfirmed: bool = False
    # The length is set per province (ProvincialDeadline); ``length`` is only the fallback.
    length_is_local: bool = False
    default_length_note_zh: str = ""
    default_length_note_en: str = ""

    def __post_init__(self):
        if self.length < 1:
            raise ValueError(f"{self.code}: length must be at least 1")
        if self.max_extension and self.max_extension[1].family != self.unit.family:
            raise ValueError(f"{self.code}: extension unit does not match the rule's unit")

    @property
    def citation(self) -> Citation:
        return Citation(self.instrument, self.article, self.paragraph)

    def pause_rule(self, kind: PauseKind) -> PauseRule | None:
        return next((p for p in self.pauses if p.kind == kind), None)

    def in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" else self.name_zh


class UnknownRule(KeyError):
    """No deadline rule has this code."""


class RuleNotInForce(LookupError):
    """No version of the rule was in force on the date asked about."""


# -- instruments ------------------------------------------------------------------------------------

CIVIL_PROCEDURE_LAW = Instrument(
    "civil_procedure_law_2023", "中华人民共和国民事诉讼法", "Civil Procedure Law of the PRC", dt.date(2024, 1, 1)
)
CIVIL_CODE = Instrument("civil_code", "中华人民共和国民法典", "Civil Code of the PRC", dt.date(2021, 1, 1))
RECONSIDERATION_LAW_2023 = Instrument(
    "admin_reconsideration_law_2023",
    "中华人民共和国行政复议法",
    "Administrative Reconsideration Law of the PRC (2023 revision)",
    dt.date(2024, 1, 1),
)
# The 1999 law (amended 2009 and 2017 without renumbering these articles), in force until 2023-12-31.
RECONSIDERATION_LAW_1999 = Instrument(
    "admin_reconsideration_law_1999",
    "中华人民共和国行政复议法（1999年）",
    "Administrative Reconsideration Law of the PRC (1999, as amended to 2017)",
    dt.date(1999, 10, 1),
)
LITIGATION_LAW = Instrument(
    "admin_litigation_law_2017",
    "中华人民共和国行政诉讼法",
    "Administrative Litigation Law of the PRC",
    dt.date(2015, 5, 1),
)
DISCLOSURE_REGULATIONS_2019 = Instrument(
    "gov_info_disclosure_regulations_2019",
    "中华人民共和国政府信息公开条例",
    "Regulations of the PRC on Open Government Information (2019 revision)",
    dt.date(2019, 5, 15),
)
PENALTY_LAW_2021 = Instrument(
    "admin_penalty_law_2021",
    "中华人民共和国行政处罚法",
    "Administrative Penalty Law of the PRC (2021 revision)",
    dt.date(2021, 7, 15),
)
PETITION_REGULATIONS_2022 = Instrument(
    "petition_work_regulations_2022", "信访工作条例", "Regulations on Petition Work (2022)", dt.date(2022, 5, 1)
)
LEGISLATION_LAW_2023 = Instrument(
    "legislation_law_2023", "中华人民共和国立法法", "Legislation Law of the PRC (2023 amendment)", dt.date(2023, 3, 15)
)
DEPUTIES_LAW_2025 = Instrument(
    "deputies_law_2025",
    "全国人民代表大会和地方各级人民代表大会代表法",
    "Law on Deputies to the National People's Congress and Local People's Congresses (2025 amendment)",
    dt.date(2025, 3, 11),
)
# legal-rules §7.2–7.3: CPPCC proposals have no national statute, and the finer periods of deputies' suggestions
# (the co-handler's opinion, the second handling after an unsatisfied rating) are the province's: each province's
# government measure on handling deputies' suggestions and CPPCC proposals (Sichuan 2024 is the example read). Its
# periods are provincial lengths (``length_is_local``), entered per province as ProvincialDeadline rows.
PROVINCIAL_SUGGESTION_RULE = Instrument(
    "provincial_suggestion_proposal_handling",
    "本省人大代表建议和政协提案办理办法",
    "the province's measures for handling deputies' suggestions and CPPCC proposals",
    local=True,
)
PROVINCIAL_FILING_RULE = Instrument(
    "provincial_normative_document_filing",
    "本省行政规范性文件备案规定",
    "the province's rules on filing administrative normative documents",
    local=True,
)

# legal-rules §4.1: 国办发〔2018〕118号, 事后公开 — licensing and penalty decisions within 7 working days, other
# enforcement decisions within 20 working days of the decision. A guideline, without articles, that provinces
# restate with their own periods (Hebei: every decision within 7 working days): the length is the province's.
ENFORCEMENT_DISCLOSURE_GUIDELINE = Instrument(
    "enforcement_three_systems_guideline_2018",
    "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见（国办发〔2018〕118号）",
    "State Council General Office guideline on the three enforcement systems (2018, No. 118)",
    dt.date(2018, 12, 5),
    local=True,
)

# legal-rules §4.4: 国发〔2019〕5号 (部门联合"双随机、一公开"监管) makes random inspection the basic means of market
# supervision and asks for results to be published promptly. UNCONFIRMED: the 20 working days from the end of the
# inspection are local practice (Fujian 2019: 20 days; Hebei: 20 working days), not seen in the opinion itself;
# the date in force is also UNCONFIRMED. A guideline without articles: the length is the province's.
RANDOM_INSPECTION_OPINION = Instrument(
    "random_inspection_opinion_2019",
    "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见（国发〔2019〕5号）",
    "State Council opinion on joint random inspections in market supervision (2019, No. 5)",
    dt.date(2019, 1, 28),
    local=True,
)

MAJOR_DECISIONS_REGULATIONS = Instrument(
    "major_decision_procedure_regulations_2019",
    "重大行政决策程序暂行条例",
    "Interim Regulations on Procedures for Major Administrative Decisions (国务院令第713号)",
    dt.date(2019, 9, 1),
)
BUSINESS_ENVIRONMENT_REGULATIONS = Instrument(
    "business_environment_regulations_2019",
    "优化营商环境条例",
    "Regulations on Optimising the Business Environment (国务院令第722号)",
    dt.date(2020, 1, 1),
)
# legal-rules §3.4: ≥ 7 working days for normative documents is the 示范指标 (2021) item 24, restated by local
# rules; no national article was confirmed, so it is a local rule whose length the province may change.
PROVINCIAL_CONSULTATION_RULE = Instrument(
    "provincial_normative_document_consultation",
    "本省行政规范性文件制定程序规定（公开征求意见）",
    "the province's rules on public consultation for normative documents",
    local=True,
)
# legal-rules §3.2: 国办发〔2018〕115号, review "generally 5 to 15 working days" (UNCONFIRMED): per province.
LEGALITY_REVIEW_GUIDELINE = Instrument(
    "normative_legality_review_guideline_2018",
    "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见（国办发〔2018〕115号）",
    "State Council General Office guideline on legality review of normative documents (2018, No. 115)",
    dt.date(2018, 12, 4),
    local=True,
)

_ROLLOVER = Citation(CIVIL_PROCEDURE_LAW, 85)

# 行政应诉: a court's judicial suggestion (司法建议; 行政诉讼法 第96条第4项, 最高人民法院关于行政机关负责人出庭应诉若干问题
# 的规定 2020 第12条) and a procuratorate's suggestion (检察建议; 行政诉讼法 第25条第4款) ask the agency to report what it
# did, but no national text read for legal-rules fixes one reply period for every letter. The letter usually sets it;
# otherwise the province's period applies. UNCONFIRMED: the two-month fallback (the period commonly written into
# procuratorial suggestions on public-interest matters, and into many courts' letters) is not from a text read here.
JUDICIAL_SUGGESTION_REPLY_RULE = Instrument(
    "judicial_suggestion_reply_period",
    "司法建议回复期限（建议书载明或者本省规定）",
    "the reply period of a court's judicial suggestion (as the letter or the province sets it)",
    local=True,
)
PROCURATORIAL_SUGGESTION_REPLY_RULE = Instrument(
    "procuratorial_suggestion_reply_period",
    "检察建议回复期限（建议书载明或者本省规定）",
    "the reply period of a procuratorate's suggestion (as the letter or the province sets it)",
    local=True,
)

# -- rules ------------------------------------------------------------------------------------------

_RULE_LIST: list[DeadlineRule] = [
    # 公开征求意见 (public consultation): the earliest day a comment period may close ------------------
    DeadlineRule(
        code="consultation.normative",
        name_zh="规范性文件公开征求意见期",
        name_en="Public comment period of a normative document",
        instrument=PROVINCIAL_CONSULTATION_RULE,
        article=None,
        start_event_zh="征求意见稿公布",
        start_event_en="publication of the draft for comment",
        # legal-rules §3.4: generally not less than 7 working days (示范指标 2021, item 24); per province.
        length=7,
        unit=Unit.WORKING_DAY,
        length_is_local=True,
        default_length_note_zh="未配置本省征求意见期，按不少于7个工作日计算（市县法治政府建设示范指标第24项）",
        default_length_note_en="no provincial period configured; at least 7 working days (demonstration indicator 24)",
    ),
    DeadlineRule(
        code="consultation.market",
        name_zh="涉及市场主体的规范性文件公开征求意见期",
        name_en="Public comment period of a document closely related to market entities",
        instrument=BUSINESS_ENVIRONMENT_REGULATIONS,
        # 优化营商环境条例 第62条: generally not less than 30 days.
        article=62,
        start_event_zh="征求意见稿公布",
        start_event_en="publication of the draft for comment",
        length=30,
        unit=Unit.CALENDAR_DAY,
    ),
    DeadlineRule(
        code="consultation.decision",
        name_zh="重大行政决策公开征求意见期",
        name_en="Public comment period of a major administrative decision",
        instrument=MAJOR_DECISIONS_REGULATIONS,
        # 重大行政决策程序暂行条例 第15条: generally not less than 30 days; shorter only with the reason stated.
        article=15,
        start_event_zh="决策草案公布",
        start_event_en="publication of the draft decision",
        length=30,
        unit=Unit.CALENDAR_DAY,
    ),
    # 合法性审查 (legality review) ---------------------------------------------------------------------
    DeadlineRule(
        code="decision.legality_review",
        name_zh="重大行政决策合法性审查时间",
        name_en="Time for the legality review of a major administrative decision",
        instrument=MAJOR_DECISIONS_REGULATIONS,
        # 第27条: the reviewer is given the necessary time, generally not less than 7 working days.
        article=27,
        start_event_zh="送请合法性审查",
        start_event_en="submission for legality review",
        length=7,
        unit=Unit.WORKING_DAY,
    ),
    DeadlineRule(
        code="normative.legality_review",
        name_zh="规范性文件合法性审核期限",
        name_en="Legality review of a normative document",
        instrument=LEGALITY_REVIEW_GUIDELINE,
        article=None,
        start_event_zh="收到送审材料",
        start_event_en="receipt of the documents for review",
        # legal-rules §3.2: generally 5 to 15 working days (UNCONFIRMED): the upper bound, per province.
        length=15,
        unit=Unit.WORKING_DAY,
        length_is_local=True,
        default_length_note_zh="未配置本省审核期限，按不超过15个工作日计算（国办发〔2018〕115号，待核实）",
        default_length_note_en="no provincial limit configured; 15 working days used (115号 guideline, unconfirmed)",
    ),
    # 行政复议 ---------------------------------------------------------------------------------------
    DeadlineRule(
        code="reconsideration.acceptance",
        name_zh="行政复议申请受理审查期限",
        name_en="Examination of a reconsideration application",
        instrument=RECONSIDERATION_LAW_2023,
        article=30,
        start_event_zh="收到行政复议申请",
        start_event_en="receipt of the reconsideration application",
        # 行政复议法 第30条: examine within 5 days; 第88条第2款: "五日" means working days.
        length=5,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        pauses=(
            # 第31条: after the corrected materials arrive the application is examined under 第30条
            # again, i.e. the 5 working days run afresh from their receipt.
            PauseRule(PauseKind.CORRECTION, PauseMode.RESTART, Citation(RECONSIDERATION_LAW_2023, 31, 3)),
        ),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.acceptance",
        name_zh="行政复议申请受理审查期限",
        name_en="Examination of a reconsideration application",
        instrument=RECONSIDERATION_LAW_1999,
        # 1999 law 第17条 (examine within 5 days) and 第40条 (5 and 7 days are working days). Article
        # numbers from the 2017 consolidated text, not checked against the LRB mirror (not held there).
        article=17,
        start_event_zh="收到行政复议申请",
        start_event_en="receipt of the reconsideration application",
        length=5,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(1999, 10, 1),
        valid_to=dt.date(2023, 12, 31),
        counting_basis=(Citation(RECONSIDERATION_LAW_1999, 40),),
    ),
    DeadlineRule(
        code="reconsideration.decision",
        name_zh="行政复议决定期限（普通程序）",
        name_en="Reconsideration decision (ordinary procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=62,
        paragraph=1,
        start_event_zh="受理行政复议申请",
        start_event_en="acceptance of the reconsideration application",
        # 第62条第1款: 60 days, extendable once approved by at most 30 days. Periods longer than ten days
        # are calendar days; 第88条第1款 sends the rest to the 民事诉讼法 rules (第85条 roll-over).
        length=60,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2024, 1, 1),
        max_extension=(30, Unit.CALENDAR_DAY_ROLLOVER),
        extension_approver_zh="行政复议机构的负责人",
        extension_approver_en="the head of the reconsideration organ",
        pauses=(
            # 第39条 lists the grounds of 中止 and says the review resumes when they cease; that the
            # suspended time is not counted is the reading of 中止, not a sentence of the law.
            PauseRule(
                PauseKind.SUSPENSION, PauseMode.EXCLUDE, Citation(RECONSIDERATION_LAW_2023, 39), inferred=True
            ),
        ),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 1), _ROLLOVER),
    ),
    DeadlineRule(
        code="reconsideration.decision",
        name_zh="行政复议决定期限",
        name_en="Reconsideration decision",
        instrument=RECONSIDERATION_LAW_1999,
        # 1999 law 第31条: 60 days from acceptance, extension by at most 30 days; 第40条: periods follow
        # the 民事诉讼法. Article numbers not checked against the LRB mirror (see above).
        article=31,
        start_event_zh="受理行政复议申请",
        start_event_en="acceptance of the reconsideration application",
        length=60,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(1999, 10, 1),
        valid_to=dt.date(2023, 12, 31),
        max_extension=(30, Unit.CALENDAR_DAY_ROLLOVER),
        extension_approver_zh="行政复议机关的负责人",
        extension_approver_en="the head of the reconsideration body",
        counting_basis=(Citation(RECONSIDERATION_LAW_1999, 40), _ROLLOVER),
    ),
    DeadlineRule(
        code="reconsideration.decision_simplified",
        name_zh="行政复议决定期限（简易程序）",
        name_en="Reconsideration decision (simplified procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=62,
        paragraph=2,
        start_event_zh="受理行政复议申请",
        start_event_en="acceptance of the reconsideration application",
        # 第62条第2款: 30 days, no extension; calendar days with roll-over (第88条第1款).
        length=30,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2024, 1, 1),
        pauses=(
            PauseRule(
                PauseKind.SUSPENSION, PauseMode.EXCLUDE, Citation(RECONSIDERATION_LAW_2023, 39), inferred=True
            ),
        ),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 1), _ROLLOVER),
    ),
    DeadlineRule(
        code="reconsideration.application",
        name_zh="行政复议申请期限",
        name_en="Time to apply for reconsideration",
        instrument=RECONSIDERATION_LAW_2023,
        article=20,
        start_event_zh="知道或者应当知道该行政行为",
        start_event_en="the day the applicant knew or should have known of the act",
        # 第20条: 60 days unless a law sets a longer period (then pass length_override).
        length=60,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 1), _ROLLOVER),
    ),
    DeadlineRule(
        code="reconsideration.application_uninformed",
        name_zh="行政复议申请期限（未告知申请权利、期限的最长期限）",
        name_en="Longest time to apply when the agency did not tell of the right to reconsideration",
        instrument=RECONSIDERATION_LAW_2023,
        article=20,
        paragraph=3,
        start_event_zh="知道或者应当知道行政行为内容",
        start_event_en="the day the applicant knew or should have known of the act's content",
        # 第20条第3款: the 60 days then run from learning of the right and the period, but never beyond one year
        # from knowing the act's content. A year is counted as 12 months (民法典 第202条).
        length=12,
        unit=Unit.MONTH,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(CIVIL_CODE, 202),),
    ),
    DeadlineRule(
        code="reconsideration.correction",
        name_zh="行政复议申请补正期限",
        name_en="Correction of an incomplete reconsideration application",
        instrument=RECONSIDERATION_LAW_2023,
        article=31,
        paragraph=2,
        start_event_zh="申请人收到补正通知",
        start_event_en="the applicant's receipt of the notice to correct",
        # 第31条第2款: the applicant corrects within 10 days (working days: 第88条第2款); the organ may allow a
        # reasonable longer time for good cause, and without it the application is treated as abandoned.
        length=10,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.copy",
        name_zh="行政复议申请书副本发送期限（普通程序）",
        name_en="Copy of the application to the respondent (ordinary procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=48,
        start_event_zh="受理行政复议申请",
        start_event_en="acceptance of the reconsideration application",
        # 第48条: the copy goes to the respondent within 7 days of acceptance; 第88条第2款: working days.
        length=7,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.answer",
        name_zh="被申请人书面答复期限（普通程序）",
        name_en="The respondent's written answer (ordinary procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=48,
        start_event_zh="被申请人收到申请书副本或者申请笔录复印件",
        start_event_en="the respondent's receipt of the copy of the application",
        # 第48条: answer, with the evidence and bases of the act, within 10 days of receipt (working days).
        length=10,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.copy_simplified",
        name_zh="行政复议申请书副本发送期限（简易程序）",
        name_en="Copy of the application to the respondent (simplified procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=54,
        paragraph=1,
        start_event_zh="受理行政复议申请",
        start_event_en="acceptance of the reconsideration application",
        # 第54条第1款: 3 days under the simplified procedure (working days: 第88条第2款).
        length=3,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.answer_simplified",
        name_zh="被申请人书面答复期限（简易程序）",
        name_en="The respondent's written answer (simplified procedure)",
        instrument=RECONSIDERATION_LAW_2023,
        article=54,
        paragraph=1,
        start_event_zh="被申请人收到申请书副本或者申请笔录复印件",
        start_event_en="the respondent's receipt of the copy of the application",
        # 第54条第1款: 5 days under the simplified procedure (working days: 第88条第2款).
        length=5,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.hearing_notice",
        name_zh="行政复议听证通知期限（最早举行日）",
        name_en="Notice of a reconsideration hearing (the earliest day it may be held)",
        instrument=RECONSIDERATION_LAW_2023,
        article=51,
        paragraph=1,
        start_event_zh="书面通知当事人听证的时间、地点和拟听证事项",
        start_event_en="written notice to the parties of the hearing's time, place and matters",
        # 第51条第1款: the parties are told 5 days before the hearing (working days: 第88条第2款); the end is the
        # earliest day it may be held.
        length=5,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 2),),
    ),
    DeadlineRule(
        code="reconsideration.recommendation_reply",
        name_zh="行政复议意见书纠正情况报送期限",
        name_en="Report on the correction asked for by a reconsideration recommendation letter",
        instrument=RECONSIDERATION_LAW_2023,
        article=76,
        start_event_zh="收到行政复议意见书",
        start_event_en="receipt of the recommendation letter (行政复议意见书)",
        # 第76条: the addressee reports its correction within 60 days; calendar days with the 民事诉讼法 roll-over
        # (第88条第1款).
        length=60,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2024, 1, 1),
        counting_basis=(Citation(RECONSIDERATION_LAW_2023, 88, 1), _ROLLOVER),
    ),
    # 政府信息公开 -------------------------------------------------------------------------------------
    DeadlineRule(
        code="disclosure.reply",
        name_zh="政府信息公开申请答复期限",
        name_en="Reply to a request for government information",
        instrument=DISCLOSURE_REGULATIONS_2019,
        article=33,
        paragraph=2,
        start_event_zh="收到政府信息公开申请",
        start_event_en="receipt of the request",
        # 条例 第33条第2款: 20 working days, extendable with the disclosure office head's consent by at
        # most 20 working days. The receipt date itself is fixed by 第31条 (caller's job).
        length=20,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2019, 5, 15),
        max_extension=(20, Unit.WORKING_DAY),
        extension_approver_zh="政府信息公开工作机构负责人",
        extension_approver_en="the head of the disclosure office",
        pauses=(
            # 第30条: the reply period runs from receipt of the corrected request.
            PauseRule(PauseKind.CORRECTION, PauseMode.RESTART, Citation(DISCLOSURE_REGULATIONS_2019, 30)),
            # 第33条第3款: time needed to consult third parties (第32条) and other agencies (第34条) is
            # not counted.
            # The article does not say from which day that time runs: the day the letter goes out, or the next.
            PauseRule(PauseKind.THIRD_PARTY, PauseMode.EXCLUDE, Citation(DISCLOSURE_REGULATIONS_2019, 33, 3),
                      start_day_ambiguous=True),
            PauseRule(PauseKind.OTHER_AGENCY, PauseMode.EXCLUDE, Citation(DISCLOSURE_REGULATIONS_2019, 33, 3),
                      start_day_ambiguous=True),
        ),
    ),
    DeadlineRule(
        code="disclosure.correction_notice",
        name_zh="政府信息公开申请补正告知期限",
        name_en="Notice asking to correct a disclosure request",
        instrument=DISCLOSURE_REGULATIONS_2019,
        article=30,
        start_event_zh="收到政府信息公开申请",
        start_event_en="receipt of the request",
        # 第30条: tell the applicant at once what to correct within 7 working days.
        length=7,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2019, 5, 15),
    ),
    DeadlineRule(
        code="disclosure.third_party_answer",
        name_zh="第三方对政府信息公开征求意见的答复期限",
        name_en="Third party's answer when consulted on a disclosure request",
        instrument=DISCLOSURE_REGULATIONS_2019,
        article=32,
        start_event_zh="第三方收到征求意见书",
        start_event_en="the third party's receipt of the consultation letter",
        # 第32条: the third party gives its view within 15 working days of receiving the letter; without it the
        # agency decides itself. The time this takes is not counted in the reply period (第33条第3款).
        length=15,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2019, 5, 15),
    ),
    DeadlineRule(
        code="disclosure.agency_answer",
        name_zh="被征求意见机关对政府信息公开的答复期限",
        name_en="Other agency's answer when consulted on a disclosure request",
        instrument=DISCLOSURE_REGULATIONS_2019,
        article=34,
        start_event_zh="被征求意见机关收到征求意见书",
        start_event_en="the consulted agency's receipt of the consultation letter",
        # 第34条: information made jointly; the agency consulted answers within 15 working days of receiving the
        # letter, silence counting as consent. The time is not counted in the reply period (第33条第3款).
        length=15,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2019, 5, 15),
    ),
    # 行政处罚 -----------------------------------------------------------------------------------------
    DeadlineRule(
        code="penalty.decision",
        name_zh="行政处罚案件办案期限",
        name_en="Decision in an administrative penalty case",
        instrument=PENALTY_LAW_2021,
        article=60,
        start_event_zh="行政处罚案件立案",
        start_event_en="opening of the case (立案)",
        # 第60条: 90 days from filing unless a law, regulation or rule provides otherwise. 第85条 makes
        # only periods up to seven days working days, so 90 is calendar days.
        length=90,
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2021, 7, 15),
        pauses=(
            # 第60条's proviso: departmental procedure rules exclude e.g. hearing or expert-opinion time.
            PauseRule(PauseKind.SPECIAL_EXCLUSION, PauseMode.EXCLUDE, Citation(PENALTY_LAW_2021, 60)),
        ),
        counting_basis=(Citation(PENALTY_LAW_2021, 85),),
        rollover_unconfirmed=True,
    ),
    # 第36条: a violation not discovered within 2 years (5 where it endangers life, health or financial security
    # with harmful consequences) is not penalised; counted from the day it was committed, or ended.
    DeadlineRule(
        code="penalty.limitation",
        name_zh="行政处罚追责时效",
        name_en="Limitation period of an administrative penalty",
        instrument=PENALTY_LAW_2021,
        article=36,
        paragraph=1,
        start_event_zh="违法行为发生（有连续或者继续状态的，行为终了）",
        start_event_en="the violation (for a continuing one, its end)",
        length=24,
        unit=Unit.MONTH,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(CIVIL_CODE, 202),),
    ),
    DeadlineRule(
        code="penalty.limitation_serious",
        name_zh="行政处罚追责时效（涉及公民生命健康安全、金融安全且有危害后果）",
        name_en="Limitation period of a penalty for a violation endangering life, health or financial security",
        instrument=PENALTY_LAW_2021,
        article=36,
        paragraph=1,
        start_event_zh="违法行为发生（有连续或者继续状态的，行为终了）",
        start_event_en="the violation (for a continuing one, its end)",
        length=60,
        unit=Unit.MONTH,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(CIVIL_CODE, 202),),
    ),
    # 第85条: the law's 二日、三日、五日、七日 are working days, without statutory holidays.
    DeadlineRule(
        code="penalty.hearing_request",
        name_zh="行政处罚听证申请期限",
        name_en="Request for a hearing on an intended penalty",
        instrument=PENALTY_LAW_2021,
        article=64,
        paragraph=1,
        start_event_zh="当事人收到行政处罚事先告知",
        start_event_en="the party's receipt of the notice of the intended penalty",
        length=5,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(PENALTY_LAW_2021, 85),),
    ),
    DeadlineRule(
        code="penalty.hearing_notice",
        name_zh="行政处罚听证通知期限（最早举行日）",
        name_en="Notice of a penalty hearing (the earliest day it may be held)",
        instrument=PENALTY_LAW_2021,
        article=64,
        paragraph=2,
        start_event_zh="通知当事人举行听证的时间、地点",
        start_event_en="notice to the party of the hearing's time and place",
        # 第64条第2项: notice at least 7 days before the hearing; the end is the earliest day it may be held.
        length=7,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(PENALTY_LAW_2021, 85),),
    ),
    DeadlineRule(
        code="penalty.service",
        name_zh="行政处罚决定书送达期限",
        name_en="Service of a penalty decision on a party who was absent",
        instrument=PENALTY_LAW_2021,
        article=61,
        start_event_zh="作出行政处罚决定（当事人不在场）",
        start_event_en="the decision, the party not being present",
        length=7,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(PENALTY_LAW_2021, 85),),
    ),
    DeadlineRule(
        code="penalty.withdrawal",
        name_zh="已公开行政处罚决定信息撤回期限",
        name_en="Withdrawal of a published penalty decision that was changed or revoked",
        instrument=PENALTY_LAW_2021,
        article=48,
        paragraph=2,
        start_event_zh="行政处罚决定被依法变更、撤销、确认违法或者确认无效",
        start_event_en="the decision's change, revocation or declaration as unlawful or void",
        length=3,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2021, 7, 15),
        counting_basis=(Citation(PENALTY_LAW_2021, 85),),
    ),
    DeadlineRule(
        code="enforcement.publication_penalty",
        name_zh="行政许可、行政处罚决定公示期限",
        name_en="Publication of a licensing or penalty decision",
        instrument=ENFORCEMENT_DISCLOSURE_GUIDELINE,
        article=None,
        start_event_zh="作出行政执法决定",
        start_event_en="the enforcement decision",
        length=7,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2018, 12, 5),
        length_is_local=True,
        default_length_note_zh="未配置本省公示期限，按国办发〔2018〕118号7个工作日计算",
        default_length_note_en="no provincial period set: 7 working days, as 国办发〔2018〕118号 has it",
    ),
    DeadlineRule(
        code="enforcement.publication",
        name_zh="其他行政执法决定公示期限",
        name_en="Publication of another enforcement decision",
        instrument=ENFORCEMENT_DISCLOSURE_GUIDELINE,
        article=None,
        start_event_zh="作出行政执法决定",
        start_event_en="the enforcement decision",
        length=20,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2018, 12, 5),
        length_is_local=True,
        default_length_note_zh="未配置本省公示期限，按国办发〔2018〕118号20个工作日计算",
        default_length_note_en="no provincial period set: 20 working days, as 国办发〔2018〕118号 has it",
    ),
    DeadlineRule(
        # UNCONFIRMED (legal-rules §4.4): 20 working days from the end of the inspection is local practice.
        code="inspection.publication",
        name_zh="“双随机、一公开”抽查结果公示期限",
        name_en="Publication of a random inspection's result",
        instrument=RANDOM_INSPECTION_OPINION,
        article=None,
        start_event_zh="抽查检查结束",
        start_event_en="the end of the inspection",
        length=20,
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2019, 1, 28),
        length_is_local=True,
        default_length_note_zh="未配置本省公示期限，按20个工作日计算（国发〔2019〕5号，地方做法，未经核实）",
        default_length_note_en="no provincial period set: 20 working days (国发〔2019〕5号; local practice, unconfirmed)",
    ),
    # 行政应诉 -----------------------------------------------------------------------------------------
    DeadlineRule(
        code="litigation.defence",
        name_zh="行政诉讼答辩及举证期限",
        name_en="Defence and evidence in administrative litigation",
        instrument=LITIGATION_LAW,
        article=67,
        paragraph=1,
        start_event_zh="收到起诉状副本",
        start_event_en="receipt of the copy of the complaint",
        # 第67条第1款: within 15 days of receipt submit the evidence, the normative documents relied on
        # and the statement of defence. 第101条 applies the 民事诉讼法 rules on periods (第85条).
        length=15,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2015, 5, 1),
        counting_basis=(Citation(LITIGATION_LAW, 101), _ROLLOVER),
    ),
    DeadlineRule(
        code="litigation.appeal_reply",
        name_zh="行政诉讼上诉答辩期限",
        name_en="Answer to an appeal in administrative litigation",
        instrument=CIVIL_PROCEDURE_LAW,
        article=174,
        paragraph=1,
        start_event_zh="收到上诉状副本",
        start_event_en="receipt of the copy of the appeal",
        # 行政诉讼法 has no article on answering an appeal: 第101条 applies the 民事诉讼法, whose 第174条第1款 gives the
        # other party 15 days from receipt of the appeal's copy. The period is older than the 2023 numbering, so the
        # rule has no start date.
        length=15,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        counting_basis=(Citation(LITIGATION_LAW, 101), _ROLLOVER),
    ),
    DeadlineRule(
        code="litigation.appeal_judgment",
        name_zh="不服第一审行政判决的上诉期限",
        name_en="Appeal against a first-instance administrative judgment",
        instrument=LITIGATION_LAW,
        article=85,
        start_event_zh="第一审判决书送达",
        start_event_en="service of the first-instance judgment",
        # 第85条: 15 days from service of the judgment; unheeded, the judgment takes legal effect.
        length=15,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2015, 5, 1),
        counting_basis=(Citation(LITIGATION_LAW, 101), _ROLLOVER),
    ),
    DeadlineRule(
        code="litigation.appeal_ruling",
        name_zh="不服第一审行政裁定的上诉期限",
        name_en="Appeal against a first-instance administrative ruling",
        instrument=LITIGATION_LAW,
        article=85,
        start_event_zh="第一审裁定书送达",
        start_event_en="service of the first-instance ruling",
        # 第85条: 10 days from service of the ruling (which rulings may be appealed: 民事诉讼法 第157条 via 第101条).
        length=10,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2015, 5, 1),
        counting_basis=(Citation(LITIGATION_LAW, 101), _ROLLOVER),
    ),
    DeadlineRule(
        # UNCONFIRMED: no national reply period (see JUDICIAL_SUGGESTION_REPLY_RULE); the letter's own date, when it
        # sets one, is used instead of this rule.
        code="litigation.judicial_suggestion_reply",
        name_zh="司法建议回复期限",
        name_en="Reply to a court's judicial suggestion",
        instrument=JUDICIAL_SUGGESTION_REPLY_RULE,
        article=None,
        start_event_zh="收到司法建议书",
        start_event_en="receipt of the judicial suggestion",
        length=2,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限且建议书未载明，暂按两个月计算（未经核实）",
        default_length_note_en="no provincial period set and none in the letter: two months (unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        # UNCONFIRMED: as above; the letter's own date, when it sets one (15 days in an urgent case), is used instead.
        code="litigation.procuratorial_suggestion_reply",
        name_zh="检察建议回复期限",
        name_en="Reply to a procuratorate's suggestion",
        instrument=PROCURATORIAL_SUGGESTION_REPLY_RULE,
        article=None,
        start_event_zh="收到检察建议书",
        start_event_en="receipt of the procuratorial suggestion",
        length=2,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限且建议书未载明，暂按两个月计算（未经核实）",
        default_length_note_en="no provincial period set and none in the letter: two months (unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    # 信访 ----------------------------------------------------------------------------------------------
    DeadlineRule(
        code="petition.forward",
        name_zh="信访部门登记转送、交办期限",
        name_en="Petition bureau: register and forward",
        instrument=PETITION_REGULATIONS_2022,
        article=22,
        start_event_zh="信访部门收到信访事项",
        start_event_en="receipt of the petition by the petition bureau",
        length=15,  # 第22条: 15 days, calendar (legal-rules §0)
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.notify",
        name_zh="信访事项受理告知期限",
        name_en="Petition: written notice of receipt and handling route",
        instrument=PETITION_REGULATIONS_2022,
        article=23,
        start_event_zh="收到信访事项（含转送、交办的信访事项）",
        start_event_en="receipt of the petition (direct, forwarded or assigned)",
        length=15,  # 第23条第2、3款: 15 days
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.objection",
        name_zh="对转送、交办信访事项提出异议期限",
        name_en="Petition: objection to a mis-routed petition",
        instrument=PETITION_REGULATIONS_2022,
        article=23,
        paragraph=3,
        start_event_zh="收到转送、交办的信访事项",
        start_event_en="receipt of the forwarded or assigned petition",
        length=5,  # 第23条第3款: 5 working days
        unit=Unit.WORKING_DAY,
        valid_from=dt.date(2022, 5, 1),
    ),
    DeadlineRule(
        code="petition.handling",
        name_zh="信访事项办理期限",
        name_en="Petition: handling",
        instrument=PETITION_REGULATIONS_2022,
        article=34,
        start_event_zh="受理信访事项",
        start_event_en="acceptance of the petition",
        length=60,  # 第34条: 60 days, extendable with the head's approval by at most 30 days
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        max_extension=(30, Unit.CALENDAR_DAY),
        extension_approver_zh="本机关、单位负责人",
        extension_approver_en="the head of the agency",
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.review",
        name_zh="信访事项复查期限",
        name_en="Petition: review (复查) opinion",
        instrument=PETITION_REGULATIONS_2022,
        article=35,
        start_event_zh="收到复查请求",
        start_event_en="receipt of the request for review",
        length=30,  # 第35条: 30 days
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.recheck",
        name_zh="信访事项复核期限",
        name_en="Petition: second review (复核) opinion",
        instrument=PETITION_REGULATIONS_2022,
        article=36,
        start_event_zh="收到复核请求",
        start_event_en="receipt of the request for a second review",
        length=30,  # 第36条第1款: 30 days; 第2款: hearing time is not counted
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        pauses=(PauseRule(PauseKind.HEARING, PauseMode.EXCLUDE, Citation(PETITION_REGULATIONS_2022, 36, 2)),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.review_request",
        name_zh="请求复查期限",
        name_en="Petition: request for review (复查)",
        instrument=PETITION_REGULATIONS_2022,
        article=35,
        start_event_zh="收到书面答复（信访处理意见书）",
        start_event_en="receipt of the written handling opinion",
        length=30,  # 第35条: the petitioner asks the body above the handling one within 30 days
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="petition.recheck_request",
        name_zh="请求复核期限",
        name_en="Petition: request for a second review (复核)",
        instrument=PETITION_REGULATIONS_2022,
        article=36,
        start_event_zh="收到复查意见",
        start_event_en="receipt of the review opinion",
        length=30,  # 第36条第1款: the petitioner asks the body above the reviewing one within 30 days
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2022, 5, 1),
        rollover_unconfirmed=True,
    ),
    # 规范性文件、规章备案 -----------------------------------------------------------------------------------
    DeadlineRule(
        code="normative.filing",
        name_zh="行政规范性文件备案期限",
        name_en="Filing of an administrative normative document",
        instrument=PROVINCIAL_FILING_RULE,
        article=None,
        start_event_zh="规范性文件公布",
        start_event_en="publication of the document",
        # legal-rules §3.5: no national day count; provinces set 15, 20 or 30 days. The caller passes the
        # provincial length (ProvincialDeadline); 30 is the fallback, the rule for 规章 (立法法 第109条).
        length=30,
        unit=Unit.CALENDAR_DAY,
        length_is_local=True,
        default_length_note_zh="未配置本省备案期限，暂按30日计算（参照《中华人民共和国立法法》第一百零九条规章备案期限）",
        default_length_note_en=(
            "no provincial filing period configured; 30 days used, as for rules (规章) under Art. 109 of "
            "the Legislation Law"
        ),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="regulation.filing",
        name_zh="规章备案期限",
        name_en="Filing of a government rule (规章)",
        instrument=LEGISLATION_LAW_2023,
        article=109,
        start_event_zh="规章公布",
        start_event_en="publication of the rule",
        length=30,  # 立法法 第109条: within 30 days of publication
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2023, 3, 15),
        rollover_unconfirmed=True,
    ),
    # 人大代表建议 ----------------------------------------------------------------------------------------
    DeadlineRule(
        code="deputy.suggestion",
        name_zh="人大代表建议办理答复期限",
        name_en="Reply to a people's congress deputy's suggestion",
        instrument=DEPUTIES_LAW_2025,
        article=51,
        start_event_zh="交办",
        start_event_en="assignment (交办)",
        # 代表法 第51条: 3 months from assignment; wide-ranging or difficult ones at most 6 months. The
        # in-force date of the 2025 amendment is taken as its adoption date (UNCONFIRMED).
        length=3,
        unit=Unit.MONTH,
        valid_from=dt.date(2025, 3, 11),
        max_extension=(3, Unit.MONTH),
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="deputy.suggestion_limit",
        name_zh="人大代表建议办理答复最长期限",
        name_en="Outer limit for answering a deputy's suggestion",
        instrument=DEPUTIES_LAW_2025,
        article=51,
        start_event_zh="交办",
        start_event_en="assignment (交办)",
        # 代表法 第51条: a wide-ranging or difficult suggestion is answered at the latest 6 months from assignment;
        # no extension goes past it. In force as deputy.suggestion (UNCONFIRMED date).
        length=6,
        unit=Unit.MONTH,
        valid_from=dt.date(2025, 3, 11),
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        # UNCONFIRMED: legal-rules names no period for the co-handling agency's opinion (会办意见) to the lead agency;
        # one month from assignment is common local practice, not read in a text. A provincial length.
        code="deputy.suggestion_co_opinion",
        name_zh="人大代表建议会办意见送主办单位期限",
        name_en="Co-handling agency's opinion on a deputy's suggestion",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="交办会办",
        start_event_en="assignment to the co-handling agency",
        length=1,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按交办之日起一个月计算（未经核实）",
        default_length_note_en="no provincial period configured: one month from assignment (unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        # legal-rules §7.3 (Sichuan 2024): a deputy or member not satisfied with the answer has the matter handled
        # again and answered again within 3 months. Counted from the unsatisfied feedback (UNCONFIRMED start event).
        code="deputy.suggestion_second",
        name_zh="人大代表建议不满意重新办理答复期限",
        name_en="Second answer to a deputy's suggestion rated unsatisfied",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="收到不满意的反馈意见",
        start_event_en="receipt of the unsatisfied feedback",
        length=3,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按三个月计算（参照四川省2024年办法，未经核实）",
        default_length_note_en="no provincial period configured: three months (Sichuan 2024 example, unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    # 政协提案: no national statute (legal-rules §7.3); every period is the province's -------------------------
    DeadlineRule(
        code="cppcc.proposal_session",
        name_zh="政协全会期间提案办理答复期限",
        name_en="Answer to a CPPCC proposal made at the plenary session",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="交办",
        start_event_en="assignment (交办)",
        # Sichuan 2024: 5 months for proposals of the plenary session, at most 6 months with approval. The fallback
        # is the deputies' 3 months, the shorter reading (UNCONFIRMED for any other province).
        length=3,
        unit=Unit.MONTH,
        max_extension=(3, Unit.MONTH),
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按三个月计算（四川省2024年办法为全会期间提案五个月，未经核实）",
        default_length_note_en=(
            "no provincial period configured: three months (Sichuan 2024 gives five months for plenary proposals; "
            "unconfirmed elsewhere)"
        ),
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="cppcc.proposal_interim",
        name_zh="政协闭会期间提案办理答复期限",
        name_en="Answer to a CPPCC proposal made between sessions",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="交办",
        start_event_en="assignment (交办)",
        length=3,  # Sichuan 2024: 3 months for proposals made between sessions
        unit=Unit.MONTH,
        max_extension=(3, Unit.MONTH),
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按三个月计算（参照四川省2024年办法，未经核实）",
        default_length_note_en="no provincial period configured: three months (Sichuan 2024 example, unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="cppcc.proposal_limit",
        name_zh="政协提案办理答复最长期限",
        name_en="Outer limit for answering a CPPCC proposal",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="交办",
        start_event_en="assignment (交办)",
        length=6,  # Sichuan 2024: a complex proposal at most 6 months, with approval
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按六个月计算（参照四川省2024年办法，未经核实）",
        default_length_note_en="no provincial period configured: six months (Sichuan 2024 example, unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        # UNCONFIRMED, as deputy.suggestion_co_opinion.
        code="cppcc.proposal_co_opinion",
        name_zh="政协提案会办意见送主办单位期限",
        name_en="Co-handling agency's opinion on a CPPCC proposal",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="交办会办",
        start_event_en="assignment to the co-handling agency",
        length=1,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按交办之日起一个月计算（未经核实）",
        default_length_note_en="no provincial period configured: one month from assignment (unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        # As deputy.suggestion_second (Sichuan 2024; UNCONFIRMED start event).
        code="cppcc.proposal_second",
        name_zh="政协提案不满意重新办理答复期限",
        name_en="Second answer to a CPPCC proposal rated unsatisfied",
        instrument=PROVINCIAL_SUGGESTION_RULE,
        article=None,
        start_event_zh="收到不满意的反馈意见",
        start_event_en="receipt of the unsatisfied feedback",
        length=3,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按三个月计算（参照四川省2024年办法，未经核实）",
        default_length_note_en="no provincial period configured: three months (Sichuan 2024 example, unconfirmed)",
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
]


# 人民调解 (people's mediation, legal-rules §8.1) ---------------------------------------------------------------------
# The mediation ledger's section, kept together at the end of the rules with its own instruments.
PEOPLES_MEDIATION_LAW = Instrument(
    "peoples_mediation_law_2010",
    "中华人民共和国人民调解法",
    "People's Mediation Law of the PRC",
    dt.date(2011, 1, 1),  # 第35条
)
# legal-rules §8.1: 《人民调解工作若干规定》 (司法部令第75号, 2002) 第33条 has a dispute settled generally within one month,
# and a provincial rule lets both parties agree to go on beyond it; both were seen on pages, not in an official text,
# and whether the 2002 provision still governs is UNCONFIRMED. The length is the province's (a provincial deadline).
PROVINCIAL_MEDIATION_RULE = Instrument(
    "provincial_mediation_period",
    "本省人民调解期限规定",
    "the province's rules on the time a mediation takes",
    local=True,
)

_RULE_LIST += [
    DeadlineRule(
        code="mediation.period",
        name_zh="矛盾纠纷调解期限",
        name_en="Time for mediating a dispute",
        instrument=PROVINCIAL_MEDIATION_RULE,
        article=None,
        start_event_zh="受理调解",
        start_event_en="acceptance of the dispute for mediation",
        length=1,
        unit=Unit.MONTH,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，暂按受理之日起一个月计算（参照司法部令第75号第33条，未经核实）",
        default_length_note_en=(
            "no provincial period configured: one month from acceptance (Ministry of Justice Order No. 75, Art. 33; "
            "unconfirmed)"
        ),
        counting_basis=(Citation(CIVIL_CODE, 202),),
        rollover_unconfirmed=True,
    ),
    DeadlineRule(
        code="mediation.judicial_confirmation",
        name_zh="调解协议申请司法确认期限",
        name_en="Application for judicial confirmation of a mediation agreement",
        instrument=PEOPLES_MEDIATION_LAW,
        article=33,
        paragraph=1,
        start_event_zh="调解协议生效",
        start_event_en="the mediation agreement taking effect",
        # 人民调解法 第33条第1款: both parties apply together within 30 days of the agreement taking effect (a written
        # agreement when signed and sealed, 第29条第2款; an oral one when reached, 第30条). 民事诉讼法 第205条 sets the
        # same period for the court's special procedure, so its rules on periods apply (第85条).
        length=30,
        unit=Unit.CALENDAR_DAY_ROLLOVER,
        valid_from=dt.date(2011, 1, 1),
        counting_basis=(Citation(CIVIL_PROCEDURE_LAW, 205), _ROLLOVER),
    ),
]

# 法治督察整改 (rectification of inspection findings, legal-rules §1.1, §9) -----------------------------------------------
# The assessment ledger's section. 督察规定 (厅字〔2019〕28号, in force 2019-04-15) has the office assign each finding and
# follow up its rectification, but no national period for it was seen (nor the article: legal-rules §13 item 1). The
# period is the office's local rule on rectification (整改销号办法): the setting FAZHI_ASSESSMENT_RECTIFICATION_DAYS
# (``length`` is only the fallback), and the office may set its own day for a finding.
LOCAL_RECTIFICATION_RULE = Instrument(
    "local_rectification_rule",
    "本地督察整改销号办法",
    "the local rules on rectifying and closing inspection findings",
    local=True,
)

_RULE_LIST += [
    DeadlineRule(
        code="assessment.rectification",
        name_zh="督察发现问题整改期限",
        name_en="Rectification of a problem found by a rule-of-law inspection",
        instrument=LOCAL_RECTIFICATION_RULE,
        article=None,
        start_event_zh="交办整改",
        start_event_en="assignment of the rectification",
        length=60,
        unit=Unit.CALENDAR_DAY,
        valid_from=dt.date(2019, 4, 15),
        rollover_unconfirmed=True,
    ),
]

# 合同合法性审查 (contract legality review, the advisers ledger) -----------------------------------------------------
# legal-rules.md sets no time for an agency's review of a contract it is to sign: neither a national instrument nor a
# province's rule was seen (UNCONFIRMED). Provinces and cities set it in their rules on administrative contracts, in
# working days; the length is the province's (a provincial deadline), else the setting FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS.
PROVINCIAL_CONTRACT_REVIEW_RULE = Instrument(
    "provincial_contract_review",
    "本省行政机关合同合法性审查规定",
    "the province's rules on the legality review of an agency's contracts",
    local=True,
)

_RULE_LIST += [
    DeadlineRule(
        code="advisers.contract_review",
        name_zh="合同合法性审查期限",
        name_en="Legality review of a contract",
        instrument=PROVINCIAL_CONTRACT_REVIEW_RULE,
        article=None,
        start_event_zh="收到送审合同",
        start_event_en="receipt of the contract for review",
        length=7,
        unit=Unit.WORKING_DAY,
        length_is_local=True,
        default_length_note_zh="未配置本省期限，按系统设置的默认期限计算（全国性规定未经核实）",
        default_length_note_en=(
            "no provincial period configured: the setting FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS (no national rule "
            "confirmed)"
        ),
    ),
]

# 领导批示 (a principal leader's instruction, legal-rules §8.3) ---------------------------------------------------------
# The leadership ledger's section. How soon an instruction is followed up and reported on is the local rules on
# following up leaders' instructions (督查督办) when the instruction sets no day; no national text was seen
# (UNCONFIRMED), so the length is the province's (a provincial deadline) with 15 working days as the fallback.
LOCAL_INSTRUCTION_RULE = Instrument(
    "local_instruction_follow_up",
    "本地领导批示件督查督办规定",
    "the local rules on following up a leader's instruction",
    local=True,
)

_RULE_LIST += [
    DeadlineRule(
        code="leadership.instruction_follow_up",
        name_zh="领导批示办理情况反馈期限",
        name_en="Follow-up report on a leader's instruction",
        instrument=LOCAL_INSTRUCTION_RULE,
        article=None,
        start_event_zh="领导作出批示",
        start_event_en="the leader's instruction",
        length=15,
        unit=Unit.WORKING_DAY,
        length_is_local=True,
        default_length_note_zh="未配置本地期限，暂按批示之日起十五个工作日计算（未经核实）",
        default_length_note_en="no local period configured: 15 working days from the instruction (unconfirmed)",
    ),
]


def _registry(rules: list[DeadlineRule]) -> dict[str, tuple[DeadlineRule, ...]]:
    registry: dict[str, list[DeadlineRule]] = {}
    for rule in rules:
        registry.setdefault(rule.code, []).append(rule)
    out: dict[str, tuple[DeadlineRule, ...]] = {}
    for code, versions in registry.items():
        versions.sort(key=lambda r: r.valid_from or dt.date.min)
        for earlier, later in zip(versions, versions[1:], strict=False):
            if later.valid_from is None or earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(f"{code}: versions overlap")
        out[code] = tuple(versions)
    return out


_VERSIONS = _registry(_RULE_LIST)

# The current version of each rule, by code (the version in force today or the latest one).
RULES: dict[str, DeadlineRule] = {code: versions[-1] for code, versions in _VERSIONS.items()}


def rule_versions(code: str) -> tuple[DeadlineRule, ...]:
    """Return every version of rule ``code``, oldest first."""
    try:
        return _VERSIONS[code]
    except KeyError:
        raise UnknownRule(code) from None


def rule_for(code: str, on: dt.date | None = None) -> DeadlineRule:
    """Return the version of rule ``code`` in force on ``on`` (the start event's date); latest if None."""
    versions = rule_versions(code)
    if on is None:
        return versions[-1]
    for rule in versions:
        if rule.in_force_on(on):
            return rule
    raise RuleNotInForce(f"No version of {code} was in force on {on.isoformat()}.")
