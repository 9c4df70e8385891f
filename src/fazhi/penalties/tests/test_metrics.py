"""The figures the ledger gives the catalog, on a worked example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.penalties.tests.conftest import credit_code
from fazhi.penalties.tests.test_actions import DECISION

pytestmark = pytest.mark.django_db


def test_the_year_figures(world, body, officers):
    from fazhi.metrics import registry
    from fazhi.penalties import actions
    from fazhi.penalties.models import LenientItem

    common = dict(body=body, by=world.owner, title="案", party_kind="organisation", party_name="某公司",
                  party_code=credit_code(), party_address="某地", violation_on=date(2026, 1, 10),
                  discovered_on=date(2026, 1, 12), opened_on=date(2026, 1, 12), officers=officers)
    numbers = iter(range(1, 50))

    def penalty(fine, *, reviewed=False, on=date(2026, 3, 2)):
        case = actions.open_case(number=f"立{next(numbers)}", **common)
        actions.add_record(case, by=world.owner, action="seizure", on=date(2026, 1, 13), officers=officers,
                           description="扣押", av_reference="A-1")
        case = actions.notify_penalty(case, by=world.owner, on=date(2026, 2, 2), penalty_types=["fine"], fine=fine)
        case = actions.receive_notice(case, by=world.owner, on=date(2026, 2, 3))
        if reviewed:
            case = actions.submit_for_review(case, by=world.owner, on=date(2026, 2, 27))
            case = actions.record_review(case, by=world.owner, on=date(2026, 2, 27), reviewer="法制员",
                                         qualification="A1", result="passed", opinion="同意")
        return actions.decide(case, by=world.owner, on=on, outcome="penalty",
                              **(DECISION | {"decision_number": f"罚{case.number}"}))

    penalty("3000")
    penalty("60000", reviewed=True)
    actions.publish_decision(penalty("5000", on=date(2026, 3, 3)), by=world.owner, on=date(2026, 3, 5))
    item = LenientItem.objects.create(agency=body.agency, kind="minor", domain="d", code="Q1", violation="v",
                                      legal_basis="b", conditions="c")
    lenient = actions.open_case(number="立L", **common)
    actions.decide(lenient, by=world.owner, on=date(2026, 2, 1), outcome="minor", lenient_item=item,
                   **(DECISION | {"decision_number": "不罚1"}))
    actions.open_case(number="立open", **common)  # filed, not decided: counts nowhere yet

    agency = body.agency_id

    def value(metric):
        return registry.compute(metric, [agency, world.agency("sfx-jyj").pk], 2026)

    assert value("penalties.decided") == {agency: 4, world.agency("sfx-jyj").pk: 0}
    assert value("penalties.penalties")[agency] == 3
    assert value("penalties.amount")[agency] == Decimal("6.8")  # 68,000 yuan in 万元
    assert value("penalties.coercive_measures")[agency] == 3
    assert value("penalties.published")[agency] == 1
    assert value("penalties.recorded")[agency] == 3
    assert value("penalties.major")[agency] == 1
    assert value("penalties.reviewed")[agency] == 1
    assert value("penalties.lenient")[agency] == 1
    assert value("penalties.penalties")[world.agency("sfx-jyj").pk] == 0
