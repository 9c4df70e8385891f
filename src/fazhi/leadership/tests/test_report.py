"""Part three of the annual report from the reporting body's own leadership records, never another body's."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.leadership.report import part_three

pytestmark = pytest.mark.django_db


def test_part_three_names_the_bodys_meetings_study_shufa_and_instructions(world, meeting, study, shufa, duty_list,
                                                                          instruction, office, government):
    from fazhi.leadership import actions

    meeting(agency=government, kind="executive", title="县政府第9次常务会议", topic="审议法治政府建设工作要点",
            held_on=date(2025, 4, 9))
    study(held_on=date(2025, 4, 9))
    study(kind="lecture", speaker="示范大学教授", meeting="", title="依法行政专题", held_on=date(2025, 8, 2))
    duty_list()
    report = shufa(year=2024, reported_on=date(2025, 1, 20), study_and_use=False)
    actions.evaluate_shufa(report, by=office, evaluated_on=date(2025, 1, 28), evaluated_by="县委依法治县委", grade="good")
    given = instruction(issued_on=date(2025, 3, 2), due_given=date(2025, 3, 20))
    actions.report_follow_up(given, by=office, reported_on=date(2025, 3, 18), report="已落实。")
    found = part_three(government, "government", 2025)
    assert "4月9日，县政府第9次常务会议专题研究“审议法治政府建设工作要点”，审议通过工作要点" in found["带头研究部署法治建设"][0]
    assert "集中学习了中华人民共和国行政复议法。" in found["带头尊法学法"]
    assert "邀请示范大学教授作“依法行政专题”法治专题讲座。" in found["带头尊法学法"]
    assert "制定县长履行推进法治建设第一责任人职责清单，明确职责2项。" in found["带头督促落实"]
    assert "对法治建设重要事项作出批示1件，均按期办结反馈。" in found["带头督促落实"]
    assert part_three(government, "government", 2024)["带头述法"] == [
        "县长测试县长于1月20日在述法会议上述法，经县委依法治县委评议为“较好”。"]


def test_another_bodys_records_never_appear(world, meeting, government, party):
    meeting(held_on=date(2025, 6, 3), topic="县委的议题")
    meeting(agency=world.agency("sfx-scj"), kind="office", title="局长办公会议", topic="市场监管局的议题",
            held_on=date(2025, 6, 4), by=world.owner)
    assert part_three(government, "government", 2025) == {}
    joint = part_three(government, "joint", 2025)
    assert "县委的议题" in joint["带头研究部署法治建设"][0] and "市场监管局" not in str(joint)


def test_the_composed_part_three_states_the_meeting(world, meeting, government):
    from fazhi.metrics.catalog import load_catalog
    from fazhi.reports import actions
    from fazhi.reports.models import Part

    load_catalog()
    meeting(held_on=date(2025, 6, 3), topic="研究全县法治建设工作要点")
    meeting(agency=world.agency("sfx-scj"), kind="office", title="局长办公会议", topic="市场监管局的议题",
            held_on=date(2025, 6, 4), by=world.owner)
    report = actions.create_report(government, 2025, by=world.office, body_kind="joint")
    text = report.sections.get(part=Part.FIRST_RESPONSIBLE, order=0).text
    assert "县委常委会2026年第7次会议专题研究“研究全县法治建设工作要点”" in text
    assert "市场监管局的议题" not in text
    alone = actions.create_report(world.agency("sfx-scj"), 2025, by=world.office)
    assert "研究全县法治建设工作要点" not in alone.sections.get(part=Part.FIRST_RESPONSIBLE, order=0).text
