"""The demo county's file review: built after the penalty cases, under review with most files scored and one failed
with a rectification item; nothing without closed cases; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_this_years_closed_cases_once(world):
    from fazhi.enforcement.demo import build_demo_enforcement
    from fazhi.filereview.demo import SEED, build
    from fazhi.filereview.models import Campaign, Rectification, ReviewFile
    from fazhi.penalties.demo import build_demo_penalties

    with at(date(2026, 11, 20)):
        build_demo_enforcement()
        assert build()["campaigns"] == 0  # no closed case yet: nothing
        build_demo_penalties()
        first = build()
        second = build()
    campaign = Campaign.objects.get()
    assert second["campaigns"] == 0 and first["campaigns"] == 1
    assert campaign.year == 2026 and campaign.status == Campaign.Status.REVIEWING and campaign.seed == SEED
    files = ReviewFile.objects.filter(withdrawn_at__isnull=True)
    assert files.count() == first["files"] >= 3 and {f.agency.code for f in files} == {"sfx-scj", "sfx-zfj",
                                                                                         "sfx-jtj"}
    assert all(f.case.status == "closed" and f.case.closed_on.year == 2026 for f in files)
    assert files.filter(status=ReviewFile.Status.TO_SCORE).count() == 2
    assert files.filter(status=ReviewFile.Status.SCORED).count() == first["scores"] == first["files"] - 2
    failed = files.get(passed=False)
    assert failed.vetoed and Rectification.objects.get().file == failed
    assert campaign.reviewers.count() == 2
