"""The demo's forms handed in have their questions on last year's figures answered: none is held back by them."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.collection import actions
from fazhi.collection.models import Explanation, Submission
from fazhi.collection.questions import unanswered
from fazhi.org.models import User

from .conftest import BUILT_ON, at


@pytest.fixture
def demo(built_on, db):
    return built_on


def test_handed_in_forms_have_every_question_answered(demo):
    handed_in = Submission.objects.filter(year__in=(2025, 2026)).exclude(status=Submission.Status.DRAFT)
    assert handed_in.count() > 20
    assert all(unanswered(s) == [] for s in handed_in)
    assert all(e.confirmed and e.text for e in Explanation.objects.all())


def test_a_returned_form_is_not_held_back_by_questions(demo):
    office = User.objects.get(username="office")
    refused = {}
    with at(BUILT_ON):
        for returned in Submission.objects.filter(year=2026, status=Submission.Status.RETURNED):
            try:
                actions.submit_submission(returned, by=office)
            except ValidationError as exc:
                refused[returned.agency.code] = [e.code for errors in exc.error_dict.values() for e in errors]
    # Only a question left open would be this feature's refusal; any other is the demo's figures' own.
    assert not any("unanswered" in codes for codes in refused.values())
    assert Submission.objects.filter(year=2026, status=Submission.Status.SUBMITTED, returned_at__isnull=False).exists()
