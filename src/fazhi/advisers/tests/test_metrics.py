"""The figures the ledger computes for the catalog: who counts where, in which year."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.advisers import actions, metrics

pytestmark = pytest.mark.django_db

D = date


def test_the_catalog_computes_its_adviser_figures_from_the_ledger(catalog):
    from fazhi.metrics import registry

    for code, key in metrics.METRICS.items():
        assert catalog[code].source == "computed" and catalog[code].computed_by == key, code
        assert registry.get(key) is not None, key


def test_each_figure_counts_for_the_owning_agency_in_its_year(engage, receive, owner, bureau, world):
    adviser = engage(engaged_from=D(2025, 3, 1), engaged_until=D(2027, 2, 28))
    engage(name="公职律师甲", kind="public_lawyer", licence_number="A12345678", engaged_from=D(2026, 2, 1),
           engaged_until=D(2026, 11, 30))
    engage(name="旧顾问", engaged_from=D(2024, 1, 1), engaged_until=D(2024, 12, 31))
    for day in (D(2025, 12, 30), D(2026, 1, 5), D(2026, 6, 1)):
        actions.record_opinion(adviser, by=owner, given_on=day, subject_kind="other", subject="咨询", opinion_text="意见")
    actions.record_attendance(adviser, by=owner, held_on=D(2026, 4, 1), meeting="局长办公会议")
    on_time = receive(received_on=D(2026, 3, 2))
    actions.give_contract_opinion(on_time, by=owner, verdict="approve", opinion_on=D(2026, 3, 11), reviewer="甲")
    late = receive(received_on=D(2026, 3, 2))
    actions.give_contract_opinion(late, by=owner, verdict="approve", opinion_on=D(2026, 3, 12), reviewer="甲")
    receive(received_on=D(2026, 12, 1))  # still under review: not counted
    ids, other = [bureau.pk], world.agency("sfx-jyj").pk
    assert metrics.engaged(ids, 2026) == {bureau.pk: 1} and metrics.engaged(ids, 2024) == {bureau.pk: 1}
    assert metrics.public_lawyers(ids, 2026) == {bureau.pk: 1} and metrics.public_lawyers(ids, 2025) == {}
    assert metrics.opinions(ids, 2026) == {bureau.pk: 2} and metrics.opinions(ids, 2025) == {bureau.pk: 1}
    assert metrics.COMPUTATIONS["advisers.opinions.other"](ids, 2026) == {bureau.pk: 2}
    assert metrics.meetings(ids, 2026) == {bureau.pk: 1}
    assert metrics.contracts_reviewed(ids, 2026) == {bureau.pk: 2}
    assert metrics.contracts_on_time(ids, 2026) == {bureau.pk: 1}
    assert metrics.opinions([other], 2026) == {}


def test_a_withdrawn_record_never_counts(engage, owner, bureau):
    from fazhi.core.ledger import withdraw_record

    adviser = engage()
    withdraw_record(adviser, by=owner, reason="重复登记")
    assert metrics.engaged([bureau.pk], 2026) == {}
