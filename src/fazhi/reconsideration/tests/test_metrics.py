"""The figures the ledger gives the catalog, on a small worked set of the government's cases in 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.reconsideration import actions

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(world, body, staff, receive, answered):
    """The cases of 2026: upheld, request rejected, revoked, varied (late), mediated, settled, terminated, one still
    under review, one refused, and one received in 2025 and upheld in 2026 (counted for its conclusion)."""

    def decide(outcome, on=date(2026, 4, 20), **values):
        case = answered(**values)
        return actions.decide(case, by=staff, decided_on=on, outcome=outcome, decision_number=f"决{case.pk}",
                              reasoning="" if outcome in ("settled",) else "理由",
                              termination_ground="withdrawn" if outcome == "terminated" else "")

    decide("upheld")
    decide("request_rejected", act_category="non_performance")
    decide("revoked")
    decide("varied", on=D(2026, 5, 20))  # after its deadline of 6 May
    decide("mediated")
    decide("settled")
    decide("terminated")
    answered()  # under review: not concluded
    refused = receive(received_on=D(2026, 3, 2))
    actions.refuse(refused, by=staff, refused_on=D(2026, 3, 3), refusal_ground="scope", refusal_reason="不属于")
    decide("upheld", on=D(2026, 2, 20), received_on=D(2025, 12, 29), accepted_on=D(2025, 12, 30),
           knew_on=D(2025, 12, 1))
    return body


def _values(world, agency):
    from fazhi.metrics import registry

    other = world.agency("sfx-jyj").pk

    def value(key):
        found = registry.compute(key, [agency.pk, other], 2026)
        assert found[other] == 0
        return found[agency.pk]

    return value


def test_the_years_figures(world, year):
    value = _values(world, year)
    assert value("reconsideration.received") == 9  # the ten cases but the one received in 2025
    assert value("reconsideration.accepted") == 8
    assert value("reconsideration.refused") == 1
    assert value("reconsideration.decided") == 8
    assert value("reconsideration.upheld") == 3  # two upheld and one request rejected
    assert value("reconsideration.corrected") == 2  # revoked, varied
    assert value("reconsideration.mediated") == 2  # mediated, settled
    assert value("reconsideration.withdrawn") == 1  # terminated
    assert value("reconsideration.on_time") == 7  # the varied decision was late
    assert value("reconsideration.correction_rate") == Decimal("25.00")  # 2 of 8
    assert value("reconsideration.outcome.upheld") == 2
    assert value("reconsideration.outcome.mediated") == 1
    # The catalog's bound: upheld + corrected + withdrawn + mediated never exceed the cases concluded.
    assert value("reconsideration.decided") >= 3 + 2 + 1 + 2


def test_the_correction_outcomes_are_a_setting(world, year, settings):
    settings.FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES = "revoked,varied,mediated,settled"  # 综合纠错率
    value = _values(world, year)
    assert value("reconsideration.corrected") == 4
    assert value("reconsideration.correction_rate") == Decimal("50.00")


def test_every_outcome_and_the_catalogs_metrics_are_registered():
    from fazhi.metrics import registry
    from fazhi.reconsideration.metrics import METRICS
    from fazhi.reconsideration.models import Case

    keys = set(registry.registered())
    assert {f"reconsideration.outcome.{value}" for value in Case.Outcome.values} <= keys
    assert set(METRICS.values()) <= keys
    assert all(key.startswith("reconsideration.") for key in METRICS.values())
