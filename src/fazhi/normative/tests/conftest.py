"""Fixtures of the normative-document tests: frozen time, personas' documents in every state."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")

TEXT = "第一条 为规范示范工作，制定本办法。\n第二条 本办法自发布之日起施行。"
INTERPRETATION = "一、制定背景。二、主要内容。"


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def make_document(world):
    """Return a function that drafts a document of the owner's agency and walks it to ``upto``."""
    from fazhi.normative import actions

    def make(upto="drafting", *, agency="sfx-scj", by=None, title="示范县示范管理办法", kind="department",
             start=date(2026, 3, 2), **kwargs):
        by = by or (world.owner if agency == "sfx-scj" else world.office)
        doc = actions.draft_document(agency=world.agency(agency), by=by, title=title, kind=kind, full_text=TEXT,
                                     interpretation=INTERPRETATION, **kwargs)
        steps = ["drafting", "legality_review", "deliberation", "deliberated", "registered", "published",
                 "in_force"]
        target = steps.index(upto)
        if target >= 1:
            doc = actions.submit_for_review(doc, by=by, submitted_on=start, skip_reason="内部管理规范")
        if target >= 2:
            doc = actions.record_review(doc, by=world.office, passed=True, opinion="同意", completed_on=start + timedelta(days=5))
        if target >= 3:
            doc = actions.record_deliberation(doc, by=by, meeting="局务会议", deliberated_on=start + timedelta(days=7))
        if target >= 4:
            doc = actions.register_document(doc, by=world.office, registered_on=start + timedelta(days=8))
        if target >= 5:
            published = start + timedelta(days=9)
            doc = actions.publish_document(doc, by=world.office, published_on=published, channel="县政府网站",
                                           effective_from=published, early_effect_reason="测试：公布之日起施行")
        if target >= 6:
            for filing in doc.filings.all():
                actions.record_filing(filing, by=by, filed_on=doc.published_on + timedelta(days=3))
            doc.refresh_from_db()
        return doc

    return make


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English (the msgids); the screens default to Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield
