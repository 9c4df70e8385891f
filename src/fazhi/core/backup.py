"""``fazhi backup`` and ``fazhi restore``: the database, the attachments and the audit anchor file in one archive.

An archive is a ``.tar.gz`` holding

- ``database.sqlite3`` (SQLite, copied with SQLite's online backup API: consistent while the app runs) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom`` from an exported snapshot);
- ``media/…``: every file under ``FAZHI_MEDIA_ROOT`` (the attachments);
- ``audit-anchors.jsonl``: the audit anchor file (``FAZHI_AUDIT_ANCHOR_FILE``), copied *before* the
  database, after an anchor of the newest entry is written, so that every anchor in the archive names an
  entry the archived database holds;
- ``manifest.json`` (last): the format, fazhi's version, the database and its server version, the number of
  rows of every table (counted in the same snapshot as the dump), the audit chain's newest entry, and the
  SHA-256 and size of every other member.

Restoring refuses a database that holds people or audit entries, or a non-empty ``FAZHI_MEDIA_ROOT``, unless
forced; checks every member against the manifest before it touches anything; restores the database
(SQLite's backup API, or ``pg_restore --clean``), moves the attachments and the anchor file into place (what
was there is kept beside them as ``….before-restore-<time>``), then compares the row counts with the
manifest and verifies the audit chain.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils.translation import gettext as _

import fazhi
from fazhi.audit import anchors

__all__ = ["BackupError", "RestoreReport", "create_backup", "restore_backup"]

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
ANCHOR_MEMBER = "audit-anchors.jsonl"
MEDIA_PREFIX = "media/"
_CHUNK = 1024 * 1024

#: ``progress(total_bytes, description)`` returns a callable taking the bytes just done, with ``close()``.
Progress = Callable[[int, str], "ProgressBar"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the active language."""


class ProgressBar:
    """The do-nothing bar (the command passes tqdm's)."""

    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(total: int, description: str) -> ProgressBar:
    return ProgressBar()


# Helpers ------------------------------------------------------------------------------------------------


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Wraps a file: what tarfile reads from it is hashed and counted on the way."""

    def __init__(self, handle, bar: ProgressBar):
        self.handle, self.bar, self.digest = handle, bar, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.bar.update(len(data))
        return data


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, archive name)`` for every regular file under ``root``, sorted."""
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _count_tables(cursor, quote, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalog
        counts[table] = int(cursor.fetchone()[0])
    return counts


# PostgreSQL tools ------------------------------------------------------------------------------------------


def _server_major(connection) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000


def pg_tool(name: str, server_major: int | None = None) -> str:
    """Return the path of ``pg_dump`` or ``pg_restore``: FAZHI_PG_BIN_DIR, Debian's versioned one, the PATH."""
    configured = str(getattr(settings, "FAZHI_PG_BIN_DIR", "") or "")
    candidates = [Path(configured) / name] if configured else []
    if server_major is not None and not configured:
        candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None or configured:
        raise BackupError(_(
            "%(tool)s is missing. Install the PostgreSQL client of the server's version (Debian: apt-get install "
            "postgresql-client) or set FAZHI_PG_BIN_DIR to the directory that holds it."
        ) % {"tool": name})
    return found


def tool_major(path: str) -> int:
    """Return the major version ``pg_dump --version`` (or pg_restore) reports, e.g. 15."""
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True, timeout=60).stdout
    match = re.search(r"\)\s*(\d+)", out) or re.search(r"(\d+)", out)
    if match is None:
        raise BackupError(_("Cannot read the version of %(tool)s: %(out)s") % {"tool": path, "out": out.strip()})
    return int(match.group(1))


def _pg_env(connection) -> dict[str, str]:
    """Connection settings for the PostgreSQL tools as environment variables (no password on a command line)."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    mapping = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
               "dbname": "PGDATABASE", "sslmode": "PGSSLMODE"}
    for key, var in mapping.items():
        value = params.get(key)
        if value not in (None, ""):
            env[var] = str(value)
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(_("%(what)s failed (exit status %(code)s): %(error)s") % {
            "what": what, "code": result.returncode, "error": (result.stderr or result.stdout).strip()[-2000:]})


# Backup -----------------------------------------------------------------------------------------------------


def _dump_sqlite(connection, target: Path) -> tuple[dict, dict[str, int], list]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy even while others write
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [row[0] for row in cursor.fetchall()]
        counts = _count_tables(cursor, lambda n: '"' + n.replace('"', '""') + '"', tables)
        audit = _audit_last(cursor) if "audit_auditentry" in tables else None
    finally:
        copy.close()
    return {"vendor": "sqlite", "file": SQLITE_MEMBER, "server_version": sqlite3.sqlite_version}, counts, audit


def _audit_last(cursor):
    cursor.execute("SELECT sequence, hash FROM audit_auditentry ORDER BY sequence DESC LIMIT 1")
    row = cursor.fetchone()
    return [int(row[0]), str(row[1])] if row else None


def _dump_postgresql(connection, target: Path) -> tuple[dict, dict[str, int], list]:
    server = _server_major(connection)
    pg_dump = pg_tool("pg_dump", server)
    dump_major = tool_major(pg_dump)
    if dump_major < server:
        raise BackupError(_(
            "%(tool)s is version %(tool_major)s but the server runs PostgreSQL %(server)s: install "
            "postgresql-client-%(server)s or set FAZHI_PG_BIN_DIR."
        ) % {"tool": pg_dump, "tool_major": dump_major, "server": server})
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if outermost:  # one snapshot for the counts and the dump
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = _count_tables(cursor, connection.ops.quote_name, tables)
        audit = _audit_last(cursor) if "audit_auditentry" in tables else None
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={target}"], _pg_env(connection), "pg_dump")
    return {"vendor": "postgresql", "file": PG_MEMBER, "server_version": server, "pg_dump_version": dump_major}, \
        counts, audit


def create_backup(output: Path, *, using: str = "default", progress: Progress = no_progress) -> dict:
    """Write a backup archive to ``output`` (a ``.tar.gz``); return its manifest."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor})
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    anchors.anchor_latest(using)  # the archive's anchor file then covers the newest entry
    work = Path(tempfile.mkdtemp(prefix=".fazhi-backup-", dir=output.parent))
    partial = output.with_name(output.name + ".partial")
    try:
        anchor_copy = None
        if anchors.anchor_path().is_file():
            anchor_copy = work / ANCHOR_MEMBER
            shutil.copyfile(anchors.anchor_path(), anchor_copy)  # before the database: see the module docstring
        db_file = work / (SQLITE_MEMBER if connection.vendor == "sqlite" else PG_MEMBER)
        dump = _dump_sqlite if connection.vendor == "sqlite" else _dump_postgresql
        database, counts, audit = dump(connection, db_file)
        members: list[tuple[Path, str]] = [(db_file, db_file.name)]
        if anchor_copy is not None:
            members.append((anchor_copy, ANCHOR_MEMBER))
        members.extend(_media_files(media_root))
        total = sum(path.stat().st_size for path, _name in members)
        files: dict[str, dict] = {}
        bar = progress(total, _("Writing the archive"))
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds everything: owner only
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            for path, name in members:
                info = tar.gettarinfo(str(path), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with open(path, "rb") as handle:
                    reader = _HashingReader(handle, bar)
                    tar.addfile(info, reader)
                files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
            manifest = {
                "format": FORMAT,
                "fazhi_version": fazhi.__version__,
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "database": database,
                "counts": counts,
                "audit": {"last_sequence": audit[0], "last_hash": audit[1]} if audit else None,
                "media_files": sum(1 for name in files if name.startswith(MEDIA_PREFIX)),
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
        bar.close()
        os.replace(partial, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return manifest


# Restore ----------------------------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    counts_differ: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # table: (manifest, now)
    moved_aside: list[Path] = field(default_factory=list)
    audit_problems: list = field(default_factory=list)
    audit_count: int = 0
    pending_migrations: bool = False

    @property
    def ok(self) -> bool:
        return not self.counts_differ and not self.audit_problems


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(_("The archive has no manifest.json: it is not a fazhi backup.")) from None
    manifest = json.loads(tar.extractfile(member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(_("The archive's format %(format)s is not one this fazhi reads (%(expected)s).") % {
            "format": manifest.get("format"), "expected": FORMAT})
    return manifest


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(_("The archive holds a file outside its own folders: %(name)s.") % {"name": name})
    return path


def _extract_checked(tar: tarfile.TarFile, manifest: dict, staging: Path, progress: Progress) -> None:
    """Extract every member into ``staging``, checking each against the manifest; BackupError on any mismatch."""
    expected = dict(manifest["files"])
    bar = progress(sum(int(f["size"]) for f in expected.values()), _("Checking and unpacking"))
    try:
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in expected:
                raise BackupError(_("The archive holds %(name)s, which its manifest does not list.") % {
                    "name": member.name})
            if not member.isfile():
                raise BackupError(_("The archive's member %(name)s is not a plain file.") % {"name": member.name})
            target = staging / _safe_name(member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = tar.extractfile(member)
            with open(target, "wb") as out:
                for chunk in iter(lambda src=source: src.read(_CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
                    bar.update(len(chunk))
            want = expected.pop(member.name)
            if digest.hexdigest() != want["sha256"] or member.size != int(want["size"]):
                raise BackupError(_(
                    "%(name)s in the archive does not match its checksum in the manifest: the archive is damaged "
                    "or was altered. Nothing was restored."
                ) % {"name": member.name})
    finally:
        bar.close()
    if expected:
        raise BackupError(_("The archive lacks %(names)s, which its manifest lists. Nothing was restored.") % {
            "names": ", ".join(sorted(expected)[:5])})


def target_contents(using: str = "default") -> dict[str, int]:
    """Return what the restore target already holds: people, audit entries, attachment files."""
    from fazhi.audit.models import AuditEntry

    connection = connections[using]
    found = {}
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for key, model in (("people", get_user_model()), ("audit_entries", AuditEntry)):
            table = model._meta.db_table
            if table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")  # noqa: S608
                found[key] = int(cursor.fetchone()[0])
    found["media_files"] = sum(1 for _ in _media_files(Path(settings.MEDIA_ROOT)))
    return {key: n for key, n in found.items() if n}


def _restore_sqlite(connection, source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError(_("Cannot restore inside a transaction."))
    connection.ensure_connection()
    archived = sqlite3.connect(source)
    try:
        archived.backup(connection.connection)
    finally:
        archived.close()


def _restore_postgresql(connection, source: Path, manifest: dict) -> None:
    server = _server_major(connection)
    pg_restore = pg_tool("pg_restore", server)
    restore_major = tool_major(pg_restore)
    dumped_with = int(manifest["database"].get("pg_dump_version") or 0)
    if restore_major < dumped_with:
        raise BackupError(_(
            "The archive was made with pg_dump %(dumped)s, but %(tool)s is version %(tool_major)s and cannot read "
            "it: install postgresql-client-%(dumped)s or set FAZHI_PG_BIN_DIR."
        ) % {"dumped": dumped_with, "tool": pg_restore, "tool_major": restore_major})
    env = _pg_env(connection)
    connection.close()  # no session of ours holds a lock on what pg_restore drops
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={env.get('PGDATABASE', '')}", str(source)], env, "pg_restore")


def _move_aside(path: Path, stamp: str) -> Path | None:
    """Move ``path`` to ``<path>.before-restore-<stamp>`` if it holds anything; return where it went."""
    if not path.exists():
        return None
    if path.is_dir() and not any(path.iterdir()):
        path.rmdir()
        return None
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    os.replace(path, aside)
    return aside


@contextmanager
def _staging_dir(near: Path):
    near.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fazhi-restore-", dir=near))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def restore_backup(archive: Path, *, force: bool = False, using: str = "default",
                   progress: Progress = no_progress) -> RestoreReport:
    """Restore an archive made by ``create_backup``; see the module docstring for the steps."""
    from django.db.migrations.executor import MigrationExecutor

    from fazhi.audit.verify import VerifyResult, verify_chain

    connection = connections[using]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("There is no backup archive at %(path)s.") % {"path": archive})
    media_root = Path(settings.MEDIA_ROOT)
    try:
        tar = tarfile.open(archive, mode="r:gz")  # noqa: SIM115 - closed by the with block below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("Cannot read %(path)s as a backup archive: %(error)s") % {
            "path": archive, "error": exc}) from None
    with tar, _staging_dir(media_root.parent) as staging:
        manifest = read_manifest(tar)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(_(
                "The archive holds a %(archived)s database; this site uses %(current)s. Restore it into a "
                "%(archived)s database (DATABASE_URL)."
            ) % {"archived": vendor, "current": connection.vendor})
        present = target_contents(using)
        if present and not force:
            raise BackupError(_(
                "The target is not empty (%(present)s). Restoring would replace it: pass --force to do so "
                "(the attachments and the anchor file now there are kept beside the restored ones)."
            ) % {"present": ", ".join(_("%(what)s: %(n)s") % {"what": _describe(key), "n": n}
                                      for key, n in present.items())})
        _extract_checked(tar, manifest, staging, progress)
        report = RestoreReport(manifest=manifest)
        stamp = _stamp()
        db_file = staging / manifest["database"]["file"]
        if vendor == "sqlite":
            _restore_sqlite(connection, db_file)
        else:
            _restore_postgresql(connection, db_file, manifest)
        aside = _move_aside(media_root, stamp)
        if aside:
            report.moved_aside.append(aside)
        staged_media = staging / MEDIA_PREFIX.rstrip("/")
        if staged_media.is_dir():
            os.replace(staged_media, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
        anchor_file = anchors.anchor_path()
        aside = _move_aside(anchor_file, stamp)
        if aside:
            report.moved_aside.append(aside)
        if (staging / ANCHOR_MEMBER).is_file():
            anchor_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / ANCHOR_MEMBER, anchor_file)

    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table, expected in manifest["counts"].items():
            now = _count_tables(cursor, connection.ops.quote_name, [table])[table] if table in tables else None
            if now != expected:
                report.counts_differ[table] = (expected, now)
    executor = MigrationExecutor(connection)
    report.pending_migrations = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not report.pending_migrations:
        result = VerifyResult()
        verify_chain(result=result)
        report.audit_problems, report.audit_count = result.problems, result.count
    return report


def _describe(key: str) -> str:
    return {"people": _("people"), "audit_entries": _("audit entries"),
            "media_files": _("attachment files")}.get(key, key)
