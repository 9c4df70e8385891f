"""The reviewer's findings: drafting text, thin parts, statistics instead of prose, repeats, broken rules."""

import pytest

from fazhi.audit.models import AuditEntry
from fazhi.core.ledger import IllegalTransition
from fazhi.reports import actions, review
from fazhi.reports.models import Part, Report

from .conftest import finish_text

pytestmark = pytest.mark.django_db

PROSE = ("县司法局牵头修订行政执法公示办法，推动执法信息在一个平台集中公开。全年组织案卷评查两轮，"
         "对发现的问题逐件反馈整改，并将评查结果纳入年度考核。")
STATS = "；".join(f"指标{i}完成{i * 7}件" for i in range(1, 60)) + "。"


def _write(report, part, text, by):
    for section in report.sections.filter(part=part):
        actions.edit_section(section, text, by)


def _codes(report):
    return [f.code for f in review.findings(report)]


def test_the_composer_s_draft_has_findings_and_review_is_refused_without_a_reason(world, gov_report):
    finish_text(gov_report, world.office)  # one-sentence test text in every part
    codes = _codes(gov_report)
    assert "thin_part" in codes
    with pytest.raises(IllegalTransition) as refused:
        actions.send_for_review(gov_report, by=world.office)
    assert refused.value.code == "findings"
    assert Report.objects.get(pk=gov_report.pk).status == Report.Status.DRAFT


def test_an_override_reason_is_kept_in_the_audit_trail(world, gov_report):
    finish_text(gov_report, world.office)
    actions.send_for_review(gov_report, by=world.office, override_reason="附表另附，领导已知悉。")
    entry = AuditEntry.objects.filter(object_id=str(gov_report.pk), action="other").latest("sequence")
    assert entry.reason == "附表另附，领导已知悉。" and entry.changes["reviewer_findings_overridden"][1]


def test_placeholders_statistics_and_repeats_are_named(world, gov_report):
    finish_text(gov_report, world.office)
    _write(gov_report, Part.SHORTCOMINGS, "一是……；二是……。", world.office)
    measures = gov_report.sections.filter(part=Part.MEASURES).exclude(topic="").first()
    actions.edit_section(measures, STATS + PROSE + PROSE, world.office)
    findings = review.findings(gov_report)
    found = {f.code: f.message for f in findings}
    assert "……" in found["placeholder"]
    assert "figure_density" in found and "semicolons" in found
    repeated = [f.message for f in findings if f.code == "repeated"]
    assert any("修订行政执法公示办法" in message for message in repeated)


def test_a_report_written_as_prose_has_no_findings(world, gov_report):
    for section in gov_report.sections.all():
        actions.edit_section(section, "", world.office)
    places = ["城关镇", "南山镇", "西河乡", "东关镇", "白水乡"]
    for number, part in enumerate(Part.values):
        section = gov_report.sections.filter(part=part).first()
        text = PROSE.replace("县司法局", places[number] + "司法所").replace("两轮", f"{number + 2}轮")
        text = text.replace("逐件", places[number] + "逐件")
        actions.edit_section(section, text, world.office)
    assert review.findings(gov_report) == []
    actions.send_for_review(gov_report, by=world.office)
    assert Report.objects.get(pk=gov_report.pk).status == Report.Status.REVIEW


def test_parts_two_and_four_as_drafted_are_refused_whatever_the_reason(world, gov_report):
    """The shortcomings and the plans are the leaders' judgement: fazhi's draft is never sent as it stands."""
    finish_text(gov_report, world.office)
    plans = gov_report.sections.get(part=Part.NEXT_YEAR)
    actions.regenerate_section(plans, by=world.office)  # back to fazhi's draft
    assert "unedited" in _codes(gov_report)
    with pytest.raises(IllegalTransition) as refused:
        actions.send_for_review(gov_report, by=world.office, override_reason="领导已同意。")
    assert refused.value.code == "unedited" and plans.title in str(refused.value)
    assert Report.objects.get(pk=gov_report.pk).status == Report.Status.DRAFT

    plans.refresh_from_db()
    actions.edit_section(plans, plans.text + "同时，认真抓好上级督察反馈问题的整改落实。", world.office)
    assert "unedited" not in _codes(gov_report)
    actions.send_for_review(gov_report, by=world.office, override_reason="领导已同意。")
    assert Report.objects.get(pk=gov_report.pk).status == Report.Status.REVIEW
