"""Log-in protection that a stranger cannot turn against a person.

- **Per client address** (the address the audit trail reads, ``fazhi.audit.context.client_ip``; an IPv6
  client counts as its /64 network): after ``FAZHI_LOGIN_ADDRESS_FAILURES`` failed log-ins within
  ``FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES``, the address must wait ``FAZHI_LOGIN_ADDRESS_DELAY_SECONDS`` after
  its last failure, doubling with each further failure up to ``FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES``.
  While it waits, no log-in from it is even checked: a right password is refused too.
- **Per account**: locked for ``FAZHI_LOGIN_LOCKOUT_MINUTES`` only after ``FAZHI_LOGIN_MAX_FAILURES`` failures
  within ``FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES`` from at least ``FAZHI_LOGIN_LOCK_MIN_ADDRESSES`` addresses.
  One attacker's address only slows itself down; a distributed attack still cannot guess forever.

The counts are rows of ``org.LoginFailure`` in the database, so every server process sees them; ``fazhi tick``
deletes old rows (``cleanup``). An address starting to wait and an account locked go to the audit trail.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit.context import client_ip

__all__ = [
    "Wait", "address_key", "cleanup", "delay_after", "forget_account", "record_failure", "tries_left",
    "wait_for", "wait_text",
]

_MAX_DOUBLINGS = 20  # 2**20 times the first delay is beyond any sensible cap


@dataclass(frozen=True)
class Wait:
    """How long an address must still wait, and until when."""

    seconds: int
    until: datetime | None

    def __bool__(self) -> bool:
        return self.seconds > 0


NO_WAIT = Wait(0, None)


def address_key(request) -> str:
    """Return the key failures from this request's client count under: its IP, or an IPv6 client's /64."""
    ip = client_ip(request) if request is not None else None
    if not ip:
        return ""
    parsed = ipaddress.ip_address(ip)
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def delay_after(failures: int) -> timedelta:
    """Return the wait imposed after ``failures`` failed log-ins within the window (zero below the limit)."""
    over = failures - settings.FAZHI_LOGIN_ADDRESS_FAILURES
    if over < 0:
        return timedelta(0)
    seconds = settings.FAZHI_LOGIN_ADDRESS_DELAY_SECONDS * 2 ** min(over, _MAX_DOUBLINGS)
    return min(timedelta(seconds=seconds), timedelta(minutes=settings.FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES))


def _address_failures(address: str, now: datetime) -> tuple[int, datetime | None]:
    from fazhi.org.models import LoginFailure

    since = now - timedelta(minutes=settings.FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES)
    row = LoginFailure.objects.filter(address=address, at__gt=since).aggregate(n=Count("pk"), last=Max("at"))
    return row["n"], row["last"]


def wait_for(address: str, now: datetime | None = None) -> Wait:
    """Return how long ``address`` must still wait before a log-in from it is checked."""
    if not address:
        return NO_WAIT
    now = now or timezone.now()
    failures, last = _address_failures(address, now)
    delay = delay_after(failures)
    if not delay or last is None or last + delay <= now:
        return NO_WAIT
    until = last + delay
    return Wait(math.ceil((until - now).total_seconds()), until)


def tries_left(address: str, now: datetime | None = None) -> int:
    """Return how many more failed log-ins ``address`` may make before it must wait."""
    if not address:
        return settings.FAZHI_LOGIN_ADDRESS_FAILURES
    failures, _last = _address_failures(address, now or timezone.now())
    return max(0, settings.FAZHI_LOGIN_ADDRESS_FAILURES - failures)


def wait_text(seconds: int) -> str:
    """Return a wait as people say it: "45 秒", "3 分钟" (minutes rounded up from one minute on)."""
    if seconds < 60:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def record_failure(request, account=None) -> Wait:
    """Count a failed log-in from the request's address (on ``account``, when the password was checked).

    Returns the wait the address now has. Writes an audit entry when the address starts (or again) to
    wait, and locks the account, with an audit entry, when failures on it came from enough addresses.
    """
    from fazhi.org.models import LoginFailure

    address = address_key(request)
    now = timezone.now()
    with transaction.atomic():
        LoginFailure.objects.create(address=address, account=account, at=now)
        wait = wait_for(address, now)
        if wait:
            _audit_throttled(request, address, wait)
        if account is not None and not account.is_locked:
            _lock_if_distributed(request, account, now)
    return wait


def _lock_if_distributed(request, account, now: datetime) -> None:
    from fazhi.org.models import LoginFailure

    since = now - timedelta(minutes=settings.FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES)
    row = LoginFailure.objects.filter(account=account, at__gt=since).aggregate(
        n=Count("pk"), addresses=Count("address", distinct=True))
    if row["n"] < settings.FAZHI_LOGIN_MAX_FAILURES or row["addresses"] < settings.FAZHI_LOGIN_LOCK_MIN_ADDRESSES:
        return
    until = now + timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)
    type(account).objects.filter(pk=account.pk).update(locked_until=until)
    account.locked_until = until
    _audit(request, action="account_locked", target=account, changes={
        "locked_until": [None, until], "failures": [None, row["n"]], "addresses": [None, row["addresses"]],
    }, reason=_("Locked after %(n)d failed log-ins from %(addresses)d addresses.") % row)


def _audit_throttled(request, address: str, wait: Wait) -> None:
    _audit(request, action="login_throttled", target=None, changes={
        "address": [None, address], "wait_seconds": [None, wait.seconds], "until": [None, wait.until],
    }, reason=_("Log-ins from %(address)s must wait %(wait)s.") % {"address": address,
                                                                     "wait": wait_text(wait.seconds)})


def _audit(request, *, action, target, changes, reason) -> None:
    from fazhi.audit.actions import record_event
    from fazhi.audit.context import acting_as

    # Nobody acts: the person trying to log in is not known, whoever is logged in on this browser.
    with acting_as(None, ip=client_ip(request) if request is not None else None):
        record_event(action=action, target=target, changes=changes, reason=reason)


def forget_account(account) -> None:
    """Stop counting past failures against ``account`` (its owner logged in, or it was unlocked)."""
    from fazhi.org.models import LoginFailure

    LoginFailure.objects.filter(account=account).update(account=None)


def cleanup(now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete failures past both windows, and the oldest beyond ``FAZHI_LOGIN_FAILURES_KEPT``; return how many."""
    from fazhi.org.models import LoginFailure

    now = now or timezone.now()
    minutes = max(settings.FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES, settings.FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES)
    old = LoginFailure.objects.filter(at__lte=now - timedelta(minutes=minutes))
    kept = max(0, settings.FAZHI_LOGIN_FAILURES_KEPT)
    if dry_run:
        stale = old.count()
        return stale + max(0, LoginFailure.objects.count() - stale - kept)
    count, _deleted = old.delete()
    boundary = LoginFailure.objects.order_by("-at", "-pk").values_list("at", "pk")[kept:kept + 1].first()
    if boundary is not None:  # more rows than kept: delete the boundary row and every older one
        at, pk = boundary
        excess = LoginFailure.objects.filter(Q(at__lt=at) | Q(at=at, pk__lte=pk))
        count += excess.delete()[0]
    return count
