"""Content-Security-Policy on every response: the pages run only the site's own scripts and style sheets.

``ContentSecurityPolicyMiddleware`` sends ``settings.FAZHI_CSP`` (a dict of directive -> sources), or the
policy of the first prefix of ``settings.FAZHI_CSP_PATHS`` the request's path starts with (the API docs'
Swagger UI). A view that needs another policy sets the header itself (``policy_header``); the middleware
leaves it alone. Where an inline script or style cannot be avoided, a template uses ``{{ csp_nonce }}``
(``request.csp_nonce``); the nonce is added to the policy only when a page used it.
With ``FAZHI_CSP_REPORT_ONLY`` the browser reports violations in its console without blocking anything.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.conf import settings
from django.utils.functional import SimpleLazyObject

__all__ = ["ContentSecurityPolicyMiddleware", "header_name", "nonce", "policy_header", "source_hash"]

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"


def header_name() -> str:
    return REPORT_ONLY_HEADER if getattr(settings, "FAZHI_CSP_REPORT_ONLY", False) else HEADER


def policy_header(policy: dict[str, list[str] | tuple[str, ...]], *, nonce: str | None = None) -> str:
    """Return ``policy`` as a header value; with ``nonce``, scripts and styles carrying it are allowed too."""
    parts = []
    for directive, sources in policy.items():
        sources = list(sources)
        if nonce and directive in ("script-src", "style-src"):
            sources.append(f"'nonce-{nonce}'")
        parts.append(" ".join([directive, *sources]) if sources else directive)
    return "; ".join(parts)


def source_hash(text: str) -> str:
    """Return the CSP source that allows exactly this inline script or style: ``'sha256-…'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy_for(path: str) -> dict:
    for prefix, policy in getattr(settings, "FAZHI_CSP_PATHS", {}).items():
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return policy
    return settings.FAZHI_CSP


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        made: list[str] = []

        def make_nonce() -> str:
            made.append(secrets.token_urlsafe(18))
            return made[0]

        request.csp_nonce = SimpleLazyObject(make_nonce)
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[header_name()] = policy_header(policy_for(request.path), nonce=made[0] if made else None)
        return response


def nonce(request) -> dict:
    """Context processor: ``{{ csp_nonce }}`` for the rare inline script or style (django-htmx reads it too)."""
    value = getattr(request, "csp_nonce", None)
    return {"csp_nonce": value} if value is not None else {}
