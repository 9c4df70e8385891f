from fazhi.analyzer import analyze_text
from fazhi.analyzer.tests.samples import REPORT, UNHEADED


def _figures(text):
    return analyze_text(text, source="sample.txt")["indicators"]


def test_figures_with_absolute_values_units_and_offsets():
    figs = _figures(REPORT)
    got = {(f["value"], f["unit"]) for f in figs}
    for expected in [
        (125000, "件"),
        (99.6, "%"),
        (23, "项"),
        (46, "件"),
        (41, "件"),
        (2100, "件"),
        (36000, "人次"),
    ]:
        assert expected in got
    for f in figs:
        assert REPORT[f["start"] : f["end"]] == f["quote"]


def test_chinese_numerals_and_percent_in_words():
    values = {(f["value"], f["unit"], f["quote"]) for f in _figures(REPORT)}
    assert (2, "期", "举办两期领导干部法治培训班") in values
    assert (3, "次", "召开听证会三次") in values
    assert (98, "%", "调解成功率百分之九十八") in values


def test_approximate_markers():
    figs = {f["value"]: f for f in _figures(REPORT)}
    assert figs[2100]["approx"] and figs[36000]["approx"] and figs[60]["approx"]
    assert not figs[46]["approx"]


def test_before_and_after_values_share_a_quote():
    figs = [f for f in _figures(REPORT) if f["quote"] == "纠错率由12%下降至8.5%"]
    assert sorted(f["value"] for f in figs) == [8.5, 12]


def test_ranking_counts():
    assert any(f["value"] == 2 and "第二名" in f["quote"] for f in _figures(REPORT))


def test_non_results_do_not_count():
    quotes = " ".join(f["quote"] for f in _figures(REPORT))
    values = [f["value"] for f in _figures(REPORT)]
    assert 15 not in values  # 15日内报送备案: a rule
    assert 10 not in values  # 不少于10次: next year's target
    assert 18 in values and values.count(18) == 2
    assert "第18次" not in quotes  # an ordinal naming a meeting
    assert "每年至少" not in quotes  # a standing rule
    assert "三项制度" not in quotes  # a slogan
    assert 2024 not in values and 2025 not in values  # years and dates


def test_shared_figure_for_listed_rates():
    text = UNHEADED.replace("评查合格率96%", "备案率、审查率均为100%")
    figs = [f for f in _figures(text) if f["value"] == 100]
    assert len(figs) == 2


def test_next_year_paragraph_figures_are_targets():
    assert all(f["value"] != 10 for f in _figures(UNHEADED))


def test_quoted_slogans_and_brand_numbers():
    text = UNHEADED.replace(
        "抽查案卷320卷", "推行“31证合一”改革，打造30分钟公共法律服务圈，开展百场讲座，抽查案卷320卷"
    )
    values = [f["value"] for f in _figures(text)]
    assert 31 not in values and 30 not in values and 100 not in values
    assert 320 in values
