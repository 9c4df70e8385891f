"""Feedback down the tree: the supervisor shares an evaluation, a finding or a note with a body of the register; the
body's clerks or its office answer; the supervisor closes or reopens; the office turns a finding into a
rectification item. Every page and post through the scope (the county's office, a department clerk, the leader, the
outsider, a neighbouring city's supervisor), posts with the CSRF check enforced."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from fazhi.analyzer.actions import process_batch
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.assessment.models import Rectification
from fazhi.audit.models import AuditEntry
from fazhi.core.models import Notification
from fazhi.core.tests.clients import csrf_client
from fazhi.org.models import Agency, Region, User
from fazhi.supervision import actions as register
from fazhi.supervision import feedback
from fazhi.supervision.models import Feedback, ReportingBody

from .conftest import at

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def travel(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with at(TODAY):
        yield


def analyzed_report(text: str = REPORT, name: str = "示范县.txt") -> AnalyzedReport:
    """An uploaded report, read by the analyzer."""
    batch = Batch.objects.create(agency=Agency.objects.get(code="sfs-office"), name=f"批次{name}",
                                 created_by=User.objects.get(username="supervisor"))
    data = text.encode()
    report = AnalyzedReport(batch=batch, position=0, source_name=name, sha256=hashlib.sha256(data).hexdigest(),
                            size=len(data))
    report.file.save(name, ContentFile(data), save=False)
    report.save()
    process_batch(batch)
    report.refresh_from_db()
    return report


@pytest.fixture
def county(city_register):
    """The register of 2025 with the county government's circulated report uploaded and attached."""
    world = city_register
    body = ReportingBody.objects.get(year=2025, agency__code="sfx-gov")
    report = analyzed_report()
    register.assign(body, report, by=world.supervisor)
    world.director = User.objects.get(username="director")
    world.gov = ReportingBody.objects.get(pk=body.pk)
    world.report = report
    return world


def _share(client, body, **data):
    return client.post(f"/supervision/register/{body.pk}/feedback/", {"kind": "finding", "title": "", "text": "",
                                                                      **data})


def finding(world, code="sfx-gov", text="执法案卷评查发现三件处罚决定说理不充分"):
    body = ReportingBody.objects.get(year=2025, agency__code=code)
    return feedback.share(body, by=world.supervisor, kind="finding", title="案卷评查问题", text=text)


# Sharing ----------------------------------------------------------------------------------------------------------


def test_the_supervisor_shares_an_evaluation_with_its_scores_frozen(county):
    world = county
    response = _share(csrf_client(world.supervisor), world.gov, kind="evaluation", text="请对照评估逐项说明")
    item = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/feedback/{item.pk}/"
    assert item.kind == "evaluation" and item.status == "shared" and item.shared_by == world.supervisor
    assert item.title  # the year's evaluation, titled for the person who left it empty
    criteria = item.evaluation["criteria"]
    assert [c["criterion"] for c in criteria][:2] == ["filed_on_time", "published_on_time"]
    assert all(set(c) >= {"criterion", "score", "weight", "note", "reason", "details"} for c in criteria)
    rows = feedback.evaluation_rows(item.evaluation)  # the notes again, in the reader's language
    assert [r["criterion"] for r in rows] == [c["criterion"] for c in criteria] and all(r["note"] for r in rows)
    assert item.evaluation["report"] == world.report.pk
    # Frozen: the report read again with another text changes nothing shared.
    before = item.evaluation
    AnalyzedReport.objects.filter(pk=world.report.pk).update(text="")
    item.refresh_from_db()
    assert item.evaluation == before
    assert AuditEntry.objects.for_object(item).filter(action="create").exists()


def test_a_share_notifies_the_bodys_office_and_clerks(county):
    world = county
    item = finding(world)
    told = set(Notification.objects.filter(key=f"supervision.feedback.{item.pk}.shared")
               .values_list("user__username", flat=True))
    assert {"director", "office", "leader"} <= told  # the county office and the government's own people
    assert not told & {"supervisor", "clerk", "clerk2", "outsider"}
    note = Notification.objects.filter(user__username="director", key=f"supervision.feedback.{item.pk}.shared").get()
    assert note.url == f"/supervision/feedback/{item.pk}/" and "案卷评查问题" in note.title
    # A department's feedback reaches its clerk and the county office, not the other departments.
    dept = finding(world, code="sfx-scj")
    told = set(Notification.objects.filter(key=f"supervision.feedback.{dept.pk}.shared")
               .values_list("user__username", flat=True))
    assert {"clerk", "director", "office"} <= told and not told & {"clerk2", "leader"}


def test_a_body_outside_fazhi_is_refused_clearly(county):
    world = county
    outside = ReportingBody.objects.create(year=2025, region=Region.objects.get(code="990102"), name="示范县医疗保障局",
                                           kind="department")
    with pytest.raises(ValidationError, match="不在本平台内办公"):
        feedback.share(outside, by=world.supervisor, kind="note", title="提醒", text="请报送")
    response = _share(csrf_client(world.supervisor), outside, kind="note", title="提醒", text="请报送")
    assert response.status_code == 302 and not Feedback.objects.exists()
    page = csrf_client(world.supervisor).get(f"/supervision/register/{outside.pk}/").content.decode()
    assert 'data-testid="share-feedback"' not in page


def test_an_evaluation_needs_an_uploaded_report_and_a_finding_its_text(county):
    world = county
    bare = ReportingBody.objects.get(year=2025, agency__code="sfx-jyj")
    with pytest.raises(ValidationError, match="没有可供评估的上传报告"):
        feedback.share(bare, by=world.supervisor, kind="evaluation")
    with pytest.raises(ValidationError):
        feedback.share(bare, by=world.supervisor, kind="finding", title="问题", text="  ")
    assert not Feedback.objects.exists()


def test_only_who_keeps_the_body_shares(county, other_city_supervisor):
    world = county
    own = ReportingBody.objects.get(year=2025, agency__code="sfx-scj")
    assert _share(csrf_client(world.owner), own, text="x", title="x").status_code == 403  # reads its own entry
    assert _share(csrf_client(world.leader), world.gov, text="x", title="x").status_code == 403
    for user in (world.outsider, other_city_supervisor, world.colleague):
        assert _share(csrf_client(user), world.gov, text="x", title="x").status_code == 404
    assert Client().post(f"/supervision/register/{world.gov.pk}/feedback/").status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        feedback.share(world.gov, by=world.owner, kind="note", title="x", text="x")
    assert not Feedback.objects.exists()
    # The county's office keeps its own county's bodies.
    assert _share(csrf_client(world.office), own, text="请补充执法数据", title="提示").status_code == 302


def test_the_share_forms_show_to_the_keeper_only(county):
    world = county
    body_url, report_url = f"/supervision/register/{world.gov.pk}/", f"/analyzer/reports/{world.report.pk}/"
    page = csrf_client(world.supervisor).get(report_url).content.decode()
    assert 'data-testid="share-evaluation"' in page and f"/supervision/register/{world.gov.pk}/feedback/" in page
    assert 'data-testid="share-feedback"' in csrf_client(world.supervisor).get(body_url).content.decode()
    leader_page = csrf_client(world.leader).get(body_url).content.decode()
    assert 'data-testid="share-feedback"' not in leader_page


def test_sharing_from_the_reports_page_returns_there(county):
    world = county
    report_url = f"/analyzer/reports/{world.report.pk}/"
    response = _share(csrf_client(world.supervisor), world.gov, kind="evaluation", next=report_url)
    assert response.status_code == 302 and Feedback.objects.get().kind == "evaluation"
    evil = _share(csrf_client(world.supervisor), ReportingBody.objects.get(year=2025, agency__code="sfx-jyj"),
                  kind="evaluation", next="https://evil.example/")
    assert evil["Location"].startswith("/supervision/register/")  # refused (no report), never sent off-site


# Answering ----------------------------------------------------------------------------------------------------------


def test_the_bodys_clerk_answers_and_the_sharer_is_told(county):
    world = county
    item = finding(world, code="sfx-scj")
    response = csrf_client(world.owner).post(f"/supervision/feedback/{item.pk}/answer/", {"text": "已组织重新评查"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered" and item.answer == "已组织重新评查" and item.answered_by == world.owner
    assert Notification.objects.filter(user=world.supervisor, key__startswith=f"supervision.feedback.{item.pk}.answered")
    page = csrf_client(world.supervisor).get(f"/supervision/feedback/{item.pk}/").content.decode()
    assert "已组织重新评查" in page and 'data-testid="feedback-close"' in page


def test_who_may_not_answer_is_refused(county, other_city_supervisor):
    world = county
    item = finding(world, code="sfx-scj")
    url = f"/supervision/feedback/{item.pk}/answer/"
    assert csrf_client(world.supervisor).post(url, {"text": "x"}).status_code == 403  # the sharer
    assert csrf_client(world.leader).post(url, {"text": "x"}).status_code == 403  # reads, does not answer
    for user in (world.colleague, world.outsider, other_city_supervisor):
        assert csrf_client(user).post(url, {"text": "x"}).status_code == 404
    assert csrf_client(world.owner).post(url, {"text": ""}).status_code == 400
    item.refresh_from_db()
    assert item.status == "shared" and item.answer == ""
    # The county office answers for its county's bodies.
    assert csrf_client(world.office).post(url, {"text": "县依法治县办代为说明"}).status_code == 302


def test_answering_needs_the_csrf_token(county):
    world = county
    item = finding(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.director)
    assert client.post(f"/supervision/feedback/{item.pk}/answer/", {"text": "x"}).status_code == 403
    for action in ("close", "reopen", "rectify"):
        assert client.post(f"/supervision/feedback/{item.pk}/{action}/", {"reason": "x"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "shared" and item.answer == "" and item.rectification is None


# Closing and reopening -------------------------------------------------------------------------------------------


def test_the_supervisor_closes_or_reopens_an_answer(county):
    world = county
    item = finding(world)
    client = csrf_client(world.supervisor)
    assert client.post(f"/supervision/feedback/{item.pk}/close/").status_code == 302
    item.refresh_from_db()
    assert item.status == "shared"  # nothing to close before an answer
    feedback.answer(item, by=world.director, text="正在核实")
    assert client.post(f"/supervision/feedback/{item.pk}/reopen/", {"reason": ""}).status_code == 400
    assert client.post(f"/supervision/feedback/{item.pk}/reopen/", {"reason": "请说明具体整改时限"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "reopened" and item.reopen_reason == "请说明具体整改时限"
    assert Notification.objects.filter(user=world.director, key__startswith=f"supervision.feedback.{item.pk}.reopened")
    feedback.answer(item, by=world.director, text="6月30日前完成整改")
    assert client.post(f"/supervision/feedback/{item.pk}/close/").status_code == 302
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_by == world.supervisor
    assert [e.changes["status"] for e in AuditEntry.objects.for_object(item).filter(action="transition")
            .order_by("pk")] == [["shared", "answered"], ["answered", "reopened"], ["reopened", "answered"],
                                 ["answered", "closed"]]


def test_the_body_does_not_close_its_own_feedback(county, other_city_supervisor):
    world = county
    item = finding(world)
    feedback.answer(item, by=world.director, text="已整改")
    for user in (world.director, world.office, world.leader):
        assert csrf_client(user).post(f"/supervision/feedback/{item.pk}/close/").status_code == 403
        assert csrf_client(user).post(f"/supervision/feedback/{item.pk}/reopen/", {"reason": "x"}).status_code == 403
    for user in (world.outsider, other_city_supervisor, world.owner):
        assert csrf_client(user).post(f"/supervision/feedback/{item.pk}/close/").status_code == 404
    item.refresh_from_db()
    assert item.status == "answered"


# The home page ----------------------------------------------------------------------------------------------------


def _home_panel(user):
    response = csrf_client(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_lists_feedback_to_answer_then_the_answer(county, other_city_supervisor):
    world = county
    item = finding(world)
    page = _home_panel(world.director)
    assert 'data-testid="feedback-to-answer"' in page and f"/supervision/feedback/{item.pk}/" in page
    for user in (world.owner, world.colleague, world.outsider, other_city_supervisor):
        assert f"/supervision/feedback/{item.pk}/" not in _home_panel(user)
    assert 'data-testid="feedback-answered"' not in _home_panel(world.supervisor)
    feedback.answer(item, by=world.director, text="已整改")
    assert 'data-testid="feedback-to-answer"' not in _home_panel(world.director)
    page = _home_panel(world.supervisor)
    assert 'data-testid="feedback-answered"' in page and f"/supervision/feedback/{item.pk}/" in page


# Finding → rectification item --------------------------------------------------------------------------------------


def _rectify_data(**over):
    return {"inspection_reference": "示法督〔2026〕7号", "inspection_kind": "written", "inspecting_body": "市委依法治市办",
            "inspected": "示范县人民政府", "inspection_started_on": "2026-05-12", "feedback_on": "2026-05-12",
            "category": "enforcement", "description": "执法案卷说理不充分", "responsible_person": "赵国强",
            "assigned_on": "2026-05-12", "basis_article": "", "deadline_set": "", **over}


def test_the_office_turns_a_finding_into_a_rectification_item(county):
    world = county
    item = finding(world)
    page = csrf_client(world.director).get(f"/supervision/feedback/{item.pk}/").content.decode()
    assert 'data-testid="rectify-form"' in page and "执法案卷评查发现三件处罚决定说理不充分" in page
    response = csrf_client(world.director).post(f"/supervision/feedback/{item.pk}/rectify/", _rectify_data())
    assert response.status_code == 302
    item.refresh_from_db()
    rectification = Rectification.objects.get()
    assert item.rectification == rectification and rectification.agency.code == "sfx-gov"
    assert rectification.inspection_reference == "示法督〔2026〕7号"
    page = csrf_client(world.supervisor).get(f"/supervision/feedback/{item.pk}/").content.decode()
    assert f"/assessment/{rectification.pk}/" in page
    again = csrf_client(world.director).post(f"/supervision/feedback/{item.pk}/rectify/", _rectify_data())
    assert again.status_code == 403 and Rectification.objects.count() == 1


def test_only_the_office_makes_a_rectification_item_and_only_of_a_finding(county, other_city_supervisor):
    world = county
    item = finding(world, code="sfx-scj")
    url = f"/supervision/feedback/{item.pk}/rectify/"
    for user in (world.supervisor, world.owner, world.leader):
        assert csrf_client(user).post(url, _rectify_data()).status_code == 403
    for user in (world.colleague, world.outsider, other_city_supervisor):
        assert csrf_client(user).post(url, _rectify_data()).status_code == 404
    note = feedback.share(world.gov, by=world.supervisor, kind="note", title="提示", text="注意公开时限")
    assert csrf_client(world.director).post(f"/supervision/feedback/{note.pk}/rectify/",
                                            _rectify_data()).status_code == 403
    bad = csrf_client(world.office).post(url, _rectify_data(responsible_person=""))
    assert bad.status_code == 400 and not Rectification.objects.exists()


# Scope -------------------------------------------------------------------------------------------------------------


def test_a_county_sees_only_its_own_feedback_and_the_neighbouring_city_nothing(county, other_city_supervisor):
    world = county
    ours = feedback.share(world.gov, by=world.supervisor, kind="evaluation")
    dept = finding(world, code="sfx-scj")
    theirs = finding(world, code="lsx-gov", text="邻水县的问题")
    listed = {u: {f.pk for f in csrf_client(u).get("/supervision/feedback/").context["rows"]}
              for u in (world.supervisor, world.director, world.owner, world.colleague, world.outsider,
                        other_city_supervisor)}
    assert listed[world.supervisor] == {ours.pk, dept.pk, theirs.pk}
    assert listed[world.director] == {ours.pk, dept.pk}
    assert listed[world.owner] == {dept.pk}
    assert listed[world.colleague] == set()
    assert listed[world.outsider] == set() and listed[other_city_supervisor] == set()
    assert csrf_client(world.director).get(f"/supervision/feedback/{ours.pk}/").status_code == 200
    assert csrf_client(world.director).get(f"/supervision/feedback/{theirs.pk}/").status_code == 404
    for user in (world.outsider, other_city_supervisor, world.colleague):
        for pk in (ours.pk, dept.pk):
            assert csrf_client(user).get(f"/supervision/feedback/{pk}/").status_code == 404
    assert csrf_client(world.owner).get(f"/supervision/feedback/{ours.pk}/").status_code == 404
    assert Client().get(f"/supervision/feedback/{ours.pk}/").status_code == 302
    assert Client().get("/supervision/feedback/").status_code == 302
    # The uploaded report's page lists the feedback shared on it.
    report_page = csrf_client(world.supervisor).get(f"/analyzer/reports/{world.report.pk}/").content.decode()
    assert f"/supervision/feedback/{ours.pk}/" in report_page and f"/supervision/feedback/{dept.pk}/" not in report_page
    body_page = csrf_client(world.director).get(f"/supervision/register/{world.gov.pk}/").content.decode()
    assert f"/supervision/feedback/{ours.pk}/" in body_page and f"/supervision/feedback/{theirs.pk}/" not in body_page
