"""The demo county's year of legal education: every kind of record in its states, the figures computed from it, and
a second run adding nothing."""

from __future__ import annotations

import pytest

from fazhi.education.demo import build_demo_education
from fazhi.education.models import (
    Activity,
    Course,
    DemonstrationVillage,
    Exam,
    LegalLiterate,
    ResponsibilityList,
)

pytestmark = pytest.mark.django_db


def test_the_demo_year_has_every_kind_of_record_and_is_built_once(world, frozen):
    counts = build_demo_education()
    assert all(counts.values()), counts
    assert set(ResponsibilityList.objects.values_list("status", flat=True)) == {"drafted", "published", "reviewed"}
    assert set(Activity.objects.values_list("status", flat=True)) == {"planned", "held"}
    assert Activity.objects.filter(campaign="constitution_week", status="held").exists()
    assert LegalLiterate.objects.filter(status="certified").exists() and DemonstrationVillage.objects.exists()
    assert Course.objects.filter(status="held", attendance__isnull=False).exists()
    assert set(Exam.objects.values_list("status", flat=True)) == {"held", "scored"}
    assert not any(build_demo_education().values())


def test_the_demo_figures_are_computed_from_it(world, frozen):
    from fazhi.education import metrics
    from fazhi.org.models import Agency

    build_demo_education()
    ids = list(Agency.objects.filter(code__startswith="sfx-").values_list("pk", flat=True))
    assert sum(metrics.activities(ids, frozen.year).values()) >= 10
    assert sum(metrics.exam_takers(ids, frozen.year - 1).values()) == 22
