"""The composer: outline of the five contents, generated text with figures, staleness and its repair."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from fazhi.audit.actions import history_for
from fazhi.metrics.models import Topic
from fazhi.reports import compose, prose
from fazhi.reports.figures import change_phrase, plain_number, rate_number
from fazhi.reports.models import Part, Report
from fazhi.reports.tests.fixtures_compose import (  # noqa: F401
    YEAR,
    composed_fixture,
    county_report_fixture,
    make_report,
    make_submissions,
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


def test_topic_text_states_rolled_up_figures_point_by_point(composed):
    disputes = composed.report.sections.get(topic="disputes")
    text = disputes.text
    # Three points (复议, 应诉, 调解), each a measure and its lead figure: 20 + 15 applications, 6 + 4 suits,
    # 80 + 45 mediated.
    assert (text.index("一是") < text.index("受理行政复议申请35件") < text.index("二是")
            < text.index("办理行政应诉案件10件") < text.index("三是") < text.index("调解矛盾纠纷125件"))
    # The change is said where it is news: 125 on 110 (+13.6%), not 35 on 32 (+9.4%).
    assert "9.4%" not in text
    assert any(form.format(p="13.6", d="15", u="件") in text for form in prose.RISE)
    assert disputes.generated_text == text
    by_code = {f["metric"]: f for f in disputes.figures}
    assert by_code["reconsideration_received"] == {
        "metric": "reconsideration_received", "value": "35", "display": "35件", "label": "行政复议申请",
        "unit": "件", "previous": "32", "change": "",
    }
    assert by_code["disputes_mediated"]["change"] in text and by_code["disputes_mediated"]["previous"] == "110"
    assert composed.report.sections.get(topic="disputes").title == "（四）依法有效化解社会矛盾纠纷，发挥行政复议主渠道作用"


def test_the_office_chooses_the_figures_a_topic_cites(composed):
    report = composed.report
    report.cited = ["reconsideration_decided", "reconsideration_corrected", "reconsideration_correction_rate"]
    report.save()
    disputes = report.sections.get(topic="disputes")
    compose.regenerate_section(disputes, by=composed.world.office)
    disputes.refresh_from_db()
    # 19 + 14 decided, 3 + 1 corrected: 4 / 33 = 12.1%, the rate after the counts it is made of.
    assert disputes.text.index("审结33件") < disputes.text.index("纠错4件，纠错率12.1%")
    assert "35件" not in disputes.text and "调解矛盾纠纷" not in disputes.text
    assert [f["metric"] for f in disputes.figures] == report.cited
    assert disputes.figures[2]["value"] == "12.12" and disputes.figures[2]["display"] == "12.1%"


def test_parts_two_to_five_start_from_drafts(composed):
    report = composed.report
    text = {s.part: s.text for s in report.sections.filter(order=0)}
    # Nothing in the data or the bodies' material names a shortcoming: the director is asked for one.
    assert text[Part.SHORTCOMINGS].startswith(compose.DRAFT_MARK)
    assert text[Part.NEXT_YEAR].startswith("2026年，我县")
    assert "一是" in text[Part.NEXT_YEAR] and "三是" in text[Part.NEXT_YEAR]
    # 第一责任人: the county government's own records only (学法 6, not 6 + 司法局 4 + 城关镇 2; 常务会议 5;
    # the 司法局's 述法 is not the county's), not repeated in part 1.
    first = report.sections.get(part=Part.FIRST_RESPONSIBLE)
    assert "县政府主要负责人认真履行推进法治建设第一责任人职责" in first.text
    assert "理论学习中心组开展学法6次" in first.text and "研究法治政府建设工作5次" in first.text
    assert "述法" not in first.text
    assert all(f["own"] for f in first.figures)
    assert compose.DRAFT_MARK not in first.text
    assert not report.sections.filter(part=Part.MEASURES, figures__icontains="leadership_study_sessions").exists()
    assert text[Part.OTHER]


def test_parts_two_and_four_draw_on_bad_news_and_the_bodies_material(world, catalog):
    """A good figure that fell is a shortcoming with a cause and next year's remedy; the bodies' problems and
    plans follow, a plan that repeats a remedy is taken once; a body's practice is attributed to it."""
    from fazhi.collection.models import Narrative, Submission

    values = {
        YEAR: {"sfx-sfj": {"litigation_cases": 10, "litigation_leader_appearances": 6},
               "sfx-scj": {"enforcement_cases": 50}},
        YEAR - 1: {"sfx-sfj": {"litigation_cases": 10, "litigation_leader_appearances": 10},
                   "sfx-scj": {"enforcement_cases": 48}},
    }
    make_submissions(world, catalog, values)
    scj = Submission.objects.get(agency__code="sfx-scj", year=YEAR)
    sfj = Submission.objects.get(agency__code="sfx-sfj", year=YEAR)
    Narrative.objects.create(submission=scj, kind="problem", text="执法车辆和装备配备不足，难以满足夜间检查需要。")
    Narrative.objects.create(submission=sfj, kind="plan", text="2026年将推进精准普法，用好以案释法。")
    Narrative.objects.create(submission=scj, kind="plan", text="明年我局将建成食品安全快检实验室。")
    Narrative.objects.create(submission=scj, kind="practice", topic="enforcement",
                             text="推行包容审慎监管，对轻微违法行为依法不予处罚。")
    report = make_report(world.agency("sfx-gov"))
    compose.build_sections(report, by=world.office)

    shortcomings = report.sections.get(part=Part.SHORTCOMINGS).text
    assert compose.DRAFT_MARK not in shortcomings
    assert "负责人出庭应诉率为60%，较上年降低40个百分点" in shortcomings and "主要原因是" in shortcomings
    assert "执法车辆和装备配备不足" in shortcomings
    plans = report.sections.get(part=Part.NEXT_YEAR).text
    assert plans.count("精准普法") == 1 and "建成食品安全快检实验室" in plans
    assert plans.startswith("2026年") and "三是" in plans and "六是" not in plans
    enforcement = report.sections.get(topic="enforcement").text
    assert "县市场监管局推行包容审慎监管" in enforcement and "办理行政执法案件50件" in enforcement
    # 60% on 100% is bad news: never stated as a result in part one.
    disputes = report.sections.get(topic="disputes").text
    assert "降低" not in disputes and "下降" not in disputes


def test_outline_is_built_once(composed):
    with translation.override("en"), pytest.raises(ValueError, match="already has sections"):
        compose.build_sections(composed.report, by=composed.world.office)


def test_a_department_states_its_own_figures(county_report):
    report = make_report(county_report.world.agency("sfx-scj"), body_kind=Report.BodyKind.DEPARTMENT)
    compose.build_sections(report, by=county_report.world.owner)
    disputes = report.sections.get(topic="disputes")
    assert "受理行政复议申请15件，审结14件" in disputes.text and "办理行政应诉案件4件" in disputes.text
    assert "调解矛盾纠纷" not in disputes.text  # the townships' figures are not the bureau's
    assert "我局" in report.sections.get(part=Part.MEASURES, order=0).text
    first = report.sections.get(part=Part.FIRST_RESPONSIBLE).text
    # The bureau's own leader in court (3 of its 4 suits), not the county's 9; no 常务会议 of a department.
    assert "本单位主要负责人" in first and "行政机关负责人出庭应诉3件" in first
    assert "常务会议" not in first and "一是" not in first


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
    assert not states["litigation_cases"].stale
    assert compose.stale_sections(composed.report) == [disputes]


def test_update_figures_replaces_stale_numbers_in_the_edited_text(composed):
    office = composed.world.office
    disputes = composed.report.sections.get(topic="disputes")
    mediated = next(f for f in disputes.figures if f["metric"] == "disputes_mediated")
    assert mediated["change"]  # 125 on 110: said
    disputes.text = "我县坚持把非诉讼纠纷解决机制挺在前面。\n" + disputes.text.replace("受理行政复议", "共受理行政复议")
    disputes.save()
    for agency, metric, value in [("sfx-sfj", "reconsideration_received", 25), ("sfx-t01", "disputes_mediated", 60)]:
        row = composed.value(agency, metric)
        row.value = Decimal(value)
        row.save()

    compose.update_figures(disputes, by=office)

    disputes.refresh_from_db()
    assert disputes.text.startswith("我县坚持把非诉讼纠纷解决机制挺在前面。\n")
    # 40 applications; 105 mediated is a fall on 110: no longer said as a result, its change goes with its comma.
    assert "共受理行政复议申请40件" in disputes.text and "35件" not in disputes.text
    assert "调解矛盾纠纷105件。" in disputes.text and mediated["change"] not in disputes.text
    assert not any(s.stale for s in compose.figure_states(disputes))
    assert next(f for f in disputes.figures if f["metric"] == "disputes_mediated")["change"] == ""
    entry = history_for(composed.report).last()
    assert entry.action == "change" and entry.actor == office
    assert any("35件" in str(change[0]) and "40件" in str(change[1]) for change in entry.changes.values())


def test_an_updated_change_keeps_its_words():
    from fazhi.reports.figures import MetricInfo

    count = MetricInfo(code="m", label="调解", unit="件", topic="disputes", sentence="调解{value}{unit}", is_rate=False,
                       order=1)
    assert prose.restate_change(count, 140, 100, "比上年增加25件") == "比上年增加40件"
    assert prose.restate_change(count, 140, 100, "同比增长25%") == "同比增长40%"
    assert prose.restate_change(count, 104, 100, "同比增长25%") == ""  # too small to say
    assert prose.restate_change(count, 90, 100, "同比增长25%") == ""  # bad news
    assert prose.restate_change(count, 140, 100, "") == ""  # never said


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
    assert 'class="figure" href="/collection/2025/990102/litigation_cases/"' in html


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


def test_a_clerks_explanation_of_a_worse_figure_is_its_cause_in_part_two(world, catalog):
    from fazhi.collection.models import Explanation, Submission

    make_submissions(world, catalog, {
        YEAR: {"sfx-sfj": {"litigation_cases": 10, "litigation_leader_appearances": 6}},
        YEAR - 1: {"sfx-sfj": {"litigation_cases": 10, "litigation_leader_appearances": 10}},
    })
    sfj = Submission.objects.get(agency__code="sfx-sfj", year=YEAR)
    Explanation.objects.create(submission=sfj, metric=catalog["litigation_leader_appearances"], value=6,
                               last_value=10, text="四起案件开庭时主要负责人在外参加集中培训")
    # An answer given for another figure no longer explains this one.
    Explanation.objects.create(submission=sfj, metric=catalog["litigation_cases"], value=12, last_value=10,
                               text="旧的说明")
    report = make_report(world.agency("sfx-gov"))
    compose.build_sections(report, by=world.office)
    text = report.sections.get(part=Part.SHORTCOMINGS).text
    assert "据县司法局说明，四起案件开庭时主要负责人在外参加集中培训。" in text
    assert "旧的说明" not in text
