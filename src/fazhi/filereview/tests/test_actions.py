"""The file review's rules on worked examples: the rubric and its versions, the sample (only the year's closed cases,
the share and the minimum per body, reproducible, drawn again only with a reason), the scoring limits and the veto,
the pass mark, the sending of the results, the rectification items and their reminders, the metrics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.filereview import actions, sampling
from fazhi.filereview.models import Campaign, Rectification, ReviewFile, Rubric, Sample

from .conftest import at, full_marks, item, make_case, score_all

pytestmark = pytest.mark.django_db


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


# The rubric ----------------------------------------------------------------------------------------------------


def test_the_default_rubric_adds_up_to_100_with_a_pass_mark_of_80_and_veto_items(world):
    rubric = actions.default_rubric(world.agency("sfx-office"), by=world.office)
    assert rubric.status == Rubric.Status.IN_FORCE and rubric.version == 1
    assert rubric.total_marks() == Decimal(100) and rubric.pass_mark == Decimal(80)
    assert {i.section for i in rubric.items.all()} == {"subject", "facts", "evidence", "law", "procedure",
                                                       "documents", "discretion", "archive"}
    assert rubric.items.filter(veto=True).exists()
    assert actions.default_rubric(world.agency("sfx-office"), by=world.office) == rubric  # once
    with pytest.raises(IllegalTransition):
        actions.default_rubric(world.agency("sfx-office"), by=world.owner)  # a department keeps no rubric


def test_a_revision_is_a_new_version_and_a_campaign_keeps_the_one_it_used(world, body, closed_cases, open_campaign):
    closed_cases(body, 1)
    campaign = open_campaign([body])
    first = campaign.rubric
    with pytest.raises(IllegalTransition, match="never changed"):
        actions.set_pass_mark(first, by=world.office, pass_mark=85)
    draft = actions.revise_rubric(first, by=world.office)
    assert draft.version == 2 and draft.status == Rubric.Status.DRAFT and draft.items.count() == first.items.count()
    actions.set_pass_mark(draft, by=world.office, pass_mark=85)
    actions.set_rubric_item(draft, by=world.office, section="archive", text="电子档案同步归档", max_score=2)
    with pytest.raises(ValidationError) as excinfo:  # 102 marks
        actions.adopt_rubric(draft, by=world.office, on=date(2026, 12, 5))
    assert "102" in errors(excinfo)["items"][0]
    extra = draft.items.get(text="电子档案同步归档")
    with pytest.raises(ValidationError) as excinfo:
        actions.set_rubric_item(draft, by=world.office, item=extra, section="archive", text="x", max_score=101)
    assert "max_score" in errors(excinfo)
    actions.remove_rubric_item(extra, by=world.office)
    adopted = actions.adopt_rubric(draft, by=world.office, on=date(2026, 12, 5))
    first.refresh_from_db()
    campaign.refresh_from_db()
    assert adopted.status == Rubric.Status.IN_FORCE and first.status == Rubric.Status.RETIRED
    assert campaign.rubric == first and campaign.rubric.pass_mark == Decimal(80)
    assert open_campaign([body], title="第二次").rubric == adopted


# The sample ------------------------------------------------------------------------------------------------------


def test_the_sample_draws_only_the_cases_the_bodies_closed_in_the_year(world, body, other_body, closed_cases,
                                                                       open_campaign):
    closed = closed_cases(body, 4)
    served = make_case(body, world.owner, closed_on=None)  # not closed
    with at(date(2025, 12, 20)):
        last_year = make_case(body, world.owner, opened_on=date(2025, 6, 2), closed_on=date(2025, 12, 1))
    others = closed_cases(other_body, 2)
    campaign = open_campaign([body, other_body])
    sample = actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    assert sample.candidates == {str(body.pk): [c.pk for c in closed], str(other_body.pk): [c.pk for c in others]}
    files = list(campaign.files.all())
    drawn = {f.case_id for f in files}
    assert served.pk not in drawn and last_year.pk not in drawn
    assert len([f for f in files if f.body_id == body.pk]) == 3  # 5 % of 4, rounded up, is 1: the minimum of 3
    assert {f.case_id for f in files if f.body_id == other_body.pk} == {c.pk for c in others}  # fewer: all
    assert {f.agency.code for f in files} == {"sfx-scj", "sfx-jyj"}  # each file belongs to its department
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SAMPLED and campaign.seed == sample.seed and len(sample.seed) == 16


def test_the_same_seed_gives_the_same_sample(world, body, closed_cases, open_campaign):
    closed_cases(body, 7)
    first = actions.draw_sample(open_campaign([body]), by=world.office, on=date(2026, 12, 2), seed="c0ffee")
    second = actions.draw_sample(open_campaign([body], title="复核"), by=world.office, on=date(2026, 12, 2),
                                 seed="C0FFEE")
    assert first.result == second.result and len(first.result[str(body.pk)]) == 3
    assert sampling.draw(first.seed, first.candidates, first.percent, first.minimum) == {
        int(k): v for k, v in first.result.items()}


def test_the_campaign_may_set_its_own_share(world, body, closed_cases, open_campaign):
    closed_cases(body, 8)
    campaign = open_campaign([body], sample_percent="50", minimum_per_body=1)
    actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    assert campaign.files.count() == 4 and campaign.percent == Decimal(50)
    with pytest.raises(ValidationError) as excinfo:
        open_campaign([body], sample_percent="0")
    assert "sample_percent" in errors(excinfo)


def test_the_setting_gives_the_share(world, body, closed_cases, open_campaign, settings):
    settings.FAZHI_FILEREVIEW_SAMPLE_PERCENT = "60"
    closed_cases(body, 5)
    campaign = open_campaign([body])
    actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    assert campaign.files.count() == 3 and Sample.objects.get().percent == Decimal(60)  # 60 % of 5


def test_nothing_to_sample_is_refused(world, body, open_campaign):
    campaign = open_campaign([body])
    with pytest.raises(ValidationError) as excinfo:
        actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    assert "2026" in errors(excinfo)["bodies"][0]


def test_drawing_again_needs_a_reason_keeps_the_old_sample_and_is_audited(world, body, closed_cases, open_campaign):
    from fazhi.audit.models import AuditEntry

    closed_cases(body, 6)
    campaign = open_campaign([body])
    old = actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2), seed="1")
    with pytest.raises(ValidationError) as excinfo:
        actions.resample(campaign, by=world.office, on=date(2026, 12, 3), reason=" ")
    assert "reason" in errors(excinfo)
    new = actions.resample(campaign, by=world.office, on=date(2026, 12, 3), reason="抽取时遗漏一个执法主体", seed="2")
    old.refresh_from_db()
    campaign.refresh_from_db()
    assert old.status == Sample.Status.SUPERSEDED and old.superseded_by == new and new.reason == "抽取时遗漏一个执法主体"
    assert campaign.seed == "2" and campaign.sampled_on == date(2026, 12, 3)
    assert not old.files.filter(withdrawn_at__isnull=True).exists()
    assert campaign.files.filter(withdrawn_at__isnull=True).count() == 3
    assert all(f.sample_id == new.pk for f in campaign.files.filter(withdrawn_at__isnull=True))
    entry = AuditEntry.objects.for_object(old).filter(action="transition", reason="抽取时遗漏一个执法主体")
    assert entry.get().changes["status"] == ["current", "superseded"] and entry.get().actor == world.office
    assert AuditEntry.objects.for_object(campaign).filter(reason="抽取时遗漏一个执法主体").exists()
    actions.assign_reviewers(campaign, by=world.office, reviewers=[world.office])
    actions.start_review(campaign, by=world.office, on=date(2026, 12, 4))
    with pytest.raises(IllegalTransition):
        actions.resample(campaign, by=world.office, on=date(2026, 12, 5), reason="再抽一次")


def test_only_the_office_runs_a_campaign(world, body, closed_cases, open_campaign):
    closed_cases(body, 1)
    with pytest.raises(IllegalTransition) as excinfo:
        open_campaign([body], by=world.owner)
    assert excinfo.value.code == "forbidden"
    campaign = open_campaign([body])
    with pytest.raises(IllegalTransition):
        actions.draw_sample(campaign, by=world.owner, on=date(2026, 12, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.assign_reviewers(campaign, by=world.office, reviewers=[world.owner])
    assert "reviewers" in errors(excinfo)


# Scoring ---------------------------------------------------------------------------------------------------------


def test_points_stay_within_the_item_and_a_deduction_needs_a_note(world, reviewing):
    file = reviewing.files.first()
    facts = item(reviewing, section="facts")
    docs = item(reviewing, section="documents")
    with pytest.raises(ValidationError) as excinfo:
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **{
            str(facts.pk): {"points": facts.max_score + 1}, str(docs.pk): {"points": docs.max_score - 2}}))
    found = errors(excinfo)
    assert set(found) == {f"points_{facts.pk}", f"note_{docs.pk}"}
    assert "deduction needs a note" in found[f"note_{docs.pk}"][0]
    lines = full_marks(reviewing)
    del lines[facts.pk]
    with pytest.raises(ValidationError) as excinfo:
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=lines)
    assert f"points_{facts.pk}" in errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:  # only a veto item fails a file
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **{
            str(facts.pk): {"failed": True, "note": "x"}}))
    assert f"failed_{facts.pk}" in errors(excinfo)
    score = actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **{
        str(docs.pk): {"points": docs.max_score - 2, "note": "文书不规范"}}), comments="总体规范")
    assert score.total == Decimal(98) and score.passed and score.lines.count() == reviewing.rubric.items.count()


def test_a_reviewer_corrects_their_score_with_a_reason_while_the_review_lasts(world, director, reviewing):
    file = reviewing.files.first()
    docs = item(reviewing, section="documents")
    with pytest.raises(ValidationError) as excinfo:
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing),
                           correction="多扣了分")
    assert "correction" in excinfo.value.message_dict  # nothing of theirs to correct yet
    first = actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing))
    actions.score_file(file, by=director, on=date(2026, 12, 5), lines=full_marks(reviewing))
    file.refresh_from_db()
    assert file.total == 100 and file.passed
    corrected = actions.score_file(file, by=world.office, on=date(2026, 12, 6), correction="文书问题漏扣", lines=full_marks(
        reviewing, **{str(docs.pk): {"points": docs.max_score - 4, "note": "文书不规范"}}))
    first.refresh_from_db()
    file.refresh_from_db()
    assert first.is_withdrawn and first.withdrawn_reason == "文书问题漏扣" and corrected.total == 96
    assert file.total == 98  # the mean of the director's 100 and the corrected 96
    assert set(file.scores.filter(withdrawn_at__isnull=True)) == {corrected, file.scores.get(reviewer=director)}
    for other in reviewing.files.exclude(pk=file.pk):
        actions.score_file(other, by=director, on=date(2026, 12, 6), lines=full_marks(reviewing))
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    with pytest.raises(IllegalTransition):  # the results are out: the scores stand
        actions.score_file(file, by=world.office, on=date(2026, 12, 9), lines=full_marks(reviewing),
                           correction="再改")


def test_a_reviewer_scores_a_file_once_and_only_reviewers_score(world, director, reviewing):
    file = reviewing.files.first()
    actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing))
    assert excinfo.value.code == "already_scored"
    actions.assign_reviewers(reviewing, by=world.office, reviewers=[world.office])
    with pytest.raises(IllegalTransition) as excinfo:
        actions.score_file(file, by=director, on=date(2026, 12, 5), lines=full_marks(reviewing))
    assert excinfo.value.code == "not_reviewer"
    with pytest.raises(IllegalTransition) as excinfo:
        actions.score_file(file, by=world.owner, on=date(2026, 12, 5), lines=full_marks(reviewing))
    assert excinfo.value.code == "forbidden"
    with pytest.raises(ValidationError):  # a reviewer who scored stays
        actions.assign_reviewers(reviewing, by=world.office, reviewers=[director])


def test_a_failed_veto_item_fails_the_file_whatever_its_total(world, reviewing):
    file = reviewing.files.first()
    veto = item(reviewing, veto=True)
    with pytest.raises(ValidationError) as excinfo:
        actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **{
            str(veto.pk): {"failed": True}}))
    assert "needs a note" in errors(excinfo)[f"note_{veto.pk}"][0]
    score = actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **{
        str(veto.pk): {"failed": True, "points": veto.max_score, "note": "无执法主体资格"}}))
    assert score.vetoed and not score.passed and score.total == Decimal(100) - veto.max_score > 80
    file.refresh_from_db()
    assert file.status == ReviewFile.Status.SCORED and file.vetoed and file.passed is False


def test_a_file_passes_at_the_pass_mark_and_fails_below_it(world, reviewing):
    first, second = list(reviewing.files.order_by("pk")[:2])
    law = item(reviewing, section="law")
    procedure = item(reviewing, section="procedure", veto=False)
    docs = item(reviewing, section="documents")
    off = {str(law.pk): {"points": 0, "note": "适用依据错误"}, str(procedure.pk): {"points": 0, "note": "未经法制审核"},
           str(docs.pk): {"points": docs.max_score - 5, "note": "文书缺失"}}
    at_mark = actions.score_file(first, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **off))
    assert at_mark.total == Decimal(80) and at_mark.passed
    off[str(docs.pk)] = {"points": docs.max_score - Decimal("5.1"), "note": "文书缺失"}
    below = actions.score_file(second, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing, **off))
    assert below.total == Decimal("79.9") and not below.passed and not below.vetoed


def test_two_reviewers_give_the_mean(world, director, reviewing):
    assert actions.file_result([(Decimal(90), False), (Decimal(75), False)], Decimal(80)) == (
        Decimal("82.5"), False, True)
    assert actions.file_result([(Decimal(100), False), (Decimal(95), True)], Decimal(80))[2] is False
    file = reviewing.files.first()
    docs = item(reviewing, section="documents")
    actions.score_file(file, by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing))
    actions.score_file(file, by=director, on=date(2026, 12, 6), lines=full_marks(reviewing, **{
        str(docs.pk): {"points": docs.max_score - 3, "note": "签名不全"}}))
    file.refresh_from_db()
    assert file.total == Decimal("98.5") and file.passed


def test_files_are_scored_only_under_review(world, body, closed_cases, open_campaign):
    closed_cases(body, 1)
    campaign = open_campaign([body])
    actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    actions.assign_reviewers(campaign, by=world.office, reviewers=[world.office])
    with pytest.raises(IllegalTransition, match="under review"):
        actions.score_file(campaign.files.get(), by=world.office, on=date(2026, 12, 5), lines=full_marks(campaign))


# Results and rectification -------------------------------------------------------------------------------------


def test_the_results_are_sent_only_once_every_file_is_scored(world, reviewing):
    files = list(reviewing.files.order_by("pk"))
    actions.score_file(files[0], by=world.office, on=date(2026, 12, 5), lines=full_marks(reviewing))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    assert excinfo.value.code == "unscored" and f"{len(files) - 1} files are not yet scored" in excinfo.value.messages[0]
    veto = item(reviewing, veto=True)
    for file in files[1:]:
        failed = {str(veto.pk): {"failed": True, "note": "主要证据不足"}} if file == files[1] else {}
        actions.score_file(file, by=world.office, on=date(2026, 12, 6), lines=full_marks(reviewing, **failed))
    with pytest.raises(IllegalTransition) as excinfo:  # the failed file has nothing to rectify yet
        actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    assert excinfo.value.code == "unrectified"
    ordered = actions.order_rectification(files[1], by=world.office, description="补强证据")
    assert ordered.due_on is None and ordered.next_deadline is None  # not yet sent: no reminder
    with pytest.raises(ValidationError) as excinfo:
        actions.send_results(reviewing, by=world.office, on=date(2026, 12, 5))  # before the last score
    assert "on" in errors(excinfo)
    campaign = actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    ordered.refresh_from_db()
    assert campaign.status == Campaign.Status.RESULTS_SENT
    assert ordered.notified_on == date(2026, 12, 8) and ordered.due_on == date(2027, 1, 7)  # 30 days
    assert ordered.next_deadline == date(2027, 1, 7)
    with pytest.raises(ValidationError) as excinfo:
        actions.publish_report(campaign, by=world.office, on=date(2026, 12, 9), report="")
    assert "report" in errors(excinfo)
    campaign = actions.publish_report(campaign, by=world.office, on=date(2026, 12, 9), report="总体较好，个别案卷证据不足。")
    assert campaign.status == Campaign.Status.PUBLISHED


def test_the_department_records_its_rectification_and_is_reminded(world, reviewing):
    from fazhi.core import agenda as registry
    from fazhi.filereview.agenda import RectificationAgenda

    assert any(isinstance(provider, RectificationAgenda) for provider in registry.providers())
    agenda = RectificationAgenda()
    failing = reviewing.files.filter(agency__code="sfx-scj").order_by("pk").first()
    score_all(reviewing, world.office, fail={failing.pk})
    assert agenda(world.owner, date(2026, 12, 10)) == []
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    item_ = Rectification.objects.get()
    assert item_.agency.code == "sfx-scj" and item_.due_on == date(2027, 1, 7)

    def reminders(user, day):
        return agenda(user, day)

    assert reminders(world.owner, date(2026, 12, 10)) == []  # 28 days ahead, beyond the horizon
    with at(date(2026, 12, 28)):
        due = reminders(world.owner, date(2026, 12, 28))
        assert len(due) == 1 and due[0].state == "soon" and due[0].url.endswith(f"/rectifications/{item_.pk}/")
        assert reminders(world.colleague, date(2026, 12, 28)) == []  # another department's
        assert len(reminders(world.office, date(2026, 12, 28))) == 1
    with at(date(2027, 1, 9)):
        assert reminders(world.owner, date(2027, 1, 9))[0].state == "overdue"
        assert item_.is_overdue(date(2027, 1, 9))
        with pytest.raises(IllegalTransition):
            actions.complete_rectification(item_, by=world.colleague, on=date(2027, 1, 9), note="x")
        with pytest.raises(ValidationError) as excinfo:
            actions.complete_rectification(item_, by=world.owner, on=date(2027, 1, 9), note="")
        assert "note" in errors(excinfo)
        done = actions.complete_rectification(item_, by=world.owner, on=date(2027, 1, 9), note="已补强证据并完成自查")
        assert done.status == Rectification.Status.DONE and done.next_deadline is None
        assert reminders(world.owner, date(2027, 1, 9)) == []


def test_an_item_ordered_after_the_results_is_sent_at_once(world, reviewing):
    score_all(reviewing, world.office)
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    file = reviewing.files.first()
    with pytest.raises(ValidationError) as excinfo:
        actions.order_rectification(file, by=world.office, description="x", due_on=date(2026, 12, 10))
    assert "due_on" in errors(excinfo)
    ordered = actions.order_rectification(file, by=world.office, description="完善归档", due_on=date(2026, 12, 31))
    assert ordered.notified_on == date(2026, 12, 10) and ordered.next_deadline == date(2026, 12, 31)


# Metrics -----------------------------------------------------------------------------------------------------------


def test_the_metrics_count_the_files_reviewed_and_passed_by_agency_and_year(world, reviewing):
    from fazhi.metrics import registry

    scj, jyj = world.agency("sfx-scj"), world.agency("sfx-jyj")
    assert registry.get("filereview.reviewed") and registry.get("filereview.passed")
    failing = reviewing.files.filter(agency=scj).order_by("pk").first()
    score_all(reviewing, world.office, fail={failing.pk})
    ids = [scj.pk, jyj.pk]
    assert registry.compute("filereview.reviewed", ids, 2026) == {scj.pk: 0, jyj.pk: 0}  # not yet sent
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    assert registry.compute("filereview.reviewed", ids, 2026) == {scj.pk: 3, jyj.pk: 2}
    assert registry.compute("filereview.passed", ids, 2026) == {scj.pk: 2, jyj.pk: 2}
    assert registry.compute("filereview.reviewed", ids, 2025) == {scj.pk: 0, jyj.pk: 0}
    url = registry.get("filereview.passed").records_url(scj, 2026)
    assert url.startswith("/filereview/results/?") and "agency=sfx-scj" in url and "outcome=passed" in url


def test_the_catalog_names_the_computations(catalog):
    assert catalog["enforcement_files_reviewed"].computed_by == "filereview.reviewed"
    assert catalog["enforcement_files_passed"].computed_by == "filereview.passed"


def test_a_rectification_is_due_after_the_results(world, reviewing):
    score_all(reviewing, world.office)
    file = reviewing.files.first()
    ordered = actions.order_rectification(file, by=world.office, description="x", due_on=date(2027, 1, 19))
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    ordered.refresh_from_db()
    assert ordered.due_on == date(2027, 1, 19)  # its own due date kept

