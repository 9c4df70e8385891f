import pytest

from fazhi.analyzer.numbers import normalize_digits, parse_cn_integer, parse_number


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1.87万", 18700),
        ("两", 2),
        ("四", 4),
        ("十五", 15),
        ("二十三", 23),
        ("一百零五", 105),
        ("一万二千", 12000),
        ("1,234", 1234),
        ("15万", 150000),
        ("12.16万", 121600),
        ("三点五", 3.5),
        ("４６．４万", 464000),
    ],
)
def test_parse_number_values(printed, value):
    assert parse_number(printed).value == value


def test_percent_in_words_and_signs():
    assert parse_number("百分之九十") == parse_number("90%")
    assert parse_number("百分之九十").percent


@pytest.mark.parametrize("printed", ["约2600", "近43.5%", "3万余", "1800余万", "100以上", "20余"])
def test_approximate_markers_are_dropped_and_flagged(printed):
    number = parse_number(printed)
    assert number.approx
    assert number.value in (2600, 43.5, 30000, 18_000_000, 100, 20)


def test_digit_by_digit_year():
    assert parse_cn_integer("二〇二四") == 2024


def test_not_a_number():
    with pytest.raises(ValueError):
        parse_number("制度")


def test_normalize_digits_keeps_length():
    s = "受理１２３件，占比９９％"
    assert len(normalize_digits(s)) == len(s)
    assert normalize_digits(s) == "受理123件，占比99%"  # the Chinese comma separates clauses: kept
