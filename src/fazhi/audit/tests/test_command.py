"""``fazhi audit verify`` and ``fazhi audit log``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from fazhi.audit.actions import record_event
from fazhi.audit.context import acting_as
from fazhi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(clerk, other, record):
    with acting_as(clerk, ip="10.0.0.5"):
        record_event(action="create", target=record)
        record_event(action="transition", target=record, changes={"status": ["draft", "review"]}, reason="送审")
    with acting_as(other):
        record_event(action="change", target=other, changes={"phone": ["", "123"]})
    return list(AuditEntry.objects.all())


def run(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_verify_ok(entries):
    with translation.override("en"):
        code, out, _ = run("verify")
    assert code == 0
    assert out.splitlines()[0] == "OK: 3 entries, chain intact"
    assert f"3:{entries[-1].hash}" in out


def test_verify_ok_on_empty_chain(db):
    with translation.override("en"):
        assert run("verify")[:2] == (0, "OK: 0 entries, chain intact\n")


def test_verify_reports_tampering_and_exits_1(entries):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'x' WHERE sequence = 2")
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 3")
    with translation.override("en"):
        code, out, err = run("verify", "--anchor", f"3:{entries[2].hash}")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Entry #2 was altered") and entries[1].hash[:16] in lines[0]
    assert lines[1].startswith("Entry #3, whose hash was recorded elsewhere")
    assert "TAMPERED: 2 problems in 2 entries checked." in err


def test_verify_names_a_gap(entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE sequence = 2")
    with translation.override("en"):
        code, out, _ = run("verify")
    assert code == 1 and out.strip() == "Entry #2 is missing (removed from the chain)."


def test_verify_refuses_a_bad_anchor(entries):
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--anchor", "nonsense", stdout=StringIO())


def test_log_prints_newest_first(entries):
    code, out, _ = run("log")
    lines = [line for line in out.splitlines() if line.startswith("#")]
    assert [line.split()[0] for line in lines] == ["#3", "#2", "#1"]
    assert "draft → review" in out and "送审" in out and "张三 (clerk)" in out


def test_log_filters(entries, record, clerk):
    _, out, _ = run("log", "--object", f"org.region:{record.pk}", "--limit", "1")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("#")] == ["#2"]
    _, out, _ = run("log", "--actor", "other")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("#")] == ["#3"]
    _, out, _ = run("log", "--action", "create")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("#")] == ["#1"]


def test_log_refuses_an_unknown_record_type(entries):
    with pytest.raises(CommandError):
        call_command("audit", "log", "--object", "nothing.here:1", stdout=StringIO())


def test_help_lists_the_subcommands():
    from fazhi.audit.management.commands.audit import Command

    text = Command().create_parser("fazhi", "audit").format_help()
    assert "verify" in text and "log" in text
