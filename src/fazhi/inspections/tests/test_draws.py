"""Draws through the actions: reproducible from their seed and snapshots, only officers who may enforce that day,
recusals respected, shares per risk level, redraws with a reason and audited."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.core.ledger import IllegalTransition
from fazhi.enforcement import actions as enforcement
from fazhi.inspections import actions
from fazhi.inspections.models import Draw, Entity, Inspection

pytestmark = pytest.mark.django_db
ALL_HIGH = "high=100,medium_high=0,medium=0,low=0"


def draw(world, item, **kwargs):
    values = {"agency": item.agency, "by": world.owner, "item": item, "drawn_on": date(2026, 5, 20)} | kwargs
    return actions.draw_inspections(**values)


def test_a_draw_repeats_exactly_from_its_seed_and_snapshots(world, item, team, make_entities):
    make_entities(10, "high")
    make_entities(20, "medium_high")
    make_entities(50, "medium")
    make_entities(100, "low")
    first = draw(world, item, seed="5eed")
    assert first.seed == "5eed" and len(first.result) == 3 + 2 + 1 + 1
    assert len(first.entities_snapshot) == 180 and first.inspectors_snapshot == sorted(o.pk for o in team)
    assert first.percentages == {"high": "30", "medium_high": "10", "medium": "2", "low": "1"}
    assert [a.as_json() for a in actions.repeat(first)] == first.result
    second = draw(world, item, seed="5eed")  # the same seed on the same directory: the same entities and teams
    assert second.result == first.result
    check = actions.verify_draw(first)
    assert check.reproduced and not check.directory_changed


def test_a_changed_directory_is_reported_and_the_draw_still_repeats_from_its_snapshot(world, item, team,
                                                                                     make_entities):
    entities = make_entities(12, "high")
    first = draw(world, item, seed="abc123")
    added = make_entities(1, "high")[0]
    actions.change_risk(entities[0], by=world.owner, risk="low")
    check = actions.verify_draw(first)
    assert check.reproduced and check.directory_changed
    assert check.entities_added == [added.pk] and check.risk_changed == [entities[0].pk]
    other = draw(world, item, seed="abc123")  # the same seed on another directory: another snapshot
    assert other.entities_snapshot != first.entities_snapshot
    tampered = Draw.objects.get(pk=first.pk)
    tampered.result = list(reversed(tampered.result)) + [{"entity": 1, "officers": [1, 2]}]
    assert not actions.verify_draw(tampered).reproduced


def test_each_drawn_entity_gets_an_inspection_by_a_team_of_two(world, item, team, make_entities, settings):
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = ALL_HIGH
    make_entities(6, "high")
    made = draw(world, item)
    inspections = list(made.inspections.prefetch_related("officers"))
    assert len(inspections) == 6 and {i.status for i in inspections} == {Inspection.Status.PLANNED}
    assert all(i.kind == "random" and i.legal_basis == item.legal_basis for i in inspections)
    teams = {i.entity_id: sorted(o.pk for o in i.officers.all()) for i in inspections}
    assert teams == {row["entity"]: row["officers"] for row in made.result}
    assert all(len(t) == 2 for t in teams.values())
    assert len(made.seed) == 16 and int(made.seed, 16) >= 0  # generated, shown, recorded


def test_the_share_of_each_risk_level_comes_from_the_setting(world, item, team, make_entities, settings):
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = "high=50,medium_high=20,medium=10,low=0"
    make_entities(4, "high")
    make_entities(10, "medium_high")
    make_entities(10, "medium")
    make_entities(10, "low")
    made = draw(world, item)
    risks = Counter(Entity.objects.get(pk=row["entity"]).risk for row in made.result)
    assert risks == {"high": 2, "medium_high": 2, "medium": 1}
    assert made.percentages == {"high": "50", "medium_high": "20", "medium": "10", "low": "0"}


def test_an_officer_without_a_valid_certificate_is_never_drawn(world, item, make_officer, make_entities, settings):
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = ALL_HIGH
    valid = [make_officer("甲"), make_officer("乙")]
    expired = make_officer("过期丙", issued_on=date(2021, 1, 1), valid_until=date(2026, 1, 1))
    suspended = make_officer("暂扣丁")
    enforcement.suspend_certificate(suspended.certificates.get(), by=world.owner, on=date(2026, 5, 1), reason="暂扣")
    none = make_officer("无证戊", valid_until=None)
    make_entities(8, "high")
    made = draw(world, item)
    drawn = {pk for row in made.result for pk in row["officers"]}
    assert drawn == {o.pk for o in valid} and made.inspectors_snapshot == sorted(o.pk for o in valid)
    assert not drawn & {expired.pk, suspended.pk, none.pk}


def test_fewer_than_two_who_may_enforce_is_a_clear_refusal(world, item, make_officer, make_entities):
    make_officer("甲")
    make_officer("过期丙", issued_on=date(2021, 1, 1), valid_until=date(2026, 1, 1))
    make_entities(5, "high")
    with pytest.raises(ValidationError) as refused:
        draw(world, item)
    messages = refused.value.message_dict["inspectors"]
    assert "Fewer than two inspectors" in messages[0] and "行政处罚法 第42条" in messages[0]
    assert any("过期丙" in m and "expired on 2026-01-01" in m for m in messages)
    assert not Draw.objects.exists() and not Inspection.objects.exists()


def test_a_recusal_is_respected_by_every_draw(world, item, team, make_entities, settings):
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = ALL_HIGH
    entities = make_entities(9, "high")
    actions.record_recusal(agency=item.agency, by=world.owner, officer=team[0], entity=entities[0], reason="亲属任职")
    for seed in ("1", "2", "3", "4", "5", "6", "7", "8"):
        made = draw(world, item, seed=seed)
        assert made.recusals_snapshot == [[team[0].pk, entities[0].pk]]
        row = next(r for r in made.result if r["entity"] == entities[0].pk)
        assert team[0].pk not in row["officers"]


def test_recusals_that_leave_no_team_are_refused(world, item, team, make_entities):
    entity = make_entities(1, "high")[0]
    for officer in team[:2]:
        actions.record_recusal(agency=item.agency, by=world.owner, officer=officer, entity=entity, reason="利害关系")
    with pytest.raises(ValidationError) as refused:
        draw(world, item)
    assert "Only 1 inspector(s) may inspect 企业1" in refused.value.message_dict["inspectors"][0]


def test_a_draw_of_nothing_and_a_draw_ahead_are_refused(world, item, team, make_entities):
    make_entities(3, "low")
    with pytest.raises(ValidationError) as refused:
        draw(world, item, domain="特种设备")
    assert "No entity was drawn" in refused.value.message_dict["entities"][0]
    with pytest.raises(ValidationError) as refused:
        draw(world, item, drawn_on=date(2026, 5, 21))
    assert "after today" in refused.value.message_dict["drawn_on"][0]


def test_a_plan_s_draw_needs_one_of_its_items_and_its_year(world, item, body, team, make_entities):
    make_entities(3, "high")
    other = actions.register_item(agency=body.agency, by=world.owner, body=body, name="企业公示信息抽查",
                                  legal_basis="《企业信息公示暂行条例》", matter="年报信息")
    plan = actions.draw_up_plan(agency=body.agency, by=world.owner, year=2026, items=[other], batches=2)
    with pytest.raises(ValidationError) as refused:
        draw(world, item, plan=plan)
    assert "is not an item of the plan" in refused.value.message_dict["item"][0]
    with pytest.raises(ValidationError) as refused:
        draw(world, other, plan=plan, batch=3)
    assert "batch" in refused.value.message_dict
    assert draw(world, other, plan=plan, batch=2).plan == plan


def test_a_joint_draw_records_its_participants_and_draws_their_inspectors(world, item, make_entities, make_officer,
                                                                         settings):
    from fazhi.enforcement import actions as enforcement_actions
    from fazhi.inspections.tests.conftest import id_number

    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = ALL_HIGH
    mine = make_officer("甲")
    partner = world.agency("sfx-zfj")
    body = enforcement_actions.register_body(agency=partner, by=world.admin, name="示范县综合行政执法局",
                                             kind="statutory", legal_basis="法", domains="城管")
    theirs = enforcement_actions.register_officer(body=body, by=world.admin, name="综执乙", id_number=id_number(77),
                                                  position="科员")
    enforcement_actions.issue_certificate(theirs, by=world.admin, number="ZF-1", area="示范县", domain="综合执法",
                                          issued_on=date(2025, 1, 1), valid_until=date(2030, 1, 1), issuer="示范省司法厅")
    actions.add_inspector(agency=partner, by=world.admin, officer=theirs)
    make_entities(3, "high")
    made = draw(world, item, participants=[partner])
    assert list(made.participants.all()) == [partner]
    assert made.inspectors_snapshot == sorted([mine.pk, theirs.pk])
    assert all(sorted(row["officers"]) == sorted([mine.pk, theirs.pk]) for row in made.result)


def test_a_redraw_needs_a_reason_keeps_the_old_draw_and_is_audited(world, item, team, make_entities):
    make_entities(12, "high")
    old = draw(world, item, seed="01")
    with pytest.raises(ValidationError) as refused:
        actions.redraw(old, by=world.owner, reason="  ")
    assert "reason" in refused.value.message_dict
    new = actions.redraw(old, by=world.owner, reason="抽取时名录未更新", seed="02")
    old.refresh_from_db()
    assert old.status == Draw.Status.SUPERSEDED and old.superseded_by == new and new.redraw_reason == "抽取时名录未更新"
    assert not old.inspections.filter(withdrawn_at__isnull=True).exists()
    assert new.inspections.filter(withdrawn_at__isnull=True).count() == len(new.result)
    entry = AuditEntry.objects.filter(action="transition", object_id=str(old.pk)).latest("sequence")
    assert entry.reason == "抽取时名录未更新" and entry.changes["status"] == ["drawn", "superseded"]
    with pytest.raises(IllegalTransition, match="already superseded"):
        actions.redraw(old, by=world.owner, reason="again")


def test_a_draw_whose_results_are_recorded_cannot_be_redrawn(world, item, team, make_entities):
    make_entities(4, "high")
    made = draw(world, item)
    inspection = made.inspections.first()
    actions.record_result(inspection, by=world.owner, inspected_on=date(2026, 5, 20), result="no_problem")
    with pytest.raises(IllegalTransition, match="Results of this draw are recorded"):
        actions.redraw(made, by=world.owner, reason="重抽")


def test_only_the_agency_s_clerks_draw(world, item, team, make_entities):
    make_entities(4, "high")
    for who in (world.office, world.colleague):
        with pytest.raises(IllegalTransition, match="Only the clerks"):
            draw(world, item, by=who)


def test_a_joint_draw_is_read_by_its_participants_and_changed_only_by_the_lead(world, item, team, make_entities):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    make_entities(3, "high")
    joint = draw(world, item, participants=[world.agency("sfx-jyj")], seed="a1")
    alone = draw(world, item, seed="b2", batch=2)
    partner, outsider = csrf_client(world.colleague), csrf_client(world.outsider)
    listed = partner.get(reverse("inspections:draw_list")).content.decode()
    assert f'href="{reverse("inspections:draw_detail", args=[joint.pk])}"' in listed
    assert f'href="{reverse("inspections:draw_detail", args=[alone.pk])}"' not in listed
    page = partner.get(reverse("inspections:draw_detail", args=[joint.pk]))
    assert page.status_code == 200 and "a1" in page.content.decode()
    assert 'data-testid="form-redraw"' not in page.content.decode()
    assert partner.get(reverse("inspections:draw_detail", args=[alone.pk])).status_code == 404
    assert partner.post(reverse("inspections:draw_redraw", args=[joint.pk]), {"reason": "重抽"}).status_code == 403
    assert [d["id"] for d in partner.get("/api/v1/inspections/draws").json()["items"]] == [joint.pk]
    assert partner.get(f"/api/v1/inspections/draws/{joint.pk}").status_code == 200
    assert partner.post(f"/api/v1/inspections/draws/{joint.pk}/redraw", {"reason": "重抽"},
                        content_type="application/json").status_code == 403
    joint.refresh_from_db()
    assert joint.status == Draw.Status.DRAWN
    for url in (reverse("inspections:draw_detail", args=[joint.pk]), f"/api/v1/inspections/draws/{joint.pk}"):
        assert outsider.get(url).status_code == 404
    assert outsider.get("/api/v1/inspections/draws").json()["items"] == []
