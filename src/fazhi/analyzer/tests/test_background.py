"""Uploads are analysed after the response: queued → running → done, with progress, claims and the tick job."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from fazhi.analyzer import actions
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import LAST_YEAR, OTHER_BODY, txt, upload, urlpatterns  # noqa: F401
from fazhi.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.analyzer.tests.test_pages")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"  # pages in English, so the tests read the English messages


@pytest.fixture
def queued(world, client, monkeypatch):
    """A batch of three files (one broken) uploaded by the supervisor and left queued: nothing analysed yet."""
    monkeypatch.setattr(actions, "START", "off")
    client.force_login(world.supervisor)
    response = upload(
        client,
        "2024年度各县报告",
        txt("示范县.txt", REPORT),
        txt("样板县.txt", OTHER_BODY),
        SimpleUploadedFile("broken.pdf", b"\x00\x01garbage", content_type="application/pdf"),
    )
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "analyzer:batch_detail", args=[batch.pk]
    )
    return batch


def test_the_upload_returns_with_the_batch_queued(queued):
    assert queued.status == Batch.Status.QUEUED and queued.finished_at is None
    assert list(queued.reports.values_list("status", flat=True)) == ["pending"] * 3
    assert all(r.file for r in queued.reports.all())  # every file kept, to be read later
    assert actions.progress(queued) == {"total": 3, "processed": 0, "failed": 0, "percent": 0}


def test_the_batch_page_shows_the_progress_while_under_way(queued, client):
    with translation.override("en"):
        html = client.get(reverse("analyzer:batch_detail", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'hx-get="{reverse("analyzer:batch_progress", args=[queued.pk])}"' in html
    assert '<progress max="3" value="0" aria-labelledby="batch-progress-label-' in html
    assert "Analysed 0 / 3" in html
    # No results yet, and no export: the page says they come when every report is read.
    assert 'data-testid="report-table"' not in html and 'data-testid="comparison"' not in html
    assert 'data-testid="export-xlsx"' not in html and 'data-testid="results-waiting"' in html

    # The first report read: the polled part says so.
    actions.analyse_report(queued.reports.order_by("position").first())
    with translation.override("en"):
        part = client.get(reverse("analyzer:batch_progress", args=[queued.pk]), HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and "Analysed 1 / 3" in part.content.decode()
    assert 'value="1"' in part.content.decode()


def test_a_report_still_waiting_says_so(queued, client):
    report = queued.reports.get(source_name="示范县.txt")
    html = client.get(reverse("analyzer:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="report-waiting"' in html and 'data-testid="contents"' not in html


def test_when_done_the_polled_part_reloads_the_page_with_the_results(queued, client):
    assert actions.process_batch(queued) == 3
    assert queued.status == Batch.Status.DONE and queued.finished_at is not None
    part = client.get(reverse("analyzer:batch_progress", args=[queued.pk]), HTTP_HX_REQUEST="true")
    assert part.status_code == 200 and part["HX-Refresh"] == "true"
    html = client.get(reverse("analyzer:batch_detail", args=[queued.pk])).content.decode()
    assert "every 2s" not in html and "<progress" not in html
    assert html.count('data-status="analysed"') == 2 and html.count('data-status="failed"') == 1
    assert 'data-testid="comparison"' in html and "reconsideration_received" in html
    assert 'data-testid="export-xlsx"' in html


def test_the_batch_list_shows_each_batchs_status(queued, client):
    with translation.override("en"):
        html = client.get(reverse("analyzer:batch_list")).content.decode()
    assert 'data-testid="batch-status" data-status="queued"' in html and "Analysed 0 / 3" in html
    actions.process_batch(queued)
    html = client.get(reverse("analyzer:batch_list")).content.decode()
    assert 'data-testid="batch-status" data-status="done"' in html


def test_export_and_comparison_wait_for_the_analysis(queued, client, world):
    export = reverse("analyzer:batch_export", args=[queued.pk])
    response = client.get(export)
    assert response.status_code == 302 and response["Location"] == reverse(
        "analyzer:batch_detail", args=[queued.pk]
    )
    assert not AuditEntry.objects.filter(object_id=str(queued.pk), action="export").exists()

    # A done batch compared with one still under way: the table waits too, and says why.
    done = Batch.objects.create(
        agency=queued.agency, name="2023年度", created_by=world.supervisor, status=Batch.Status.DONE
    )
    html = client.get(
        reverse("analyzer:batch_detail", args=[done.pk]), {"compare": queued.pk}
    ).content.decode()
    assert 'data-testid="comparison-waiting"' in html and "2024年度各县报告" in html
    assert f'<option value="{queued.pk}"' not in html  # only analysed batches are offered for comparison
    assert (
        client.get(reverse("analyzer:batch_export", args=[done.pk]), {"compare": queued.pk}).status_code
        == 302
    )

    actions.process_batch(queued)
    assert client.get(export)["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_inline_start_analyses_right_after_the_upload_commits(world, client):
    client.force_login(world.office)
    upload(client, "县内", txt("示范县.txt", REPORT), SimpleUploadedFile("empty.txt", b""))
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.DONE
    reports = {r.source_name: r for r in batch.reports.all()}
    assert reports["示范县.txt"].status == "analysed" and reports["示范县.txt"].government == "示范县"
    assert reports["empty.txt"].status == "failed" and "empty" in reports["empty.txt"].error
    entry = AuditEntry.objects.get(object_id=str(batch.pk), action="transition")
    assert entry.changes == {"status": ["running", "done"]}


def test_processing_again_changes_nothing(queued):
    assert actions.process_batch(queued) == 3
    before = list(queued.reports.values_list("pk", "status", "analysed_at", "figures"))
    assert actions.process_batch(queued) == 0
    assert list(queued.reports.values_list("pk", "status", "analysed_at", "figures")) == before
    assert AuditEntry.objects.filter(object_id=str(queued.pk), action="transition").count() == 1


def test_a_report_another_run_took_is_left_to_it_until_that_run_falls_silent(queued, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    taken = queued.reports.get(source_name="样板县.txt")
    AnalyzedReport.objects.filter(pk=taken.pk).update(claimed_at=timezone.now())  # another run works on it

    assert actions.process_batch(queued) == 2  # the two others
    taken.refresh_from_db()
    assert taken.status == "pending" and queued.status == Batch.Status.RUNNING  # not done while one is out
    assert actions.process_waiting(None, False) == 0  # the other run is alive: the tick leaves the batch

    time_machine.shift(actions.STALE_AFTER + timedelta(minutes=1))  # that run died with the web process
    assert actions.process_waiting(None, True) == 1  # a dry run counts and does nothing
    assert Batch.objects.get(pk=queued.pk).status == Batch.Status.RUNNING
    assert actions.process_waiting(None, False) == 1
    taken.refresh_from_db()
    queued.refresh_from_db()
    assert taken.status == "analysed" and taken.government == "样板县" and queued.status == Batch.Status.DONE


def test_a_report_is_saved_once_when_two_runs_read_it(queued):
    report = queued.reports.get(source_name="示范县.txt")
    first = actions.analyse_report(report)
    assert first.status == "analysed"
    AnalyzedReport.objects.filter(pk=report.pk).update(government="kept")
    actions.analyse_report(AnalyzedReport.objects.get(pk=report.pk))  # a second, late run: not saved again
    assert AnalyzedReport.objects.get(pk=report.pk).government == "kept"


def test_the_tick_job_analyses_queued_batches(queued):
    from fazhi.core import tick

    assert "analyzer.process" in tick._jobs
    result = tick.run_tick(dry_run=True)
    assert result.jobs["analyzer.process"] == 3
    assert Batch.objects.get(pk=queued.pk).status == Batch.Status.QUEUED
    result = tick.run_tick()
    assert result.jobs["analyzer.process"] == 3
    queued.refresh_from_db()
    assert queued.status == Batch.Status.DONE and actions.progress(queued)["processed"] == 3
    assert queued.reports.get(source_name="示范县.txt").figures > 10


def test_a_corrupt_or_empty_zip_is_refused_at_upload_and_nothing_is_stored(world, client):
    import io
    import zipfile

    client.force_login(world.supervisor)
    with translation.override("en"):
        response = upload(
            client, "x", SimpleUploadedFile("all.zip", b"PK\x03\x04 not really", "application/zip")
        )
        assert response.status_code == 400
        assert "The zip archive “all.zip” cannot be opened" in response.content.decode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("readme.md", "no report")
        response = upload(client, "x", SimpleUploadedFile("none.zip", buffer.getvalue(), "application/zip"))
        assert response.status_code == 400 and "holds no report file" in response.content.decode()
    assert not Batch.objects.exists() and not AnalyzedReport.objects.exists()


def test_more_reports_than_the_limit_are_refused(world, client, monkeypatch):
    import io
    import zipfile

    monkeypatch.setattr(actions, "MAX_FILES", 3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n in range(4):
            zf.writestr(f"{n}.txt", REPORT)
    client.force_login(world.supervisor)
    response = upload(client, "x", SimpleUploadedFile("all.zip", buffer.getvalue(), "application/zip"))
    assert response.status_code == 400 and not Batch.objects.exists()
    assert actions.MAX_FILES == 3 and "3" in response.content.decode()


def test_the_limit_is_a_thousand_reports():
    from fazhi.analyzer import actions as module

    assert module.MAX_FILES == 1000


@pytest.mark.django_db(transaction=True)
def test_the_thread_start_analyses_the_batch_in_the_background(world, client, monkeypatch):
    monkeypatch.setattr(actions, "START", "thread")
    client.force_login(world.supervisor)
    started = []
    real_thread = threading.Thread

    def spy(*args, **kwargs):
        thread = real_thread(*args, **kwargs)
        thread.start = lambda: started.append(thread)  # started below, once the request is over: the
        return thread  # test database (SQLite in memory, shared cache) has no busy timeout between connections

    monkeypatch.setattr(actions.threading, "Thread", spy)
    response = client.post(
        reverse("analyzer:batch_create"), {"name": "b", "files": [txt("示范县.txt", REPORT)]}
    )
    assert response.status_code == 302
    assert len(started) == 1 and started[0].daemon
    real_thread.start(started[0])
    started[0].join(timeout=60)
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.DONE and batch.reports.get().government == "示范县"


def test_watching_a_stalled_batch_resumes_it(queued, client, monkeypatch):
    """Without `fazhi worker`, a batch a restarted server dropped finishes while someone watches its page."""
    batch = queued
    url = reverse("analyzer:batch_progress", args=[batch.pk])
    monkeypatch.setattr(actions, "START", "inline")
    client.get(url)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.QUEUED  # uploaded just now: the upload's own run may still start
    Batch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    client.get(url)
    batch.refresh_from_db()
    assert batch.status == Batch.Status.DONE
