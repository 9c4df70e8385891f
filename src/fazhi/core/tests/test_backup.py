"""``fazhi backup`` / ``fazhi restore``, and the drill: back up, destroy, restore, verify.

The drill runs on the database the suite runs on: SQLite in ``make test``, PostgreSQL in ``make test-postgres``
(pg_dump and pg_restore against pytest-django's test database).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from fazhi.audit.actions import attach_file, record_event
from fazhi.audit.anchors import anchor_path
from fazhi.audit.context import acting_as
from fazhi.audit.models import Attachment, AuditEntry
from fazhi.audit.tests.samples import pdf
from fazhi.core import backup
from fazhi.org.models import Region, User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield
    # A test that failed between destroying and restoring leaves no tables: rebuild them for the next one.
    with connection.cursor() as cursor:
        if "org_user" not in connection.introspection.table_names(cursor):
            call_command("migrate", verbosity=0)


@pytest.fixture
def site(settings, tmp_path):
    """A small site: people, a record, eleven audit entries (anchored every 4), one attachment."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_AUDIT_KEY = "drill-" + "k" * 40
    settings.FAZHI_AUDIT_ANCHOR_EVERY = 4
    clerk = User.objects.create_user("clerk", password="x-not-used-1234", display_name="张三")
    User.objects.create_user("other", password="x-not-used-1234")
    record = Region.objects.create(code="140000", name="山西省", level=Region.Level.PROVINCE)
    with acting_as(clerk, ip="10.1.2.3"):
        record_event(action="create", target=record, changes={"name": [None, "山西省"]})
        for n in range(9):
            record_event(action="change", target=record, changes={"n": [n, n + 1]}, reason=f"第{n}次")
    attachment = attach_file(record, SimpleUploadedFile("批复.pdf", pdf(), content_type="application/pdf"), by=clerk)
    return {"attachment": attachment, "bytes": pdf(), "tmp": tmp_path, "clerk": clerk, "record": record}


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return backup._count_tables(cursor, connection.ops.quote_name, tables)


def destroy_database() -> None:
    """Drop every table, as a lost disk or a wrong DROP would."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(connection.ops.quote_name(t) for t in tables)
                           + " CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def run(name, *args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(name, *args, "--no-progress", stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_drill_back_up_destroy_restore_verify(site, settings):
    archive = site["tmp"] / "backups" / "drill.tar.gz"
    before = table_counts()
    assert before["audit_auditentry"] == 11 and before["audit_attachment"] == 1  # 10 events and the attachment
    code, out, _ = run("backup", str(archive))
    assert code == 0 and f"Backup written to {archive}." in out
    assert archive.stat().st_mode & 0o077 == 0  # the archive holds password hashes: owner only

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["counts"] == before
    assert manifest["audit"]["last_sequence"] == 11 and manifest["media_files"] == 1
    assert {"audit-anchors.jsonl", "manifest.json", manifest["database"]["file"],
            "media/" + site["attachment"].file.name} == names

    # Destroy: the database, the attachments, the anchor file.
    destroy_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    anchor_path().unlink()
    assert backup.target_contents() == {}

    code, out, err = run("restore", str(archive))
    assert code == 0, out + err
    assert "Row counts match the manifest" in out and "Audit chain verified: 11 entries intact." in out

    assert table_counts() == before
    code, out, _ = run("audit", "verify")
    assert code == 0 and out.startswith("OK: 11 entries, chain intact")
    assert "the newest records entry #11" in out  # the anchor backup wrote came back too
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as handle:
        assert handle.read() == site["bytes"]
    assert User.objects.get(username="clerk").check_password("x-not-used-1234")

    # The restored site carries on: new entries link to the restored chain.
    record_event(action="other", reason="after the drill")
    assert run("audit", "verify")[0] == 0


def test_restore_refuses_a_site_with_data_unless_forced(site, settings):
    archive = site["tmp"] / "site.tar.gz"
    run("backup", str(archive))
    record_event(action="other", reason="after the backup")
    with pytest.raises(CommandError, match=r"not empty \(people: 2, audit entries: 12, attachment files: 1\)"):
        call_command("restore", str(archive), "--no-progress", stdout=StringIO())
    assert AuditEntry.objects.count() == 12  # untouched

    code, out, _ = run("restore", str(archive), "--force")
    assert code == 0
    assert AuditEntry.objects.count() == 11
    kept = [line for line in out.splitlines() if "What was there before is kept at" in line]
    assert len(kept) == 2  # the attachments and the anchor file that were there
    assert Path(kept[0].split(" at ")[-1].rstrip(".")).exists()


def test_a_damaged_archive_is_refused_before_anything_changes(site, settings):
    archive = site["tmp"] / "site.tar.gz"
    run("backup", str(archive))
    damaged = site["tmp"] / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"/Count 1", b"/Count 2")
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    destroy_database()
    with pytest.raises(CommandError, match=r"does not match its checksum in the manifest.*Nothing was restored"):
        call_command("restore", str(damaged), "--force", "--no-progress", stdout=StringIO())
    assert backup.target_contents() == {"media_files": 1}  # the database is still gone, nothing restored
    assert run("restore", str(archive), "--force")[0] == 0


def test_restore_runs_the_audit_verification(site):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'changed' WHERE sequence = 2")
    archive = site["tmp"] / "site.tar.gz"
    run("backup", str(archive))
    code, out, err = run("restore", str(archive), "--force")
    assert code == 1
    assert "Entry #2 was altered" in out and "the checks above failed" in err


def test_a_file_that_is_not_an_archive_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="Cannot read .* as a backup archive"):
        call_command("restore", str(bogus), "--no-progress", stdout=StringIO())
    with pytest.raises(CommandError, match="There is no backup archive at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), "--no-progress", stdout=StringIO())


def test_backup_into_a_directory_names_the_archive(site):
    target = site["tmp"] / "nightly"
    target.mkdir()
    assert run("backup", str(target))[0] == 0
    assert [p.name.startswith("fazhi-backup-") and p.name.endswith(".tar.gz") for p in target.iterdir()] == [True]


def test_a_missing_pg_tool_is_named(settings, tmp_path):
    settings.FAZHI_PG_BIN_DIR = str(tmp_path)
    with pytest.raises(backup.BackupError, match="pg_dump is missing.*FAZHI_PG_BIN_DIR"):
        backup.pg_tool("pg_dump", 15)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump's version is checked on PostgreSQL only")
def test_an_older_pg_dump_than_the_server_is_refused(site, monkeypatch):
    server = backup._server_major(connection)
    monkeypatch.setattr(backup, "tool_major", lambda path: server - 1)
    with pytest.raises(backup.BackupError, match=f"server runs PostgreSQL {server}"):
        backup.create_backup(site["tmp"] / "x.tar.gz")
    assert not (site["tmp"] / "x.tar.gz").exists()
