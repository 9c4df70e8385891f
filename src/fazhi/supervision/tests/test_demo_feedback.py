"""The demo's supervision feedback: an evaluation of the county government's report, answered, and a finding waiting
for its answer on the director's home page; nothing for the neighbouring county."""

from __future__ import annotations

import pytest

from fazhi.core.tests.clients import csrf_client
from fazhi.demo.activity import current_year
from fazhi.org.models import User
from fazhi.supervision.demo_feedback import build_demo_feedback
from fazhi.supervision.models import Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_feedback(demo_year, db):
    year = current_year() - 1
    rows = {f.kind: f for f in Feedback.objects.filter(body__year=year, body__agency__code="sfx-gov")}
    assert set(rows) == {"evaluation", "finding"}
    assert rows["evaluation"].status == "answered" and rows["evaluation"].answered_by.username == "director"
    assert rows["evaluation"].evaluation["criteria"] and rows["evaluation"].shared_by.username == "supervisor"
    assert rows["finding"].status == "shared"
    assert build_demo_feedback() == {"shared": 0}  # idempotent
    assert Feedback.objects.count() == 2
    home = csrf_client(User.objects.get(username="director")).get("/").content.decode()
    assert 'data-testid="feedback-to-answer"' in home and rows["finding"].title in home
    assert rows["finding"].title not in csrf_client(demo_year.outsider).get("/").content.decode()
    assert rows["evaluation"].title in csrf_client(demo_year.supervisor).get("/").content.decode()
