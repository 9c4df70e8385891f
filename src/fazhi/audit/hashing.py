"""The canonical serialisation of an audit entry and its SHA-256 hash.

Each entry's ``hash`` is ``sha256(canonical_bytes(entry)).hexdigest()`` (64 lowercase hex digits), and
each entry's ``prev_hash`` is the ``hash`` of the entry with the previous sequence number; the first
entry (sequence 1) has ``prev_hash = GENESIS_HASH`` (64 zeros). Editing, removing, inserting or
reordering entries therefore breaks either an entry's own hash or the link to the next one.

The canonical serialisation (format 1) is the UTF-8 encoding of this JSON object::

    json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

with exactly these twelve keys (no others, none missing):

=============== =========================================================================================
``action``      the action code, e.g. ``"transition"`` (``AuditEntry.Action`` value)
``actor``       the actor's primary key as a string (``"42"``), or ``null`` for the system
``actor_repr``  the actor's name as stored (``""`` for the system)
``changes``     the stored JSON object, e.g. ``{"status": ["draft", "review"]}`` (keys sorted like all)
``ip``          the client address in ``ipaddress.ip_address(ip).exploded`` form (IPv4 dotted quad,
                IPv6 as eight groups of four lowercase hex digits), or ``null``
``object_id``   the target's primary key as a string, ``""`` without a target
``object_repr`` the target's name as stored, ``""`` without a target
``prev_hash``   the previous entry's hash (``GENESIS_HASH`` for sequence 1)
``reason``      the reason as stored (``""`` when none)
``sequence``    the sequence number, a JSON integer
``target_type`` the target's content type as ``"app_label.model"`` (natural key), ``""`` without a target
``timestamp``   the time in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six fraction digits)
=============== =========================================================================================

The content type is serialised by its natural key, not its database id, so that a dump restored into
another database (where content type ids differ) still verifies. This module imports no Django models:
it is the specification, and ``verify`` and ``record_event`` both go through it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from datetime import UTC, datetime
from typing import Any

__all__ = ["GENESIS_HASH", "canonical_bytes", "canonical_ip", "canonical_timestamp", "entry_hash"]

GENESIS_HASH = "0" * 64


def canonical_timestamp(value: datetime) -> str:
    """Return an aware datetime in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Audit timestamps must be timezone-aware.")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_ip(value: str | None) -> str | None:
    """Return an IP address in exploded form, independent of how the database prints it."""
    if value in (None, ""):
        return None
    return ipaddress.ip_address(str(value)).exploded


def canonical_bytes(
    *,
    sequence: int,
    timestamp: datetime,
    actor_id: Any,
    actor_repr: str,
    ip: str | None,
    action: str,
    target_type: str,
    object_id: str,
    object_repr: str,
    changes: dict,
    reason: str,
    prev_hash: str,
) -> bytes:
    """Return the bytes an entry's hash is computed over (format 1, see the module docstring)."""
    doc = {
        "action": str(action),
        "actor": None if actor_id is None else str(actor_id),
        "actor_repr": actor_repr,
        "changes": changes,
        "ip": canonical_ip(ip),
        "object_id": object_id,
        "object_repr": object_repr,
        "prev_hash": prev_hash,
        "reason": reason,
        "sequence": int(sequence),
        "target_type": target_type,
        "timestamp": canonical_timestamp(timestamp),
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def entry_hash(**fields: Any) -> str:
    """Return the SHA-256 hex digest of ``canonical_bytes(**fields)``."""
    return hashlib.sha256(canonical_bytes(**fields)).hexdigest()
