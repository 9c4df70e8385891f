"""Request middleware: forced password change, current agency, session activity."""

from __future__ import annotations

import time

from django.shortcuts import redirect
from django.urls import reverse

from fazhi.org import identity
from fazhi.org.scope import prime_scope


class PasswordChangeRequiredMiddleware:
    """Send a person whose password an administrator set to the change-password page first."""

    allowed_prefixes = ("/static/", "/i18n/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("password_change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(self.allowed_prefixes):
                return redirect("password_change")
        return self.get_response(request)


# Without a choice, a person works under their broadest role first.
ROLE_PRIORITY = {"office": 0, "leader": 1, "supervisor": 2, "clerk": 3}


class CurrentAgencyMiddleware:
    """Attach ``request.membership``: the membership the person works under now (chosen or first)."""

    session_key = "fazhi_membership"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships, scope = identity.memberships_of(user, lambda: sorted(
                user.memberships.filter(is_active=True, agency__is_active=True).select_related("agency__region"),
                key=lambda m: (ROLE_PRIORITY.get(m.role, 9), m.agency.region.code, m.pk),
            ))
            identity.keep_scope(user, prime_scope(user, memberships, scope))
            chosen = request.session.get(self.session_key)
            request.memberships = memberships
            request.membership = next((m for m in memberships if m.pk == chosen), None) or (
                memberships[0] if memberships else None
            )
        else:
            request.memberships = []
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keep a person's session alive while they work, writing it at most once a minute.

    A session expires after ``FAZHI_SESSION_MINUTES`` without activity (``SESSION_COOKIE_AGE``). Saving it on
    every request would cost a database write per page; marking it at most once a minute moves the expiry
    as well, to within a minute.
    """

    key = "_fazhi_seen"
    interval_seconds = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.key, 0) >= self.interval_seconds:
                session[self.key] = now
        return self.get_response(request)


class QueryControlCharacterMiddleware:
    """Refuse (400) a page request whose query string holds a control character (NUL above all).

    No filter, search or page number legitimately holds one, and PostgreSQL refuses NUL in any text
    parameter with an error, so a view that passes ``?q=`` to a query would answer 500. The JSON API reads
    its parameters through typed schemas that refuse them with a 422 of their own, so it is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            from django.core.exceptions import BadRequest

            from fazhi.core.limits import control_character

            for key, values in request.GET.lists():
                if any(control_character(text, multiline=False) for text in (key, *values)):
                    raise BadRequest("control character in the query string")
        return self.get_response(request)
