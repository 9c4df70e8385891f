"""A figure goes to a metric only when what it counts is the metric's thing (metrics.py, rule 4).

The sentences are written for these tests; each rule has a sentence it blocks and one it lets through.
"""

from __future__ import annotations

import pytest

from fazhi.analyzer.indicators import find_indicators
from fazhi.analyzer.metrics import default_mapper


def explain(before: str, unit: str, after: str = "", context: str = "") -> tuple[str | None, str | None]:
    return default_mapper().explain_with(before, unit, after, lambda: context or before)


def code(before: str, unit: str, after: str = "", context: str = "") -> str | None:
    return explain(before, unit, after, context)[0]


def test_the_evidence_is_the_counted_phrase():
    assert explain("全年清理规范性文件", "件") == ("normative_cleanup_examined", "清理规范性文件")
    assert explain("今年共受理行政复议申请", "件") == ("reconsideration_received", "受理行政复议申请")


@pytest.mark.parametrize(
    ("before", "unit", "expected"),
    [
        ("今年依法实施行政强制措施", "件", "enforcement_coercive_measures"),
        ("本部门梳理出免予行政强制事项", "项", None),
        ("经审核确定行政审批中介服务事项", "项", "functions_intermediary_services"),
        ("经审核确定不属于行政审批中介服务事项", "项", None),
    ],
)
def test_a_negation_or_exemption_blocks_the_phrase(before, unit, expected):
    assert code(before, unit) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [("本年度公布政务服务事项", "digital_service_items"), ("本年度区级取消政务服务事项", None)],
)
def test_another_action_before_the_phrase_blocks_it(before, expected):
    assert code(before, "项") == expected


def test_a_department_counted_before_the_metric_thing_is_not_the_metric():
    assert code("共涉及", "个", after="部门的权责清单事项5100项") is None
    assert explain("共涉及15个部门的权责清单事项", "项") == ("functions_power_list_items", "权责清单事项")
    assert code("共有", "个", after="部门均已建立合法性审查机制") is None


def test_units_between_the_phrase_and_the_figure_block_it():
    assert code("梳理确定行政权力的部门和单位共", "个") is None
    assert code("梳理确定行政权力", "项") == "functions_power_list_items"


def test_list_entries_are_not_cases():
    assert code("编制轻微违法不予处罚事项", "项") is None
    assert code("全年办理轻微违法不予处罚", "件") == "enforcement_lenient_cases"
    assert code("全年受理信访事项", "件") == "petitions_received"


def test_a_list_of_things_is_not_its_entries():
    assert code("梳理形成政务服务事项清单", "个") is None
    assert code("梳理形成政务服务事项清单", "项") == "digital_service_items"


def test_an_award_is_not_the_thing_counted():
    assert code("全年", "件", after="执法案卷获评优秀执法案卷") is None
    assert code("共有", "个", after="单位被评为法治文化示范点") is None


def test_party_members_training_is_not_the_governments():
    assert code("组织开展党员教育培训", "期", context="组织开展党员教育培训") is None
    assert code("组织开展法治培训班", "期") == "education_trainings"


def test_a_later_item_of_a_list_is_not_the_first():
    assert code("聘请法律顾问2人、辅助律师", "人") is None
    assert code("聘请法律顾问", "人") == "education_legal_advisers"


def test_one_figure_for_two_things_maps_to_neither():
    assert code("全年完成规范性文件、涉法事务合法性审核", "件") is None
    assert code("全年完成规范性文件合法性审核", "件") == "normative_reviewed"


def test_a_bare_verb_needs_the_metrics_words_when_the_sentence_names_another_thing():
    assert code("保留", "项", context="全面梳理行政审批中介服务事项，保留") is None
    assert code("其中保留", "件", context="全年清理规范性文件56件，其中保留") == "normative_cleanup_retained"
    assert code("全年废止", "件") == "normative_cleanup_abolished"  # nothing else named: the verb is enough


def test_a_bare_verb_read_after_the_figure_names_nothing_by_itself():
    assert code("组织开展", "轮", after="全覆盖排查") is None
    assert code("对", "项", after="重大行政决策进行合法性审查") == "decisions_legality_reviews"


def test_a_bare_rate_after_another_things_count_is_that_things_rate():
    assert code("合格率", "%", context="全年举办法治培训班12期，合格率") is None
    assert code("合格率", "%", context="全年评查行政执法案卷30卷，合格率") == "enforcement_files_pass_rate"


def test_figures_counted_in_jia_map_to_nothing():
    assert code("目前入驻行政审批中介服务机构", "家") is None


def test_the_indicator_output_keeps_the_evidence():
    text = "全年清理规范性文件120件，其中废止8件。"
    found = {i.value: i.as_dict() for i in find_indicators(text, [(0, len(text))], [])}
    assert found[120]["metric"] == "normative_cleanup_examined"
    assert found[120]["counted"] == "清理规范性文件"
    assert found[8]["metric"] == "normative_cleanup_abolished"
    assert found[8]["counted"] == "废止"


def test_one_rate_of_two_things_maps_to_neither():
    assert code("办复率", "%", context="全年办理人大代表建议20件、政协提案30件，办复率") is None
    assert code("办复率", "%", context="全年办理政协提案30件，办复率") == "cppcc_proposals_reply_rate"


def test_a_bare_verb_after_qizhong_counts_the_thing_named_before_it():
    context = "本级梳理行政审批中介服务事项已对外公布，其中保留"
    assert explain("其中保留", "项", context=context) == (
        "functions_intermediary_services",
        "中介服务事项…保留",
    )
    assert code("保留", "项", context="本级梳理行政审批中介服务事项已对外公布，保留") is None


# -- units: a count of another kind is read only when its own kind names nothing ----------------------------


def test_reviews_counted_in_times_are_the_reviews_counted_in_cases():
    assert code("全年开展政府合同合法性审查", "次") == "decisions_contracts_reviewed"
    assert code("全年召开听证会", "次") == "decisions_hearings"  # a metric counted in 次 comes first
    assert code("在门户网站公示执法信息", "次") is None  # a metric counted in 条 is not a count of times


def test_consultations_counted_in_cases_are_the_consultations():
    assert code("全年接受群众咨询", "件") == "legal_consultations"
    assert code("全年接受群众咨询", "个") is None


# -- the counted thing after the figure --------------------------------------------------------------------


def test_people_taking_part_are_counted_by_what_they_take_part_in():
    assert code("全区共", "名", after="执法人员参加了培训") == "enforcement_officers_trained"
    assert code("全县", "名", after="公职人员参加2024年度学法考试") == "education_exam_takers"
    assert code("全县", "名", after="干部参加了植树活动") is None


def test_a_later_item_the_metric_names_is_the_metrics():
    assert code("入驻政务服务中心部门12个、事项", "项") == "functions_service_centre_items"
    assert explain("入驻政务服务中心部门12个、事项", "项")[1] == "入驻政务服务中心…事项"
    assert code("入驻政务服务中心部门12个、窗口", "个") is None


def test_list_entries_kept_after_qizhong_are_of_the_thing_before_it():
    context = "本县梳理行政审批中介服务事项已对外公布，其中清理规范20项，保留事项"
    assert explain("保留事项", "项", context=context) == (
        "functions_intermediary_services",
        "中介服务事项…保留事项",
    )
    assert code("保留事项", "项", context="本县梳理行政审批中介服务事项已对外公布，保留事项") is None


# -- one figure for two things -----------------------------------------------------------------------------


def test_two_things_joined_before_the_phrase_in_another_unit():
    assert code("全年开展专家论证和风险评估", "件") is None
    assert code("全年开展社会稳定风险评估", "件") == "decisions_risk_assessments"


def test_another_thing_listed_after_the_phrase():
    assert code("全年审核规范性文件、合同等", "件") is None
    assert code("全年审核规范性文件、合同", "件") is None
    # Kinds listed before their head noun (…等行政复议决定) are one thing.
    assert code("全年作出确认违法、撤销等行政复议决定", "件") == "reconsideration_corrected"


def test_an_amount_is_of_the_thing_the_sentence_counts():
    assert code("涉案金额", "元", context="全年办理免罚案件120件，涉案金额") is None
    assert code("涉案金额", "元", context="全年调处矛盾纠纷300件，涉案金额") == "disputes_amount"
    assert code("全年罚没金额", "万元") == "enforcement_penalty_amount"  # a named amount needs no thing


def test_another_bodys_meeting_is_not_the_executive_meeting():
    assert code("区政府党组会专题研究法治工作", "次") is None
    assert code("区政府常务会议专题研究法治工作", "次") == "leadership_meetings_on_law"
    assert code("区委常委会专题研究法治工作", "次") == "leadership_party_committee_meetings"
    assert code("提请人大常委会审议地方性法规草案", "件") == "normative_regulation_drafts"


# -- the genre's wordings (catalog phrases) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "unit", "after", "context", "expected"),
    [
        # 告知承诺: 实行企业承诺制 is the same regime.
        ("市场监管局对", "类", "许可证实行企业承诺制", "", "functions_commitment_items"),
        ("全年签订", "份", "安全生产承诺书", "", None),
        # 入驻 is 进驻: items stationed in a service centre, not the centre's firms.
        ("", "项", "政务服务事项入驻市民中心", "", "functions_service_centre_items"),
        ("本级公布政务服务事项", "项", "", "", "digital_service_items"),
        ("", "家", "企业入驻产业园区", "", None),
        # 承诺提速率: the promised time against the legal one.
        (
            "承诺提速率",
            "%",
            "",
            "审批事项平均办理时间由12天缩短至5天，承诺提速率",
            "functions_time_limit_cut",
        ),
        ("提速", "%", "", "梳理行政审批事项58项，提速", None),
        # 权力事项 are the power list's entries; departments are not.
        ("全区梳理出权力事项", "项", "", "", "functions_power_list_items"),
        ("共涉及", "个", "部门的权力事项", "", None),
        # 执法资格: officers holding one; the qualification exam is the certified.
        ("目前全镇", "名", "干部取得执法资格", "", "enforcement_officers"),
        ("组织", "人", "参加执法资格考试", "", "enforcement_officers_certified"),
        # 收件: applications received by the service hall.
        ("政务服务中心全年收件", "件", "", "", "digital_cases_handled"),
        ("收件", "件", "", "全年受理信访事项50件，收件", None),
        # 县级经济社会管理权限 granted to a township.
        ("赋予白沙镇", "项", "县级经济社会管理权限", "", "functions_powers_delegated"),
        ("共涉及", "个", "部门的经济社会管理权限", "", None),
        # 规范性文件 under legality review is the normative review, not a decision's.
        ("全年开展行政规范性文件合法性审查", "件", "", "", "normative_reviewed"),
        ("全年审查规范性文件", "件", "", "", "normative_reviewed"),
        ("全年开展重大行政决策合法性审查", "件", "", "", "decisions_legality_reviews"),
        ("全年备案审查规范性文件", "件", "", "", "normative_filings_examined"),
        # 审理行政案件: the court's administrative cases are lawsuits.
        ("全区法院审理行政案件", "件", "", "", "litigation_cases"),
        ("全年审理行政复议案件", "件", "", "", "reconsideration_received"),
        # A bare 调解 is told apart by the sentence (受理 is everyone's word).
        ("调解", "件", "", "全年收到行政复议申请20件，调解", "reconsideration_mediated"),
        ("调解", "件", "", "全年排查矛盾纠纷200件，调解", "disputes_mediated"),
        ("调解", "件", "", "全年受理信访事项50件，调解", None),
        # 上线服务事项 are the items put online.
        ("网上平台上线服务事项", "项", "", "", "digital_online_items"),
    ],
)
def test_wordings_of_the_genre(before, unit, after, context, expected):
    assert code(before, unit, after, context) == expected


def test_the_words_after_the_figure_are_read_without_le_and_not_too_far():
    assert code("全年对", "件", after="重大行政决策事项公开征求了公众意见") == "decisions_consultations"
    assert code("对", "件", after="涉及全县经济社会发展全局和群众切身利益的事项征求公众意见") is None
    assert code("对", "类", after="工业产品生产许可证实行企业告知承诺制") == "functions_commitment_items"


def test_a_count_in_times_of_a_thing_that_is_not_the_last_word_is_not_a_case_count():
    assert code("全年召开信访联席会议", "次") is None
    assert code("全年开展合法性审查", "次") == "decisions_legality_reviews"


def test_departments_counted_before_what_they_did_are_not_the_items():
    assert code("共有", "个", after="部门入驻政务服务中心") is None
    assert code("共有", "个", after="村(社区)配备法律顾问") == "education_villages_with_advisers"


def test_powers_handed_down_are_not_the_power_list():
    assert code("向乡镇下放权力事项", "项") == "functions_powers_delegated"
    assert code("全区梳理出行政职权", "项") == "functions_power_list_items"
    assert code("全年新取得执法资格", "人") == "enforcement_officers_certified"


def test_people_taking_part_in_nothing_the_catalog_names_are_read_as_written():
    assert code("全县", "名", after="干部参加考试") == "education_exam_takers"
    assert code("全县", "名", after="干部参加了考试") == "education_exam_takers"
