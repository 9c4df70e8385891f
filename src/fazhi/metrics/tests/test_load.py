"""Loading the catalog: idempotent, keeps admin edits unless asked, refuses bad entries as a whole."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.metrics.catalog import CatalogError, load_catalog, shipped
from fazhi.metrics.models import Metric


@pytest.fixture(autouse=True)
def _english():
    """These tests match the English messages; the catalog would otherwise show them in Chinese."""
    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db


def test_load_twice_creates_once():
    created, updated = load_catalog()
    assert created == len(shipped()) >= 80 and updated == 0
    assert load_catalog() == (0, 0)
    assert load_catalog(update=True) == (0, 0)  # nothing differs: nothing counted as updated
    rate = Metric.objects.get(code="reconsideration_correction_rate")
    assert (rate.numerator.code, rate.denominator.code) == ("reconsideration_corrected", "reconsideration_decided")


def test_admin_edits_are_kept_unless_update(catalog):
    Metric.objects.filter(code="reconsideration_received").update(label="收到行政复议申请", phrases=["收到申请"])
    assert load_catalog() == (0, 0)
    assert Metric.objects.get(code="reconsideration_received").label == "收到行政复议申请"
    created, updated = load_catalog(update=True)
    assert (created, updated) == (0, 1)
    metric = Metric.objects.get(code="reconsideration_received")
    assert metric.label == "行政复议申请" and "受理行政复议" in metric.phrases


def test_a_metric_added_in_the_admin_survives_a_load(catalog):
    Metric.objects.create(code="local_hotline", label="热线工单", label_en="Hotline tickets", unit="件",
                          topic="digital", phrases=["热线工单"])
    load_catalog(update=True)
    assert Metric.objects.filter(code="local_hotline").exists()


def test_a_bad_entry_loads_nothing_and_says_where():
    entries = copy.deepcopy(shipped())
    entries[5]["kind"] = "ratio"
    entries[7]["phrases"] = "备案"
    del entries[9]["topic"]
    with pytest.raises(CatalogError) as caught:
        load_catalog(entries)
    problems = caught.value.problems
    assert any(p.startswith(f"entry 6 ({entries[5]['code']})") and "kind" in p for p in problems)
    assert any(p.startswith("entry 8 (") and "phrases" in p for p in problems)
    assert any(p.startswith("entry 10 (") and "topic" in p for p in problems)
    assert Metric.objects.count() == 0


def test_a_rate_made_of_a_rate_is_refused_after_checking_the_database():
    entries = copy.deepcopy(shipped())
    rate = next(e for e in entries if e["code"] == "reconsideration_correction_rate")
    rate["numerator"] = "normative_filing_rate"
    rate_index = entries.index(rate)
    with pytest.raises(CatalogError) as caught:
        load_catalog(entries)
    assert any(p.startswith(f"entry {rate_index + 1} (reconsideration_correction_rate)") and "not a count" in p
               for p in caught.value.problems)
    assert Metric.objects.count() == 0  # atomic: the metrics created before the check are gone too


def test_unknown_part_and_duplicate_code_are_named():
    entries = copy.deepcopy(shipped())
    entries[1]["code"] = entries[0]["code"]
    next(e for e in entries if e["code"] == "normative_filing_rate")["denominator"] = "no_such_metric"
    with pytest.raises(CatalogError) as caught:
        load_catalog(entries)
    text = str(caught.value)
    assert "already used by entry 1" in text
    with pytest.raises(CatalogError) as caught:
        load_catalog([e for i, e in enumerate(entries) if i != 1])
    assert "no_such_metric" in str(caught.value)


def test_for_year_follows_introduction_and_retirement(catalog):
    def codes(year):
        return set(Metric.objects.for_year(year).values_list("code", flat=True))

    assert "epidemic_legal_services" in codes(2022) and "epidemic_legal_services" not in codes(2023)
    assert "reconsideration_mediated" not in codes(2023) and "reconsideration_mediated" in codes(2024)
    assert "reconsideration_received" in codes(2021) and "reconsideration_received" in codes(2030)
    assert not catalog["epidemic_legal_services"].in_force(2024)
    assert len(codes(2020)) == 0


def test_topic_order_is_the_reports_not_alphabetical(catalog):
    topics = list(dict.fromkeys(Metric.objects.values_list("topic", flat=True)))
    assert topics[:3] == ["leadership", "functions", "normative"] and topics[-1] == "digital"
    topics = list(dict.fromkeys(Metric.objects.in_topic_order().values_list("topic", flat=True)))
    assert topics[0] == "leadership"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"aggregation": "sum"}, "aggregation", "never summed"),
        ({"unit": "件"}, "unit", "%"),
        ({"numerator": None}, "numerator", "above the line"),
        ({"retired_year": 2021}, "retired_year", "after the first reporting year"),
        ({"sentence": "纠错率很高"}, "sentence", "{value}"),
    ],
)
def test_clean_explains_what_is_wrong_and_where(catalog, changes, field, words):
    metric = catalog["reconsideration_correction_rate"]
    for name, value in changes.items():
        setattr(metric, name, value)
    with pytest.raises(ValidationError) as caught:
        metric.full_clean()
    assert any(words in message for message in caught.value.message_dict[field])


def test_a_rate_of_rates_and_a_count_with_parts_are_refused(catalog):
    rate = catalog["reconsideration_correction_rate"]
    rate.denominator = catalog["normative_filing_rate"]
    with pytest.raises(ValidationError) as caught:
        rate.full_clean()
    assert "not a count" in caught.value.message_dict["denominator"][0]
    count = catalog["reconsideration_received"]
    count.aggregation = "ratio"
    with pytest.raises(ValidationError) as caught:
        count.full_clean()
    assert "Only a rate" in caught.value.message_dict["aggregation"][0]


def test_a_new_metric_goes_to_the_end_of_its_topic(catalog):
    metric = Metric.objects.create(code="local_x", label="本地指标", unit="件", topic="normative", phrases=["本地"])
    normative = list(Metric.objects.filter(topic="normative"))
    assert normative[-1] == metric and 300 < metric.order < 400


def test_search_finds_phrases(catalog):
    assert "reconsideration_received" in set(Metric.objects.search("接到行政复议").values_list("code", flat=True))
    assert set(Metric.objects.search("LITIGATION_LOSS").values_list("code", flat=True)) == {"litigation_loss_rate"}
