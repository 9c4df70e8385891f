"""Ten ways to tamper with the audit trail, each found by `fazhi audit verify`; a clean trail passes.

The chain is anchored every 5 entries, so the 5 entries of the fixture end with an anchor of entry #5 in the
anchor file (written after the commit, as in production). The tamperer has the database, not the key.
"""

import importlib
import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

from fazhi.audit import anchors
from fazhi.audit.actions import record_event
from fazhi.audit.context import acting_as
from fazhi.audit.keys import current_key, key_id_for
from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.django_db

KEY_A = "a" * 40
KEY_B = "b" * 40


@pytest.fixture
def keyed(settings):
    settings.FAZHI_AUDIT_KEY = KEY_A
    settings.FAZHI_AUDIT_RETIRED_KEYS = []
    settings.FAZHI_AUDIT_ANCHOR_EVERY = 5
    return settings


def record_five(clerk, record):
    with acting_as(clerk, ip="10.1.2.3"):
        record_event(action="create", target=record, changes={"name": [None, "山西省"]})
        record_event(action="change", target=record, changes={"name": ["山西省", "山西"]}, reason="简称")
        record_event(action="transition", target=record, changes={"status": ["draft", "review"]})
        record_event(action="other", reason="nightly job")
        record_event(action="void", target=record, reason="重复登记")


@pytest.fixture
def chain(keyed, clerk, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_five(clerk, record)
    return list(AuditEntry.objects.order_by("sequence"))


def anchor_file() -> Path:
    return anchors.anchor_path()


def execute(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def kinds(problems):
    return [(p.kind, p.sequence) for p in problems]


def rechain(from_seq):
    """Recompute the plain hash chain from ``from_seq`` to the end, as a tamperer without the key can."""
    prev = AuditEntry.objects.get(sequence=from_seq - 1).hash if from_seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(sequence__gte=from_seq).order_by("sequence"):
        entry.prev_hash = prev
        entry.hash = entry.compute_hash()
        execute("UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE sequence = %s",
                [entry.prev_hash, entry.hash, entry.sequence])
        prev = entry.hash


def run_verify(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


# A clean trail ----------------------------------------------------------------------------------------


def test_entries_carry_key_id_and_mac_and_an_anchor_is_written_every_n(chain):
    key = current_key()
    assert key.id == key_id_for(KEY_A)
    assert all(e.key_id == key.id and len(e.mac) == 64 for e in chain)
    lines = anchor_file().read_text().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert (doc["sequence"], doc["hash"], doc["count"], doc["key"]) == (5, chain[-1].hash, 5, key.id)
    assert doc["prev"] == "0" * 64 and len(doc["mac"]) == 64


def test_a_clean_chain_passes(chain):
    result = VerifyResult()
    assert verify_chain(result=result) == []
    assert result.count == 5 and result.anchor_file_lines == 1 and result.newest_anchor.sequence == 5
    code, out, _ = run_verify()
    assert code == 0
    assert out.splitlines()[0] == "OK: 5 entries, chain intact"
    assert f"{anchor_file()}: 1 anchor, the newest records entry #5" in out


def test_no_anchor_on_commit_before_the_interval(keyed, clerk, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_event(action="other")
    assert not anchor_file().exists()
    assert verify_chain() == []  # fewer entries than the interval: no anchor due yet


def test_a_rolled_back_entry_writes_no_anchor(keyed, clerk, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_five(clerk, record)
    assert len(callbacks) == 1  # registered for entry #5, run only once the transaction commits
    assert not anchor_file().exists()


# 1. Edit a row -----------------------------------------------------------------------------------------


def test_1_an_edited_row_is_found(chain):
    execute("UPDATE audit_auditentry SET reason = %s WHERE sequence = 2", ["换了理由"])
    assert kinds(verify_chain()) == [("altered", 2)]


# 2. Recompute the plain chain from a row onward ----------------------------------------------------------


def test_2_a_recomputed_chain_fails_the_keyed_hash_from_that_row(chain):
    execute("UPDATE audit_auditentry SET reason = %s WHERE sequence = 3", ["伪造"])
    rechain(3)
    problems = verify_chain()
    assert kinds(problems) == [("anchor_rewritten", 5), ("bad_mac", 3)]
    bad_mac = problems[1]
    assert (bad_mac.last, bad_mac.count) == (5, 3)
    assert bad_mac.message.startswith("Entry #3 fails its keyed hash check, and so do 3 entries in all up to #5")
    assert problems[0].message.startswith("Entry #5 differs from the anchor of ")
    code, out, err = run_verify()
    assert code == 1 and "TAMPERED: 2 problems in 5 entries checked." in err


# 3. Delete a middle row ------------------------------------------------------------------------------


def test_3_a_deleted_middle_row_is_found(chain):
    execute("DELETE FROM audit_auditentry WHERE sequence = 3")
    problems = verify_chain()
    assert kinds(problems) == [("missing", 3), ("anchor_count", 5)]
    assert problems[1].message.endswith("counts 5 entries up to #5; the database has 4.")


# 4. Delete the tail ----------------------------------------------------------------------------------


def test_4_a_cut_tail_is_found_and_named(chain):
    execute("DELETE FROM audit_auditentry WHERE sequence >= 4")
    problems = verify_chain()
    assert kinds(problems) == [("tail_cut", 3)]
    assert (problems[0].last, problems[0].count) == (5, 2)
    code, out, _ = run_verify()
    assert code == 1
    assert out.startswith("2 entries missing after entry #3 (the anchor of ")
    assert "records #5): the newest entries were removed." in out


def test_4_an_emptied_chain_is_found(chain):
    execute("DELETE FROM audit_auditentry")
    problems = verify_chain()
    assert kinds(problems) == [("tail_cut", 0)]
    assert problems[0].message.startswith("All 5 entries are missing")


# 5. Insert a row ---------------------------------------------------------------------------------------


def test_5_an_appended_forged_entry_fails_the_keyed_hash(chain):
    forged = AuditEntry(sequence=6, timestamp=chain[-1].timestamp + timedelta(seconds=1), action="other",
                        reason="伪造的记录", prev_hash=chain[-1].hash)
    forged.hash = forged.compute_hash()
    execute(
        "INSERT INTO audit_auditentry (sequence, timestamp, actor_repr, action, object_id, object_repr, changes,"
        " reason, prev_hash, hash, key_id, mac) VALUES (6, %s, '', 'other', '', '', '{}', %s, %s, %s, %s, %s)",
        [forged.timestamp, forged.reason, forged.prev_hash, forged.hash, chain[-1].key_id, "0" * 64],
    )
    assert kinds(verify_chain()) == [("bad_mac", 6)]


def test_5_a_row_inserted_in_the_middle_is_found(chain):
    # Make room at #3 by moving #3..#5 up one, insert a forged #3, recompute the plain chain.
    for seq in (5, 4, 3):
        execute("UPDATE audit_auditentry SET sequence = %s WHERE sequence = %s", [seq + 1, seq])
    execute(
        "INSERT INTO audit_auditentry (sequence, timestamp, actor_repr, action, object_id, object_repr, changes,"
        " reason, prev_hash, hash) VALUES (3, %s, '', 'other', '', '', '{}', '插入', '', '')",
        [chain[1].timestamp],
    )
    rechain(3)
    problems = verify_chain()
    assert ("bad_mac", 3) in kinds(problems) and ("anchor_rewritten", 5) in kinds(problems)


# 6. Reorder --------------------------------------------------------------------------------------------


def test_6_reordered_rows_with_a_recomputed_chain_are_found(chain):
    execute("UPDATE audit_auditentry SET sequence = 100 WHERE sequence = 2")
    execute("UPDATE audit_auditentry SET sequence = 2 WHERE sequence = 3")
    execute("UPDATE audit_auditentry SET sequence = 3 WHERE sequence = 100")
    rechain(2)
    problems = verify_chain()
    assert kinds(problems) == [("anchor_rewritten", 5), ("bad_mac", 2)]


# 7. Edit the anchor file -------------------------------------------------------------------------------


def test_7_an_edited_anchor_line_is_found(chain):
    path = anchor_file()
    path.write_text(path.read_text().replace('"sequence":5', '"sequence":4'))
    problems = verify_chain()
    assert kinds(problems) == [("anchor_file_edited", 0), ("anchor_file_behind", 0)]
    assert problems[0].message == f"Line 1 of the anchor file {path} was edited: it fails its keyed check."


def test_7_a_removed_anchor_line_breaks_the_next_one(chain, clerk, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_five(clerk, record)  # entries 6–10, anchor of #10 on line 2
        record_five(clerk, record)  # entries 11–15, anchor of #15 on line 3
    path = anchor_file()
    lines = path.read_text().splitlines(keepends=True)
    assert len(lines) == 3
    path.write_text(lines[0] + lines[2])
    problems = verify_chain()
    assert [(p.kind, p.line) for p in problems] == [("anchor_file_order", 2)]


def test_7_a_cut_anchor_file_is_found(chain, clerk, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_five(clerk, record)
    path = anchor_file()
    path.write_text(path.read_text().splitlines(keepends=True)[0])
    problems = verify_chain()
    assert kinds(problems) == [("anchor_file_behind", 5)] and problems[0].last == 10


# 8. Delete the anchor file ------------------------------------------------------------------------------


def test_8_a_deleted_anchor_file_is_found(chain):
    anchor_file().unlink()
    problems = verify_chain()
    assert kinds(problems) == [("anchor_file_missing", 0)]
    assert problems[0].message.startswith(f"The anchor file {anchor_file()} is missing, but the chain has 5")


# 9. Wrong key ----------------------------------------------------------------------------------------


def test_9_the_wrong_key_is_named_with_exit_status_2(chain, settings):
    settings.FAZHI_AUDIT_KEY = KEY_B
    problems = verify_chain()
    assert [(p.kind, p.count, p.key_id) for p in problems] == [
        ("anchor_file_unknown_key", 1, key_id_for(KEY_A)), ("unknown_key", 5, key_id_for(KEY_A)),
        ("anchor_file_behind", 0, ""),
    ]
    code, out, _ = run_verify()
    assert code == 1  # no valid anchor is left either: that alone counts as tampering


def test_9_a_key_not_configured_exits_2(keyed, clerk, record):
    record_event(action="other")  # below the anchor interval: only the key is in question
    keyed.FAZHI_AUDIT_KEY = KEY_B
    code, out, _ = run_verify()
    assert code == 2
    assert f"signed with key {key_id_for(KEY_A)}, which is neither FAZHI_AUDIT_KEY" in out


def test_9_a_chain_rewritten_with_a_stolen_key_still_fails_the_anchor(chain, settings):
    from fazhi.audit.keys import sign

    execute("UPDATE audit_auditentry SET reason = %s WHERE sequence = 4", ["伪造"])
    rechain(4)
    for entry in AuditEntry.objects.filter(sequence__gte=4):
        key_id, mac = sign(entry.hash)
        execute("UPDATE audit_auditentry SET key_id = %s, mac = %s WHERE sequence = %s", [key_id, mac, entry.sequence])
    assert kinds(verify_chain()) == [("anchor_rewritten", 5)]


# 10. Rotated key --------------------------------------------------------------------------------------


def test_10_a_rotated_key_still_verifies_old_entries(chain, settings, clerk, record, django_capture_on_commit_callbacks):
    settings.FAZHI_AUDIT_KEY = KEY_B
    settings.FAZHI_AUDIT_RETIRED_KEYS = [KEY_A]
    with django_capture_on_commit_callbacks(execute=True):
        record_five(clerk, record)
    ids = list(AuditEntry.objects.order_by("sequence").values_list("key_id", flat=True))
    assert ids == [key_id_for(KEY_A)] * 5 + [key_id_for(KEY_B)] * 5
    assert verify_chain() == []
    settings.FAZHI_AUDIT_RETIRED_KEYS = []  # the old key forgotten: its entries can no longer be checked
    assert ("unknown_key", 1) in kinds(verify_chain())


# Anchors from elsewhere: the tick, the command, the upgrade ------------------------------------------------


def test_the_tick_job_anchors_the_newest_entry_once(keyed, clerk, record):
    from fazhi.audit.anchors import anchor_job

    assert anchor_job(None, False) == 0  # empty chain
    record_five(clerk, record)  # no commit in this test: the tick is what anchors
    assert anchor_job(None, True) == 1 and not anchor_file().exists()  # dry run
    assert anchor_job(None, False) == 1
    assert anchor_job(None, False) == 0
    assert [json.loads(line)["sequence"] for line in anchor_file().read_text().splitlines()] == [5]
    execute("DELETE FROM audit_auditentry WHERE sequence = 5")
    assert kinds(verify_chain()) == [("tail_cut", 4)]


def test_audit_anchor_command(keyed, clerk, record):
    out = StringIO()
    call_command("audit", "anchor", stdout=out)
    assert out.getvalue().strip() == "No audit entries: nothing to anchor."
    record_event(action="other")
    out = StringIO()
    call_command("audit", "anchor", stdout=out)
    assert out.getvalue().strip() == f"Anchored entry #1 in {anchor_file()}."


def test_verify_against_another_anchor_file(chain, tmp_path):
    copy = tmp_path / "auditor.jsonl"
    copy.write_text(anchor_file().read_text())
    anchor_file().unlink()
    execute("DELETE FROM audit_auditentry WHERE sequence = 5")
    code, out, _ = run_verify("--anchor-file", str(copy))
    assert code == 1 and out.startswith("1 entries missing after entry #4")


def test_an_anchor_write_failure_is_logged_not_raised(keyed, tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    keyed.FAZHI_AUDIT_ANCHOR_FILE = str(blocker / "anchors.jsonl")
    anchors.anchor_after_commit(5, "f" * 64)
    assert "Could not write the audit anchor for entry #5" in caplog.text


def test_the_upgrade_migration_signs_existing_entries_and_anchors_them(keyed, clerk, record):
    record_five(clerk, record)
    execute("UPDATE audit_auditentry SET key_id = '', mac = ''")  # as before the upgrade
    assert kinds(verify_chain(anchor_path=None)) == [("bad_mac", 1)]
    migration = importlib.import_module("fazhi.audit.migrations.0002_keyed_hash")
    migration.sign_and_anchor(None, SimpleNamespace(connection=connection))
    assert verify_chain() == []
    assert [json.loads(line)["sequence"] for line in anchor_file().read_text().splitlines()] == [5]
    migration.sign_and_anchor(None, SimpleNamespace(connection=connection))  # nothing left to sign
    assert len(anchor_file().read_text().splitlines()) == 1


def test_unsigned_entries_are_signed_in_batches(keyed, clerk, record):
    from fazhi.audit.keys import sign_unsigned_entries

    record_five(clerk, record)
    execute("UPDATE audit_auditentry SET key_id = '', mac = ''")
    assert sign_unsigned_entries(connection, batch=2) == 5
    assert verify_chain(anchor_path=None) == []


def test_system_checks_for_the_key(settings):
    from fazhi.audit.checks import check_audit_key, check_audit_key_derived

    settings.FAZHI_AUDIT_KEY = ""
    settings.PRODUCTION = False
    assert check_audit_key() == []  # development: a key derived from SECRET_KEY…
    assert [m.id for m in check_audit_key_derived()] == ["fazhi.audit.W001"]  # …which check --deploy warns of
    settings.PRODUCTION = True
    assert [m.id for m in check_audit_key()] == ["fazhi.audit.E001"]
    assert check_audit_key_derived() == []
    settings.FAZHI_AUDIT_KEY = "short"
    assert [m.id for m in check_audit_key()] == ["fazhi.audit.E002"]
    settings.FAZHI_AUDIT_KEY = KEY_A
    assert check_audit_key() == []
    settings.FAZHI_AUDIT_RETIRED_KEYS = [KEY_A]
    assert [m.id for m in check_audit_key()] == ["fazhi.audit.E003"]


def test_production_does_not_accept_the_development_key(keyed, clerk, record):
    from fazhi.audit.keys import development_secret

    keyed.FAZHI_AUDIT_KEY = ""
    record_event(action="other")  # signed with the key derived from SECRET_KEY
    assert AuditEntry.objects.get().key_id == key_id_for(development_secret())
    keyed.FAZHI_AUDIT_KEY = KEY_A
    assert verify_chain() == []  # development: still accepted after FAZHI_AUDIT_KEY is set
    keyed.PRODUCTION = True
    assert kinds(verify_chain()) == [("unknown_key", 1)]
