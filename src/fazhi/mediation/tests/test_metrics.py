"""The figures the ledger gives the catalog, on a small worked set of one township's disputes.

调解成功率 = disputes whose mediation reached an agreement ÷ disputes received for mediation (调解矛盾纠纷), both counted
in the year of receipt, × 100 (UNCONFIRMED formula: ``fazhi.mediation.metrics``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.mediation import actions

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(township, owner, receive, mediated, agreed):
    """城关镇's disputes received in 2026: seven of its people's mediation committee — agreed, performed and confirmed
    (20,000 yuan); agreed orally; agreed after its period and not performed (5,000.55 yuan); failed (10,000 yuan);
    withdrawn by a party; still being mediated; just received — and one administrative mediation agreed (1,234 yuan);
    plus one agreed in 2025 (counted for 2025 only) and one voided record (never counted)."""
    from fazhi.core.ledger import withdraw_record

    done = agreed(days=10, amount=20000)  # in force 12 March
    done = actions.record_confirmation_application(done, by=owner, confirmation_applied_on=D(2026, 3, 20),
                                                   confirmation_court="示范县人民法院")
    done = actions.record_confirmation_ruling(done, by=owner, ruling="confirmed", ruled_on=D(2026, 4, 1))
    actions.record_performance(done, by=owner, performed_on=D(2026, 4, 5))
    agreed(days=5, agreement_form="oral", confirmation_intended=False)
    late = agreed(days=40, amount="5000.55", confirmation_intended=False)  # the period ended on 2 April
    actions.record_nonperformance(late, by=owner, unperformed_on=D(2026, 5, 20), unperformed_note="已告知可起诉")
    actions.record_failure(mediated(amount=10000), by=owner, ended_on=D(2026, 3, 20), referred_to="litigation",
                           ending_reason="分歧大")
    actions.record_withdrawal(receive(), by=owner, ended_on=D(2026, 3, 3), ending_reason="一方拒绝调解")
    mediated()
    receive()
    agreed(organisation_kind="administrative", organisation="城关镇综治中心", amount=1234)
    agreed(received_on=D(2025, 11, 3))
    withdraw_record(agreed(amount=99999), by=owner, reason="重复登记")
    return township


def _value(world, agency):
    from fazhi.metrics import registry

    other = world.agency("sfx-t02").pk

    def value(key, year=2026):
        found = registry.compute(key, [agency.pk, other], year)
        assert found[other] == 0
        return found[agency.pk]

    return value


def test_the_years_figures(world, year):
    value = _value(world, year)
    assert value("mediation.received") == 8
    assert value("mediation.agreed") == 4
    assert value("mediation.success_rate") == Decimal("50.00")  # 4 of 8
    assert value("mediation.received.peoples") == 7 and value("mediation.agreed.peoples") == 3
    assert value("mediation.success_rate.peoples") == Decimal("42.86")  # 3 of 7
    assert value("mediation.success_rate.administrative") == Decimal("100.00")
    assert value("mediation.received.judicial") == 0 and value("mediation.success_rate.judicial") == 0
    assert value("mediation.failed") == 1
    assert value("mediation.concluded_on_time") == 5  # the late agreement and the two still open are not
    assert value("mediation.performed") == 1
    assert value("mediation.confirmation_applied") == 1 and value("mediation.confirmed") == 1
    assert value("mediation.amount") == Decimal("3.62")  # 36,234.55 yuan in 万元
    assert value("mediation.received", 2025) == 1 and value("mediation.success_rate", 2025) == 100


def test_the_catalog_metrics_the_ledger_can_fill(catalog):
    from fazhi.mediation.metrics import COMPUTATIONS, METRICS
    from fazhi.metrics import registry

    for code, key in METRICS.items():
        assert code in catalog, code
        assert key in COMPUTATIONS and registry.get(key) is not None, key
    rate = catalog["disputes_mediation_success_rate"]
    assert (rate.numerator.code, rate.denominator.code) == ("disputes_resolved", "disputes_mediated")
    assert (METRICS[rate.numerator.code], METRICS[rate.denominator.code]) == ("mediation.agreed", "mediation.received")
    assert catalog["disputes_amount"].unit == "万元"


def test_a_figure_links_to_the_years_disputes(township):
    from fazhi.mediation.metrics import records_url

    assert records_url(township, 2026) == "/mediation/?agency=sfx-t01&year=2026"
