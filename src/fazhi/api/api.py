"""The JSON API at /api/v1 (OpenAPI docs at /api/v1/docs), assembled from each app's routers."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import _csrf_needed

from fazhi.api.answers import declare_error_answers
from fazhi.api.auth import BearerToken, Session
from fazhi.ledgers.catalog import LEDGERS

DESCRIPTION = gettext_lazy(
    """The fazhi JSON API. Every answer is limited to what the caller may see.

## Another system: a token

Another system (a province's platform, a statistics tool) calls the API with a token of a person's account:

    fazhi token issue USERNAME --name "省平台对接" --expires 2026-12-31

prints the key once (`fz_…`; only its hash is stored). Send it on every request:

    Authorization: Bearer fz_…

- **Scope**: the token acts as that person and sees and changes exactly what that person may in the
  workbench. A department clerk's token sees the clerk's department only; a rule-of-law office's token sees
  its region. Issue a token to an account made for the purpose, with the role it needs, rather than to a
  person's own account.
- **Expiry**: `--expires YYYY-MM-DD` (the token stops working at the start of that day) or `--days N`;
  without either the token does not expire. `fazhi token list USERNAME` shows each token's prefix, name,
  creation, expiry and state.
- **Revocation**: `fazhi token revoke PREFIX` (the 8 characters after `fz_`, or the whole key) stops it at
  once; deactivating the person's account stops all of their tokens.
- A wrong, expired or revoked token answers **401**, even when the request also carries a session cookie.
- Token requests are never subject to CSRF checks.

## A browser session

The workbench's own pages call the API with the log-in session. A session's POST, PUT, PATCH or DELETE must
send the `X-CSRFToken` header with the value of the `csrftoken` cookie; without it the answer is **403**.

## Answers

Every operation declares the statuses it can answer: 401 (not authenticated), 403 (not the caller's to do,
or no CSRF token), 404 (no such record, or not visible to the caller), 409 (the action is refused in the
record's state), 400 (a body that is not JSON) and 422 (parameters or fields that do not pass the checks,
one entry per field). Numbers, dates and texts are bounded: a list answers at most 1000 items per page;
texts refuse control characters (NUL and the like; multi-line texts keep line breaks and tabs)."""
)

class FazhiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Return the schema with its description in the request's language."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["description"] = str(self.description)
        return schema


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own static files, never a CDN. ninja serves those only when listed in
    INSTALLED_APPS, which would import it at every command's start (settings.NINJA_DIR says why it is not)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api,
                   "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


#: The first element of a validation error's location: where the value came from, not its name.
PARAMETER_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


api = FazhiAPI(
    title="fazhi API",
    version="1",
    description=DESCRIPTION,
    auth=[BearerToken(), Session()],
    urls_namespace="api-1",
    docs=LocalSwagger(),
)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    """Say which field is wrong and why, in the request's language."""
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", [])]
        if loc and loc[0] in PARAMETER_SOURCES:  # "query.limit" → "limit", "body.payload.reason" → "reason"
            loc = loc[1:]
        loc = [p for p in loc if p != "payload"]
        errors.append({"field": ".".join(loc) or None, "message": err.get("msg", ""), "type": err.get("type")})
    return api.create_response(
        request, {"detail": str(_("The request is not valid.")), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    message = str(exc) if exc.message != "Unauthorized" else _(
        "Log in, or send an API token: Authorization: Bearer fz_…")
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found, or not visible to you.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("You may not do this.")}, status=403)


def _register_routers():
    from fazhi.collection.api import router as collection_router
    from fazhi.consultation.api import router as consultation_router
    from fazhi.org.api import router as org_router
    from fazhi.reports.api import router as reports_router

    api.add_router("/", org_router)
    for ledger in LEDGERS:  # the catalog of ledgers
        api.add_router("/", ledger.module("api").router)
    api.add_router("/", consultation_router)
    api.add_router("/", collection_router)
    api.add_router("/", reports_router)
    declare_error_answers(api)


_register_routers()

__all__ = ["api"]
