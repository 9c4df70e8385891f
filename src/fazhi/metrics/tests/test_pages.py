"""The catalog page, its detail page and downloads (any logged-in person), and the admin."""

import io
import json

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.metrics.models import Metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_anonymous_is_sent_to_login(client, catalog):
    for url in (reverse("metrics:metric_list"), reverse("metrics:metric_detail", args=["litigation_cases"]),
                reverse("metrics:export") + "?format=json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@time_machine.travel("2025-02-10 09:00 +0800", tick=False)
def test_the_page_shows_last_years_catalog_grouped_by_topic(world, catalog, client_of):
    response = client_of(world.township).get(reverse("metrics:metric_list"))
    assert response.status_code == 200
    assert response.context["year"] == 2024
    html = response.content.decode()
    assert html.index('id="topic-leadership"') < html.index('id="topic-normative"') < html.index('id="topic-digital"')
    assert "reconsideration_correction_rate" in html and "纠错率" in html
    # The ratio rule names its parts; counts are summed; the phrases are listed.
    rates = [m for g in response.context["groups"] for m in g["metrics"] if m.code == "reconsideration_correction_rate"]
    assert "行政复议纠错" in rates[0].aggregation_rule() and "行政复议审结" in rates[0].aggregation_rule()
    assert "受理行政复议" in html
    # 2024: the 2024 metric is there, the one retired in 2023 is not.
    assert "reconsideration_mediated" in html and "epidemic_legal_services" not in html
    assert response.context["count"] == Metric.objects.for_year(2024).count()


def test_year_selector_and_search(world, catalog, client_of):
    client = client_of(world.outsider)
    html = client.get(reverse("metrics:metric_list"), {"year": "2022"}).content.decode()
    assert "epidemic_legal_services" in html and "reconsideration_mediated" not in html
    response = client.get(reverse("metrics:metric_list"), {"year": "all", "q": "败诉"})
    codes = {m.code for g in response.context["groups"] for m in g["metrics"]}
    assert codes == {"litigation_lost", "litigation_loss_rate"}


def test_detail_page_links_the_parts(world, catalog, client_of):
    client = client_of(world.owner)
    html = client.get(reverse("metrics:metric_detail", args=["litigation_leader_appearance_rate"])).content.decode()
    assert reverse("metrics:metric_detail", args=["litigation_cases"]) in html
    html = client.get(reverse("metrics:metric_detail", args=["litigation_cases"])).content.decode()
    assert "负责人出庭应诉率" in html  # part of this rate
    assert client.get(reverse("metrics:metric_detail", args=["no_such_metric"])).status_code == 404


def test_downloads(world, catalog, client_of):
    client = client_of(world.owner)
    url = reverse("metrics:export")
    body = json.loads(client.get(url, {"format": "json", "year": "2024"}).content)
    assert {row["code"] for row in body} == set(Metric.objects.for_year(2024).values_list("code", flat=True))
    response = client.get(url, {"format": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbf") and 'filename="metrics.csv"' in response["Content-Disposition"]
    response = client.get(url, {"format": "xlsx", "year": "2022"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == Metric.objects.for_year(2022).count() + 1
    assert client.get(url, {"format": "doc"}).status_code == 404


def test_admin_search_filter_and_export_action(world, catalog, client_of):
    client = client_of(world.admin)
    changelist = reverse("admin:metrics_metric_changelist")
    html = client.get(changelist, {"q": "接到行政复议"}).content.decode()
    assert "reconsideration_received" in html and "litigation_cases" not in html
    response = client.get(changelist, {"year": "2023", "topic__exact": "education"})
    shown = set(response.context["cl"].queryset.values_list("code", flat=True))
    assert "pufa_audience" in shown and "epidemic_legal_services" not in shown and "litigation_cases" not in shown
    picked = Metric.objects.filter(code__in=["litigation_cases", "litigation_loss_rate"])
    response = client.post(changelist, {"action": "export_selected", "_selected_action": [m.pk for m in picked]})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == ["litigation_cases", "litigation_loss_rate"]


def test_admin_edit_takes_phrases_one_per_line_and_refuses_a_summed_rate(world, catalog, client_of):
    client = client_of(world.admin)
    metric = catalog["litigation_loss_rate"]
    url = reverse("admin:metrics_metric_change", args=[metric.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(phrases="败诉率\n行政诉讼败诉率\n\n败诉率", aggregation="sum")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "never summed" in errors["aggregation"][0]
    data["aggregation"] = "ratio"
    response = client.post(url, data)
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.phrases == ["败诉率", "行政诉讼败诉率"]
