"""Per-field and per-row checks of typed figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.collection.validation import Pair, check_parts, clean_note, parse_value
from fazhi.metrics.models import Metric

COUNT = Metric(code="c", label="行政复议申请", unit="件", kind=Metric.Kind.COUNT)
AMOUNT = Metric(code="a", label="经费", unit="万元", kind=Metric.Kind.AMOUNT)
RATE = Metric(code="r", label="满意率", unit="%", kind=Metric.Kind.RATE, aggregation=Metric.Aggregation.NONE)


def code_of(metric, raw, **kwargs):
    with pytest.raises(ValidationError) as info:
        parse_value(metric, raw, **kwargs)
    return info.value.code


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", Decimal(12)), (" 1,234 ", Decimal(1234)), ("１２", Decimal(12)), (7, Decimal(7)), ("12.00", Decimal(12)),
    ("", None), (None, None), ("  ", None),
])
def test_counts_accept_plain_and_full_width_digits(raw, expected):
    assert parse_value(COUNT, raw) == expected


@pytest.mark.parametrize(("metric", "raw", "code"), [
    (COUNT, "十二", "not_a_number"), (COUNT, "12件", "not_a_number"), (COUNT, "abc", "not_a_number"),
    (COUNT, "NaN", "not_a_number"), (COUNT, "1,5", "not_a_number"), (COUNT, True, "not_a_number"),
    (COUNT, "-1", "negative"), (AMOUNT, "-0.5", "negative"), (COUNT, "2.5", "not_whole"),
    (AMOUNT, "1.234", "too_many_decimals"), (RATE, "100.5", "rate_range"), (RATE, "-3", "negative"),
    (COUNT, "1" * 20, "too_large"),
])
def test_bad_values_are_refused_with_a_code(metric, raw, code):
    assert code_of(metric, raw) == code


def test_messages_name_the_problem():
    with pytest.raises(ValidationError) as info:
        parse_value(COUNT, "十二")
    assert "十二" in info.value.messages[0]


def test_amounts_and_rates():
    assert parse_value(AMOUNT, "12.5") == Decimal("12.5")
    assert parse_value(AMOUNT, "12.500") == Decimal("12.5")
    assert parse_value(RATE, "85%") == Decimal(85)
    assert parse_value(RATE, 0.85, percent_cell=True) == Decimal(85)
    assert parse_value(RATE, "100") == Decimal(100)


def test_a_numerator_above_its_denominator_is_refused():
    pair = Pair(("corrected",), "decided", ("行政复议纠错",), "行政复议审结")
    errors = check_parts({"corrected": Decimal(5), "decided": Decimal(3)}, [pair])
    assert list(errors) == ["corrected"]
    assert errors["corrected"].code == "numerator_above_denominator"
    assert "5" in errors["corrected"].messages[0] and "3" in errors["corrected"].messages[0]
    assert check_parts({"corrected": Decimal(3), "decided": Decimal(3)}, [pair]) == {}
    assert check_parts({"corrected": Decimal(5), "decided": None}, [pair]) == {}


def test_notes_have_a_limit():
    assert clean_note("  ok ") == "ok"
    with pytest.raises(ValidationError):
        clean_note("x" * 1001)
