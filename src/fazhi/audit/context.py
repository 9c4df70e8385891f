"""Who is acting, and from where: the context audit entries take their actor and IP address from.

``AuditContextMiddleware`` binds the current request for its duration; commands, task workers and
tests use ``acting_as(user, ip=None)``. Both live in context variables, so threads and asyncio tasks
each see their own.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from django.conf import settings

__all__ = [
    "acting_as", "bind_request", "client_ip", "current_actor", "current_ip", "normalise_ip", "unbind_request",
]


@dataclass(frozen=True)
class _RequestContext:
    request: Any
    ip: str | None


@dataclass(frozen=True)
class _Acting:
    user: Any
    ip: str | None


_request: ContextVar[_RequestContext | None] = ContextVar("fazhi_audit_request", default=None)
_acting: ContextVar[_Acting | None] = ContextVar("fazhi_audit_acting", default=None)


def _real_user(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def current_actor():
    """Return the person acting now: ``acting_as``'s user, else the request's logged-in user, else None."""
    acting = _acting.get()
    if acting is not None:
        return _real_user(acting.user)
    bound = _request.get()
    if bound is None:
        return None
    # Read request.user now, not when the request started: a log-in during the request changes it.
    return _real_user(getattr(bound.request, "user", None))


def current_ip() -> str | None:
    """Return the client address of the current request (or the one given to ``acting_as``), or None."""
    acting = _acting.get()
    if acting is not None and acting.ip is not None:
        return acting.ip
    bound = _request.get()
    return bound.ip if bound is not None else None


@contextmanager
def acting_as(user, ip: str | None = None) -> Iterator[None]:
    """Record audit entries made inside the block as done by ``user`` (None: the system), from ``ip``."""
    token = _acting.set(_Acting(user, normalise_ip(ip)))
    try:
        yield
    finally:
        _acting.reset(token)


def bind_request(request) -> Token:
    """Make ``request`` the audit context until ``unbind_request(token)``."""
    return _request.set(_RequestContext(request, client_ip(request)))


def unbind_request(token: Token) -> None:
    _request.reset(token)


def client_ip(request) -> str | None:
    """Return the client's address: REMOTE_ADDR, or X-Forwarded-For behind a trusted proxy.

    With ``FAZHI_TRUST_X_FORWARDED_FOR`` on, fazhi runs behind exactly one reverse proxy that appends
    the address it saw to X-Forwarded-For; the rightmost entry is that address. Entries to its left
    come from the client and can be forged, so they are never used.
    """
    meta = getattr(request, "META", {}) or {}
    if getattr(settings, "FAZHI_TRUST_X_FORWARDED_FOR", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if parts:
            ip = normalise_ip(parts[-1])
            if ip is not None:
                return ip
    return normalise_ip(meta.get("REMOTE_ADDR"))


def normalise_ip(value) -> str | None:
    """Return ``value`` as an IP address string, or None when it is not one."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None
