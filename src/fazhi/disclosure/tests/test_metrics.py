"""The figures the ledger gives the catalog, on a small worked set of the owner's agency's requests."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.disclosure import actions
from fazhi.disclosure.metrics import COMPUTATIONS, METRICS

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(world, agency, staff, receive):
    """2026: seven requests received (one from an organisation), five replied (one late, one to court, one to
    reconsideration), one given up, one still open, and one received in 2025 and replied in 2026."""

    def replied(reply_type, on=date(2026, 3, 20), received_on=date(2026, 3, 2), **values):
        request = receive(received_on=received_on, **values.pop("request", {}))
        return actions.reply(request, by=staff, replied_on=on, reply_type=reply_type, delivery="post", **values)

    replied("disclosed")
    replied("disclosed", on=D(2026, 4, 10))  # due 30 March: late
    denied = replied("not_disclosed", reply_ground="process", reply_text="过程性信息")
    actions.record_review_or_suit(denied, by=staff, review_kind="reconsideration", filed_on=D(2026, 4, 1),
                                  review_outcome="corrected")
    actions.record_review_or_suit(denied, by=staff, review_kind="litigation", filed_on=D(2026, 6, 1),
                                  review_outcome="pending")
    elsewhere = replied("not_ours", competent_agency="县住建局", reply_text="不属于本机关",
                        request={"requester_kind": "organisation", "organisation_kind": "business"})
    actions.record_review_or_suit(elsewhere, by=staff, review_kind="litigation", filed_on=D(2026, 5, 1),
                                  review_outcome="upheld")
    given_up = receive(received_on=D(2026, 3, 2))
    given_up = actions.request_correction(given_up, by=staff, correction_requested_on=D(2026, 3, 3),
                                          correction_items="请写明名称", correction_period_ends=D(2026, 3, 13))
    actions.treat_as_abandoned(given_up, by=staff)
    receive(received_on=D(2026, 11, 2))  # still being handled
    receive(received_on=D(2026, 11, 3))  # still being handled
    replied("not_exist", on=D(2026, 1, 6), received_on=D(2025, 12, 22))  # counted for its reply in 2026
    return agency


def _values(world, agency):
    from fazhi.metrics import registry

    other = world.agency("sfx-jyj").pk

    def value(key, year=2026):
        found = registry.compute(key, [agency.pk, other], year)
        assert found[other] == 0
        return found[agency.pk]

    return value


def test_the_years_figures(world, year):
    value = _values(world, year)
    assert value("disclosure.received") == 7
    assert value("disclosure.received.person") == 6 and value("disclosure.received.organisation") == 1
    assert value("disclosure.replied") == 5
    assert value("disclosure.replied_on_time") == 4  # the one replied on 10 April was late
    assert value("disclosure.received_replied_on_time") == 3  # of those received in 2026
    assert value("disclosure.reply.disclosed") == 2
    assert value("disclosure.reply.not_disclosed") == 1 and value("disclosure.reply.not_ours") == 1
    assert value("disclosure.reply.not_exist") == 1 and value("disclosure.reply.repeat") == 0
    assert value("disclosure.abandoned") == 1
    assert value("disclosure.carried_over") == 2
    assert value("disclosure.carried_over", 2025) == 1  # received 22 December 2025, replied in January
    assert value("disclosure.reconsidered") == 1 and value("disclosure.reconsideration.corrected") == 1
    assert value("disclosure.litigated") == 2
    assert value("disclosure.litigation.upheld") == 1 and value("disclosure.litigation.pending") == 1


def test_every_computation_is_registered_and_the_catalog_mapping_names_real_metrics(catalog):
    from fazhi.metrics import registry

    assert set(COMPUTATIONS) <= set(registry.registered())
    assert all(key.startswith("disclosure.") for key in COMPUTATIONS)
    for code, key in METRICS.items():
        assert code in catalog and key in COMPUTATIONS
    rate = catalog["disclosure_reply_rate"]
    assert (rate.numerator.code, rate.denominator.code) == ("disclosure_replied_on_time", "disclosure_requests")
