"""Upload previews never confirmed are deleted after 24 hours by a tick job; dry run deletes nothing."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from fazhi.collection import previews
from fazhi.core import tick

pytestmark = pytest.mark.django_db


def age(token: str, hours: float) -> Path:
    """Make the stored preview ``hours`` old; return its path."""
    path = Path(settings.MEDIA_ROOT) / previews.DIRECTORY / f"{token}.xlsx"
    then = time.time() - hours * 3600
    os.utime(path, (then, then))
    return path


def test_the_job_is_registered_with_the_tick():
    label, job = tick._jobs["collection.clean_previews"]
    assert job is previews.clean_previews and label


def test_nothing_to_clean_before_any_upload():
    assert previews.clean_previews(None, False) == 0


def test_stale_previews_are_deleted_and_fresh_ones_kept():
    stale, recent, fresh = (previews.save_preview(b"PK\x03\x04 test") for _ in range(3))
    stale_path, recent_path = age(stale, 25), age(recent, 23)

    assert previews.clean_previews(None, True) == 1  # dry run: reports, deletes nothing
    assert stale_path.exists() and previews.preview_exists(stale)

    assert previews.clean_previews(None, False) == 1
    assert not stale_path.exists() and not previews.preview_exists(stale)
    assert recent_path.exists() and previews.preview_exists(fresh)
    assert previews.clean_previews(None, False) == 0


def test_confirming_an_expired_preview_says_so(owned, world, as_user):
    from fazhi.collection import excel
    from fazhi.collection.tests.test_excel import fill, upload

    client = as_user(world.owner)
    data = fill(excel.build_workbook([owned]), {"pufa_activities": 30})
    response = upload(client, reverse("collection:submission_upload", args=[owned.pk]), data)
    token = response.context["token"]
    age(token, 25)
    assert previews.clean_previews(None, False) == 1
    confirm = client.post(reverse("collection:import_confirm", args=[token]), follow=True,
                          headers={"accept-language": "en"})
    assert "expired" in confirm.content.decode()
    assert owned.values.get(metric__code="pufa_activities").value is None


def test_a_dry_run_tick_reports_the_stale_previews_and_keeps_them():
    token = previews.save_preview(b"PK\x03\x04 test")
    path = age(token, 30)
    result = tick.run_tick(dry_run=True)
    assert result.jobs["collection.clean_previews"] == 1
    assert path.exists()
