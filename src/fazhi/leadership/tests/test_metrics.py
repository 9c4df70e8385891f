"""The catalog figures the leadership ledger computes: each body's own records of the year; a government's with its
region's Party committee and rule-of-law office; nobody else's."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.leadership import metrics
from fazhi.metrics import registry

pytestmark = pytest.mark.django_db


def test_the_figures_count_the_bodys_own_records_of_the_year(world, meeting, study, shufa, party, government):
    meeting()
    meeting(held_on=date(2025, 6, 3))  # last year's
    meeting(on_law=False, decisions="")
    meeting(agency=government, kind="executive", title="县政府常务会议")
    meeting(agency=world.agency("lsx-gov"), kind="executive", title="邻水县政府常务会议", by=world.admin)
    study()
    study(kind="lecture", speaker="教授", meeting="")
    shufa()
    ids = [government.pk, world.agency("lsx-gov").pk, world.agency("sfx-scj").pk]
    assert metrics.standing_committee_on_law(ids, 2026) == {government.pk: 1}  # the county's 常委会, on its form
    assert metrics.executive_on_law(ids, 2026) == {government.pk: 1, world.agency("lsx-gov").pk: 1}
    assert metrics.pre_meeting(ids, 2026) == {government.pk: 1} and metrics.lectures(ids, 2026) == {government.pk: 1}
    assert metrics.shufa(ids, 2025) == {government.pk: 1}
    assert metrics.standing_committee_on_law([party.pk], 2026) == {party.pk: 1}


def test_the_catalog_names_the_computations():
    from fazhi.metrics.catalog import load_catalog
    from fazhi.metrics.models import Metric

    load_catalog()
    for code, key in metrics.METRICS.items():
        metric = Metric.objects.get(code=code)
        assert metric.source == Metric.Source.COMPUTED and metric.computed_by == key
        assert registry.get(key) is not None
