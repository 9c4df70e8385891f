"""The hash chain: entries link up, verify finds edits, removals and reordering, the ORM cannot change it."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from fazhi.audit.actions import record_event
from fazhi.audit.context import acting_as
from fazhi.audit.hashing import GENESIS_HASH, canonical_bytes
from fazhi.audit.models import AppendOnlyError, AuditEntry
from fazhi.audit.verify import Anchor, VerifyResult, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(clerk, record):
    with acting_as(clerk, ip="10.1.2.3"):
        record_event(action="create", target=record, changes={"name": [None, "山西省"]})
        record_event(action="change", target=record, changes={"name": ["山西省", "山西"]}, reason="简称")
        record_event(action="transition", target=record, changes={"status": ["draft", "review"]})
        record_event(action="other", reason="nightly job")
        record_event(action="void", target=record, reason="重复登记")
    return list(AuditEntry.objects.order_by("sequence"))


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def kinds(problems):
    return [(p.kind, p.sequence) for p in problems]


def test_entries_are_numbered_and_linked(chain):
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    for prev, entry in zip(chain, chain[1:], strict=False):
        assert entry.prev_hash == prev.hash
    assert all(len(e.hash) == 64 for e in chain)


def test_a_chain_of_entries_verifies(chain):
    result = VerifyResult()
    assert verify_chain(result=result) == []
    assert result.count == 5 and result.last_sequence == 5 and result.last_hash == chain[-1].hash


def test_entry_keeps_actor_ip_target_and_changes(chain, clerk, record):
    first = AuditEntry.objects.get(sequence=1)
    assert first.actor == clerk and first.actor_repr == "张三 (clerk)" and first.ip == "10.1.2.3"
    assert first.target_label == "org.region" and first.object_id == str(record.pk)
    assert first.object_repr == "山西省" and first.changes == {"name": [None, "山西省"]}
    assert AuditEntry.objects.get(sequence=4).content_type is None


def test_stored_hash_is_sha256_of_the_documented_serialisation(chain, clerk, record):
    entry = AuditEntry.objects.get(sequence=2)
    when = entry.timestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    expected = (
        f'{{"action":"change","actor":"{clerk.pk}","actor_repr":"张三 (clerk)","changes":{{"name":["山西省","山西"]}},'
        f'"ip":"10.1.2.3","object_id":"{record.pk}","object_repr":"山西省","prev_hash":"{chain[0].hash}",'
        f'"reason":"简称","sequence":2,"target_type":"org.region","timestamp":"{when}"}}'
    )
    assert entry.hash == hashlib.sha256(expected.encode()).hexdigest()


def test_canonical_form_is_stable():
    data = canonical_bytes(
        sequence=1, timestamp=datetime(2025, 3, 1, 8, 0, tzinfo=UTC), actor_id=None, actor_repr="", ip="::1",
        action="other", target_type="", object_id="", object_repr="", changes={"b": 1, "a": ["é", None]},
        reason="", prev_hash=GENESIS_HASH,
    )
    assert data.decode() == (
        '{"action":"other","actor":null,"actor_repr":"","changes":{"a":["é",null],"b":1},'
        '"ip":"0000:0000:0000:0000:0000:0000:0000:0001","object_id":"","object_repr":"",'
        f'"prev_hash":"{GENESIS_HASH}","reason":"","sequence":1,"target_type":"",'
        '"timestamp":"2025-03-01T08:00:00.000000Z"}'
    )


def test_editing_reason_by_sql_is_found_and_named(chain):
    execute("UPDATE audit_auditentry SET reason = %s WHERE sequence = 2", ["换了理由"])
    problems = verify_chain()
    assert kinds(problems) == [("altered", 2)]
    assert problems[0].stored == chain[1].hash
    assert "#2" in problems[0].message and chain[1].hash[:16] in problems[0].message


def test_editing_changes_by_sql_is_found_and_named(chain):
    execute("UPDATE audit_auditentry SET changes = %s WHERE sequence = 3", ['{"status": ["draft", "approved"]}'])
    assert kinds(verify_chain()) == [("altered", 3)]


def test_editing_actor_or_time_by_sql_is_found(chain, other):
    execute("UPDATE audit_auditentry SET actor_id = %s WHERE sequence = 1", [other.pk])
    execute("UPDATE audit_auditentry SET timestamp = %s WHERE sequence = 5", ["2020-01-01 00:00:00"])
    assert kinds(verify_chain()) == [("altered", 1), ("altered", 5)]


def test_deleting_an_entry_by_sql_names_the_gap(chain):
    execute("DELETE FROM audit_auditentry WHERE sequence = 3")
    problems = verify_chain()
    assert kinds(problems) == [("missing", 3)]
    assert "#3" in problems[0].message


def test_deleting_several_entries_names_the_range(chain):
    execute("DELETE FROM audit_auditentry WHERE sequence IN (2, 3)")
    problems = verify_chain()
    assert kinds(problems) == [("missing", 2)] and problems[0].last == 3
    assert "#2" in problems[0].message and "#3" in problems[0].message


def test_deleting_the_first_entry_is_found(chain):
    execute("DELETE FROM audit_auditentry WHERE sequence = 1")
    assert kinds(verify_chain()) == [("missing", 1)]


def test_replacing_an_entry_with_a_recomputed_hash_breaks_the_next_link(chain):
    entry = AuditEntry.objects.get(sequence=3)
    entry.changes = {"status": ["draft", "approved"]}
    execute("UPDATE audit_auditentry SET changes = %s, hash = %s WHERE sequence = 3",
            ['{"status": ["draft", "approved"]}', entry.compute_hash()])
    problems = verify_chain()
    assert kinds(problems) == [("broken_link", 4), ("bad_mac", 3)]  # and without the key its MAC fails
    assert "#3" in problems[0].message and "#4" in problems[0].message


def test_swapping_two_entries_is_found(chain):
    execute("UPDATE audit_auditentry SET sequence = 100 WHERE sequence = 2")
    execute("UPDATE audit_auditentry SET sequence = 2 WHERE sequence = 3")
    execute("UPDATE audit_auditentry SET sequence = 3 WHERE sequence = 100")
    problems = verify_chain()
    assert ("altered", 2) in kinds(problems) and ("altered", 3) in kinds(problems)


def test_inserting_an_entry_with_sequence_zero_is_found(chain):
    row = chain[0]
    execute(
        "INSERT INTO audit_auditentry (sequence, timestamp, actor_repr, action, object_id, object_repr, changes,"
        " reason, prev_hash, hash) VALUES (0, %s, '', 'other', '', '', '{}', '', %s, %s)",
        [row.timestamp, GENESIS_HASH, "f" * 64],
    )
    assert kinds(verify_chain()) == [("altered", 0), ("bad_sequence", 0), ("bad_mac", 0)]


def test_anchor_finds_removed_newest_entries(chain):
    anchor = Anchor.parse(f"5:{chain[-1].hash}")
    assert verify_chain(anchors=[anchor]) == []
    execute("DELETE FROM audit_auditentry WHERE sequence = 5")
    assert verify_chain() == []  # the chain alone cannot see its tail cut off
    assert kinds(verify_chain(anchors=[anchor])) == [("anchor_missing", 5)]


def test_anchor_finds_a_rewritten_chain(chain):
    assert kinds(verify_chain(anchors=[Anchor(4, "a" * 64)])) == [("anchor_mismatch", 4)]


def test_anchor_parse_refuses_garbage():
    with pytest.raises(ValueError):
        Anchor.parse("5:abc")


def test_empty_chain_verifies():
    assert verify_chain() == []


# The ORM refuses to change or remove entries.


def test_saving_an_existing_entry_is_refused(chain):
    entry = AuditEntry.objects.get(sequence=2)
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_an_entry_is_refused(chain):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.get(sequence=2).delete()


def test_queryset_update_and_delete_are_refused(chain):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(sequence=2).update(reason="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update(chain, ["reason"])
    assert verify_chain() == []


def test_entries_cannot_be_made_outside_record_event(chain):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.create(sequence=6, timestamp=chain[0].timestamp, action="other", prev_hash=chain[-1].hash)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(sequence=6)])


def test_a_duplicate_sequence_number_fails_loudly(chain):
    with pytest.raises(IntegrityError), transaction.atomic():
        execute(
            "INSERT INTO audit_auditentry (sequence, timestamp, actor_repr, action, object_id, object_repr,"
            " changes, reason, prev_hash, hash) VALUES (3, %s, '', 'other', '', '', '{}', '', %s, %s)",
            [chain[0].timestamp, chain[1].hash, "f" * 64],
        )


def test_the_actor_of_an_entry_cannot_be_deleted(chain, clerk):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        clerk.delete()
