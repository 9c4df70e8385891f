"""The evaluation in the app: the table on a report's page, the sheet of the batch's export, the settings' check."""

from __future__ import annotations

import io
import re

import pytest
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from fazhi.analyzer import analyze_text, scorecard
from fazhi.analyzer.evaluation import CODES, evaluate
from fazhi.analyzer.models import Batch
from fazhi.analyzer.tests.test_evaluation import BOILERPLATE, GENERIC_DUTIES, GOOD, NO_SHORTCOMINGS, SWAPPED
from fazhi.analyzer.tests.test_pages import txt
from fazhi.analyzer.tests.test_pages import urlpatterns as urlpatterns  # noqa: PLC0414 - the pages, mounted
from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, name: str, *files) -> Batch:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("analyzer:batch_create"), {"name": name, "files": list(files)})
    assert response.status_code == 302
    return Batch.objects.order_by("-pk").first()


def _row(html: str, code: str) -> str:
    return html.split(f'data-criterion="{code}"')[1].split("</tr>")[0]


def test_the_report_page_shows_the_evaluation_with_evidence_links_into_the_text(world, client):
    assert client.login(username="supervisor", password=DEMO_PASSWORD)
    batch = _upload(client, "2024年度", txt("明理县.txt", BOILERPLATE))
    report = batch.reports.get()
    html = client.get(reverse("analyzer:report_detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="evaluation"' in html
    for code in CODES:
        assert f'data-criterion="{code}"' in html
    # Filing cannot be judged from the text: said so, and the total carries a caveat.
    assert 'data-score="none"' in _row(html, "filed_on_time")
    assert "No filing date is known" in _row(html, "filed_on_time")
    caveat = html.split('data-testid="evaluation-caveat">')[1].split("</p>")[0]
    assert "Judged on 85% of the weight" in caveat and "Filed by the deadline" in caveat
    # Boilerplate shortcomings: scored 0, each phrase a link to its place in the text.
    short = _row(html, "shortcomings_concrete")
    assert 'data-score="0.0000"' in short and ">0%<" in short
    assert "0 of 3 points name figures, places, bodies, causes or examples; 3 are boilerplate only." in short
    link = re.search(r'<a href="#ev-(\d+)" class="ev-boilerplate"[^>]*>还不够</a>', short)
    assert link, short
    k = link.group(1)
    assert f'<span class="anchor" id="ev-{k}"></span>' in html
    marked = re.search(rf'<span class="evidence" data-ev="[^"]*\b{k}\b[^"]*">(?:<[^>]+>)*([^<]*)<', html)
    assert marked and marked.group(1) == "还不够"  # inside the run-in heading it opens
    # Published on time: the date the page prints is the evidence.
    published = _row(html, "published_on_time")
    assert "Published 2025-03-10 as the page prints, due by 2025-03-31." in published and ">2025-03-10</a>" in published
    total = html.split('data-testid="evaluation-total">')[1].split("</small>")[0]
    assert re.fullmatch(r"total \d+%", total)


def test_an_outsider_gets_404_on_anothers_report_and_its_export(world, client):
    client.force_login(world.office)
    batch = _upload(client, "b", txt("明理县.txt", GOOD))
    report = batch.reports.get()
    assert 'data-testid="evaluation"' in client.get(reverse("analyzer:report_detail", args=[report.pk])).content.decode()
    client.force_login(world.outsider)
    assert client.get(reverse("analyzer:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("analyzer:batch_export", args=[batch.pk])).status_code == 404


def test_the_export_has_a_sheet_of_scores_per_report(world, client):
    from openpyxl import load_workbook

    client.force_login(world.supervisor)
    batch = _upload(client, "2024年度", txt("明理县.txt", GOOD), txt("套话.txt", BOILERPLATE), txt("空.txt", ""))
    with translation.override("en"):
        response = client.get(reverse("analyzer:batch_export", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[-1] == "evaluation"
    rows = list(book["evaluation"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("File", "Government or body", "Year reported on", "Weights version")
    assert header[4] == "Filed by the deadline (filed_on_time)" and header[-3:] == (
        "Total score", "Share of the weight judged", "Not judged"
    )
    assert len(rows) == 3  # the two reports read; the empty file is not compared
    by_file = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    good, boiler = by_file["明理县.txt"], by_file["套话.txt"]
    assert good["Total score"] == 100 and good["Share of the weight judged"] == 85
    assert good["Not judged"] == "Filed by the deadline" and good["Filed by the deadline (filed_on_time)"] is None
    assert boiler["Shortcomings named concretely (shortcomings_concrete)"] == 0 and boiler["Total score"] < 100
    assert good["Weights version"] == 2024


def test_the_weights_setting_shows_on_the_page(world, client, settings):
    settings.FAZHI_REPORT_EVALUATION_WEIGHTS = '{"2024": {"data_density": 0, "key_figures": 40}}'
    client.force_login(world.supervisor)
    report = _upload(client, "b", txt("明理县.txt", GOOD)).reports.get()
    html = client.get(reverse("analyzer:report_detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td class="num">40</td>' in _row(html, "key_figures")
    assert '<td class="num">0</td>' in _row(html, "data_density")


def test_the_register_hook_takes_the_dates_the_caller_knows(world, client):
    client.force_login(world.supervisor)
    report = _upload(client, "b", txt("明理县.txt", GOOD)).reports.get()
    evaluation = scorecard.evaluate_report(report, filed_on="2025-03-04", published_on="2025-03-20")
    scores = {c["code"]: c["score"] for c in evaluation["criteria"]}
    assert scores["filed_on_time"] == 0.0 and scores["published_on_time"] == 1.0
    assert evaluation["judged_share"] == 1.0 and evaluation["caveat"] is None


# The settings' check ---------------------------------------------------------------------------------------------


def test_the_shipped_settings_pass_the_check():
    assert scorecard.check_settings() == []


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ('{"2025": {"filed_late": 10}}', "unknown criterion 'filed_late'"),
        ('{"2025": {"key_figures": -10}}', "negative"),
        ("not json", "not JSON"),
    ],
)
def test_unusable_weights_fail_the_system_check(weights, message):
    with override_settings(FAZHI_REPORT_EVALUATION_WEIGHTS=weights):
        (error,) = scorecard.check_settings()
    assert error.id == "fazhi.analyzer.E001" and message in error.msg and error.level >= 40


def test_key_indicators_and_days_are_checked_too():
    with override_settings(FAZHI_REPORT_EVALUATION_KEY_METRICS="reconsideration_received,,reconsideration_received"):
        assert [p.id for p in scorecard.check_settings()] == ["fazhi.analyzer.E002"]
    with override_settings(FAZHI_REPORT_EVALUATION_KEY_METRICS="reconsideration_received,made_up_metric"):
        (warning,) = scorecard.check_settings()
    assert warning.id == "fazhi.analyzer.W002" and "made_up_metric" in warning.msg and warning.level == 30
    with override_settings(FAZHI_REPORT_PUBLICATION_DAY="04/01"):
        assert [p.id for p in scorecard.check_settings()] == ["fazhi.analyzer.E003"]


def test_the_system_check_runs_at_start_up():
    from django.core import checks

    with override_settings(FAZHI_REPORT_EVALUATION_WEIGHTS='{"2025": {"speed": 1}}'):
        found = checks.run_checks()
    assert "fazhi.analyzer.E001" in {message.id for message in found}


# Notes in the reader's language ----------------------------------------------------------------------------------


def test_every_outcome_has_a_note_of_its_own():
    texts = (GOOD, BOILERPLATE, GENERIC_DUTIES, NO_SHORTCOMINGS, SWAPPED, "", GOOD[:400])
    seen = set()
    with translation.override("en"):
        for text in texts:
            evaluation = evaluate(analyze_text(text), text)
            for criterion in evaluation["criteria"]:
                note = scorecard.criterion_note(criterion)
                seen.add((criterion["code"], criterion["reason"]))
                assert note and note != criterion["note"] and " / " not in note, criterion
    assert ("mandated_contents", "out_of_order") in seen and ("first_responsible_duties", "generic") in seen
    with translation.override("en"):
        criterion = {"code": "mandated_contents", "reason": "out_of_order",
                     "details": {"out_of_order": ["shortcomings", "first_responsible"]}}
        assert scorecard.criterion_note(criterion) == (
            "Shortcomings and causes should come before First-responsible duties."
        )


def test_evidence_marks_escape_the_text_and_nest_with_figures():
    from fazhi.analyzer.views import highlighted_text

    text = "<b>共受理行政复议申请12件</b>"
    figure = {"start": 3, "end": 14, "value": 12, "unit": "件", "label": "受理行政复议申请",
              "metric": "reconsideration_received"}
    html = highlighted_text(text, [], [figure], evidence=[(12, 15, 0, "figure"), (0, 3, 1, "boilerplate")])
    assert "<b>" not in html and html.count('id="ev-0"') == 1 and html.count('id="ev-1"') == 1
    assert '<span class="evidence" data-ev="1">&lt;b&gt;</span>' in html
    # The evidence 12件 crosses the end of the figure's mark: each piece is wrapped on its own.
    assert re.search(r'<span class="evidence" data-ev="0"><mark [^>]*>12</mark></span><span class="evidence" '
                     r'data-ev="0">件</span>&lt;/b&gt;', html)
