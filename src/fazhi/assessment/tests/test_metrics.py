"""The figures the ledger gives the catalog, on a small worked set of 2026 findings.

Findings count for the agency responsible in the year they were fed back; rectified ones are those closed by the end
of that year; 整改完成率 = rectified ÷ findings × 100 (UNCONFIRMED formula: ``fazhi.assessment.metrics``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.assessment import actions
from fazhi.metrics import registry

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year(find, requested, office, world):
    """县市场监管局: four findings of one inspection fed back in 2026 (two closed, one awaiting review, one open), one
    of 2025's inspection and one voided; 县教育局 one of its own."""
    from fazhi.core.ledger import withdraw_record

    actions.accept_closing(requested(), by=office, closed_on=D(2026, 11, 5))
    actions.accept_closing(requested(on=D(2026, 10, 1)), by=office, closed_on=D(2026, 10, 8))
    requested()
    find()
    find(inspection_reference="示法督〔2025〕9号", inspection_started_on=D(2025, 11, 3), feedback_on=D(2025, 11, 20),
         assigned_on=D(2025, 11, 25))
    withdraw_record(find(), by=office, reason="重复登记")
    find(agency=world.agency("sfx-jyj"))


def _value(key, agency, year=2026):
    return registry.compute(key, [agency.pk], year)[agency.pk]


def test_the_figures(year, world):
    bureau, office = world.agency("sfx-scj"), world.agency("sfx-office")
    assert _value("assessment.findings", bureau) == 4
    assert _value("assessment.findings", bureau, 2025) == 1
    assert _value("assessment.rectified", bureau) == 2
    assert _value("assessment.rectification_rate", bureau) == Decimal("50.00")
    assert _value("assessment.findings", world.agency("sfx-jyj")) == 1
    assert _value("assessment.inspections", office) == 1 and _value("assessment.inspections", office, 2025) == 1
    assert _value("assessment.inspections", bureau) == 0


def test_the_catalog_computes_the_supervision_figures_from_the_ledger(catalog):
    from fazhi.assessment.metrics import METRICS

    for code in ("supervision_inspections", "supervision_findings", "supervision_rectified"):
        assert catalog[code].source == "computed" and catalog[code].computed_by == METRICS[code]
        assert registry.get(catalog[code].computed_by) is not None
    rate = catalog["supervision_rectification_rate"]
    assert rate.numerator.code == "supervision_rectified" and rate.denominator.code == "supervision_findings"
