"""A chart says in words what it shows and carries its figures as a table (WCAG 1.1.1, GB/T 37668 5.1.1)."""

from decimal import Decimal
from xml.etree import ElementTree

from fazhi.reports.export.charts import draw, main_metrics, township_data, year_on_year_data
from fazhi.reports.figures import MetricInfo


def _info(code, label, unit, topic, rate=False):
    return MetricInfo(code=code, label=label, unit=unit, topic=topic, sentence="", is_rate=rate)


SVG = "{http://www.w3.org/2000/svg}"
INFOS = {
    "a": _info("a", "受理调解申请", "件", "mediation"),
    "b": _info("b", "组织学法活动", "次", "education"),
    "c": _info("c", "办结率", "%", "mediation", rate=True),
    "d": _info("d", "公开信息", "条", "disclosure"),
}


def test_the_year_on_year_chart_names_every_figure_and_its_direction():
    current = {"a": Decimal(40), "b": Decimal(6), "c": Decimal("98.5"), "d": Decimal(12)}
    previous = {"a": Decimal(31), "b": Decimal(9), "c": Decimal(97), "d": Decimal(12)}
    metrics = main_metrics(INFOS, current, previous)
    assert [m.code for m in metrics] == ["a", "b", "d"]  # a rate is not drawn as a bar
    data = year_on_year_data(2025, metrics, current, previous)
    assert data.columns == ("指标", "2024年", "2025年")
    assert data.rows == (("受理调解申请（件）", "31", "40"), ("组织学法活动（次）", "9", "6"), ("公开信息（条）", "12", "12"))
    assert "2025年与2024年" in data.description
    assert "受理调解申请由31件增至40件" in data.description
    assert "组织学法活动由9次降至6次" in data.description
    assert "公开信息与上年持平，均为12条" in data.description
    assert year_on_year_data(2025, [], current, previous) is None


def test_the_township_chart_lists_townships_largest_first_and_names_the_ends():
    rows = [("东城街道", Decimal(30)), ("南山镇", Decimal("7.5")), ("西河乡", Decimal(2))]
    data = township_data(2, INFOS["a"], rows)
    assert data.caption == "图2 各乡镇（街道）受理调解申请（件）"
    assert data.rows == (("东城街道", "30"), ("南山镇", "7.5"), ("西河乡", "2"))
    assert "东城街道30，南山镇7.5，西河乡2" in data.description
    assert "最多的是东城街道，最少的是西河乡" in data.description
    assert township_data(2, INFOS["a"], rows[:1]) is None  # one township is no comparison


def _bars(svg: str) -> list[tuple[float, float]]:
    """Each bar of a drawing as (width, height)."""
    root = ElementTree.fromstring(svg)
    return [(float(r.get("width")), float(r.get("height"))) for r in root.iter(f"{SVG}rect")]


def test_the_drawing_is_well_formed_svg_whatever_a_name_holds_and_its_bars_are_to_scale():
    rows = [("东城<街道>&", Decimal(30)), ('南山"镇', Decimal(15)), ("西河乡", Decimal(0))]
    chart = draw(township_data(2, INFOS["a"], rows))
    root = ElementTree.fromstring(chart.svg)  # a name is text, never markup
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["东城<街道>&", "30", '南山"镇', "15", "西河乡", "0"]
    assert root.find(f"{SVG}title").text == chart.description  # the text alternative a screen reader reads
    widths = [w for w, _ in _bars(chart.svg)]
    assert abs(widths[0] - 2 * widths[1]) < 0.2 and widths[2] == 0  # the largest on top; lengths in proportion


def test_the_year_on_year_panels_draw_last_year_beside_this_year_each_to_its_own_scale():
    current = {"a": Decimal(40), "b": Decimal(6000), "d": Decimal(0)}
    previous = {"a": Decimal(20), "b": Decimal(3000), "d": Decimal(0)}
    chart = draw(year_on_year_data(2025, main_metrics(INFOS, current, previous), current, previous))
    heights = [h for _, h in _bars(chart.svg)]
    assert heights[0:2] == heights[2:4] and abs(heights[0] * 2 - heights[1]) < 0.2  # 20→40 as 3000→6000
    assert heights[4:] == [0, 0]  # nothing to draw, and no division by zero
    assert chart.printed_svg().count('width="150mm"') == 1  # sized for paper, drawn in its own units
