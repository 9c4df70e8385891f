"""Inspections: results, the publication clock across 国庆 2026, late publication on the agenda, the yearly
frequency warning, the metrics, the credit code and the settings."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from fazhi.core import agenda
from fazhi.inspections import actions
from fazhi.inspections.models import Inspection, credit_check_character, credit_code_problem

from .conftest import at, credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(world, item, team, make_entities, settings):
    """A draw of four high-risk entities on 2026-05-20; its inspections, to be carried out."""
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = "high=100,medium_high=0,medium=0,low=0"
    make_entities(4, "high")
    made = actions.draw_inspections(agency=item.agency, by=world.owner, item=item, drawn_on=date(2026, 5, 20))
    return list(made.inspections.order_by("pk"))


# The credit code (GB 32100-2015) ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"])
def test_published_credit_codes_pass_the_check(code):
    assert credit_code_problem(code) == "" and credit_code_problem(code.lower()) == ""


@pytest.mark.parametrize(("code", "why"), [
    ("91350100M000100Y44", "does not match"), ("91350100M000100Y4", "18 characters"),
    ("91350100M000100I43", "18 characters"), ("", "18 characters"),
])
def test_a_wrong_credit_code_says_why(code, why):
    assert why in credit_code_problem(code)


def test_the_check_character_can_be_zero_or_a_letter():
    assert {credit_code(n)[-1] for n in range(1, 200)} - set("0123456789") and credit_check_character("9" * 17)


def test_an_entity_with_a_wrong_code_is_refused(world, body):
    with pytest.raises(ValidationError) as refused:
        actions.register_entity(agency=body.agency, by=world.owner, name="某公司", credit_code="91350100M000100Y44",
                                address="某地", domain="食品", risk="high")
    assert "GB 32100-2015" in refused.value.message_dict["credit_code"][0]
    actions.register_entity(agency=body.agency, by=world.owner, name="某公司", credit_code="91350100m000100y43",
                            address="某地", domain="食品", risk="high")
    with pytest.raises(ValidationError, match="already in the directory"):
        actions.register_entity(agency=body.agency, by=world.owner, name="某公司", credit_code="91350100M000100Y43",
                                address="某地", domain="食品", risk="low")


# Results and their publication --------------------------------------------------------------------------------


def test_the_publication_is_due_20_working_days_after_the_end_across_national_day(world, drawn):
    """Ended Monday 2026-09-28: 9-29, 9-30, 10-8, 10-9, 10-10 (make-up Saturday), then three weeks to 10-30."""
    with at(date(2026, 10, 12)):
        recorded = actions.record_result(drawn[0], by=world.owner, inspected_on=date(2026, 9, 25),
                                         finished_on=date(2026, 9, 28), result="corrected", result_note="限期改正")
    assert recorded.publication_due == date(2026, 10, 30) == recorded.next_deadline
    assert recorded.status == Inspection.Status.RECORDED
    explanation = actions.publication_explained(recorded)
    assert "National Day holiday (1 October 2026 to 7 October 2026" in explanation
    assert "20 working days" in explanation and "Due: Fri 30 October 2026" in explanation
    with at(date(2026, 10, 29)):  # due soon: yellow on the home page
        items = [i for i in agenda.items_for(world.owner, date(2026, 10, 29)) if i.ledger == "Random inspection results"]
        assert [(i.state, i.due) for i in items] == [("soon", date(2026, 10, 30))]
    with at(date(2026, 11, 3)):  # late: red, for the clerk and for the office that reads the region
        for who in (world.owner, world.office):
            items = [i for i in agenda.items_for(who, date(2026, 11, 3)) if i.ledger == "Random inspection results"]
            assert [(i.state, i.days_late) for i in items] == [("overdue", 4)]
            assert items[0].title.startswith("企业")
        published = actions.publish_result(recorded, by=world.owner, on=date(2026, 11, 3))
    assert published.next_deadline is None and published.published_late() and published.published_on == date(2026, 11, 3)
    assert not [i for i in agenda.items_for(world.owner, date(2026, 11, 3)) if i.ledger == "Random inspection results"]


def test_dates_come_in_order_and_never_ahead(world, drawn):
    with pytest.raises(ValidationError) as refused:
        actions.record_result(drawn[0], by=world.owner, inspected_on=date(2026, 5, 19), result="no_problem")
    assert "cannot come before the random draw" in refused.value.message_dict["inspected_on"][0]
    with pytest.raises(ValidationError) as refused:
        actions.record_result(drawn[0], by=world.owner, inspected_on=date(2026, 5, 20), result="no_problem",
                              finished_on=date(2026, 5, 21))
    assert "after today" in refused.value.message_dict["finished_on"][0]
    recorded = actions.record_result(drawn[0], by=world.owner, inspected_on=date(2026, 5, 20), result="no_problem")
    with pytest.raises(ValidationError) as refused:
        actions.publish_result(recorded, by=world.owner, on=date(2026, 5, 19))
    assert "cannot come before the end of the inspection" in refused.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as refused:
        actions.record_result(drawn[1], by=world.owner, inspected_on=date(2026, 5, 20), result="maybe")
    assert "result" in refused.value.message_dict


def test_a_team_member_whose_certificate_lapsed_by_the_inspection_day_is_refused(world, drawn):
    from fazhi.enforcement import actions as enforcement

    inspection = drawn[0]
    member = inspection.officers.order_by("pk").first()
    enforcement.suspend_certificate(member.certificates.get(), by=world.owner, on=date(2026, 5, 20), reason="暂扣")
    with pytest.raises(ValidationError) as refused:
        actions.record_result(inspection, by=world.owner, inspected_on=date(2026, 5, 20), result="no_problem")
    assert any(member.name in m and "suspended" in m for m in refused.value.message_dict["officers"])


def test_an_inspection_outside_a_draw_needs_its_legal_basis_and_two_officers(world, team, make_entities):
    entity = make_entities(1, "low")[0]
    base = {"agency": entity.agency, "by": world.owner, "entity": entity, "kind": "complaint",
            "inspected_on": date(2026, 5, 18), "result": "corrected"}
    with pytest.raises(ValidationError) as refused:
        actions.record_inspection(**base, officers=team[:2], legal_basis="  ")
    assert "legal_basis" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_inspection(**base, officers=team[:1], legal_basis="《食品安全法》")
    assert "At least two enforcement officers" in refused.value.message_dict["officers"][0]
    with pytest.raises(ValidationError) as refused:
        actions.record_inspection(**base | {"kind": "random"}, officers=team[:2], legal_basis="《食品安全法》")
    assert "comes from a draw" in refused.value.message_dict["kind"][0]
    made = actions.record_inspection(**base, officers=team[:2], legal_basis="《食品安全法》")
    assert made.status == Inspection.Status.RECORDED and made.publication_due is None and made.next_deadline is None
    assert sorted(made.officers.values_list("pk", flat=True)) == sorted(o.pk for o in team[:2])


def test_inspecting_an_enterprise_more_than_the_yearly_limit_warns_without_refusing(world, team, make_entities,
                                                                                    settings):
    entity = make_entities(1, "low")[0]

    def inspect(day):
        return actions.record_inspection(agency=entity.agency, by=world.owner, entity=entity, kind="targeted",
                                         officers=team[:2], inspected_on=day, legal_basis="《食品安全法》",
                                         result="no_problem")

    assert inspect(date(2026, 3, 2)).warnings == []
    assert inspect(date(2026, 4, 2)).warnings == []
    third = inspect(date(2026, 5, 2))
    assert third.pk and len(third.warnings) == 1 and "inspected 3 times in 2026" in third.warnings[0]
    assert "FAZHI_INSPECTION_YEARLY_LIMIT" in third.warnings[0]
    settings.FAZHI_INSPECTION_YEARLY_LIMIT = 3
    assert actions.frequency_warning(entity, 2026) == ""
    settings.FAZHI_INSPECTION_YEARLY_LIMIT = 0  # no limit
    assert inspect(date(2026, 5, 3)).warnings == []


# Metrics ------------------------------------------------------------------------------------------------------


def test_the_catalog_s_inspection_metrics_are_registered(catalog):
    from fazhi.metrics import registry

    keys = {catalog[code].computed_by for code in ("enforcement_inspections", "enforcement_random_inspections")}
    assert keys == {"inspections.inspections", "inspections.random"} and keys <= set(registry.registered())
    assert {catalog[code].source for code in ("enforcement_inspections", "enforcement_random_inspections")} == {
        "computed"}


def test_the_metrics_count_the_year_s_inspections_carried_out(world, drawn, team, make_entities):
    from fazhi.metrics import registry

    agency = drawn[0].agency
    actions.record_result(drawn[0], by=world.owner, inspected_on=date(2026, 5, 20), result="no_problem")
    actions.record_result(drawn[1], by=world.owner, inspected_on=date(2026, 5, 20), result="not_found")
    other = make_entities(1, "low")[0]
    actions.record_inspection(agency=agency, by=world.owner, entity=other, kind="complaint", officers=team[:2],
                              inspected_on=date(2026, 5, 19), legal_basis="《食品安全法》", result="corrected")
    actions.record_inspection(agency=agency, by=world.owner, entity=other, kind="targeted", officers=team[:2],
                              inspected_on=date(2025, 12, 30), legal_basis="《食品安全法》", result="corrected")
    colleague = world.agency("sfx-jyj")
    assert registry.compute("inspections.inspections", [agency.pk, colleague.pk], 2026) == {agency.pk: 3,
                                                                                           colleague.pk: 0}
    assert registry.compute("inspections.random", [agency.pk], 2026) == {agency.pk: 2}  # the planned two not yet
    assert registry.compute("inspections.inspections", [agency.pk], 2025) == {agency.pk: 1}
    url = registry.get("inspections.random").records_url(agency, 2026)
    assert url == "/inspections/inspections/?agency=sfx-scj&year=2026&kind=random"


# Settings -----------------------------------------------------------------------------------------------------


def test_unreadable_shares_fail_the_system_check_and_the_draw(settings):
    from fazhi.inspections.apps import check_settings
    from fazhi.inspections.rules import sampling_percentages

    assert check_settings() == []
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = "high=300,medium_high=10,medium=2,low=1"
    errors = check_settings()
    assert errors and errors[0].id == "fazhi.inspections.E001" and "between 0 and 100" in errors[0].msg
    with pytest.raises(ImproperlyConfigured):
        sampling_percentages()
