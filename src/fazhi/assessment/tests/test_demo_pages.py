"""The demo county's year of self-assessments as people meet them: a draft's first indicators offer the body's
records to link and one to unlink, the demonstration self-assessment lists its gaps with one assigned, the
departments' ranking is published and the supervisor's counties page compares two county governments' scores."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core.tests.clients import csrf_client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo(demo_year, db):
    return demo_year


def test_a_drafts_first_indicators_offer_records_to_link_and_unlink(demo):
    from fazhi.assessment.models import SelfAssessment

    for code in ("sfx-wjj", "sfx-zfj"):
        record = SelfAssessment.objects.get(agency__code=code)
        assert record.status == "draft"
        first = record.entries.order_by("indicator__position").first()
        page = csrf_client(demo.office).get(reverse(
            "assessment:self_assessment_entry", args=[record.pk, first.indicator_id])).content.decode()
        assert "/links/" in page and "/remove/" in page and "/files/" in page, code


def test_the_demonstration_self_assessment_lists_its_gaps_with_evidence_linked(demo):
    from fazhi.assessment.models import SelfAssessment

    record = SelfAssessment.objects.get(system__code="national-demonstration-2021")
    assert record.entries.filter(links__isnull=False).count() >= 10
    page = csrf_client(demo.office).get(reverse("assessment:self_assessments:detail", args=[record.pk])).content
    page = page.decode()
    assert 'data-testid="gap-item"' in page and 'data-testid="gap-rectify"' in page


def test_the_supervisor_compares_the_two_county_governments(demo):
    page = csrf_client(demo.supervisor).get(reverse("assessment:counties")).content.decode()
    assert page.count('data-series="score"') == 2
    assert page.count('<td data-testid="score"><a href=') == 2
