"""What the ledger contributes to the metric catalog: one grouped query per figure."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.metrics import registry
from fazhi.normative import actions

from .conftest import at

pytestmark = pytest.mark.django_db


def test_every_catalog_key_is_registered(catalog):
    keys = {m.computed_by for m in catalog.values() if m.computed_by.startswith("normative.")}
    assert keys and keys <= set(registry.registered())


def test_figures_for_2026(world, make_document):
    scj, jyj, gov = world.agency("sfx-scj"), world.agency("sfx-jyj"), world.agency("sfx-gov")
    on_time = make_document("in_force", title="按时")
    make_document("published", title="未备案")
    with at(date(2026, 6, 1)):
        late = make_document("published", title="逾期备案")
        actions.record_filing(late.filings.get(), by=world.owner, filed_on=date(2026, 5, 20))
    make_document("in_force", agency="sfx-jyj", title="教育")
    make_document("legality_review", title="审核中")
    ids = [scj.pk, jyj.pk, gov.pk]
    with CaptureQueriesContext(connection) as queries:
        issued = registry.compute("normative.issued", ids, 2026)
    assert len(queries.captured_queries) == 1
    assert issued == {scj.pk: 3, jyj.pk: 1, gov.pk: 0}
    assert registry.compute("normative.reviewed", ids, 2026)[scj.pk] == 3
    # A draft reviewed but not yet published counts with its publication, so reviewed never exceeds issued.
    make_document("deliberation", title="已审核未公布")
    assert registry.compute("normative.reviewed", ids, 2026)[scj.pk] == 3
    assert registry.compute("normative.filed", ids, 2026)[scj.pk] == 2
    assert registry.compute("normative.filed_on_time", ids, 2026)[scj.pk] == 1
    assert registry.compute("normative.issued", ids, 2025)[scj.pk] == 0
    # The county government examines the departments' filings (备案审查).
    actions.examine_filing(on_time.filings.get(), by=world.office, result="corrected", note="第二条需修改",
                           examined_on=date(2026, 4, 1))
    assert registry.compute("normative.filings_examined", ids, 2026)[gov.pk] == 1
    assert registry.compute("normative.filings_corrected", ids, 2026)[gov.pk] == 1


def test_cleanup_figures(world, make_document):
    keep = make_document("in_force", title="保留")
    drop = make_document("in_force", title="废止")
    cleanup = actions.open_cleanup(office=world.agency("sfx-office"), by=world.office, title="清理",
                                   opened_on=date(2026, 4, 1), covers_until=date(2026, 3, 31), due_on=date(2026, 5, 1))
    for proposal in cleanup.proposals.all():
        choice = "abolish" if proposal.document_id == drop.pk else "keep"
        actions.propose(proposal, by=world.owner, choice=choice, reason="理由")
        actions.decide_proposal(proposal, by=world.office, choice=choice, decided_on=date(2026, 4, 10))
    ids = [keep.agency_id]
    assert registry.compute("normative.cleanup_examined", ids, 2026)[keep.agency_id] == 2
    assert registry.compute("normative.cleanup_abolished", ids, 2026)[keep.agency_id] == 1
    assert registry.compute("normative.cleanup_retained", ids, 2026)[keep.agency_id] == 1
    assert registry.compute("normative.cleanup_revised", ids, 2026)[keep.agency_id] == 0
