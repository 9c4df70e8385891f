"""The sample as a pure function (no database): the same seed and cases give the same files; the share is rounded up,
at least the minimum per body, at most all of a body's cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.filereview import sampling

CASES = {7: list(range(100, 140)), 3: [5, 9, 1, 12], 9: [], 4: [77]}


def test_the_same_seed_gives_the_same_sample_whatever_the_order_of_the_cases():
    first = sampling.draw("5eed", CASES, Decimal(5), 3)
    shuffled = {body: list(reversed(cases)) for body, cases in reversed(list(CASES.items()))}
    assert sampling.draw("5eed", shuffled, Decimal(5), 3) == first
    assert sampling.draw("5EED ", {str(k): v for k, v in CASES.items()}, Decimal(5), 3) == first


def test_another_seed_gives_another_sample():
    samples = {tuple(sampling.draw(seed, CASES, Decimal(5), 3)[7]) for seed in ("1", "2", "3", "4", "5")}
    assert len(samples) > 1


def test_each_body_gives_its_share_rounded_up_and_at_least_the_minimum():
    drawn = sampling.draw("abc", CASES, Decimal(5), 3)
    assert len(drawn[7]) == 3  # 5 % of 40 is 2: the minimum of 3
    assert len(drawn[3]) == 3 and set(drawn[3]) <= {1, 5, 9, 12}
    assert drawn[4] == [77]  # fewer than the minimum: all of them
    assert 9 not in drawn  # no case closed: nothing drawn
    assert len(sampling.draw("abc", CASES, Decimal(20), 3)[7]) == 8


@pytest.mark.parametrize(("count", "percent", "minimum", "size"), [
    (100, 5, 3, 5), (41, 5, 3, 3), (61, 5, 3, 4), (2, 5, 3, 2), (0, 5, 3, 0), (10, 50, 3, 5), (10, 100, 0, 10),
    (10, Decimal("0.5"), 0, 1),
])
def test_sample_size(count, percent, minimum, size):
    assert sampling.sample_size(count, Decimal(percent), minimum) == size


def test_a_seed_is_hexadecimal():
    assert len(sampling.new_seed()) == 16 and sampling.seed_number(sampling.new_seed()) >= 0
    for bad in ("", "xyz", "1" * 33):
        with pytest.raises(ValueError):
            sampling.seed_number(bad)
