"""The audit trail's keyed hash: an HMAC of each entry's hash under a secret the database does not hold.

The plain hash chain (``fazhi.audit.hashing``) shows an entry edited in place, but anyone who can write the
database can recompute every hash from some entry onward. Each entry therefore also carries

    mac = HMAC-SHA256(key, b"fazhi-audit-entry\\0" + key_id + b"\\0" + hash)   (64 lowercase hex digits)

and ``key_id``, which names the key without revealing it (the first 8 hex digits of a SHA-256 of the key).
The hash covers every field and the previous hash, so the MAC covers them too. The key comes from
``FAZHI_AUDIT_KEY``; after a change of key the former ones go to ``FAZHI_AUDIT_RETIRED_KEYS`` and the
entries signed with them still verify. Without ``FAZHI_AUDIT_KEY`` (development) the key is derived from
``SECRET_KEY``; ``fazhi check`` warns about that, and in production it is an error.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

__all__ = ["AuditKey", "MIN_KEY_LENGTH", "current_key", "entry_mac", "known_keys", "key_id_for", "sign"]

MIN_KEY_LENGTH = 32
_ENTRY_PREFIX = b"fazhi-audit-entry\0"


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes = b""

    def __repr__(self):  # never print the secret
        return f"AuditKey({self.id!r})"


def key_id_for(secret: str) -> str:
    """Return the public name of a key: 8 hex digits of a SHA-256 of it."""
    return hashlib.sha256(b"fazhi-audit-key-id\0" + secret.encode()).hexdigest()[:8]


def _make(secret: str) -> AuditKey:
    return AuditKey(key_id_for(secret), secret.encode())


def development_secret() -> str:
    """Return the key used when ``FAZHI_AUDIT_KEY`` is unset: derived from ``SECRET_KEY``."""
    return "derived:" + hmac.new(
        str(settings.SECRET_KEY).encode(), b"fazhi.audit.development-key", hashlib.sha256,
    ).hexdigest()


def current_key() -> AuditKey:
    """Return the key new entries and anchors are signed with."""
    secret = str(getattr(settings, "FAZHI_AUDIT_KEY", "") or "")
    return _make(secret or development_secret())


def known_keys() -> dict[str, AuditKey]:
    """Return every key an entry may be verified with, by id: the current one and the retired ones."""
    keys = {}
    for secret in [*getattr(settings, "FAZHI_AUDIT_RETIRED_KEYS", []), None]:
        key = current_key() if secret is None else _make(str(secret))
        keys[key.id] = key
    if not getattr(settings, "PRODUCTION", False):
        # A development site keeps verifying entries signed before FAZHI_AUDIT_KEY was set.
        key = _make(development_secret())
        keys.setdefault(key.id, key)
    return keys


def entry_mac(key: AuditKey, entry_hash: str) -> str:
    """Return the HMAC that proves ``entry_hash`` was written by someone holding ``key``."""
    message = _ENTRY_PREFIX + key.id.encode() + b"\0" + entry_hash.encode()
    return hmac.new(key.secret, message, hashlib.sha256).hexdigest()


def sign(entry_hash: str, key: AuditKey | None = None) -> tuple[str, str]:
    """Return ``(key_id, mac)`` for an entry's hash, with the current key unless one is given."""
    key = key or current_key()
    return key.id, entry_mac(key, entry_hash)


def mac_matches(keys: dict[str, AuditKey], key_id: str, entry_hash: str, mac: str) -> bool | None:
    """Return True if ``mac`` is right, False if wrong or missing, None if ``key_id`` names no known key."""
    if not key_id or not mac:
        return False  # unsigned: written around record_event()
    key = keys.get(key_id)
    if key is None:
        return None
    return hmac.compare_digest(entry_mac(key, entry_hash), mac or "")


def sign_unsigned_entries(connection, *, batch: int = 2000) -> int:
    """Give every entry without a keyed hash one, with the current key; return how many were signed.

    Plain SQL in batches by sequence number, so it runs from a migration and on large tables alike. The
    MAC covers the stored hash: an entry altered before it was signed still fails the plain hash check.
    """
    key = current_key()
    signed, after = 0, -1
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sequence, hash FROM audit_auditentry WHERE mac = '' AND sequence > %s "
                "ORDER BY sequence LIMIT %s", [after, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return signed
            cursor.executemany(
                "UPDATE audit_auditentry SET key_id = %s, mac = %s WHERE sequence = %s",
                [(key.id, entry_mac(key, digest), sequence) for sequence, digest in rows],
            )
        signed += len(rows)
        after = rows[-1][0]
