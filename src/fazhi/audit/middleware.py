"""Bind each request as the audit context, so audit entries know who acted and from where."""

from __future__ import annotations

from fazhi.audit.context import bind_request, unbind_request


class AuditContextMiddleware:
    """Keep the request's user and client address (see ``context.client_ip``) for the request's duration.

    Must come after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bind_request(request)
        try:
            return self.get_response(request)
        finally:
            unbind_request(token)
