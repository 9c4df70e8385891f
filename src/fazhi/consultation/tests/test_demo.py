"""The demo adds comments and feedback to whatever consultations the ledger demos opened, once."""

from datetime import date

import pytest

from fazhi.consultation import actions
from fazhi.consultation.demo import build_demo_consultation
from fazhi.consultation.models import Comment, Consultation
from fazhi.core.ledger import create_record
from fazhi.core.tests.sampleledger.models import SampleCase

from .conftest import BODY, TODAY, at

pytestmark = pytest.mark.django_db


def test_demo_is_a_no_op_without_consultations(world):
    assert build_demo_consultation(TODAY) == {"comments": 0, "concluded": 0}


def test_demo_comments_and_feedback_once(world):
    agency = world.agency("sfx-scj")
    drafts = [create_record(SampleCase(agency=agency, title=f"草案{n}", received_on=TODAY), by=world.owner)
              for n in range(3)]
    with at(date(2025, 11, 3)):
        quiet = actions.open_consultation(drafts[2], by=world.owner, kind="decision", title="无人提意见", body=BODY,
                                          opens_on=date(2025, 11, 3), closes_on=date(2025, 12, 3))
    with at(date(2025, 12, 5)):
        actions.conclude_consultation(quiet, by=world.owner, feedback="征求意见期间未收到意见建议。")
    with at(date(2026, 1, 5)):
        ended = actions.open_consultation(drafts[0], by=world.owner, kind="decision", title="已结束", body=BODY,
                                          opens_on=date(2026, 1, 5), closes_on=date(2026, 2, 4))
    with at(TODAY):
        running = actions.open_consultation(drafts[1], by=world.owner, kind="decision", title="进行中", body=BODY,
                                            opens_on=TODAY, closes_on=date(2026, 4, 9))
        first = build_demo_consultation(TODAY)
        assert build_demo_consultation(TODAY) == {"comments": 0, "concluded": 0}
    assert first["concluded"] == 1
    statuses = sorted(running.comments.values_list("status", flat=True))
    assert statuses == ["hidden", "pending", "published", "published", "published"]
    ended.refresh_from_db()
    assert ended.status == Consultation.Status.CONCLUDED and "采纳" in ended.feedback
    assert not ended.comments.filter(adoption="").exists()
    assert Comment.objects.count() == first["comments"]
    assert not quiet.comments.exists()  # its published feedback says none were received
