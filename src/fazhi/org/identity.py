"""Who is asking, kept by each server process from one request to the next.

Every page needs the person, their active memberships and what they may read (``fazhi.org.scope``): three queries
and their objects, about a third of a list page's work. A process keeps them per person with the value of the
``IdentityStamp`` row they were read under. The session's query reads the stamp's value too (``SessionStore``
below), so each request still makes one query for who is asking, and a kept identity serves only while the value is
unchanged. Any save or delete of a person, a membership, an agency or a region, in any process, gives the stamp a
new value (``changed``, connected in ``OrgConfig.ready``); a change made with ``QuerySet.update`` or a bulk
operation calls ``changed`` itself.

What is kept is never handed out itself: each request gets its own copy of the person and of the memberships, so
that nothing a request sets on them reaches another.
"""

from __future__ import annotations

import contextvars
import copy
import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib.auth import middleware as auth_middleware
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db.models import Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

#: People kept per process; the least recently seen goes first.
KEPT = 2000
_kept: OrderedDict[int, Kept] = OrderedDict()
#: The stamp's value read with this request's session (None: unknown, keep nothing).
_stamp: contextvars.ContextVar[int | None] = contextvars.ContextVar("fazhi_identity_stamp", default=None)


@dataclass
class Kept:
    stamp: int
    user: object
    memberships: list | None = None
    scope: object | None = None


def changed(**_signal_kwargs) -> None:
    """Give the stamp a new value: every process reads people, memberships and scopes afresh at its next request.

    The value is random rather than counted up, so that a value rolled back with a transaction (as every test's is)
    never comes again with other rows behind it.
    """
    from fazhi.org.models import IdentityStamp

    value = secrets.randbits(62)
    if not IdentityStamp.objects.filter(pk=1).update(value=value):
        IdentityStamp.objects.update_or_create(pk=1, defaults={"value": value})


def forget() -> None:
    """Drop what this process keeps (tests, after their rows are rolled back)."""
    _kept.clear()


class SessionStore(db.SessionStore):
    """The database session, read with the identity stamp's value in the same query."""

    def _get_session_from_db(self):
        from fazhi.org.models import IdentityStamp

        try:
            session = (
                self.model.objects.filter(session_key=self.session_key, expire_date__gt=timezone.now())
                .annotate(identity_stamp=Subquery(IdentityStamp.objects.filter(pk=1).values("value")[:1]))
                .get()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            self._session_key = None
            return None
        self.identity_stamp = session.identity_stamp
        return session


def get_user(request):
    """``django.contrib.auth.get_user``, with the person taken from what this process keeps where it may be."""
    from django.contrib import auth

    session = request.session
    session.get(auth.SESSION_KEY)  # load the session, and with it the stamp
    token = _stamp.set(getattr(session, "identity_stamp", None))
    try:
        return auth.get_user(request)  # checks the session's hash of the password against the person's, as ever
    finally:
        _stamp.reset(token)


def kept_user(user_id, load):
    """The person ``user_id``: a copy of the one kept under the current stamp, else ``load(user_id)``, kept."""
    stamp = _stamp.get()
    if stamp is None:
        return load(user_id)
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        return load(user_id)
    entry = _kept.get(key)
    if entry is not None and entry.stamp == stamp:
        _kept.move_to_end(key)
        user = copy.copy(entry.user)
        user._fazhi_kept = entry
        return user
    user = load(user_id)
    if user is None:
        return None
    entry = Kept(stamp, copy.copy(user))
    _kept[key] = entry
    while len(_kept) > KEPT:
        _kept.popitem(last=False)
    user._fazhi_kept = entry
    return user


def memberships_of(user, load):
    """The person's active memberships with their agencies and regions: copies of the kept ones where kept, with the
    kept scope; else ``load()``, kept for the next request. Returns the memberships and the scope (or None)."""
    entry = getattr(user, "_fazhi_kept", None)
    if entry is not None and entry.memberships is not None:
        return [copy.copy(m) for m in entry.memberships], entry.scope
    memberships = load()
    if entry is not None:
        entry.memberships = [copy.copy(m) for m in memberships]
    return memberships, None


def keep_scope(user, scope) -> None:
    """Keep the scope built for ``user`` with their kept identity (its agency list then serves later requests)."""
    entry = getattr(user, "_fazhi_kept", None)
    if entry is not None and entry.scope is None:
        entry.scope = scope


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with ``request.user`` read through ``get_user`` above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
