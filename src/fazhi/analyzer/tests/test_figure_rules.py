"""Every rule of the figure grammar (``indicators.RULES``), on sentences written for these tests: where it decides a
number (positive) and where a like sentence is decided otherwise (negative), as ``--explain`` reports it.
Also the ``--explain`` command line (text and JSON lines) and the rates derived from two counts."""

from __future__ import annotations

import io
import json

import pytest

from fazhi.analyzer import analyze_text, cli, indicators
from fazhi.analyzer.compare import compare, metric_values, write_tsv
from fazhi.analyzer.indicators import RULES

TITLE = "青山县2024年度法治政府建设情况报告\n"
HEAD = (
    "　　2024年，青山县坚持以习近平法治思想为指导，扎实推进法治政府建设，依法行政水平不断提升，"
    "法治建设取得新成效，现将有关情况报告如下：\n"
    "　　一、主要举措和成效\n"
)
TAIL = "\n　　二、存在的不足和原因\n　　基层法治力量仍显薄弱，运用法治方式解决问题的能力有待提高。\n"
PLAN = "　　三、2025年工作安排\n　　{}\n"


def _report(sentence: str, *, plan: str = "", head: str = "") -> str:
    return TITLE + head + HEAD + "　　" + sentence + TAIL + (PLAN.format(plan) if plan else "")


def _explained(text: str) -> list[dict]:
    result = analyze_text(text, source="sample.txt", explain=True)
    assert not result["errors"], result["errors"]
    return result["explanations"]


def rule_of(sentence: str, figure: str, **where) -> str:
    """Return the rule ``--explain`` gives the number printed as ``figure`` in ``sentence`` (or in the plan)."""
    text = _report(sentence if not where.get("plan") else "召开会议研究法治工作。", **where)
    part = where.get("plan") or where.get("head") or sentence
    lo = text.index(part)
    hi = lo + len(part)
    found = [e for e in _explained(text) if lo <= e["start"] < hi and e["printed"] == figure]
    assert found, f"{figure} not explained in {part}"
    return found[0]["rule"]


# rule: (positive sentence, its figure), (negative sentence, its figure)
CASES = {
    "count": (("全县共受理行政复议申请35件，依法审结。", "35件"), ("全县每年至少受理行政复议申请35件。", "35件")),
    "rate": (("规范性文件备案率达到98%。", "98%"), ("力争规范性文件备案率达到98%。", "98%")),
    "amount": (("全年收缴罚没款120万元。", "120万元"), ("罚款标准为120万元。", "120万元")),
    "streak": (("连续两年获评全省法治政府建设先进县。", "两年"), ("依法行政示范创建开展了3年。", "3年")),
    "rank": (("法治政府建设考核位居全市第三名。", "第三名"), ("召开第三次常务会议研究法治工作。", "三次")),
    "ordinal": (("县政府第14、15次常务会议研究法治工作。", "15次"), ("县政府召开14次常务会议研究法治工作。", "14次")),
    "range": (("共培训3-5个专题。", "5个"), ("共培训5个专题。", "5个")),
    "unit_not_counted": (("建成3级公共法律服务网络。", "3级"), ("建成3个公共法律服务站点。", "3个")),
    "cn_idiom_unit": (("重点整治三类突出问题。", "三类"), ("重点整治3类突出问题。", "3类")),
    "round_brand": (("开展百场法治讲座进基层活动。", "百场"), ("开展法治讲座进基层活动八场。", "八场")),
    "cn_reference": (("每两个月召开一次联席会议。", "两个月"), ("用时两个月完成文件清理。", "两个月")),
    "slogan": (("全面落实行政执法三项制度。", "三项"), ("修订完善执法制度三项。", "三项")),
    "quoted": (("举办“法治讲堂12期”系列活动。", "12期"), ("举办法治讲堂12期。", "12期")),
    "not_a_score": (("法律服务站距县城仅20分车程。", "20分"), ("法治政府建设考核得分95分。", "95分")),
    "idiom_one": (("进一步明确一个责任主体。", "一个"), ("聘请法律顾问一名。", "一名")),
    "target_before": (("每年至少举办法治培训10次。", "10次"), ("全年举办法治培训10次。", "10次")),
    "target_after": (
        ("规范性文件在制发后15个工作日内报送备案。", "15个工作日"),
        ("审批时限平均压缩至15个工作日内。", "15个工作日"),
    ),
    "threshold": (("复议纠错率低于全省规定的15%。", "15%"), ("复议纠错率为15%。", "15%")),
    "date_or_year": (("2024年3月，召开专题会议研究法治工作。", "2024年"), ("全年召开专题会议3次。", "3次")),
    "document_number": (("印发考核办法（青政发〔2024〕12号）。", "12"), ("印发考核办法12件。", "12件")),
    "age": (("全县55岁以上的干部参加了培训。", "55"), ("全县55名干部参加了培训。", "55名")),
    "list_number": (("1.健全工作机制，召开会议3次。", "1"), ("健全工作机制，召开会议1次。", "1次")),
    "no_unit": (("开通12345热线受理群众诉求。", "12345"), ("热线受理群众诉求356件。", "356件")),
}


def test_every_rule_has_a_case_and_two_descriptions():
    assert set(CASES) | {"unparsable", "next_year_plan", "not_body"} == set(RULES)
    for code, (accepted, english, chinese) in RULES.items():
        assert isinstance(accepted, bool) and english and chinese, code
        assert code in indicators.rule_table()


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_positive(code):
    sentence, figure = CASES[code][0]
    assert rule_of(sentence, figure) == code


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_negative(code):
    sentence, figure = CASES[code][1]
    assert rule_of(sentence, figure) != code


def test_accepted_rules_and_indicators_agree():
    # What --explain accepts is exactly what the analysis lists, and the other way round.
    for code, cases in CASES.items():
        for sentence, _figure in cases:
            text = _report(sentence)
            lo, hi = text.index(sentence), text.index(sentence) + len(sentence)
            taken = {(i["start"], i["value"]) for i in analyze_text(text)["indicators"] if lo <= i["start"] < hi}
            accepted = [e for e in _explained(text) if lo <= e["start"] < hi and e["accepted"]]
            assert len(accepted) == len({start for start, _ in taken}), (code, sentence)
            assert {e["value"] for e in accepted} == {value for _, value in taken}, (code, sentence)


def test_ordinals_of_a_meeting_term():
    sentence = "深入学习党的十九届四中全会精神。"
    assert rule_of(sentence, "十九届") == "ordinal"
    assert rule_of(sentence, "四") == "ordinal"


def test_round_chinese_figure_of_a_policy_name():
    assert rule_of("出台优化营商环境二十条。", "二十条") == "round_brand"
    assert rule_of("出台优化营商环境措施5条。", "5条") == "count"


def test_unparsable(monkeypatch):
    def refuse(raw):
        raise ValueError(raw)

    monkeypatch.setattr(indicators, "_parse", refuse)
    assert rule_of("举办法治讲座八场。", "八场") == "unparsable"
    monkeypatch.undo()
    assert rule_of("举办法治讲座八场。", "八场") == "count"


def test_next_year_plan():
    assert rule_of("", "10次", plan="组织法治培训10次。") == "next_year_plan"
    assert rule_of("组织法治培训10次。", "10次") == "count"


def test_not_body():
    head = "浏览次数：356\n"
    assert rule_of("召开会议研究法治工作。", "356", head=head) == "not_body"
    assert rule_of("接待来访群众356人次。", "356人次") == "count"


def test_mapping_evidence_of_accepted_figures():
    text = _report("全县共受理行政复议申请35件，审结30件。")
    by_printed = {e["printed"]: e for e in _explained(text)}
    assert by_printed["35件"]["metric"] == "reconsideration_received"
    assert by_printed["35件"]["counted"] == "受理行政复议申请"
    assert by_printed["30件"]["metric"] == "reconsideration_decided"
    assert by_printed["30件"]["description_zh"] == RULES["count"][2]


def test_explain_is_off_by_default():
    assert "explanations" not in analyze_text(_report("全年举办法治培训10次。"))


# Derived rates -------------------------------------------------------------------------------------------------


def _derived(sentence: str) -> list[dict]:
    return analyze_text(_report(sentence))["derived"]


def test_rate_derived_from_its_two_counts():
    text = _report("全县共受理行政复议申请45件，审结40件，其中纠错5件。")
    result = analyze_text(text)
    (rate,) = result["derived"]
    assert rate["metric"] == "reconsideration_correction_rate"
    assert rate["value"] == 12.5 and rate["unit"] == "%" and rate["derived"] is True
    assert text[rate["numerator"]["start"] : rate["numerator"]["end"]] == rate["numerator"]["quote"]
    assert (rate["numerator"]["value"], rate["denominator"]["value"]) == (5, 40)
    # Kept apart from the figures the report states (which the scorer reads).
    assert all(i.get("metric") != "reconsideration_correction_rate" for i in result["indicators"])


def test_no_rate_without_both_counts():
    assert _derived("全县共受理行政复议申请45件，其中纠错5件。") == []
    assert _derived("全县共受理行政复议申请45件，审结40件。") == []


def test_stated_rate_wins():
    assert _derived("全县共受理行政复议申请45件，审结40件，其中纠错5件，纠错率12%。") == []


def test_counts_in_other_paragraphs_give_no_rate():
    assert _derived("全县共受理行政复议申请45件，审结40件。\n　　全年纠错5件。") == []


def test_compare_uses_a_derived_rate_marked():
    result = analyze_text(_report("全县共受理行政复议申请45件，审结40件，其中纠错5件。"), source="a.txt")
    derived: set[str] = set()
    assert metric_values(result, derived=derived)["reconsideration_correction_rate"] == 12.5
    assert derived == {"reconsideration_correction_rate"}
    table = compare([result])
    assert table.rows[0].derived == {"reconsideration_correction_rate"}
    out = io.StringIO()
    write_tsv(table, out)
    assert "12.5*" in out.getvalue()
    stated = analyze_text(_report("全县共受理行政复议申请45件，审结40件，其中纠错5件，纠错率12%。"), source="b.txt")
    assert compare([stated]).rows[0].derived == set()


# The command line --------------------------------------------------------------------------------------------


def test_cli_explain_text(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(
        _report("全县共受理行政复议申请45件，审结40件，其中纠错5件。每年至少举办培训10次。"), encoding="utf-8"
    )
    assert cli.main(["--explain", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(f"== {path}")
    taken = next(line for line in lines if "\t45件\t" in line)
    assert "ACCEPTED" in taken and "count" in taken and "reconsideration_received" in taken
    assert "counted: 受理行政复议申请" in taken
    assert taken.split("\t")[0] == "4:14"  # line:column, from 1
    refused = next(line for line in lines if "\t10次\t" in line)
    assert "REJECTED" in refused and "target_before" in refused and "目标或要求" in refused
    derived = next(line for line in lines if line.startswith("DERIVED"))
    assert "reconsideration_correction_rate" in derived and "12.5%" in derived and "4:" in derived


def test_cli_explain_jsonl(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(_report("全县共受理行政复议申请45件，审结40件，其中纠错5件。"), encoding="utf-8")
    assert cli.main(["--explain", "--format", "jsonl", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    numbers = [r for r in rows if not r.get("derived")]
    by_printed = {r["printed"]: r for r in numbers}
    assert by_printed["45件"]["accepted"] is True and by_printed["45件"]["rule"] == "count"
    assert by_printed["45件"]["metric"] == "reconsideration_received"
    assert {"source", "line", "column", "context", "description", "description_zh"} <= set(by_printed["45件"])
    assert by_printed["2024"]["rule"] == "date_or_year" and by_printed["2024"]["accepted"] is False
    (rate,) = [r for r in rows if r.get("derived")]
    assert rate["metric"] == "reconsideration_correction_rate" and rate["value"] == 12.5


def test_cli_explain_refuses_other_formats(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(_report("全年举办法治培训10次。"), encoding="utf-8")
    assert cli.main(["--explain", "--format", "csv", str(path)]) == 2
    assert cli.main(["--explain", "--compare", str(path)]) == 2


def test_cli_help_lists_the_rules():
    text = cli.build_parser().format_help()
    assert "--explain" in text
    for code in RULES:
        assert code in text


def test_days_periods_and_formulas_named_by_their_kind():
    assert rule_of("开展“12·4”国家宪法日宣传活动。", "4") == "date_or_year"
    assert rule_of("落实法治建设规划（2021—2025年）要求。", "2025年") == "date_or_year"
    assert rule_of("推行“3+1”调解工作法。", "3") == "range"
    assert rule_of("推行“18证合一”改革。", "18") == "slogan"
