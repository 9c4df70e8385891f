"""Pages through the scope: owner edits, colleague and outsider get nothing, office reviews, supervisor reads."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.collection import actions
from fazhi.collection.models import Round, Submission, Value
from fazhi.collection.tests.conftest import DUE, FULL, METRICS, at

pytestmark = pytest.mark.django_db


def detail(submission):
    return reverse("collection:submission_detail", args=[submission.pk])


def accept_all(round_, world):
    for submission in round_.submissions.all():
        actions.save_values(submission, FULL, by=world.office)
        actions.submit_submission(submission, by=world.office)
        actions.accept_submission(submission, by=world.office)


def test_pages_need_a_log_in(round_, client):
    response = client.get(reverse("collection:round_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_round_list_per_persona(round_, world, as_user):
    html = as_user(world.office).get(reverse("collection:round_list")).content.decode()
    assert round_.title in html and 'data-testid="open-round"' in html
    html = as_user(world.owner).get(reverse("collection:round_list")).content.decode()
    assert 'data-testid="own-submissions"' in html and "示范县市场监督管理局" in html
    assert "示范县教育局" not in html and 'data-testid="open-round"' not in html
    html = as_user(world.outsider).get(reverse("collection:round_list")).content.decode()
    assert round_.title not in html


def test_office_opens_a_round_through_the_form(world, catalog, frozen, as_user):
    client = as_user(world.office)
    page = client.get(reverse("collection:round_create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "城关镇" in html and "示范县教育局" in html and "邻水县司法局" not in html
    metric_ids = [catalog[c].pk for c in ("pufa_activities", "disputes_mediated")]
    agencies = [world.agency("sfx-scj").pk, world.agency("sfx-t01").pk]
    bad = client.post(reverse("collection:round_create"), {
        "year": 2025, "title": "t", "due_date": "2025-12-01", "metrics": metric_ids, "agencies": agencies})
    assert bad.status_code == 200 and not Round.objects.exists()
    assert bad.context["form"].errors["due_date"]
    response = client.post(reverse("collection:round_create"), {
        "year": 2025, "title": "2025年度数据报送", "due_date": "2026-01-31", "metrics": metric_ids,
        "agencies": agencies})
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("collection:round_detail",
                                                                           args=[round_.pk])
    assert round_.submissions.count() == 2


def test_a_clerk_cannot_open_rounds_or_see_the_board(round_, world, as_user):
    client = as_user(world.owner)
    assert client.get(reverse("collection:round_create")).status_code == 403
    assert client.get(reverse("collection:round_detail", args=[round_.pk])).status_code == 404
    assert client.post(reverse("collection:round_close", args=[round_.pk])).status_code == 404
    outsider = as_user(world.outsider)
    assert outsider.get(reverse("collection:round_detail", args=[round_.pk])).status_code == 404
    assert outsider.get(reverse("collection:round_download", args=[round_.pk])).status_code == 404


def test_board_colours_turn_yellow_then_red(round_, owned, world, as_user):
    actions.save_values(owned, FULL, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    url = reverse("collection:round_detail", args=[round_.pk])
    with at(date(2026, 1, 23)):
        client = as_user(world.office)  # log in at the travelled time: sessions expire
        page = client.get(url)
        rows = {r.submission.agency.code: r for r in page.context["rows"]}
        assert rows["sfx-scj"].colour == "blue" and rows["sfx-jyj"].colour == "yellow"
        assert rows["sfx-jyj"].days_late == 3
    with at(date(2026, 1, 27)):
        client = as_user(world.office)
        html = client.get(url).content.decode()
        assert 'data-testid="board-row-sfx-jyj" data-colour="red"' in html
        assert 'data-testid="remind-late"' in html
        response = client.post(reverse("collection:round_remind", args=[round_.pk]), {"late": "1"})
        assert response.status_code == 302
    assert Submission.objects.get(agency__code="sfx-jyj").reminder_count == 1
    assert Submission.objects.get(agency__code="sfx-scj").reminder_count == 0


def test_close_through_the_page_needs_the_override_reason(round_, world, as_user):
    client = as_user(world.office)
    client.post(reverse("collection:round_close", args=[round_.pk]))
    assert Round.objects.get().status == Round.Status.OPEN
    client.post(reverse("collection:round_close", args=[round_.pk]), {"override_reason": "年底机构改革"})
    assert Round.objects.get().close_override_reason == "年底机构改革"


def test_owner_sees_inputs_colleague_and_outsider_get_404(without_ledgers, owned, world, as_user):
    html = as_user(world.owner).get(detail(owned)).content.decode()
    assert 'name="value-pufa_activities"' in html and 'data-testid="review-box"' not in html
    assert "Generated from the ledgers (no ledger data yet)" in html or "由台账自动生成" in html
    assert as_user(world.colleague).get(detail(owned)).status_code == 404
    assert as_user(world.outsider).get(detail(owned)).status_code == 404
    assert as_user(world.colleague).post(detail(owned), {"value-pufa_activities": "1"}).status_code == 404


def test_leader_and_supervisor_read_but_cannot_change(owned, world, as_user):
    for user in (world.leader, world.supervisor):
        client = as_user(user)
        page = client.get(detail(owned))
        assert page.status_code == 200 and 'name="value-pufa_activities"' not in page.content.decode()
        assert client.post(detail(owned), {"value-pufa_activities": "1", "action": "save"}).status_code == 403
        assert client.post(reverse("collection:submission_review", args=[owned.pk]),
                           {"action": "accept"}).status_code == 403


def test_a_bad_value_is_shown_next_to_the_field_and_nothing_typed_is_lost(owned, world, as_user):
    client = as_user(world.owner)
    response = client.post(detail(owned), {
        "action": "save", "value-reconsideration_received": "12", "value-reconsideration_decided": "10",
        "value-reconsideration_corrected": "十二", "value-pufa_activities": "30", "note-pufa_activities": "含线上",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-reconsideration_corrected"' in html and "十二" in html
    assert 'value="12"' in html and 'value="30"' in html and 'value="含线上"' in html
    assert Value.objects.get(submission=owned, metric__code="reconsideration_received").value is None


def test_save_submit_return_resubmit_accept(owned, world, as_user):
    client = as_user(world.owner)
    posted = {f"value-{code}": raw for code, raw in FULL.items()}
    assert client.post(detail(owned), {**posted, "action": "submit"}).status_code == 302
    assert Submission.objects.get(pk=owned.pk).status == "submitted"
    assert client.post(reverse("collection:submission_review", args=[owned.pk]),
                       {"action": "accept"}).status_code == 403
    office = as_user(world.office)
    office.post(reverse("collection:submission_review", args=[owned.pk]), {"action": "return", "reason": "请核对纠错数"})
    client = as_user(world.owner)
    html = client.get(detail(owned)).content.decode()
    assert "请核对纠错数" in html and 'value="12"' in html
    client.post(detail(owned), {**posted, "value-reconsideration_corrected": "1", "action": "submit"})
    office = as_user(world.office)
    office.post(reverse("collection:submission_review", args=[owned.pk]), {"action": "accept"})
    assert Submission.objects.get(pk=owned.pk).status == "accepted"


def test_submit_with_missing_figures_keeps_what_was_saved(owned, world, as_user):
    client = as_user(world.owner)
    response = client.post(detail(owned), {"value-pufa_activities": "7", "action": "submit"})
    assert response.status_code == 400
    assert 'data-testid="error-reconsideration_received"' in response.content.decode()
    assert Value.objects.get(submission=owned, metric__code="pufa_activities").value == 7
    assert Submission.objects.get(pk=owned.pk).status == "draft"


def test_clerk_sees_the_pending_form_on_the_home_page(owned, world, as_user):
    html = as_user(world.owner).get(reverse("home")).content.decode()
    assert detail(owned) in html


def test_rollup_for_the_office_with_drill_down(round_, world, as_user):
    accept_all(round_, world)
    client = as_user(world.office)
    page = client.get(reverse("collection:rollup"), {"year": 2025})
    assert page.context["region"].code == "990102"
    columns = {c.key: c.totals for c in page.context["columns"]}
    assert columns["total"]["reconsideration_received"] == 36  # three agencies × 12
    assert columns["own"]["reconsideration_received"] == 24  # the two county departments
    assert columns["990102001"]["reconsideration_received"] == 12
    assert "20" in page.content.decode()  # the correction rate, 6 of 30
    drill = client.get(reverse("collection:contributions", args=[2025, "990102", "reconsideration_correction_rate"]))
    assert drill.status_code == 200
    assert {r.agency_code for r in drill.context["rows"]} == {"sfx-scj", "sfx-jyj", "sfx-t01"}
    assert drill.context["total_parts"] == (6, 30)


def test_supervisor_reads_the_counties_below_but_not_its_own_city(round_, world, as_user):
    accept_all(round_, world)
    client = as_user(world.supervisor)
    page = client.get(reverse("collection:rollup"), {"year": 2025})
    assert {c.key for c in page.context["columns"]} == {"990102", "990103"}
    assert client.get(reverse("collection:rollup"), {"year": 2025, "region": "990102"}).status_code == 200
    assert client.get(reverse("collection:rollup"), {"year": 2025, "region": "990100"}).status_code == 404
    own_city = reverse("collection:contributions", args=[2025, "990100", "pufa_activities"])
    assert client.get(own_city).status_code == 404
    drill = client.get(reverse("collection:contributions", args=[2025, "990102", "pufa_activities"]), {"own": "1"})
    assert {r.agency_code for r in drill.context["rows"]} == {"sfx-scj", "sfx-jyj"}
    assert client.get(reverse("collection:round_detail", args=[round_.pk])).status_code == 200
    assert client.post(reverse("collection:round_close", args=[round_.pk]),
                       {"override_reason": "x"}).status_code == 403


def test_clerks_and_outsiders_get_no_rollup(round_, world, as_user):
    assert as_user(world.owner).get(reverse("collection:rollup")).status_code == 403
    url = reverse("collection:contributions", args=[2025, "990102", "pufa_activities"])
    assert as_user(world.outsider).get(url).status_code == 403


def test_metrics_of_the_round_are_the_ones_asked(round_):
    assert set(METRICS) <= set(round_.metrics.values_list("code", flat=True))
    assert round_.due_date == DUE


def test_office_home_lists_late_forms_but_not_those_still_in_time(round_, owned, world, as_user):
    html = as_user(world.office).get(reverse("home")).content.decode()
    assert detail(owned) not in html
    with at(date(2026, 1, 22)):
        html = as_user(world.office).get(reverse("home")).content.decode()
        assert detail(owned) in html
