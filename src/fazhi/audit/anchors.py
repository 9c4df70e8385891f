"""The anchor file: the audit chain's position written, now and then, where the database cannot rewrite it.

``FAZHI_AUDIT_ANCHOR_FILE`` (default ``FAZHI_VAR_DIR/audit-anchors.jsonl``) gets one line per anchor, only
ever appended::

    {"count":300,"hash":"<entry hash>","key":"<key id>","mac":"<hmac>","prev":"<previous line's mac>",
     "sequence":300,"time":"2025-03-01T08:00:00Z","v":1}

``sequence`` and ``hash`` are those of an entry; ``count`` is how many entries the chain had up to it (the
chain has no gaps, so it equals ``sequence``); ``prev`` is the previous line's ``mac`` (64 zeros on the first
line), so a line removed, inserted or moved breaks the next one; ``mac`` is
``HMAC-SHA256(key, b"fazhi-audit-anchor\\0" + the line's JSON without "mac")``, so a line cannot be edited
or forged without the audit key. Anchors are written every ``FAZHI_AUDIT_ANCHOR_EVERY`` entries (after the
entry's transaction commits), on every ``fazhi tick``, before every ``fazhi backup`` and by
``fazhi audit anchor``. ``fazhi audit verify`` checks the file and the chain against each other: entries
removed from the end, or rewritten before an anchor, no longer match it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from fazhi.audit.keys import AuditKey, current_key

__all__ = [
    "FileAnchor", "anchor_latest", "anchor_path", "due_sequence", "last_entry", "line_mac", "parse_line",
    "write_anchor",
]

log = logging.getLogger(__name__)

FORMAT = 1
FIRST_PREV = "0" * 64
_ANCHOR_PREFIX = b"fazhi-audit-anchor\0"
_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileAnchor:
    line: int  # 1-based line number in the file
    time: datetime
    sequence: int
    hash: str
    count: int
    key_id: str
    prev: str
    mac: str


def anchor_path() -> Path:
    return Path(settings.FAZHI_AUDIT_ANCHOR_FILE)


def anchor_every() -> int:
    return max(int(settings.FAZHI_AUDIT_ANCHOR_EVERY), 1)


def due_sequence(last_sequence: int) -> int:
    """Return the newest entry that must have an anchor at or after it: the last multiple of the interval."""
    every = anchor_every()
    return (last_sequence // every) * every


def _fields(*, time: str, sequence: int, entry_hash: str, count: int, key_id: str, prev: str) -> dict:
    return {"count": count, "hash": entry_hash, "key": key_id, "prev": prev, "sequence": sequence,
            "time": time, "v": FORMAT}


def _dumps(doc: dict) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def line_mac(key: AuditKey, fields: dict) -> str:
    """Return the HMAC of an anchor line's fields (everything but ``mac``)."""
    return hmac.new(key.secret, _ANCHOR_PREFIX + _dumps(fields).encode(), hashlib.sha256).hexdigest()


def parse_line(number: int, text: str) -> FileAnchor:
    """Return the anchor a line holds; ValueError when it is not one (edited into something else)."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("v") != FORMAT or set(doc) != {*_fields(
            time="", sequence=0, entry_hash="", count=0, key_id="", prev=""), "mac"}:
        raise ValueError(text)
    sequence, count = doc["sequence"], doc["count"]
    if not (isinstance(sequence, int) and isinstance(count, int) and sequence >= 1):
        raise ValueError(text)
    for name in ("hash", "key", "prev", "mac", "time"):
        if not isinstance(doc[name], str):
            raise ValueError(text)
    when = datetime.strptime(doc["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return FileAnchor(line=number, time=when, sequence=sequence, hash=doc["hash"], count=count,
                      key_id=doc["key"], prev=doc["prev"], mac=doc["mac"])


def fields_of(anchor: FileAnchor) -> dict:
    return _fields(time=anchor.time.strftime("%Y-%m-%dT%H:%M:%SZ"), sequence=anchor.sequence,
                   entry_hash=anchor.hash, count=anchor.count, key_id=anchor.key_id, prev=anchor.prev)


def _last_mac(handle) -> str:
    """Return the ``mac`` of the file's last line (the file is open for reading at any position)."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(size - _TAIL_BYTES, 0))
    lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return FIRST_PREV
    try:
        doc = json.loads(lines[-1])
        return str(doc["mac"])
    except (ValueError, KeyError, TypeError):
        return ""  # a damaged last line: verify names it, the new line still goes after it


def write_anchor(sequence: int, entry_hash: str, *, count: int | None = None, path: Path | None = None,
                 when: datetime | None = None, key: AuditKey | None = None) -> str:
    """Append an anchor for entry ``sequence`` with ``entry_hash``; return the line written.

    The file is locked while its last line is read and the new one appended, so writers in several
    processes keep the lines linked; the line is flushed to disk before the lock is released.
    """
    path = path or anchor_path()
    key = key or current_key()
    when = (when or datetime.now(UTC)).astimezone(UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(fd, "r+", encoding="ascii", newline="\n") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            fields = _fields(time=when.strftime("%Y-%m-%dT%H:%M:%SZ"), sequence=int(sequence),
                             entry_hash=entry_hash, count=int(sequence if count is None else count),
                             key_id=key.id, prev=_last_mac(handle))
            line = _dumps({**fields, "mac": line_mac(key, fields)})
            handle.seek(0, os.SEEK_END)
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return line


def last_line_sequence(path: Path | None = None) -> int | None:
    """Return the sequence of the file's last anchor, None without a readable one."""
    path = path or anchor_path()
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(handle.tell() - _TAIL_BYTES, 0))
            lines = [line for line in handle.read().splitlines() if line.strip()]
    except FileNotFoundError:
        return None
    try:
        return int(json.loads(lines[-1])["sequence"]) if lines else None
    except (ValueError, KeyError, TypeError):
        return None


def last_entry(using: str = "default") -> tuple[int, str] | None:
    """Return the newest entry's ``(sequence, hash)`` in plain SQL (usable from a migration too)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT sequence, hash FROM audit_auditentry ORDER BY sequence DESC LIMIT 1")
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


def anchor_latest(using: str = "default", *, force: bool = False) -> int | None:
    """Anchor the chain's newest entry unless the file's last line already does; return its sequence.

    Returns None when the chain is empty or nothing new needs anchoring (``force`` writes anyway).
    """
    last = last_entry(using)
    if last is None:
        return None
    if not force and last_line_sequence() == last[0]:
        return None
    write_anchor(last[0], last[1])
    return last[0]


def anchor_after_commit(sequence: int, entry_hash: str) -> None:
    """Write an anchor for a committed entry; a failure is logged, never raised (the entry is saved)."""
    try:
        write_anchor(sequence, entry_hash)
    except OSError:
        log.exception("Could not write the audit anchor for entry #%s to %s", sequence, anchor_path())


def anchor_job(today, dry_run: bool) -> int:
    """The tick's job: anchor the newest entry if the file does not yet; return 1 if it did (or would)."""
    last = last_entry()
    if last is None or last_line_sequence() == last[0]:
        return 0
    if not dry_run:
        write_anchor(last[0], last[1])
    return 1
