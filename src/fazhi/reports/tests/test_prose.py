"""Part one's prose and the drafts of parts two to four, on figures and material written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.reports import parts, prose
from fazhi.reports.figures import MetricInfo, round_count


def _info(code, sentence, *, topic="disputes", unit="件", rate=False, better="", numerator=None, denominator=None,
          label=None, order=0):
    return MetricInfo(code=code, label=label or sentence.split("{")[0], unit=unit, topic=topic, sentence=sentence,
                      is_rate=rate, numerator=numerator, denominator=denominator, order=order, better=better)


DISPUTES = {
    "reconsideration_received": _info("reconsideration_received", "受理行政复议申请{value}{unit}"),
    "reconsideration_decided": _info("reconsideration_decided", "审结{value}{unit}"),
    "reconsideration_corrected": _info("reconsideration_corrected", "纠错{value}{unit}"),
    "reconsideration_correction_rate": _info(
        "reconsideration_correction_rate", "纠错率{value}{unit}", unit="%", rate=True, better="lower",
        numerator="reconsideration_corrected", denominator="reconsideration_decided"),
    "litigation_cases": _info("litigation_cases", "办理行政应诉案件{value}{unit}"),
    "litigation_leader_appearances": _info("litigation_leader_appearances", "负责人出庭应诉{value}{unit}"),
    "litigation_leader_appearance_rate": _info(
        "litigation_leader_appearance_rate", "负责人出庭应诉率{value}{unit}", unit="%", rate=True, better="higher",
        numerator="litigation_leader_appearances", denominator="litigation_cases"),
    "disputes_mediated": _info("disputes_mediated", "调解矛盾纠纷{value}{unit}", better="higher"),
}
CURRENT = {"reconsideration_received": 64, "reconsideration_decided": 60, "reconsideration_corrected": 3,
           "reconsideration_correction_rate": Decimal(5), "litigation_cases": 30, "litigation_leader_appearances": 27,
           "litigation_leader_appearance_rate": Decimal(90), "disputes_mediated": 900}


@pytest.mark.parametrize(("value", "printed"), [
    (9999, "9999"), (10000, "1万"), (82511, "8.2万余"), (120000, "12万"), (186400, "18.6万余"),
])
def test_big_counts_are_printed_as_reports_print_them(value, printed):
    assert round_count(value) == printed


def test_money_in_wan_yuan_stays_exact():
    info = _info("m", "投入经费{value}{unit}", unit="万元")
    assert info.clause(Decimal("12345.6")) == "投入经费12345.6万元"


def test_pick_is_stable_for_a_body_and_varies_between_bodies():
    options = ("甲", "乙", "丙", "丁")
    assert prose.pick(options, "sfx-t01", 2025, "lead") == prose.pick(options, "sfx-t01", 2025, "lead")
    assert len({prose.pick(options, f"sfx-t{n:02}", 2025, "lead") for n in range(1, 13)}) > 1


def test_default_cited_takes_each_points_lead_and_a_rate_with_its_count():
    cited = prose.default_cited("disputes", DISPUTES, CURRENT)
    assert 3 <= len(cited) <= prose.HEADLINES
    assert cited[:3] == ["reconsideration_received", "litigation_cases", "disputes_mediated"]
    for code in cited:
        info = DISPUTES[code]
        if info.is_rate:
            assert info.denominator in cited


def test_a_change_is_said_only_when_it_is_news_and_good():
    written = set()
    mediated, rate = DISPUTES["disputes_mediated"], DISPUTES["reconsideration_correction_rate"]
    assert prose._change(mediated, 900, 800, written, ("s",)) != ""  # +12.5% on 800
    assert prose._change(mediated, 830, 800, set(), ("s",)) == ""  # under 10%
    assert prose._change(mediated, 9, 6, set(), ("s",)) == ""  # a base under 10
    assert prose._change(mediated, 600, 800, set(), ("s",)) == ""  # a fall of good news
    assert prose._change(rate, Decimal(5), Decimal(8), set(), ("s",)).endswith("3个百分点")  # lower is better
    assert prose._change(rate, Decimal(8), Decimal(5), set(), ("s",)) == ""
    # A section never says a change twice in the same words.
    used = set()
    said = [prose._change(mediated, 900 + n, 800, used, ("s", n)) for n in range(4)]
    forms = [next(f.split("{")[0] for f in prose.RISE if s.startswith(f.split("{")[0])) for s in said if s]
    assert len(forms) == len(set(forms)) == len(prose.RISE)


def test_topic_text_states_each_figure_once_in_numbered_points_with_few_changes():
    previous = {"reconsideration_received": 40, "litigation_cases": 20, "disputes_mediated": 700}
    cited = ["reconsideration_received", "reconsideration_decided", "litigation_cases", "disputes_mediated"]
    text, figures = prose.topic_text("disputes", DISPUTES, CURRENT, previous, cited=cited, material=[],
                                     seed=("sfx-gov", 2025), year=2025)
    assert text.index("一是") < text.index("受理行政复议申请64件") < text.index("二是") < text.index("三是")
    assert [f["metric"] for f in figures] == cited
    assert sum(1 for f in figures if f["change"]) <= prose.CHANGES_PER_SECTION
    assert all(f["change"] in text for f in figures if f["change"])
    assert "；" not in text and text.endswith("。")


def test_material_replaces_the_stock_measure_of_its_point_and_is_attributed():
    material = [
        prose.Material("推行“复议+调解”工作法，当场化解行政争议。", "县司法局"),
        prose.Material("建成“和事佬”调解品牌，化解邻里纠纷。", ""),
        prose.Material("开通涉企行政争议绿色通道，为企业解决实际困难。", "县工商联"),
    ]
    text, _figures = prose.topic_text("disputes", DISPUTES, CURRENT, {}, cited=["reconsideration_received"],
                                      material=material, seed=("sfx-gov", 2025), year=2025)
    assert "县司法局推行“复议+调解”工作法" in text
    assert "建成“和事佬”调解品牌" in text and "我县建成" not in text
    # Material that matches no point becomes a point of its own, headed by its first clause.
    assert "开通涉企行政争议绿色通道。为企业解决实际困难。" in text.replace("县工商联", "")
    assert text.count("是") >= 3


def test_nothing_to_say_writes_nothing():
    assert prose.topic_text("disputes", DISPUTES, {}, {}, cited=[], material=[], seed=(), year=2025) == ("", [])


def test_wording_varies_between_bodies_of_the_same_figures():
    texts = {
        prose.topic_text("disputes", DISPUTES, CURRENT, {}, cited=["reconsideration_received"], material=[],
                         seed=(f"sfx-t{n:02}", 2025), year=2025)[0]
        for n in range(1, 9)
    }
    assert len(texts) > 3


def test_weak_figures_are_the_bad_news_only():
    previous = dict(CURRENT, litigation_leader_appearance_rate=Decimal(100), reconsideration_correction_rate=Decimal(2),
                    disputes_mediated=1000, reconsideration_received=30)
    weak = parts.weak_figures(DISPUTES, CURRENT, previous)
    assert list(weak) == ["disputes"] and len(weak["disputes"]) == 3
    facts = "；".join(fact for _code, fact in weak["disputes"])
    assert "负责人出庭应诉率为90%，较上年降低10个百分点" in facts
    assert "纠错率为5%，较上年提高3个百分点" in facts
    assert "调解矛盾纠纷由上年的1000件减少到900件" in facts
    assert "受理行政复议申请" not in facts  # more applications is neither good nor bad news


def test_open_rectification_is_a_shortcoming():
    infos = {"supervision_findings": _info("supervision_findings", "发现问题{value}{unit}", topic="supervision",
                                           unit="个"),
             "supervision_rectified": _info("supervision_rectified", "整改{value}{unit}", topic="supervision",
                                            unit="个")}
    weak = parts.weak_figures(infos, {"supervision_findings": 12, "supervision_rectified": 9}, {})
    assert weak == {"supervision": [("supervision_rectified", "督察发现的12个问题中，尚有3个未完成整改")]}


def test_part_two_names_the_weakness_its_cause_and_the_bodies_problems():
    weak = {"disputes": [("litigation_leader_appearance_rate", "负责人出庭应诉率为90%，较上年降低10个百分点")]}
    problems = [prose.Material("基层执法人员力量不足。", "县城管局")]
    text = parts.shortcomings("我县", weak, problems, ("sfx-gov", 2025))
    assert "我县" in text and text.index("一是") < text.index("主要原因是") < text.index("二是基层执法人员力量不足")
    assert parts.shortcomings("我县", {}, [], ("sfx-gov", 2025)) == ""
    # What the clerk said when asked about the figure is its cause, in place of the usual one.
    said = {"litigation_leader_appearance_rate": [prose.Material("主要负责人参加省里集中培训，两起案件由分管负责人出庭",
                                                                 "县司法局")]}
    text = parts.shortcomings("我县", weak, [], ("sfx-gov", 2025), said)
    assert "较上年降低10个百分点。据县司法局说明，主要负责人参加省里集中培训，两起案件由分管负责人出庭。" in text
    assert "主要原因是" not in text


def test_part_four_answers_the_weaknesses_then_the_plans_without_repeating_itself():
    weak = {"disputes": ["…"], "education": ["…"]}
    plans = [prose.Material("2026年，我局将推进精准普法，用好以案释法。"), prose.Material("明年将建成智慧调解中心。"),
             prose.Material("建成智慧调解中心。")]
    text = parts.next_year("我县", 2025, weak, plans, ("sfx-gov", 2025))
    assert text.startswith("2026年，我县")
    # The first plan repeats the education remedy, the third the second plan.
    assert text.count("精准普法") == 1 and text.count("智慧调解中心") == 1
    assert "三是建成智慧调解中心" in text and "2026年，我局将" not in text


def test_part_three_is_the_bodys_own_records_in_its_duties():
    infos = {
        "leadership_study_sessions": _info("leadership_study_sessions", "理论学习中心组开展学法{value}{unit}",
                                           topic="leadership", unit="次"),
        "leaders_shufa": _info("leaders_shufa", "{value}名党政主要负责人开展年终述法", topic="leadership",
                               unit="名"),
    }
    text, figures = parts.first_responsible("县政府主要负责人", infos, {"leadership_study_sessions": 6}, {}, ("s",))
    assert text.startswith("县政府主要负责人认真履行推进法治建设第一责任人职责")
    assert "理论学习中心组开展学法6次" in text and "述法" not in text and "一是" not in text
    assert figures == [dict(figures[0], metric="leadership_study_sessions", own=True)]


def test_part_three_states_the_ledgers_sentences_under_their_duty_figures_or_not():
    infos = {
        "leadership_study_sessions": _info("leadership_study_sessions", "理论学习中心组开展学法{value}{unit}",
                                           topic="leadership", unit="次"),
    }
    records = {"带头研究部署法治建设": ["6月3日，县委常委会第7次会议专题研究“法治建设工作要点”，审议通过工作要点。"],
               "带头尊法学法": ["集中学习了中华人民共和国行政复议法。"]}
    text, figures = parts.first_responsible("县委、县政府主要负责人", infos, {"leadership_study_sessions": 4}, {},
                                            ("s",), records)
    assert "一是带头研究部署法治建设。主要负责人亲自主持研究法治建设重要事项。6月3日，县委常委会第7次会议" in text
    assert "二是带头尊法学法。坚持会前学法和集体学法制度，全年理论学习中心组开展学法4次。集中学习了中华人民共和国行政复议法。" in text
    assert "述法" not in text and len(figures) == 1


def test_a_parts_items_are_split_for_last_years_review():
    text = "我县还存在一些不足：一是执法力量薄弱；二是普法形式单一。\n三是数据共享不够。"
    assert parts.items_of(text) == ["执法力量薄弱。", "普法形式单一。", "数据共享不够。"]
    assert parts.items_of("基层力量不足。") == ["基层力量不足。"]
    assert parts.items_of("") == []


@pytest.mark.parametrize(("typed", "printed"), [
    ("县司法局(牵头)制定办法,全年开展培训3次;效果明显", "县司法局（牵头）制定办法，全年开展培训3次；效果明显"),
    ("投入经费1,200万元,覆盖率达到99.5%", "投入经费1,200万元，覆盖率达到99.5%"),
    ("印发《实施意见》(县政办发〔2025〕3号)", "印发《实施意见》（县政办发〔2025〕3号）"),
    ("目标:全覆盖!", "目标：全覆盖！"),
])
def test_material_is_printed_in_full_width_punctuation(typed, printed):
    assert prose.full_width(typed) == printed
