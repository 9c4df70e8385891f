"""The evaluation of a report on published criteria (fazhi.analyzer.evaluation): no database, texts written here."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.analyzer import analyze_text
from fazhi.analyzer.evaluation import (
    CODES,
    CRITERIA,
    DEFAULT_KEY_METRICS,
    DEFAULT_WEIGHTS,
    Config,
    EvaluationSettingError,
    evaluate,
    parse_key_metrics,
    parse_month_day,
    parse_weights,
    weights_for,
)

# An invented county (明理县) reporting on 2024: the five contents in the order of the rule, shortcomings with
# figures, places and causes, the leaders' own acts counted, figures for every key indicator.
GOOD = """明理县2024年度法治政府建设情况报告
发布时间：2025-03-10　来源：明理县司法局
　　2024年，明理县围绕法治政府建设目标，逐项落实年度任务，现将有关情况报告如下。
　　一、2024年推进法治政府建设的主要举措和成效
　　（一）健全依法行政制度。全年审核规范性文件21件，报送备案21件，备案率100%。对3项重大行政决策开展合法性审查，召开听证会2次。
　　（二）规范行政执法。全县办理行政处罚案件1350件，评查行政执法案卷260卷，合格率97%。
　　（三）化解行政争议。全县共受理行政复议申请58件，审结52件。办理行政应诉案件31件，行政机关负责人出庭应诉率100%。人民调解组织调解矛盾纠纷3200件，调解成功率98%。
　　（四）推进政务公开和普法。主动公开政府信息4300条，开展普法宣传活动180场，受众约5.2万人次。
　　二、存在的不足和原因
　　（一）行政复议纠错率偏高。全年纠错9件，纠错率17%，主要集中在县自然资源局的土地征收案件，原因是前期调查取证不充分。
　　（二）基层执法力量分布不均。青石镇、白沙乡的综合执法队各只有3名持证人员，难以覆盖辖区内12个行政村。
　　（三）规范性文件报备不及时。有2件文件超过15日才报送备案，例如县住建局的物业管理文件迟报9天。
　　三、党政主要负责人履行推进法治建设第一责任人职责情况
　　县委书记主持召开县委常委会会议4次，专题研究法治建设工作；县长主持县政府常务会议会前学法12次，带头出庭应诉2次。县委书记、县长在年终述职中专题述法，并对3个乡镇开展法治督察调研。
　　四、2025年推进法治政府建设的主要安排
　　（一）推进严格规范公正文明执法，全年组织执法培训6期。
　　（二）加强行政复议规范化建设，力争纠错率下降到10%以内。
　　五、其他需要报告的情况
　　无。
　　　　　　　　　　　　　　　　中共明理县委　明理县人民政府
　　　　　　　　　　　　　　　　2025年2月18日
"""

GOOD_SHORTCOMINGS = GOOD[GOOD.index("　　（一）行政复议纠错率偏高") : GOOD.index("　　三、党政主要负责人")]
GOOD_DUTIES = GOOD[GOOD.index("　　县委书记主持召开") : GOOD.index("　　四、2025年")]

# Shortcomings made of boilerplate only.
BOILERPLATE = GOOD.replace(
    GOOD_SHORTCOMINGS,
    "　　一是法治意识还不够强，依法行政水平有待进一步提高；二是部分单位学法不够深入，与上级要求还有一定差距；"
    "三是工作推进不平衡，基层力量比较薄弱。\n",
)
# A first-person duty part that names none of the leaders' own acts.
GENERIC_DUTIES = GOOD.replace(
    GOOD_DUTIES, "　　党政主要负责人高度重视法治建设，认真履行第一责任人职责，切实扛起政治责任。\n"
)
# Acts, but nobody says who did them.
DUTIES_NO_LEADER = GOOD.replace(
    GOOD_DUTIES, "　　全年主持召开专题会议研究法治建设，组织会前学法，开展述法评议工作。\n"
)
# No part on shortcomings at all (its heading and points gone).
NO_SHORTCOMINGS = GOOD.replace("　　二、存在的不足和原因\n" + GOOD_SHORTCOMINGS, "")
# The first-responsible part before the shortcomings: all present, not in the order of the rule.
SWAPPED = GOOD.replace(
    "　　二、存在的不足和原因\n" + GOOD_SHORTCOMINGS + "　　三、党政主要负责人履行推进法治建设第一责任人职责情况\n" + GOOD_DUTIES,
    "　　二、党政主要负责人履行推进法治建设第一责任人职责情况\n" + GOOD_DUTIES
    + "　　三、存在的不足和原因\n" + GOOD_SHORTCOMINGS,
)
# A report that says what was done in words, not figures.
WORDS_ONLY = """明理县2024年度法治政府建设情况报告
发布时间：2025-03-10
　　一、2024年推进法治政府建设的主要举措和成效
　　（一）健全依法行政制度。严格落实规范性文件合法性审核机制，坚持应审尽审，重大行政决策程序进一步规范，决策质量明显提升，法治政府建设的制度基础更加牢固。
　　（二）规范行政执法。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，执法行为更加规范，群众满意度不断提高。
　　（三）化解行政争议。畅通行政复议渠道，积极做好行政应诉工作，行政机关负责人出庭应诉工作不断加强，矛盾纠纷多元化解机制更加完善，社会大局和谐稳定。
　　（四）推进普法。深入开展普法宣传，营造尊法学法守法用法的良好氛围，全社会法治意识明显增强，法治文化建设取得新进展。
　　二、存在的不足和原因
　　（一）行政复议纠错率偏高。主要集中在土地征收案件，原因是前期调查取证不充分。
　　三、党政主要负责人履行推进法治建设第一责任人职责情况
　　县委书记主持召开县委常委会会议，专题研究法治建设工作。
　　四、2025年推进法治政府建设的主要安排
　　（一）推进严格规范公正文明执法。
　　　　　　　　　　　　　　　　明理县人民政府
　　　　　　　　　　　　　　　　2025年2月18日
"""


def _evaluate(text: str, **kwargs) -> dict:
    return evaluate(analyze_text(text), text, **kwargs)


def _criterion(evaluation: dict, code: str) -> dict:
    return next(c for c in evaluation["criteria"] if c["code"] == code)


def _quoted(text: str, criterion: dict, kind: str | None = None) -> list[str]:
    return [text[e["start"] : e["end"]] for e in criterion["evidence"] if kind is None or e["kind"] == kind]


def test_the_criteria_are_data_with_their_source():
    assert CODES == (
        "filed_on_time", "published_on_time", "mandated_contents", "shortcomings_concrete", "key_figures",
        "first_responsible_duties", "data_density",
    )
    for criterion in CRITERIA:
        assert criterion.label and criterion.checks and "§" in criterion.source
    assert all(set(weights) == set(CODES) for weights in DEFAULT_WEIGHTS.values())


def test_a_good_report_scores_well_on_every_criterion_it_can_be_judged_on():
    evaluation = _evaluate(GOOD, filed_on="2025-02-20")
    scores = {c["code"]: c["score"] for c in evaluation["criteria"]}
    assert scores == {
        "filed_on_time": 1.0, "published_on_time": 1.0, "mandated_contents": 1.0, "shortcomings_concrete": 1.0,
        "key_figures": 1.0, "first_responsible_duties": 1.0, "data_density": 1.0,
    }
    assert evaluation["total"] == 1.0 and evaluation["judged_share"] == 1.0 and evaluation["caveat"] is None
    assert evaluation["version"] == 2024 and evaluation["year"] == 2024


# Filing on time --------------------------------------------------------------------------------------------------


def test_filed_by_the_first_of_march_is_on_time():
    filed = _criterion(_evaluate(GOOD, filed_on=dt.date(2025, 3, 1)), "filed_on_time")
    assert filed["score"] == 1.0 and filed["details"]["deadline"] == "2025-03-01"


def test_filed_after_the_first_of_march_is_late():
    filed = _criterion(_evaluate(GOOD, filed_on="2025-03-05"), "filed_on_time")
    assert filed["score"] == 0.0 and filed["reason"] == "late" and filed["details"]["days_late"] == 4


def test_without_a_filing_date_filing_is_not_judged_and_says_so():
    evaluation = _evaluate(GOOD)
    filed = _criterion(evaluation, "filed_on_time")
    assert filed["score"] is None and filed["reason"] == "filing_date_unknown" and "no filing date" in filed["note"]
    # The total is the mean of the rest, with the share judged and a caveat naming what was not.
    assert evaluation["total"] == 1.0 and evaluation["judged_share"] == 0.85
    assert evaluation["unjudged"] == ["filed_on_time"] and "85%" in evaluation["caveat"]


def test_a_demonstration_place_files_by_its_own_deadline():
    filed = _criterion(
        _evaluate(GOOD, filed_on="2025-02-10", filing_deadline=dt.date(2025, 1, 31)), "filed_on_time"
    )
    assert filed["score"] == 0.0 and filed["details"]["days_late"] == 10


def test_filing_without_a_year_is_not_judged():
    result = {**analyze_text(GOOD), "year": None}
    filed = _criterion(evaluate(result, GOOD, filed_on="2025-02-01"), "filed_on_time")
    assert filed["score"] is None and filed["reason"] == "year_unknown"


# Publication on time ---------------------------------------------------------------------------------------------


def test_the_printed_publication_date_before_april_is_on_time_with_its_span():
    published = _criterion(_evaluate(GOOD), "published_on_time")
    assert published["score"] == 1.0 and published["details"]["source"] == "printed"
    assert _quoted(GOOD, published) == ["2025-03-10"]


def test_published_in_april_is_late():
    text = GOOD.replace("发布时间：2025-03-10", "发布时间：2025-04-01")
    published = _criterion(_evaluate(text), "published_on_time")
    assert published["score"] == 0.0 and published["reason"] == "late" and published["details"]["days_late"] == 1
    assert _quoted(text, published) == ["2025-04-01"]


def test_a_publication_date_from_the_caller_wins_over_the_page():
    published = _criterion(_evaluate(GOOD, published_on=dt.date(2025, 4, 20)), "published_on_time")
    assert published["score"] == 0.0 and published["details"]["source"] == "given" and not published["evidence"]


def test_a_text_with_only_its_signing_date_before_the_deadline_is_not_judged():
    text = GOOD.replace("发布时间：2025-03-10　来源：明理县司法局\n", "")
    published = _criterion(_evaluate(text), "published_on_time")
    assert published["score"] is None and published["reason"] == "signed_only"
    assert _quoted(text, published) == ["2025年2月18日"]


def test_a_text_signed_after_the_deadline_was_published_late():
    text = GOOD.replace("发布时间：2025-03-10　来源：明理县司法局\n", "").replace(
        "2025年2月18日", "二〇二五年四月十五日"
    )
    published = _criterion(_evaluate(text), "published_on_time")
    assert published["score"] == 0.0 and published["reason"] == "signed_late"
    assert _quoted(text, published) == ["二〇二五年四月十五日"]


def test_a_text_without_any_date_is_not_judged_on_publication():
    text = GOOD.replace("发布时间：2025-03-10　来源：明理县司法局\n", "").replace(
        "　　　　　　　　　　　　　　　　2025年2月18日\n", ""
    )
    published = _criterion(_evaluate(text), "published_on_time")
    assert published["score"] is None and published["reason"] == "publication_date_unknown"


# Mandated contents -----------------------------------------------------------------------------------------------


def test_all_contents_in_order_score_full_marks_with_their_headings():
    contents = _criterion(_evaluate(GOOD), "mandated_contents")
    assert contents["score"] == 1.0 and contents["reason"] == "complete"
    assert [q[:2] for q in _quoted(GOOD, contents)] == ["一、", "二、", "三、", "四、", "五、"]


def test_a_missing_content_costs_its_share():
    contents = _criterion(_evaluate(NO_SHORTCOMINGS), "mandated_contents")
    assert contents["score"] == pytest.approx(0.8 * 3 / 4 + 0.2)
    assert contents["reason"] == "missing" and contents["details"]["missing"] == ["shortcomings"]


def test_contents_out_of_the_rules_order_lose_the_order_part():
    contents = _criterion(_evaluate(SWAPPED), "mandated_contents")
    assert contents["score"] == pytest.approx(0.8) and contents["reason"] == "out_of_order"
    assert contents["details"]["out_of_order"] == ["shortcomings", "first_responsible"]


def test_a_partial_copy_is_not_judged_on_its_contents():
    cut = GOOD[: GOOD.index("　　二、存在的不足和原因")] + "　　（五）加强行政执法监督，全面落实"
    evaluation = _evaluate(cut)
    assert evaluation["criteria"] and analyze_text(cut)["complete"] is False
    contents = _criterion(evaluation, "mandated_contents")
    assert contents["score"] is None and contents["reason"] == "unseen"
    assert _criterion(evaluation, "shortcomings_concrete")["score"] is None
    assert _criterion(evaluation, "first_responsible_duties")["score"] is None
    assert _criterion(evaluation, "key_figures")["score"] is None  # pufa_activities and others may be further on


# Concreteness of shortcomings ------------------------------------------------------------------------------------


def test_shortcomings_with_figures_places_and_causes_are_concrete():
    short = _criterion(_evaluate(GOOD), "shortcomings_concrete")
    assert short["score"] == 1.0 and short["details"] == {"points": 3, "specific": 3, "boilerplate": 0}
    assert _quoted(GOOD, short, "specific") == ["9件", "3名", "2件"]


def test_a_named_place_a_body_a_cause_or_an_example_each_makes_a_point_specific():
    for point, expected in (
        ("青石镇执法队人员缺口较大", 1.0),  # a place
        ("县住建局执法文书不够规范", 1.0),  # a body
        ("由于编制调整滞后，执法队伍青黄不接", 0.75),  # a cause, without boilerplate
        ("规范性文件清理工作推进较慢", 0.5),  # a named procedure
        ("规范性文件清理工作有待进一步加强", 0.25),  # a named procedure in boilerplate
        ("部分乡镇法治意识还不够强", 0.0),  # "部分乡镇" names no place
    ):
        text = GOOD.replace(GOOD_SHORTCOMINGS, f"　　{point}。\n")
        short = _criterion(_evaluate(text), "shortcomings_concrete")
        assert short["score"] == expected, point


def test_boilerplate_shortcomings_score_nothing_and_show_the_phrases():
    short = _criterion(_evaluate(BOILERPLATE), "shortcomings_concrete")
    assert short["score"] == 0.0 and short["details"] == {"points": 3, "specific": 0, "boilerplate": 3}
    assert _quoted(BOILERPLATE, short, "boilerplate") == ["还不够", "部分单位", "比较薄弱"]


def test_no_part_on_shortcomings_scores_zero():
    short = _criterion(_evaluate(NO_SHORTCOMINGS), "shortcomings_concrete")
    assert short["score"] == 0.0 and short["reason"] == "no_part"


# Figures for the key indicators ----------------------------------------------------------------------------------


def test_every_key_indicator_given_scores_full_marks_with_the_figures_as_evidence():
    key = _criterion(_evaluate(GOOD), "key_figures")
    assert key["score"] == 1.0 and key["details"]["count"] == len(DEFAULT_KEY_METRICS)
    assert "全年审核规范性文件21件" in _quoted(GOOD, key, "figure")


def test_a_report_in_words_gives_no_key_figure():
    key = _criterion(_evaluate(WORDS_ONLY), "key_figures")
    assert key["score"] == 0.0 and key["details"]["missing"][0] == "normative_reviewed"


def test_the_key_indicators_are_a_setting_with_alternatives():
    config = Config.from_values(key_metrics="reconsideration_received,pufa_lectures|education_trainings")
    key = _criterion(_evaluate(GOOD, config=config), "key_figures")
    assert key["score"] == 0.5 and key["details"]["given"] == ["reconsideration_received"]
    assert key["details"]["missing"] == ["pufa_lectures"]


# First-person duty section ---------------------------------------------------------------------------------------


def test_the_leaders_own_acts_counted_score_full_marks():
    duties = _criterion(_evaluate(GOOD), "first_responsible_duties")
    assert duties["score"] == 1.0 and duties["details"]["leader_named"] and duties["details"]["counted"]
    assert {"meetings", "study", "shufa", "court"} <= set(duties["details"]["acts"])
    assert "主持召开县委常委会会议4次" in _quoted(GOOD, duties, "act")


def test_a_generic_first_person_part_scores_only_its_presence():
    duties = _criterion(_evaluate(GENERIC_DUTIES), "first_responsible_duties")
    assert duties["score"] == 0.25 and duties["reason"] == "generic" and not duties["evidence"]


def test_acts_without_a_leader_named_count_half():
    duties = _criterion(_evaluate(DUTIES_NO_LEADER), "first_responsible_duties")
    assert duties["details"]["acts"] == ["meetings", "study", "shufa"] and not duties["details"]["leader_named"]
    assert duties["score"] == pytest.approx(0.25 + 0.5 / 2)


def test_no_first_person_part_scores_zero():
    text = GOOD.replace("　　三、党政主要负责人履行推进法治建设第一责任人职责情况\n" + GOOD_DUTIES, "")
    duties = _criterion(_evaluate(text), "first_responsible_duties")
    assert duties["score"] == 0.0 and duties["reason"] == "no_part"


# Use of data -----------------------------------------------------------------------------------------------------


def test_figures_per_thousand_characters():
    dense = _criterion(_evaluate(GOOD), "data_density")
    assert dense["score"] == 1.0 and dense["details"]["per_thousand"] > 8
    sparse = _criterion(_evaluate(WORDS_ONLY), "data_density")
    assert sparse["score"] == 0.0 and sparse["details"]["figures"] == 0 and sparse["details"]["chars"] >= 300


def test_a_short_text_is_not_judged_on_its_density():
    text = GOOD[: GOOD.index("　　（二）规范行政执法")]
    dense = _criterion(_evaluate(text), "data_density")
    assert dense["score"] is None and dense["reason"] == "too_short"


# Weights and the total -------------------------------------------------------------------------------------------


def test_the_weights_version_follows_the_year_reported_on():
    versions = parse_weights(None)
    assert weights_for(2023, versions)[0] == 2024  # before every version: the earliest
    assert weights_for(2024, versions)[0] == 2024
    assert weights_for(2025, versions) == (2025, DEFAULT_WEIGHTS[2025])
    assert weights_for(2031, versions)[0] == 2025
    assert weights_for(None, versions)[0] == 2025  # year unknown: the latest
    assert _evaluate(GOOD.replace("2024", "2025").replace("2025-03-10", "2026-03-10"))["version"] == 2025


def test_the_setting_overrides_a_version_and_adds_one():
    versions = parse_weights('{"2025": {"filed_on_time": 30}, "2027": {"data_density": 0}}')
    assert versions[2025]["filed_on_time"] == 30 and versions[2025]["key_figures"] == 15  # the rest kept
    assert versions[2024] == DEFAULT_WEIGHTS[2024]
    assert versions[2027] == {**versions[2025], "data_density": 0.0}  # from the version in force in 2027
    evaluation = _evaluate(WORDS_ONLY.replace("2024", "2027"), config=Config(weights=versions))
    dense = _criterion(evaluation, "data_density")
    assert evaluation["version"] == 2027 and dense["weight"] == 0 and dense["score"] == 0.0
    assert "data_density" not in evaluation["unjudged"]


def test_the_total_is_the_weighted_mean_of_the_judged_criteria():
    config = Config(weights=parse_weights(
        '{"2024": {"filed_on_time": 0, "published_on_time": 10, "mandated_contents": 10, '
        '"shortcomings_concrete": 20, "key_figures": 0, "first_responsible_duties": 0, "data_density": 0}}'
    ))
    evaluation = _evaluate(BOILERPLATE, config=config)
    # published on time 1, contents 1, shortcomings 0: (10 + 10 + 0) / 40.
    assert evaluation["total"] == 0.5 and evaluation["judged_share"] == 1.0 and evaluation["caveat"] is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"2025": {"filed_in_time": 10}}', "unknown criterion 'filed_in_time'"),
        ('{"2025": {"filed_on_time": -1}}', "negative"),
        ('{"2025": {"filed_on_time": "ten"}}', "not a number"),
        ('{"2025": {"filed_on_time": true}}', "not a number"),
        ('{"next": {"filed_on_time": 1}}', "not a year"),
        ('{"2025": 10}', "must be an object"),
        ("[1, 2]", "must map years"),
        ("{2025: 1}", "not JSON"),
        ('{"2024": {"filed_on_time": 0, "published_on_time": 0, "mandated_contents": 0, "shortcomings_concrete": 0,'
         ' "key_figures": 0, "first_responsible_duties": 0, "data_density": 0}}', "every weight of 2024 is zero"),
    ],
)
def test_a_weight_setting_the_evaluation_cannot_use_is_refused(raw, message):
    with pytest.raises(EvaluationSettingError, match=message):
        parse_weights(raw)


def test_key_indicators_and_days_settings_are_checked():
    assert parse_key_metrics("") == DEFAULT_KEY_METRICS
    assert parse_key_metrics("a|b, c", known={"a", "b", "c"}) == (("a", "b"), ("c",))
    with pytest.raises(EvaluationSettingError, match="not a metric"):
        parse_key_metrics("reconsideration_recieved", known={"reconsideration_received"})
    with pytest.raises(EvaluationSettingError, match="named twice"):
        parse_key_metrics("a,a")
    assert parse_month_day("03-01") == (3, 1)
    with pytest.raises(EvaluationSettingError, match="MM-DD"):
        parse_month_day("3月1日")


def test_the_command_lines_configuration_comes_from_the_environment():
    config = Config.from_environ({
        "FAZHI_REPORT_EVALUATION_WEIGHTS": '{"2024": {"filed_on_time": 40}}',
        "FAZHI_REPORT_PUBLICATION_DAY": "04-30",
    })
    assert config.weights[2024]["filed_on_time"] == 40 and config.publication_day == (4, 30)
    text = GOOD.replace("发布时间：2025-03-10", "发布时间：2025-04-20")
    assert _criterion(_evaluate(text, config=config), "published_on_time")["score"] == 1.0
    with pytest.raises(EvaluationSettingError):
        Config.from_environ({"FAZHI_REPORT_EVALUATION_WEIGHTS": '{"2024": {"speed": 1}}'})


def test_a_report_that_could_not_be_read_is_judged_on_nothing():
    evaluation = evaluate(analyze_text(""), "")
    assert all(c["score"] is None and c["reason"] == "not_read" for c in evaluation["criteria"])
    assert evaluation["total"] is None and evaluation["judged_share"] == 0.0


def test_evidence_spans_index_the_text_as_given():
    for text in (GOOD, BOILERPLATE, SWAPPED):
        for criterion in _evaluate(text)["criteria"]:
            for span in criterion["evidence"]:
                assert 0 <= span["start"] < span["end"] <= len(text)
