"""Request middleware: forced password change, current agency."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse


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
            memberships = sorted(
                user.memberships.filter(is_active=True, agency__is_active=True).select_related("agency__region"),
                key=lambda m: (ROLE_PRIORITY.get(m.role, 9), m.agency.region.code, m.pk),
            )
            chosen = request.session.get(self.session_key)
            request.memberships = memberships
            request.membership = next((m for m in memberships if m.pk == chosen), None) or (
                memberships[0] if memberships else None
            )
        else:
            request.memberships = []
        return self.get_response(request)
