"""The self-assessments' pages and API: the body keeps its claims on the indicator's page, the office scores there;
the office's scores show to the body once published and never before; a colleague in another department and the
outsider in the next county see nothing on any list, record, indicator, export or API path, and change nothing;
a post without the CSRF token is refused."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.assessment.models import IndicatorEntry, SelfAssessment
from fazhi.assessment.tests.conftest import entries, pdf
from fazhi.core.tests.clients import csrf_client

pytestmark = pytest.mark.django_db

D = date


def _detail(record) -> str:
    return reverse("assessment:self_assessments:detail", args=[record.pk])


def _entry(record, index: int = 0, name: str = "self_assessment_entry", *more) -> str:
    return reverse(f"assessment:{name}", args=[record.pk, entries(record)[index].indicator_id, *more])


def _api(client, path, **extra):
    return client.get(f"/api/v1{path}", **extra)


def test_the_owner_sees_its_self_assessment_and_its_tree(opened, world):
    record = opened()
    client = csrf_client(world.owner)
    page = client.get(reverse("assessment:self_assessments:list")).content.decode()
    assert f'data-record="{record.pk}"' in page
    page = client.get(_detail(record)).content.decode()
    assert 'data-testid="indicator-tree"' in page and "督察问题整改到位" in page and 'data-indicator="1.1"' in page
    assert "Submit it to the rule-of-law office" in page and "Finish the scoring" not in page
    office = csrf_client(world.office).get(_detail(record)).content.decode()
    assert "Submit it to the rule-of-law office" in office  # the office keeps it for the body too


def test_the_body_records_its_claim_on_the_indicators_page(opened, world):
    record = opened()
    client = csrf_client(world.owner)
    assert client.get(_entry(record)).status_code == 200
    refused = client.post(_entry(record), {"claim-claimed_result": "met", "claim-claimed_score": "9"})
    assert refused.status_code == 422 and "from 0 to 4.00" in refused.content.decode()
    done = client.post(_entry(record), {"claim-claimed_result": "met", "claim-claimed_score": "4",
                                        "claim-explanation": "全部整改到位"})
    assert done.status_code == 302
    first = entries(record)[0]
    assert first.claimed_result == "met" and first.claimed_score == Decimal(4)


def test_the_body_links_a_record_and_attaches_a_file_on_the_page(opened, find, world):
    record = opened()
    own = find(description="执法案卷归档不规范")
    client = csrf_client(world.owner)
    page = client.get(_entry(record)).content.decode()  # the office's item of the body, suggested
    assert 'data-testid="suggested"' in page and "执法案卷归档不规范" in page
    assert client.post(_entry(record, 0, "self_assessment_link"),
                       {"source": "assessment", "record_id": own.pk}).status_code == 302
    link = entries(record)[0].links.get()
    assert client.post(_entry(record, 0, "self_assessment_file"),
                       {"file-upload": pdf("台账.pdf"), "file-description": "整改台账"}).status_code == 302
    page = client.get(_entry(record)).content.decode()
    assert "台账.pdf" in page and reverse("assessment:detail", args=[own.pk]) in page
    assert client.post(_entry(record, 0, "self_assessment_unlink", link.pk)).status_code == 302
    assert not entries(record)[0].links.exists()


def test_the_office_scores_on_the_page_and_the_clerk_is_refused(claimed, world):
    from fazhi.assessment import scoring

    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    owner = csrf_client(world.owner)
    assert 'data-testid="form-score"' not in owner.get(_entry(record)).content.decode()
    assert 'data-testid="form-finish_scoring"' not in owner.get(_detail(record)).content.decode()
    assert 'data-testid="form-finish_scoring"' in csrf_client(world.office).get(_detail(record)).content.decode()
    refused = owner.post(_entry(record, 0, "self_assessment_score"), {"score-office_score": "3"})
    assert refused.status_code == 422 and "rule-of-law office" in refused.content.decode()
    refused = owner.post(reverse("assessment:self_assessments:action", args=[record.pk, "finish_scoring"]),
                         {"finish_scoring-scored_on": "2026-12-12"})
    assert refused.status_code == 422
    office = csrf_client(world.office)
    assert 'data-testid="form-score"' in office.get(_entry(record)).content.decode()
    assert office.post(_entry(record, 0, "self_assessment_score"),
                       {"score-office_score": "3", "score-office_comment": "扣1分"}).status_code == 302
    assert entries(record)[0].office_score == Decimal(3)


def test_the_body_sees_the_offices_scores_only_once_published(scored, world):
    from fazhi.assessment import scoring

    record = scored(office=[Decimal("3.5"), Decimal(2), Decimal(4)])
    IndicatorEntry.objects.filter(pk=entries(record)[0].pk).update(office_comment="扣分理由甲乙丙")
    owner = csrf_client(world.owner)
    for url in (_detail(record), _entry(record)):
        page = owner.get(url).content.decode()
        assert "3.50" not in page and "扣分理由甲乙丙" not in page and "9.50" not in page, url
    assert 'data-testid="score-hidden"' in owner.get(_detail(record)).content.decode()
    rows = _api(owner, f"/self_assessments/records/{record.pk}/entries").json()
    assert rows[0]["office_score"] is None and rows[0]["office_comment"] is None
    assert "9.5" not in json.dumps(_api(owner, f"/self_assessments/records/{record.pk}").json())
    office = csrf_client(world.office).get(_detail(record)).content.decode()
    assert "9.50" in office and 'data-testid="office-score"' in office
    scoring.publish_result(record, by=world.office, published_on=D(2026, 12, 9))
    page = owner.get(_detail(record)).content.decode()
    assert "9.50" in page and "3.50" in page
    assert "扣分理由甲乙丙" in owner.get(_entry(record)).content.decode()
    assert _api(owner, f"/self_assessments/records/{record.pk}/entries").json()[0]["office_score"] == "3.50"


def test_the_office_turns_a_gap_into_a_rectification_item_on_its_page(claimed, plain, world):
    from fazhi.assessment import scoring

    record = scoring.submit_self_assessment(claimed(system=plain, results=("met", "not_met", "met")),
                                            by=world.owner, submitted_on=D(2026, 12, 10))
    owner = csrf_client(world.owner)
    assert 'data-gap="1.2"' in owner.get(_detail(record)).content.decode()
    assert owner.get(_entry(record, 1, "self_assessment_rectify")).status_code == 404
    office = csrf_client(world.office)
    page = office.get(_detail(record)).content.decode()
    assert _entry(record, 1, "self_assessment_rectify") in page
    form = office.get(_entry(record, 1, "self_assessment_rectify")).content.decode()
    assert "（2）文件清理" in form
    response = office.post(_entry(record, 1, "self_assessment_rectify"), {
        "inspection_reference": "示范创建自评〔2026〕1号", "description": "规范性文件未按期清理",
        "responsible_person": "王副局长", "assigned_on": "2026-12-14"})
    assert response.status_code == 302
    item = entries(record)[1].rectification
    assert response["Location"] == reverse("assessment:detail", args=[item.pk]) and item.title == "规范性文件未按期清理"
    assert 'data-testid="gap-item"' in owner.get(_detail(record)).content.decode()


def test_the_api_lists_the_systems_and_opens_a_self_assessment(pointed, world):
    client = csrf_client(world.owner)
    codes = [s["code"] for s in _api(client, "/assessment/systems").json()]
    assert "test-county-2026" in codes
    tree = _api(client, f"/assessment/systems/{pointed.pk}").json()
    assert [i["key"] for i in tree["indicators"]] == ["1", "1.1", "1.2", "2", "2.1"]
    assert tree["indicators"][1]["parent_key"] == "1"
    response = client.post("/api/v1/self_assessments/records", json.dumps(
        {"agency": "sfx-scj", "system": "test-county-2026", "year": 2026}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft" and response.json()["due_on"] == "2027-01-31"
    again = client.post("/api/v1/self_assessments/records", json.dumps(
        {"agency": "sfx-scj", "system": "test-county-2026", "year": 2026}), content_type="application/json")
    assert again.status_code == 422


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing_and_change_nothing(scored, find, world, who):
    from fazhi.assessment import scoring

    record = scored()
    IndicatorEntry.objects.filter(pk=entries(record)[0].pk).update(explanation="只有本单位可见的说明")
    user = getattr(world, who)
    client = csrf_client(user)
    assert f'data-record="{record.pk}"' not in client.get(reverse("assessment:self_assessments:list")).content.decode()
    assert client.get(_detail(record)).status_code == 404
    sheet = load_workbook(io.BytesIO(client.get(reverse("assessment:self_assessments:export")).content)).active
    assert all("县市场监管局" not in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert client.get(_entry(record)).status_code == 404
    assert _api(client, f"/self_assessments/records/{record.pk}").status_code == 404
    assert _api(client, f"/self_assessments/records/{record.pk}/entries").status_code == 404
    assert _api(client, "/self_assessments/records").json()["items"] == []
    posts = [
        (_entry(record), {"claim-claimed_result": "not_met"}),
        (_entry(record, 0, "self_assessment_score"), {"score-office_score": "0"}),
        (_entry(record, 0, "self_assessment_file"), {"file-upload": pdf()}),
        (_entry(record, 0, "self_assessment_link"), {"source": "assessment", "record_id": find().pk}),
        (_entry(record, 0, "self_assessment_rectify"), {"inspection_reference": "越权", "description": "越权",
                                                        "responsible_person": "越权", "assigned_on": "2026-12-14"}),
        (reverse("assessment:self_assessments:action", args=[record.pk, "publish_result"]),
         {"publish_result-published_on": "2026-12-14"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    api = client.post(f"/api/v1/self_assessments/records/{record.pk}/publish-result",
                      json.dumps({"published_on": "2026-12-14"}), content_type="application/json")
    assert api.status_code == 404
    record.refresh_from_db()
    assert record.status == "scored" and entries(record)[0].claimed_result == "met"
    assert not entries(record)[0].links.exists()
    page = client.get(reverse("assessment:ranking"), {"region": "990102"}).content.decode()
    assert "只有本单位可见的说明" not in page and "县市场监管局" not in page
    ranking = _api(client, f"/assessment/ranking?system={record.system_id}&year=2026&region=990102")
    assert ranking.status_code == 404 if who == "outsider" else "示范县市场监督管理局" not in ranking.content.decode()
    scoring.publish_result(record, by=world.office, published_on=D(2026, 12, 9))
    assert client.get(_detail(record)).status_code == 404  # published to the body, not to others


def test_the_offices_ranking_through_the_api(scored, world):
    record = scored(publish=True)
    rows = _api(csrf_client(world.office), f"/assessment/ranking?system={record.system_id}&year=2026&region=990102"
                                           "&bodies=department").json()
    assert rows[0] == {"rank": 1, "agency_name": "示范县市场监督管理局", "status": "published", "score": "10.00",
                       "caveats": []}
    assert rows[1]["rank"] is None and rows[1]["caveats"]


def test_a_post_without_the_csrf_token_is_refused(opened, world):
    record = opened()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    assert client.post(_entry(record), {"claim-claimed_result": "met"}).status_code == 403
    assert client.post(reverse("assessment:self_assessments:action", args=[record.pk, "submit_self_assessment"]),
                       {"submit_self_assessment-submitted_on": "2026-12-14"}).status_code == 403
    assert entries(record)[0].claimed_result == ""


def test_anonymous_is_sent_to_log_in(opened):
    record = opened()
    for url in (_detail(record), _entry(record), reverse("assessment:systems"), reverse("assessment:ranking")):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert Client().get("/api/v1/assessment/systems").status_code == 401


def test_the_rectification_list_links_the_new_pages(world):
    page = csrf_client(world.owner).get(reverse("assessment:list")).content.decode()
    for name in ("assessment:self_assessments:list", "assessment:systems", "assessment:ranking"):
        assert reverse(name) in page
    assert SelfAssessment.objects.count() == 0
