"""The figures the ledger gives the catalog, on a small worked set, with both settings of each UNCONFIRMED formula."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.litigation import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(world, register):
    """Five suits of 2026 against the owner's agency: won after two hearings (the head at the first), lost after a
    hearing without the head, withdrawn after the agency corrected its act, mediated, and one still open; a case of
    2025 concluded in 2025 that counts nowhere in 2026; two suggestions, one answered on time, one late."""
    by = world.owner

    def hear(case, day, head):
        extra = ({"head_appeared": True, "head_name": "王某", "head_post": "局长", "head_role": "principal"} if head
                 else {"staff_appeared": "李某", "absence_reason": "official_duty", "absence_proof": "会议通知"})
        actions.record_hearing(case, by=by, held_on=day, **extra)

    won = register(served_on=date(2026, 3, 2))
    hear(won, date(2026, 4, 10), True)
    hear(won, date(2026, 5, 12), False)
    actions.record_judgment(won, by=by, concluded_on=date(2026, 6, 1), outcome="rejected")
    lost = register(served_on=date(2026, 3, 9))
    hear(lost, date(2026, 4, 20), False)
    actions.record_judgment(lost, by=by, concluded_on=date(2026, 6, 2), outcome="revoked")
    corrected = register(served_on=date(2026, 4, 1))
    actions.record_judgment(corrected, by=by, concluded_on=date(2026, 5, 6), outcome="withdrawn_corrected")
    mediated = register(served_on=date(2026, 4, 2))
    actions.record_judgment(mediated, by=by, concluded_on=date(2026, 5, 7), outcome="mediated")
    register(served_on=date(2026, 10, 8))
    old = register(served_on=date(2025, 3, 3))
    hear(old, date(2025, 5, 6), True)
    actions.record_judgment(old, by=by, concluded_on=date(2025, 6, 1), outcome="void")
    on_time = actions.receive_suggestion(lost, by=by, kind="court", issuer="示范县人民法院", number="司建1",
                                         received_on=date(2026, 6, 10), content="建议")
    actions.reply_suggestion(lost, by=by, suggestion_number=on_time.number, replied_on=date(2026, 7, 1),
                             reply_summary="已回复")
    late = actions.receive_suggestion(won, by=by, kind="procuratorate", issuer="示范县人民检察院", number="检建2",
                                      received_on=date(2026, 6, 15), content="建议", reply_by=date(2026, 7, 15))
    actions.reply_suggestion(won, by=by, suggestion_number=late.number, replied_on=date(2026, 7, 20),
                             reply_summary="已回复")
    return world.agency("sfx-scj").pk, world.agency("sfx-jyj").pk


def value(metric, agencies, year=2026):
    from fazhi.metrics import registry

    return registry.compute(metric, agencies, year)


def test_counts_of_the_year(year):
    own, other = year
    expected = {
        "litigation.cases": 5, "litigation.concluded": 4, "litigation.judged": 2, "litigation.won": 1,
        "litigation.lost": 1, "litigation.heard": 2, "litigation.head_appearances": 1, "litigation.hearings": 3,
        "litigation.hearings_with_head": 1, "litigation.suggestions": 2, "litigation.suggestions_replied_on_time": 1,
    }
    for metric, count in expected.items():
        assert value(metric, [own, other]) == {own: count, other: 0}, metric
    assert value("litigation.lost", [own], 2025) == {own: 1}


def test_the_loss_rate_counts_over_the_judgments_and_follows_the_setting(year, settings):
    own, _other = year
    assert value("litigation.loss_rate", [own]) == {own: Decimal("50.00")}  # 1 lost of 2 judged
    settings.FAZHI_LITIGATION_LOST_OUTCOMES = ["revoked", "unlawful", "void", "perform", "varied", "compensation",
                                               "withdrawn_corrected"]
    assert value("litigation.lost", [own]) == {own: 2}
    assert value("litigation.loss_rate", [own]) == {own: Decimal("66.67")}  # 2 lost of 3 in the base


def test_the_appearance_rate_by_case_or_by_hearing(year, settings):
    own, other = year
    assert value("litigation.appearance_rate", [own, other]) == {own: Decimal("50.00"), other: 0}
    settings.FAZHI_LITIGATION_APPEARANCE_BASIS = "hearing"
    assert value("litigation.appearance_rate", [own]) == {own: Decimal("33.33")}


def test_an_unknown_lost_outcome_fails_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.litigation.models import lost_outcomes

    settings.FAZHI_LITIGATION_LOST_OUTCOMES = ["revoked", "beaten"]
    with pytest.raises(ImproperlyConfigured, match="beaten"):
        lost_outcomes()


def test_withdrawn_cases_count_nowhere(world, register):
    from fazhi.core.ledger import withdraw_record

    case = register(served_on=date(2026, 3, 2))
    withdraw_record(case, by=world.owner, reason="登记错误")
    own = world.agency("sfx-scj").pk
    assert value("litigation.cases", [own]) == {own: 0}
