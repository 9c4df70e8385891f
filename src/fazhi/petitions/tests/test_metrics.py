"""The figures the ledger gives the catalog, on a small worked set of the owner's agency's matters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.petitions import actions

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(world, agency, register, accepted, replied):
    """The agency's matters received in 2026: three answered (on time and satisfied; late, not satisfied and taken
    to review; on time and basically satisfied), one still being handled, one forwarded, one left unrouted, a group
    visit of six accepted with a late notice, a visit of two routed to reconsideration, a repeat of the first, and an
    anonymous letter accepted; and one matter received in 2025 (counted for 2025 only)."""
    first = replied(outcome="supported")
    actions.record_evaluation(first, by=world.owner, evaluated_on=D(2026, 4, 20), evaluation="satisfied")
    late = replied(days=65)  # answered Sat 9 May, due Mon 4 May
    late = actions.record_evaluation(late, by=world.owner, evaluated_on=D(2026, 5, 15), evaluation="unsatisfied")
    actions.request_review(late, by=world.owner, review_requested_on=D(2026, 5, 20), review_body="示范县人民政府")
    third = replied()
    actions.record_evaluation(third, by=world.owner, evaluated_on=D(2026, 4, 20), evaluation="basically_satisfied")
    accepted()
    actions.forward_matter(register(), by=world.owner, forwarded_on=D(2026, 3, 7), forward_kind="forward",
                           forwarded_to="示范县人力资源和社会保障局", notified_on=D(2026, 3, 7))
    register()
    group = register(channel="visit", persons=6)
    actions.accept_matter(group, by=world.owner, accepted_on=D(2026, 3, 5), notified_on=D(2026, 3, 22))
    pair = register(channel="visit", persons=2)
    actions.decline_matter(pair, by=world.owner, declined_on=D(2026, 3, 6), decline_ground="legal_procedure",
                           legal_route="reconsideration", decline_note="告知申请行政复议。", notified_on=D(2026, 3, 6))
    repeat = register(received_on=D(2026, 6, 1), repeat_of_number=first.number)
    actions.accept_matter(repeat, by=world.owner, accepted_on=D(2026, 6, 2), notified_on=D(2026, 6, 2))
    accepted(identity_unclear=True, petitioner_name="匿名")
    accepted(received_on=D(2025, 11, 3), number="2025-0001")
    return agency


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
    assert value("petitions.received") == 10
    assert value("petitions.accepted") == 7
    assert value("petitions.forwarded") == 1
    assert value("petitions.replied") == 3
    assert value("petitions.closed_on_time") == 2
    assert value("petitions.on_time_rate") == Decimal("28.57")  # 2 of the 7 accepted
    assert value("petitions.timely") == 8  # not the unrouted one, nor the group visit told after 15 days
    assert value("petitions.timely_acceptance_rate") == Decimal("80.00")
    assert value("petitions.visitors") == 8 and value("petitions.group_visits") == 1
    assert value("petitions.repeated") == 1 and value("petitions.reviewed") == 1
    assert value("petitions.evaluated") == 3 and value("petitions.satisfaction") == Decimal("66.67")
    assert value("petitions.received.visit") == 2 and value("petitions.received.letter") == 8
    assert value("petitions.received", 2025) == 1 and value("petitions.on_time_rate", 2025) == 0


def test_what_counts_as_satisfied_and_as_a_group_visit_are_settings(world, year, settings):
    settings.FAZHI_PETITIONS_SATISFIED_EVALUATIONS = ["satisfied"]
    settings.FAZHI_PETITIONS_GROUP_VISIT_SIZE = 2
    value = _value(world, year)
    assert value("petitions.satisfaction") == Decimal("33.33")
    assert value("petitions.group_visits") == 2


def test_an_unknown_evaluation_in_the_setting_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.petitions.models import satisfied_evaluations

    settings.FAZHI_PETITIONS_SATISFIED_EVALUATIONS = "satisfied,delighted"
    with pytest.raises(ImproperlyConfigured):
        satisfied_evaluations()


def test_a_withdrawn_matter_never_counts(world, register, agency):
    from fazhi.core.ledger import withdraw_record

    withdraw_record(register(), by=world.owner, reason="重复登记")
    assert _value(world, agency)("petitions.received") == 0


def test_the_catalog_metrics_the_ledger_can_fill(catalog):
    from fazhi.metrics import registry
    from fazhi.petitions.metrics import COMPUTATIONS, METRICS

    for code, key in METRICS.items():
        assert code in catalog, code
        assert key in COMPUTATIONS and registry.get(key) is not None, key
    rate = catalog["petitions_on_time_rate"]
    assert (rate.numerator.code, rate.denominator.code) == ("petitions_closed_on_time", "petitions_received")
    assert METRICS[rate.numerator.code] == "petitions.closed_on_time"
    assert METRICS[rate.denominator.code] == "petitions.accepted"  # the ratio of the two is the ledger's own rate


def test_the_records_link_is_empty_until_the_pages_are_mounted(world, agency):
    from django.urls import NoReverseMatch, reverse

    from fazhi.petitions.metrics import records_url

    try:
        reverse("petitions:list")
    except NoReverseMatch:
        assert records_url(agency, 2026) == ""
    else:
        assert records_url(agency, 2026).endswith("?agency=sfx-scj&year=2026")


def test_the_records_link_names_the_agency_and_the_year(world, agency):
    from fazhi.petitions.metrics import records_url

    assert records_url(agency, 2026) == "/petitions/?agency=sfx-scj&year=2026"
