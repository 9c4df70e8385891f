"""The draw as a pure function (no database): reproducible, per risk level, teams of two, recusals respected."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from fazhi.inspections.sampling import (
    BadPercentages,
    TeamShort,
    draw,
    parse_percentages,
    sample_size,
)

DEFAULT = parse_percentages("high=30,medium_high=10,medium=2,low=1")


def directory(high=10, medium_high=20, medium=50, low=100):
    entities, pk = [], 1
    for level, n in (("high", high), ("medium_high", medium_high), ("medium", medium), ("low", low)):
        for _ in range(n):
            entities.append((pk, level))
            pk += 1
    return entities


def test_the_same_seed_and_snapshot_give_the_same_result_in_any_input_order():
    entities, inspectors = directory(), [11, 12, 13, 14, 15]
    first = draw("00ab12", entities, inspectors, [(11, 1)], DEFAULT)
    again = draw("00ab12", list(reversed(entities)), list(reversed(inspectors)), [(11, 1)], DEFAULT)
    assert first == again and first
    assert draw("00ab13", entities, inspectors, [(11, 1)], DEFAULT) != first  # another seed, another draw


def test_a_different_snapshot_gives_a_different_draw_from_the_same_seed():
    base = draw("beef", directory(), [1, 2, 3], [], DEFAULT)
    grown = draw("beef", directory(high=11), [1, 2, 3], [], DEFAULT)
    assert [a.entity for a in grown] != [a.entity for a in base]


@pytest.mark.parametrize(("count", "percent", "expected"), [
    (10, "30", 3), (20, "10", 2), (50, "2", 1), (100, "1", 1), (7, "30", 3), (0, "30", 0), (5, "0", 0),
    (3, "100", 3), (250, "1", 3),
])
def test_the_share_is_rounded_up_to_a_whole_entity(count, percent, expected):
    assert sample_size(count, Decimal(percent)) == expected


def test_each_risk_level_is_drawn_in_its_share():
    entities = directory(high=10, medium_high=20, medium=50, low=100)
    risk = dict(entities)
    for seed in ("1", "2", "3", "ff"):
        result = draw(seed, entities, [1, 2, 3, 4], [], DEFAULT)
        assert Counter(risk[a.entity] for a in result) == {"high": 3, "medium_high": 2, "medium": 1, "low": 1}


def test_teams_are_two_distinct_inspectors_and_the_work_is_spread():
    result = draw("c0ffee", directory(high=20, medium_high=0, medium=0, low=0), [1, 2, 3, 4], [],
                  parse_percentages("high=100,medium_high=0,medium=0,low=0"))
    assert len(result) == 20 and all(len(set(a.officers)) == 2 for a in result)
    load = Counter(pk for a in result for pk in a.officers)
    assert set(load.values()) == {10}  # 40 places, four inspectors: ten each


def test_a_recusal_is_never_paired():
    everything = parse_percentages("high=100,medium_high=100,medium=100,low=100")
    entities = directory(high=5, medium_high=5, medium=5, low=5)
    barred = [(1, pk) for pk, _risk in entities if pk % 2] + [(2, 4), (3, 6)]
    for seed in (f"{n:x}" for n in range(1, 60)):
        for assignment in draw(seed, entities, [1, 2, 3], barred, everything):
            assert not {(o, assignment.entity) for o in assignment.officers} & set(barred)


def test_too_many_recusals_leave_no_team():
    with pytest.raises(TeamShort) as refused:
        draw("1", [(7, "high")], [1, 2, 3], [(1, 7), (2, 7)], parse_percentages("high=100,medium_high=0,medium=0,low=0"))
    assert (refused.value.entity, refused.value.free) == (7, 1)


@pytest.mark.parametrize(("value", "why"), [
    ("high=30,medium_high=10,medium=2", "no share for low"),
    ("high=30,medium_high=10,medium=2,low=1,high=3", "given twice"),
    ("high=130,medium_high=10,medium=2,low=1", "between 0 and 100"),
    ("high=x,medium_high=10,medium=2,low=1", "not a number"),
    ("extreme=1,high=30,medium_high=10,medium=2,low=1", "not a risk level"),
    ("30,10,2,1", "level=percent"),
])
def test_bad_shares_are_refused_with_the_reason(value, why):
    with pytest.raises(BadPercentages, match=why):
        parse_percentages(value)


def test_shares_may_be_fractions():
    assert parse_percentages("high=30,medium_high=10,medium=2,low=0.5")["low"] == Decimal("0.5")
