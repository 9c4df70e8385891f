"""The figures the ledger gives the catalog, on a small worked set of the lead agency's items."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.suggestions import actions

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(world, lead, assign, answered, rated):
    """The lead agency's items assigned in 2026: five deputies' suggestions (answered on time and satisfied, answered
    on time and basically satisfied, answered late and not satisfied then satisfied with the second answer, answered
    and not rated, one still open) and three proposals (answered and not satisfied, excused; answered and satisfied;
    one open); and one suggestion assigned in 2025 (counted for 2025 only)."""
    rated(feedback="satisfied")
    rated(feedback="basically_satisfied")
    late = rated(feedback="unsatisfied", days=100)  # answered 10 June, due 2 June
    late = actions.reopen(late, by=world.owner, reopened_on=D(2026, 6, 26))
    late = actions.record_contact(late, by=world.owner, contacted_on=D(2026, 6, 28), contact_method="visit")
    late = actions.answer_again(late, by=world.owner, reanswered_on=D(2026, 7, 20), reanswer_category="A",
                                reanswer_summary="已解决")
    actions.record_feedback(late, by=world.owner, feedback="satisfied", feedback_on=D(2026, 7, 30))
    answered()
    assign()
    rated(kind="cppcc", feedback="unsatisfied", no_rehandling_reason="受条件限制")
    rated(kind="cppcc", feedback="satisfied")
    assign(kind="cppcc")
    answered(assigned_on=D(2025, 11, 3))
    return lead


def _value(world, agency):
    from fazhi.metrics import registry

    other = world.agency("sfx-jyj").pk

    def value(key, year=2026):
        found = registry.compute(key, [agency.pk, other], year)
        assert found[other] == 0
        return found[agency.pk]

    return value


def test_the_years_figures(world, year):
    value = _value(world, year)
    assert value("suggestions.received") == 8
    assert value("suggestions.received.deputy") == 5 and value("suggestions.received.cppcc") == 3
    assert value("suggestions.answered.deputy") == 4 and value("suggestions.answered.cppcc") == 2
    assert value("suggestions.answered_on_time.deputy") == 3  # one answered after its 2 June
    assert value("suggestions.reply_rate.deputy") == Decimal("80.00")  # 4 of 5
    assert value("suggestions.reply_rate.cppcc") == Decimal("66.67")  # 2 of 3
    assert value("suggestions.reply_rate") == Decimal("75.00")  # 6 of 8
    assert value("suggestions.rated.deputy") == 3 and value("suggestions.satisfied.deputy") == 3
    assert value("suggestions.satisfaction.deputy") == Decimal("100.00")  # the second answer's rating counts
    assert value("suggestions.satisfaction.cppcc") == Decimal("50.00")
    assert value("suggestions.handled_again") == 1
    assert value("suggestions.received.deputy", 2025) == 1 and value("suggestions.reply_rate.deputy", 2025) == 100


def test_what_counts_as_satisfied_is_a_setting(world, year, settings):
    settings.FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK = ["satisfied"]
    value = _value(world, year)
    assert value("suggestions.satisfaction.deputy") == Decimal("66.67")  # the basically satisfied one no longer


def test_the_catalog_metrics_the_ledger_can_fill(catalog):
    from fazhi.metrics import registry
    from fazhi.suggestions.metrics import COMPUTATIONS, METRICS

    for code, key in METRICS.items():
        assert code in catalog, code
        assert key in COMPUTATIONS and registry.get(key) is not None, key
    assert catalog["deputy_suggestions_reply_rate"].numerator.code == "deputy_suggestions_handled"
    assert catalog["cppcc_proposals_reply_rate"].denominator.code == "cppcc_proposals_received"
