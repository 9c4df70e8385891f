"""End to end: the ledgers' computed figures fill the annual report's enforcement section.

Penalty cases decided in 2026 in 示范县市场监督管理局 (and an inspection, and a file review of the closed cases) are
counted by the ledgers' registered computations into a 2026 collection round, shown there as computed (never typed),
accepted by the office, rolled up to the county, and stated in Chinese by the county government's report, composed
and its figures chosen through the report pages as the office does it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.filereview.tests.conftest import score_all
from fazhi.inspections.tests.conftest import credit_code as entity_code
from fazhi.penalties.tests.test_actions import DECISION
from fazhi.reports.tests.conftest import at

pytestmark = pytest.mark.django_db

YEAR = 2026
#: The fines of the three penalties decided in 2026: 75,350 元, 7.535 万元 in the catalog's unit, stored and stated
#: to the hundredth of a 万元 as every figure (7.54).
FINES = ("3000", "60000", "12350")


@pytest.fixture
def ledgers(world, body, officers, open_case):
    """2026 in the 市场监管局's ledgers, on 2026-11-20: three fines decided (one major and reviewed, one published,
    one with a seizure), all three served, paid and closed; a lenient decision; a case still open; two targeted
    inspections; and the office's file review of the three closed cases, one failing a veto item, sent."""
    from fazhi.filereview import actions as filereview
    from fazhi.inspections import actions as inspections
    from fazhi.penalties import actions
    from fazhi.penalties.models import LenientItem

    def penalty(fine, *, on=date(2026, 3, 2), seizure=False, reviewed=False):
        case = open_case(violation_on=date(2026, 1, 10), discovered_on=date(2026, 1, 12), opened_on=date(2026, 1, 12))
        if seizure:
            actions.add_record(case, by=world.owner, action="seizure", on=date(2026, 1, 13), officers=officers,
                               description="扣押过期食品", av_reference="A-1")
        case = actions.notify_penalty(case, by=world.owner, on=date(2026, 2, 2), penalty_types=["fine"], fine=fine)
        case = actions.receive_notice(case, by=world.owner, on=date(2026, 2, 3))
        if reviewed:
            case = actions.submit_for_review(case, by=world.owner, on=date(2026, 2, 27))
            case = actions.record_review(case, by=world.owner, on=date(2026, 2, 27), reviewer="法制员",
                                         qualification="A1", result="passed", opinion="同意")
        case = actions.decide(case, by=world.owner, on=on, outcome="penalty",
                              **(DECISION | {"decision_number": f"罚{case.number}"}))
        case = actions.serve_decision(case, by=world.owner, on=on, method="直接送达")
        case = actions.record_execution(case, by=world.owner, on=date(2026, 3, 10), execution="已缴纳罚款")
        return actions.close_case(case, by=world.owner, on=date(2026, 3, 20))

    penalty(FINES[0], seizure=True)
    actions.publish_decision(penalty(FINES[1], reviewed=True), by=world.owner, on=date(2026, 3, 5))
    penalty(FINES[2], on=date(2026, 3, 3))
    item = LenientItem.objects.create(agency=body.agency, kind="minor", domain="食品", code="Q1", violation="v",
                                      legal_basis="b", conditions="c")
    actions.decide(open_case(), by=world.owner, on=date(2026, 4, 1), outcome="minor", lenient_item=item,
                   **(DECISION | {"decision_number": "不罚1"}))
    open_case()  # filed, not decided: counts nowhere

    entity = inspections.register_entity(agency=body.agency, by=world.owner, name="示范县某超市",
                                         credit_code=entity_code(1), address="示范县城关镇1号", domain="食品销售",
                                         risk="high")
    for day in (date(2026, 5, 19), date(2026, 6, 2)):
        inspections.record_inspection(agency=body.agency, by=world.owner, entity=entity, kind="targeted",
                                      officers=officers, inspected_on=day, legal_basis="《食品安全法》",
                                      result="corrected")

    campaign = filereview.open_campaign(office=world.agency("sfx-office"), by=world.office, year=YEAR,
                                        title="2026年度案卷评查", bodies=[body], opened_on=date(2026, 11, 2),
                                        sample_percent=100)
    filereview.draw_sample(campaign, by=world.office, on=date(2026, 11, 3), seed="5eed")
    filereview.assign_reviewers(campaign, by=world.office, reviewers=[world.office])
    campaign = filereview.start_review(campaign, by=world.office, on=date(2026, 11, 4))
    failing = campaign.files.order_by("pk").first()
    score_all(campaign, world.office, on=date(2026, 11, 5), fail={failing.pk})
    filereview.send_results(campaign, by=world.office, on=date(2026, 11, 6))
    return body.agency


#: What the ledgers hold for 2026, by catalog metric.
EXPECTED = {
    "enforcement_cases": 4,  # three penalties and the lenient decision
    "enforcement_penalty_cases": 3,
    "enforcement_penalty_amount": Decimal("7.54"),  # 75,350 元 in 万元, to two decimals
    "enforcement_coercive_measures": 1,
    "enforcement_inspections": 2,
    "enforcement_random_inspections": 0,
    "enforcement_publicity_items": 1,
    "enforcement_recorded_cases": 1,
    "enforcement_major_decisions": 1,
    "enforcement_legal_reviews": 1,
    "enforcement_lenient_cases": 1,
    "enforcement_files_reviewed": 3,
    "enforcement_files_passed": 2,
}


def test_the_enforcement_section_states_the_ledgers_figures(world, catalog, ledgers, client):
    from fazhi.collection import actions as collection
    from fazhi.collection.rollup import figures_for
    from fazhi.metrics import registry
    from fazhi.metrics.models import Metric
    from fazhi.reports.models import Report

    scj = ledgers
    computed = [code for code, m in catalog.items()
                if code.startswith("enforcement_") and m.source == Metric.Source.COMPUTED]
    assert set(EXPECTED) <= set(computed)
    assert all(registry.get(catalog[code].computed_by) for code in computed), "a computed metric has no ledger"

    with at(date(2027, 1, 10)):
        # The office asks the 市场监管局 for its 2026 enforcement figures (and the rates computed from them).
        round_ = collection.open_round(
            world.agency("sfx-office"), YEAR, "2026年度法治政府建设数据报送", date(2027, 1, 20),
            [*computed, "enforcement_legal_review_rate", "enforcement_files_pass_rate"], [scj], by=world.office)
        submission = round_.submissions.get(agency=scj)
        values = {v.metric.code: v for v in submission.values.select_related("metric")}
        for code, expected in EXPECTED.items():
            assert values[code].value == expected, code
            assert values[code].computed and values[code].updated_by is None, code  # filled by the ledger
        assert values["enforcement_legal_review_rate"].value == 100
        assert values["enforcement_files_pass_rate"].value == Decimal("66.67")
        assert collection.missing_values(submission) == []  # nothing for the clerk to type
        # A computed figure cannot be typed over.
        with pytest.raises(Exception, match="computed"):
            collection.save_values(submission, {"enforcement_penalty_cases": "30"}, by=world.owner)
        # Refreshing again (the tick does, every day of an open round) changes nothing: the ledger's 7.535 is stored
        # as 7.54, not written again each time.
        assert collection.refresh_computed([submission]) == 0

        collection.submit_submission(submission, by=world.owner)
        collection.accept_submission(submission, by=world.office)
        county = figures_for(world.agency("sfx-gov"), YEAR)
        assert {code: county[code] for code in EXPECTED} == EXPECTED

        # The office has the county government's 2026 report composed, through the report pages.
        client.force_login(world.office)
        response = client.post(reverse("reports:report_create"),
                               {"agency": world.agency("sfx-gov").pk, "year": YEAR})
        report = Report.objects.get(agency=world.agency("sfx-gov"), year=YEAR)
        assert response.status_code == 302
        section = report.sections.get(topic="enforcement")
        stated = {f["metric"]: f["value"] for f in section.figures}
        assert stated and all(Decimal(stated[code]) == EXPECTED[code] for code in stated if code in EXPECTED)
        assert "办理行政执法案件4件" in section.text  # the topic's lead figure, cited by default

        # The office cites the penalties, the fines, the inspections and the file review in the section.
        chosen = ["enforcement_cases", "enforcement_penalty_cases", "enforcement_penalty_amount",
                  "enforcement_inspections", "enforcement_files_reviewed", "enforcement_files_passed"]
        client.post(reverse("reports:section_cite", args=[section.pk]), {"metric": chosen})
        section.refresh_from_db()

    text = section.text
    for clause in ("办理行政执法案件4件", "办理行政处罚案件3件", "罚没款7.54万元", "开展行政检查2次",
                   "评查行政执法案卷3卷", "合格2卷"):
        assert clause in text, (clause, text)
    assert "75350" not in text and "7.54元" not in text
    assert {f["metric"]: f["display"] for f in section.figures} == {
        "enforcement_cases": "4件", "enforcement_penalty_cases": "3件", "enforcement_penalty_amount": "7.54万元",
        "enforcement_inspections": "2次", "enforcement_files_reviewed": "3卷", "enforcement_files_passed": "2卷"}
