"""The pages and the API through the scope: the office runs the review; a reviewed department reads its own files'
results once sent and nothing of another department's; the outsider and a department not reviewed see nothing
anywhere (list, detail, export, API) and change nothing; CSRF is enforced."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.filereview import actions
from fazhi.filereview.models import Campaign, Rectification, ReviewFile, Rubric, Score

from .conftest import full_marks, item, score_all

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    body = response.content
    if body[:2] == b"PK":
        sheets = load_workbook(io.BytesIO(body)).worksheets
        return " ".join(str(v) for sheet in sheets for row in sheet.iter_rows(values_only=True) for v in row if v)
    return body.decode()


@pytest.fixture
def sent(world, body, closed_cases, open_campaign):
    """A published campaign over the 市场监管局's body alone: three files, one failed with a rectification item."""
    closed_cases(body, 3)
    campaign = open_campaign([body], title="市场监管案卷评查")
    actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2))
    actions.assign_reviewers(campaign, by=world.office, reviewers=[world.office])
    actions.start_review(campaign, by=world.office, on=date(2026, 12, 3))
    failing = campaign.files.order_by("pk").first()
    score_all(campaign, world.office, fail={failing.pk})
    actions.send_results(campaign, by=world.office, on=date(2026, 12, 8))
    return actions.publish_report(campaign, by=world.office, on=date(2026, 12, 9), report="总体较好")


def urls(campaign) -> dict[str, list[str]]:
    file = campaign.files.order_by("pk").first()
    item_ = Rectification.objects.get(campaign=campaign)
    return {
        "GET": [reverse("filereview:campaign_list"), reverse("filereview:campaign_detail", args=[campaign.pk]),
                reverse("filereview:file_detail", args=[file.pk]), reverse("filereview:file_score", args=[file.pk]),
                reverse("filereview:results"), reverse("filereview:results_export"),
                reverse("filereview:rubric_list"), reverse("filereview:rubric_detail", args=[campaign.rubric_id]),
                reverse("filereview:rectification_detail", args=[item_.pk]),
                "/api/v1/filereview/campaigns", f"/api/v1/filereview/campaigns/{campaign.pk}",
                f"/api/v1/filereview/campaigns/{campaign.pk}/files", f"/api/v1/filereview/campaigns/{campaign.pk}/samples",
                f"/api/v1/filereview/files/{file.pk}", "/api/v1/filereview/rubrics",
                f"/api/v1/filereview/rubrics/{campaign.rubric_id}"],
        "POST": [reverse("filereview:campaign_step", args=[campaign.pk, "publish"]),
                 reverse("filereview:campaign_step", args=[campaign.pk, "reviewers"]),
                 reverse("filereview:file_score", args=[file.pk]), reverse("filereview:file_rectify", args=[file.pk]),
                 reverse("filereview:rectification_complete", args=[item_.pk]),
                 reverse("filereview:rubric_step", args=[campaign.rubric_id, "revise"])],
        "API": [f"/api/v1/filereview/campaigns/{campaign.pk}/publish", f"/api/v1/filereview/campaigns/{campaign.pk}/send",
                f"/api/v1/filereview/files/{file.pk}/scores", f"/api/v1/filereview/files/{file.pk}/rectifications",
                f"/api/v1/filereview/rectifications/{item_.pk}/complete"],
    }


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing_and_change_nothing(world, sent, who):
    client = csrf_client(getattr(world, who))
    secrets = ["市场监管案卷评查", *ReviewFile.objects.values_list("case__title", flat=True), "补强证据"]
    found = urls(sent)
    for url in found["GET"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not any(word in text_of(response) for word in secrets), url
        if url.rstrip("/").rsplit("/", 1)[-1].isdigit() or "/score/" in url or url.endswith("/files") \
                or url.endswith("/samples"):
            assert response.status_code == 404, url
    for url in found["POST"]:
        assert client.post(url, {"on": "2026-12-10", "report": "x", "note": "x", "description": "x"}).status_code \
            == 404, url
    for url in found["API"]:
        response = client.post(url, {"on": "2026-12-10", "report": "x", "scored_on": "2026-12-10", "lines": []},
                               content_type="application/json")
        assert response.status_code == 404, url
    assert client.get("/api/v1/filereview/campaigns").json()["count"] == 0
    sent.refresh_from_db()
    assert sent.status == Campaign.Status.PUBLISHED and Score.objects.count() == 3
    assert Rectification.objects.get().status == Rectification.Status.OPEN


def test_a_department_reads_its_own_results_once_sent_and_nothing_of_another(world, reviewing):
    client = csrf_client(world.owner)
    colleague = csrf_client(world.colleague)
    ours = list(reviewing.files.filter(agency__code="sfx-scj").order_by("pk"))
    theirs = list(reviewing.files.filter(agency__code="sfx-jyj").order_by("pk"))
    detail = reverse("filereview:campaign_detail", args=[reviewing.pk])
    # Under review: the departments see nothing yet.
    assert client.get(detail).status_code == 404
    assert client.get(reverse("filereview:file_detail", args=[ours[0].pk])).status_code == 404
    assert client.get(f"/api/v1/filereview/files/{ours[0].pk}").status_code == 404
    assert ours[0].case.title not in text_of(client.get(reverse("filereview:results")))
    score_all(reviewing, world.office, fail={ours[0].pk})
    actions.send_results(reviewing, by=world.office, on=date(2026, 12, 8))
    # Sent: each reads its own files, not the other department's.
    page = text_of(client.get(detail))
    assert all(f.case.title in page for f in ours) and not any(f.case.title in page for f in theirs)
    assert 'data-testid="form-' not in page and 'data-testid="report"' not in page
    assert client.get(reverse("filereview:file_detail", args=[theirs[0].pk])).status_code == 404
    assert colleague.get(reverse("filereview:file_detail", args=[ours[0].pk])).status_code == 404
    exported = text_of(client.get(reverse("filereview:results_export")))
    assert ours[0].case.title in exported and theirs[0].case.title not in exported and "补强证据" in exported
    assert not any(f.case.title in text_of(colleague.get(reverse("filereview:results_export"))) for f in ours)
    rows = client.get(f"/api/v1/filereview/campaigns/{reviewing.pk}/files").json()
    assert {row["id"] for row in rows["items"]} == {f.pk for f in ours}
    assert client.get(f"/api/v1/filereview/files/{theirs[0].pk}").status_code == 404
    assert client.get(f"/api/v1/filereview/campaigns/{reviewing.pk}/samples").json() == []
    assert client.get(reverse("filereview:rubric_detail", args=[reviewing.rubric_id])).status_code == 404
    # The department records the completion of its rectification; it may not score or order.
    file_page = text_of(client.get(reverse("filereview:file_detail", args=[ours[0].pk])))
    item_ = Rectification.objects.get()
    assert f'data-testid="form-complete-{item_.pk}"' in file_page and 'data-testid="form-rectify"' not in file_page
    url = reverse("filereview:rectification_complete", args=[item_.pk])
    assert colleague.post(url, {"on": "2026-12-10", "note": "x"}).status_code == 404
    assert client.post(url, {"on": "2026-12-10", "note": "已完成自查"}).status_code == 302
    item_.refresh_from_db()
    assert item_.status == Rectification.Status.DONE
    assert client.post(reverse("filereview:file_rectify", args=[ours[0].pk]), {"description": "x"}).status_code == 403
    response = client.post(f"/api/v1/filereview/campaigns/{reviewing.pk}/publish",
                           {"on": "2026-12-10", "report": "x"}, content_type="application/json")
    assert response.status_code == 403
    # Published: the report is read by each department reviewed, with every agency's figures.
    actions.publish_report(reviewing, by=world.office, on=date(2026, 12, 9), report="证据收集仍是薄弱环节")
    page = text_of(colleague.get(detail))
    assert "证据收集仍是薄弱环节" in page and "示范县市场监督管理局" in page and ours[0].case.title not in page


def test_the_office_runs_a_campaign_on_the_pages(world, director, body, closed_cases):
    closed_cases(body, 4)
    client = csrf_client(world.office)
    response = client.post(reverse("filereview:campaign_create"), {
        "office": world.agency("sfx-office").pk, "title": "页面评查", "year": "2026", "bodies": [body.pk],
        "minimum_per_body": "3", "rectification_days": "20", "opened_on": "2026-12-01"})
    campaign = Campaign.objects.get(title="页面评查")
    assert response.status_code == 302 and campaign.rubric.status == Rubric.Status.IN_FORCE
    step = lambda name, data: client.post(reverse("filereview:campaign_step", args=[campaign.pk, name]), data)  # noqa: E731
    assert step("sample", {"on": "2026-12-02"}).status_code == 302
    campaign.refresh_from_db()
    page = text_of(client.get(reverse("filereview:campaign_detail", args=[campaign.pk])))
    assert campaign.seed in page and 'data-testid="seed"' in page and 'data-testid="form-resample"' in page
    response = step("resample", {"on": "2026-12-02", "reason": ""})
    assert response.status_code == 400 and 'id="id_resample_reason_error"' in text_of(response)
    assert step("start", {"on": "2026-12-03"}).status_code == 400  # no reviewer yet
    assert step("reviewers", {"reviewers": [world.office.pk, director.pk]}).status_code == 302
    assert step("start", {"on": "2026-12-03"}).status_code == 302
    files = list(campaign.files.order_by("pk"))
    page = text_of(client.get(reverse("filereview:campaign_detail", args=[campaign.pk])))
    assert '<progress id="progress" max="3" value="0"' in page and f'data-testid="score-{files[0].pk}"' in page
    score_url = reverse("filereview:file_score", args=[files[0].pk])
    form = text_of(client.get(score_url))
    assert 'data-testid="score-form"' in form and "Fails the file (veto)" in form
    docs = item(campaign, section="documents")
    data = {"scored_on": "2026-12-05", "comments": "好"}
    for rubric_item in campaign.rubric.items.all():
        data[f"points_{rubric_item.pk}"] = str(rubric_item.max_score)
    data[f"points_{docs.pk}"] = str(docs.max_score - 1)
    response = client.post(score_url, data)
    assert response.status_code == 400 and "A deduction needs a note saying why." in text_of(response)
    data[f"note_{docs.pk}"] = "文书填写不完整"
    assert client.post(score_url, data).status_code == 302
    # Scored once; the reviewer then corrects the score, saying why, on the same form filled in with it.
    detail = text_of(client.get(reverse("filereview:file_detail", args=[files[0].pk])))
    assert 'data-testid="correct-score"' in detail and 'data-testid="score"' not in detail
    form = text_of(client.get(score_url))
    assert "文书填写不完整" in form and 'name="correction"' in form
    response = client.post(score_url, data)
    assert response.status_code == 400 and 'id="id_correction_error"' in text_of(response)
    assert files[0].scores.get(withdrawn_at__isnull=True).total == 99
    data[f"points_{docs.pk}"] = str(docs.max_score - 2)
    assert client.post(score_url, {**data, "correction": "文书扣分应为2分"}).status_code == 302
    assert files[0].scores.get(withdrawn_at__isnull=True).total == 98
    assert files[0].scores.get(withdrawn_at__isnull=False).withdrawn_reason == "文书扣分应为2分"
    response = step("send", {"on": "2026-12-08"})
    assert response.status_code == 400 and "2 files are not yet scored" in text_of(response)
    for file in files[1:]:
        actions.score_file(file, by=director, on=date(2026, 12, 6), lines=full_marks(campaign))
    page = text_of(client.get(reverse("filereview:campaign_detail", args=[campaign.pk])))
    assert '<progress id="progress" max="3" value="3"' in page
    response = client.post(reverse("filereview:file_rectify", args=[files[0].pk]), {"description": "完善送达回证"})
    assert response.status_code == 302
    assert step("send", {"on": "2026-12-08"}).status_code == 302
    assert Rectification.objects.get().due_on == date(2026, 12, 28)  # the campaign's 20 days
    assert step("publish", {"on": "2026-12-09", "report": "总体规范"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.PUBLISHED


def test_posts_need_the_csrf_token(world, reviewing):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    url = reverse("filereview:campaign_step", args=[reviewing.pk, "send"])
    assert client.post(url, {"on": "2026-12-08"}).status_code == 403
    file = reviewing.files.first()
    response = client.post(f"/api/v1/filereview/files/{file.pk}/scores",
                           {"scored_on": "2026-12-05", "lines": []}, content_type="application/json")
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_the_api_opens_samples_and_scores_with_refusals_naming_the_field(world, director, body, closed_cases):
    closed_cases(body, 5)
    office = csrf_client(world.office)
    owner = csrf_client(world.owner)
    payload = {"office": "sfx-office", "year": 2026, "title": "接口评查", "bodies": [body.pk], "opened_on": "2026-12-01",
               "sample_percent": "40"}
    assert owner.post("/api/v1/filereview/campaigns", payload, content_type="application/json").status_code == 403
    response = office.post("/api/v1/filereview/campaigns", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["sample_percent"] == "40.00"
    campaign_id = response.json()["id"]
    base = f"/api/v1/filereview/campaigns/{campaign_id}"
    response = office.post(f"{base}/sample", {"on": "2026-12-02", "seed": "abc"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["seed"] == "abc" and response.json()["files_total"] == 3
    response = office.post(f"{base}/resample", {"on": "2026-12-02"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    samples = office.get(f"{base}/samples").json()
    assert len(samples) == 1 and samples[0]["seed"] == "abc"
    response = office.post(f"{base}/reviewers", {"reviewers": [director.pk]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["reviewers"] == [str(director)]
    assert office.post(f"{base}/reviewers", {"reviewers": [world.owner.pk]},
                       content_type="application/json").status_code == 422
    assert office.post(f"{base}/start", {"on": "2026-12-03"}, content_type="application/json").status_code == 200
    assert office.post(f"{base}/send", {"on": "2026-12-08"}, content_type="application/json").status_code == 409
    files = office.get(f"{base}/files").json()["items"]
    campaign = Campaign.objects.get(pk=campaign_id)
    docs = item(campaign, section="documents")
    lines = [{"item": i.pk, "points": str(i.max_score)} for i in campaign.rubric.items.all()]
    body_ = {"scored_on": "2026-12-05", "lines": lines}
    url = f"/api/v1/filereview/files/{files[0]['id']}/scores"
    response = office.post(url, body_, content_type="application/json")
    assert response.status_code == 403 and "reviewers" in response.json()["detail"]  # not a reviewer
    reviewer = csrf_client(director)
    for line in lines:
        if line["item"] == docs.pk:
            line["points"] = str(docs.max_score - 2)
    response = reviewer.post(url, body_, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == f"note_{docs.pk}"
    for line in lines:
        if line["item"] == docs.pk:
            line["note"] = "文书不规范"
    response = reviewer.post(url, body_, content_type="application/json")
    assert response.status_code == 200 and response.json()["total"] == "98.0" and response.json()["passed"]
    assert reviewer.post(url, body_, content_type="application/json").status_code == 409
    response = reviewer.post(url, {**body_, "correction": "复核后维持原分"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["total"] == "98.0"
    detail = office.get(f"/api/v1/filereview/files/{files[0]['id']}").json()
    assert detail["status"] == "scored" and detail["scores"][0]["lines"][0]["points"]
    assert len(detail["scores"]) == 1  # the corrected score replaced the first


def test_the_rubric_pages(world):
    client = csrf_client(world.office)
    page = text_of(client.get(reverse("filereview:rubric_list")))
    assert 'data-testid="form-default"' in page
    office = world.agency("sfx-office")
    assert client.post(reverse("filereview:rubric_default"), {"office": office.pk}).status_code == 302
    rubric = Rubric.objects.get()
    page = text_of(client.get(reverse("filereview:rubric_detail", args=[rubric.pk])))
    assert "Total marks 100.0" in page and 'data-testid="form-revise"' in page and 'data-testid="form-add"' not in page
    step = lambda pk, name, data: client.post(reverse("filereview:rubric_step", args=[pk, name]), data)  # noqa: E731
    assert step(rubric.pk, "add", {"section": "archive", "text": "x", "max_score": "1"}).status_code == 400
    response = step(rubric.pk, "revise", {})
    draft = Rubric.objects.get(version=2)
    assert response.status_code == 302 and response["Location"].endswith(f"/rubrics/{draft.pk}/")
    assert step(draft.pk, "add", {"section": "archive", "text": "电子归档", "max_score": "5"}).status_code == 302
    response = step(draft.pk, "adopt", {"on": "2026-12-10"})
    assert response.status_code == 400 and "The items add up to 105.0 marks" in text_of(response)
    extra = draft.items.get(text="电子归档")
    assert step(draft.pk, "item", {"item": extra.pk, "section": "archive", "text": "电子归档",
                                   "max_score": "5", "veto": "on"}).status_code == 302
    assert step(draft.pk, "remove", {"item": extra.pk}).status_code == 302
    assert step(draft.pk, "pass_mark", {"name": "评查标准（2027版）", "pass_mark": "85"}).status_code == 302
    assert step(draft.pk, "adopt", {"on": "2026-12-10"}).status_code == 302
    draft.refresh_from_db()
    rubric.refresh_from_db()
    assert draft.status == Rubric.Status.IN_FORCE and draft.pass_mark == 85 and rubric.status == Rubric.Status.RETIRED
    owner = csrf_client(world.owner)
    assert owner.get(reverse("filereview:rubric_detail", args=[draft.pk])).status_code == 404
    assert owner.post(reverse("filereview:rubric_default"), {"office": office.pk}).status_code == 404


def test_the_results_list_filters_and_exports(world, reviewing):
    failing = reviewing.files.filter(agency__code="sfx-scj").order_by("pk").first()
    score_all(reviewing, world.office, fail={failing.pk})
    client = csrf_client(world.office)
    page = text_of(client.get(reverse("filereview:results"), {"outcome": "failed"}))
    assert "Files: 1" in page and failing.case.title in page
    page = text_of(client.get(reverse("filereview:results"), {"agency": "sfx-jyj", "year": "2026"}))
    assert "Files: 2" in page and failing.case.title not in page
    rows = client.get(reverse("filereview:results"), {"campaign": reviewing.pk}, HTTP_HX_REQUEST="true")
    assert "<form" not in text_of(rows) and "Files: 5" in text_of(rows)
    response = client.get(reverse("filereview:results_export"), {"campaign": reviewing.pk})
    assert response["Content-Disposition"].startswith('attachment; filename="filereview-results-2026-12-10')
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    assert sheets[0].max_row == 6 and sheets[1].max_row == 2
    values = [row for row in sheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(str(r[10]) for r in values) == ["failed", "passed", "passed", "passed", "passed"]


def test_the_api_describes_its_operations():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = [path for path in schema["paths"] if path.startswith("/api/v1/filereview/")]
    assert "/api/v1/filereview/campaigns/{campaign_id}/samples" in paths and len(paths) >= 12
    assert "422" in schema["paths"]["/api/v1/filereview/files/{file_id}/scores"]["post"]["responses"]
