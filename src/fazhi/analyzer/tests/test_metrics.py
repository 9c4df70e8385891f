"""Figures are mapped to the metric catalog by its phrases (fazhi.analyzer.metrics); no database involved."""

import json

import pytest

from fazhi.analyzer import analyze_text
from fazhi.analyzer.indicators import find_indicators
from fazhi.analyzer.metrics import MetricMapper, _catalog_text, default_mapper, unit_family, value_in_unit
from fazhi.analyzer.tests.samples import REPORT


def _metrics(text):
    return [(f.value, f.metric) for f in find_indicators(text, [(0, len(text))], [])]


def test_reconsideration_family_maps_each_figure():
    text = "全年共受理行政复议申请35件，审结33件，纠错4件，纠错率12.1%。"
    assert _metrics(text) == [
        (35, "reconsideration_received"),
        (33, "reconsideration_decided"),
        (4, "reconsideration_corrected"),
        (12.1, "reconsideration_correction_rate"),
    ]


def test_a_percentage_maps_only_to_a_rate():
    assert _metrics("行政机关负责人出庭应诉率达100%。") == [(100, "litigation_leader_appearance_rate")]
    # The count phrase 负责人出庭应诉 is longer, but a count never takes a percentage, nor a rate a count.
    assert _metrics("行政机关负责人出庭应诉44件。") == [(44, "litigation_leader_appearances")]


def test_unmappable_figures_get_none():
    assert _metrics("种植果树300亩，新建停车场3个，持续54个月。") == [(300, None), (3, None), (54, None)]
    assert _metrics("智能表单准确率达100%。") == [(100, None)]


def test_each_figure_sees_only_its_own_words():
    assert _metrics("办理人大代表建议108件、政协委员提案304件。") == [
        (108, "deputy_suggestions_handled"),
        (304, "cppcc_proposals_handled"),
    ]


def test_overlapping_phrases_take_the_longest():
    # 应诉案件 is nearer the figure, but 负责人出庭 overlaps it and says more.
    assert _metrics("行政机关主要负责人出庭应诉案件97件。") == [(97, "litigation_leader_appearances")]
    # Phrases side by side do not merge: what is mediated is 纠纷, not 调解组织.
    assert _metrics("人民调解组织调解纠纷2100余件。") == [(2100, "disputes_mediated")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("全年受理法律援助案件120件，结案110件。", "legal_aid_closed"),
        ("参加行政诉讼案件13件，审结9件。", "litigation_concluded"),
        ("收到行政复议申请20件，审结18件。", "reconsideration_decided"),
    ],
)
def test_a_shared_phrase_is_told_apart_by_the_sentence(text, code):
    assert _metrics(text)[-1][1] == code


def test_listed_rates_sharing_one_figure_map_separately():
    assert _metrics("行政规范性文件备案率、审查率均为100%。") == [
        (100, "normative_filing_rate"),
        (100, "normative_review_rate"),
    ]


def test_words_after_the_figure_name_it_when_nothing_comes_before():
    assert _metrics("对7项重大行政决策进行合法性审查，召开听证会三次。") == [
        (7, "decisions_legality_reviews"),
        (3, "decisions_hearings"),
    ]
    # The counted thing comes first after the figure, what was done with it last.
    assert _metrics("另有12个村（社区）配备法律顾问。") == [(12, "education_villages_with_advisers")]


def test_people_and_occurrences_do_not_map_to_things():
    # 宣传横幅32条 are things, 普法宣传活动 are occurrences (场): no match rather than a wrong one.
    assert _metrics("全镇张贴悬挂宣传横幅32条。") == [(32, None)]
    assert _metrics("开展普法宣传活动12场。") == [(12, "pufa_activities")]


def test_every_sentence_the_composer_writes_maps_back_to_its_metric():
    """Closed loop with the report composer: a rate is written with its denominator and numerator."""
    entries = json.loads(_catalog_text())
    by_code = {e["code"]: e for e in entries}
    for entry in entries:
        family = [by_code[entry["denominator"]], by_code[entry["numerator"]], entry] if entry["numerator"] else [entry]
        clauses = [
            e["sentence"].replace("{value}", str(40 + i)).replace("{unit}", e["unit"]) for i, e in enumerate(family)
        ]
        text = "全年" + "，".join(clauses) + "。"
        assert [m for _v, m in _metrics(text)] == [e["code"] for e in family], text


def test_analyzer_output_carries_the_metric():
    figures = analyze_text(REPORT, source="sample.txt")["indicators"]
    by_value = {(f["value"], f["unit"]): f["metric"] for f in figures}
    assert by_value[(46, "件")] == "reconsideration_received"
    assert by_value[(41, "件")] == "reconsideration_decided"
    assert by_value[(3, "次")] == "decisions_hearings"
    assert by_value[(36000, "人次")] == "pufa_audience"


def test_an_edited_catalog_can_be_passed_in():
    mapper = MetricMapper(
        [{"code": "x_hotline", "label": "热线工单", "unit": "件", "kind": "count", "phrases": ["热线工单"]}]
    )
    assert mapper.map("全年受理热线工单", "件") == "x_hotline"
    assert mapper.map("全年受理行政复议申请", "件") is None
    text = "全年受理热线工单500件。"
    assert [f.metric for f in find_indicators(text, [(0, len(text))], [], mapper)] == ["x_hotline"]


def test_units_and_values():
    assert unit_family("%") == "percent" and unit_family("万元") == "money" and unit_family("人次") == "people"
    assert unit_family("个百分点") == "other"
    assert value_in_unit(1_962_000, "元", "万元") == pytest.approx(196.2)
    assert value_in_unit(35, "件", "件") == 35


def test_the_shipped_mapper_is_read_once():
    assert default_mapper() is default_mapper()
    assert len(default_mapper().metrics) >= 80
