"""The composer: outline of the five contents, generated text with figures, staleness and its repair."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from fazhi.audit.actions import history_for
from fazhi.metrics.models import Topic
from fazhi.reports import compose
from fazhi.reports.figures import change_phrase, plain_number, rate_number
from fazhi.reports.models import Part, Report
from fazhi.reports.tests.fixtures_compose import (  # noqa: F401
    YEAR,
    composed_fixture,
    county_report_fixture,
    make_report,
)

pytestmark = pytest.mark.django_db



def test_outline_has_the_five_contents_in_order_and_a_section_per_topic_with_figures(composed):
    sections = list(composed.report.sections.all())
    leads = [s for s in sections if s.order == 0]
    assert [s.part for s in leads] == [1, 2, 3, 4, 5]
    assert [s.title for s in leads] == [
        "一、2025年推进法治政府建设的主要举措和成效", "二、存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2026年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    topics = [s.topic for s in sections if s.topic]
    assert topics == sorted(topics, key=Topic.values.index)
    # Topics with figures only: nothing was collected on decisions or digital government.
    assert {"normative", "enforcement", "supervision", "disputes", "education"} <= set(topics)
    assert "decisions" not in topics and "digital" not in topics
    assert all(s.part == Part.MEASURES for s in sections if s.topic)
    numbered = [s.title for s in sections if s.topic]
    assert numbered[0].startswith("（一）") and numbered[1].startswith("（二）")
    assert all(s.written_at is not None and s.updated_by == composed.world.office for s in sections)


def test_topic_text_states_rolled_up_figures_with_the_change_on_last_year(composed):
    disputes = composed.report.sections.get(topic="disputes")
    # 20 + 15 applications (32 the year before), 19 + 14 decided, 3 + 1 corrected: 4 / 33 = 12.1%.
    assert "全年受理行政复议申请35件，同比增长9.4%；审结33件，纠错4件，纠错率12.1%" in disputes.text
    assert "调解矛盾纠纷125件" in disputes.text  # two townships: 80 + 45
    assert disputes.generated_text == disputes.text
    by_code = {f["metric"]: f for f in disputes.figures}
    assert by_code["reconsideration_received"] == {
        "metric": "reconsideration_received", "value": "35", "display": "35件", "label": "行政复议申请",
        "unit": "件", "previous": "32", "change": "同比增长9.4%",
    }
    assert by_code["reconsideration_correction_rate"]["value"] == "12.12"
    assert by_code["reconsideration_correction_rate"]["display"] == "12.1%"
    assert composed.report.sections.get(topic="disputes").title == "（四）依法有效化解社会矛盾纠纷，发挥行政复议主渠道作用"


def test_parts_two_to_five_start_from_drafts(composed):
    report = composed.report
    text = {s.part: s.text for s in report.sections.filter(order=0)}
    assert text[Part.SHORTCOMINGS].startswith(compose.DRAFT_MARK)
    assert text[Part.NEXT_YEAR].startswith(compose.DRAFT_MARK)
    assert "2026年" in text[Part.NEXT_YEAR]
    # 第一责任人: the county's own leadership figures (学法 6, not 6 + 司法局 4 + 城关镇 2; 常务会议 5; 述法 3),
    # not repeated in part 1.
    first = report.sections.get(part=Part.FIRST_RESPONSIBLE)
    assert "县政府主要负责人认真履行推进法治建设第一责任人职责" in first.text
    assert "理论学习中心组开展学法6次，同比增长50%" in first.text
    assert "研究法治政府建设工作5次" in first.text and "3名党政主要负责人开展年终述法" in first.text
    assert compose.DRAFT_MARK not in first.text
    assert not report.sections.filter(topic="leadership", figures__icontains="leaders_shufa").exists()
    assert text[Part.OTHER]


def test_outline_is_built_once(composed):
    with translation.override("en"), pytest.raises(ValueError, match="already has sections"):
        compose.build_sections(composed.report, by=composed.world.office)


def test_a_department_states_its_own_figures(county_report):
    report = make_report(county_report.world.agency("sfx-scj"), body_kind=Report.BodyKind.DEPARTMENT)
    compose.build_sections(report, by=county_report.world.owner)
    disputes = report.sections.get(topic="disputes")
    assert "受理行政复议申请15件，同比增长7.1%；审结14件，纠错1件，纠错率7.1%" in disputes.text
    assert "调解矛盾纠纷" not in disputes.text  # the townships' figures are not the bureau's
    assert "我局" in report.sections.get(part=Part.MEASURES, order=0).text
    assert "本单位主要负责人" in report.sections.get(part=Part.FIRST_RESPONSIBLE).text


def test_fresh_figures_are_neither_stale_nor_missing(composed):
    disputes = composed.report.sections.get(topic="disputes")
    states = compose.figure_states(disputes)
    assert [s.metric for s in states] == [f["metric"] for f in disputes.figures]
    assert not any(s.stale for s in states)
    assert all(s.found for s in states)
    received = states[0]
    assert (received.label, received.written, received.current) == ("行政复议申请", "35件", "35件")
    assert compose.stale_sections(composed.report) == []


def test_a_changed_value_marks_the_figure_stale(composed):
    value = composed.value("sfx-sfj", "reconsideration_received")
    value.value = Decimal(25)
    value.save()
    disputes = composed.report.sections.get(topic="disputes")
    states = {s.metric: s for s in compose.figure_states(disputes)}
    assert states["reconsideration_received"].stale
    assert states["reconsideration_received"].current == "40件"
    assert not states["reconsideration_decided"].stale
    assert compose.stale_sections(composed.report) == [disputes]


def test_update_figures_replaces_stale_numbers_in_the_edited_text(composed):
    office = composed.world.office
    disputes = composed.report.sections.get(topic="disputes")
    disputes.text = "我县坚持把非诉讼纠纷解决机制挺在前面。\n" + disputes.text.replace("全年受理", "全年共受理")
    disputes.save()
    for agency, metric, value in [("sfx-sfj", "reconsideration_received", 25), ("sfx-scj", "reconsideration_corrected", 2)]:
        row = composed.value(agency, metric)
        row.value = Decimal(value)
        row.save()

    compose.update_figures(disputes, by=office)

    disputes.refresh_from_db()
    assert disputes.text.startswith("我县坚持把非诉讼纠纷解决机制挺在前面。\n")
    # 40 applications (32 the year before: +25%); 5 corrected of 33 decided: 15.2%.
    assert "全年共受理行政复议申请40件，同比增长25%；审结33件，纠错5件，纠错率15.2%" in disputes.text
    assert "35件" not in disputes.text
    assert not any(s.stale for s in compose.figure_states(disputes))
    entry = history_for(composed.report).last()
    assert entry.action == "change" and entry.actor == office
    assert any("35件" in str(change[0]) and "40件" in str(change[1]) for change in entry.changes.values())


def test_a_figure_is_found_only_as_a_whole_number():
    figures = [{"metric": "a", "display": "4件"}, {"metric": "b", "display": "12.1%"}]
    text = "审结14件，纠错4件，纠错率12.1%。"
    spans = compose.locate(text, figures)
    assert [(text[s:e], i) for s, e, i in spans] == [("4件", 0), ("12.1%", 1)]
    assert text[spans[0][0] - 1] == "错"


def test_render_section_html_links_figures_and_escapes_the_rest(composed, monkeypatch):
    monkeypatch.setattr(compose, "reverse", lambda name, args: f"/collection/{'/'.join(map(str, args))}/")
    disputes = composed.report.sections.get(topic="disputes")
    disputes.text = "<script>alert(1)</script>\n" + disputes.text
    disputes.save()
    row = composed.value("sfx-scj", "reconsideration_received")
    row.value = Decimal(16)
    row.save()

    html = str(compose.render_section_html(disputes))

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.startswith("<p>") and html.count("<p>") == 2
    assert (
        '<a class="figure stale" href="/collection/2025/990102/reconsideration_received/" '
        'data-metric="reconsideration_received"' in html
    )
    assert "36件" in html  # the new value, in the stale figure's title
    assert 'class="figure" href="/collection/2025/990102/reconsideration_decided/"' in html


def test_figure_url_links_the_drill_down_or_nothing(composed, monkeypatch):
    from django.urls import NoReverseMatch

    calls = []

    def fake_reverse(name, args):
        calls.append((name, args))
        return "/drill/"

    monkeypatch.setattr(compose, "reverse", fake_reverse)
    assert compose.figure_url(composed.report, "reconsideration_received") == "/drill/"
    assert calls == [("collection:contributions", [YEAR, "990102", "reconsideration_received"])]

    def missing(name, args):
        raise NoReverseMatch(name)

    monkeypatch.setattr(compose, "reverse", missing)
    assert compose.figure_url(composed.report, "reconsideration_received") == ""


def test_regenerate_section_writes_afresh_and_is_audited(composed):
    office = composed.world.office
    disputes = composed.report.sections.get(topic="disputes")
    disputes.text = "草稿"
    disputes.save()
    row = composed.value("sfx-t01", "disputes_mediated")
    row.value = Decimal(100)
    row.save()

    compose.regenerate_section(disputes, by=office)

    disputes.refresh_from_db()
    assert "调解矛盾纠纷145件" in disputes.text and disputes.text == disputes.generated_text
    assert {f["metric"]: f["value"] for f in disputes.figures}["disputes_mediated"] == "145"
    entry = history_for(composed.report).last()
    assert entry.action == "change" and any(change[0] == "草稿" for change in entry.changes.values())


@pytest.mark.parametrize(("value", "printed"), [
    (Decimal("35.00"), "35"), (Decimal("1.50"), "1.5"), (Decimal("12000"), "12000"), (Decimal("0"), "0"),
])
def test_plain_number(value, printed):
    assert plain_number(value) == printed


def test_rates_and_changes_read_as_official_text(catalog):
    from fazhi.reports.figures import MetricInfo

    rate = MetricInfo.of(catalog["reconsideration_correction_rate"])
    count = MetricInfo.of(catalog["reconsideration_received"])
    assert rate_number(Decimal("12.12")) == "12.1" and rate_number(Decimal("100.00")) == "100"
    assert change_phrase(count, Decimal(35), Decimal(32)) == "同比增长9.4%"
    assert change_phrase(count, Decimal(30), Decimal(40)) == "同比下降25%"
    assert change_phrase(count, Decimal(30), Decimal(30)) == "与上年持平"
    assert change_phrase(count, Decimal(30), Decimal(0)) == ""
    assert change_phrase(rate, Decimal("12.12"), Decimal("13.33")) == "较上年降低1.2个百分点"
    assert rate.display(Decimal("12.12")) == "12.1%"


def test_the_change_is_stated_where_a_reader_looks_for_it():
    """First figure of each sentence, every rate, and big changes; not after every number."""
    from fazhi.reports.figures import MetricInfo, write_figures

    def count(code, label, order):
        return MetricInfo(code=code, label=label, unit="件", topic="t", sentence=f"{label}{{value}}{{unit}}",
                          is_rate=False, order=order)

    infos = [count(f"m{n}", f"事项{n}", n) for n in range(1, 7)]
    current = {"m1": 110, "m2": 120, "m3": 200, "m4": 90, "m5": 55, "m6": 10}
    previous = {"m1": 100, "m2": 100, "m3": 100, "m4": 100, "m5": 50, "m6": 20}
    text, figures = write_figures(infos, current, previous)
    assert text == ("全年事项1110件，同比增长10%；事项2120件；事项3200件，同比增长100%；事项490件。"
                    "事项555件，同比增长10%；事项610件，同比下降50%。")
    # Last year's value is kept for every figure, written or not.
    assert [f["previous"] for f in figures] == ["100", "100", "100", "100", "50", "20"]
