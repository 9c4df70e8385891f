"""Who is calling the API: a Bearer token (another system) or a browser session, never both.

- A request that carries ``Authorization: Bearer …`` is authenticated by its token **only**: no CSRF check
  (a browser never sends that header on its own, so a forged cross-site request cannot carry it), and a
  wrong, expired or revoked token answers 401 even when the request also has a session cookie.
- A request without a Bearer token is authenticated by the browser session, and a session's unsafe request
  (POST, PUT, PATCH, DELETE) must pass Django's CSRF check (the ``X-CSRFToken`` header with the
  ``csrftoken`` cookie's value, as the workbench's pages send it); without it the answer is 403 with a
  message that says so.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from fazhi.org.models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def bearer_key(request) -> str | None:
    """Return the key of an ``Authorization: Bearer <key>`` header ("" when empty), or None without one."""
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip()


class TokenRefused(AuthenticationError):
    """A Bearer token that is wrong, expired or revoked (or whose person is no longer active)."""

    def __init__(self):
        super().__init__(401, _("The API token is not valid: it is wrong, expired or revoked."))


class CsrfRefused(HttpError):
    def __init__(self):
        super().__init__(
            403,
            _(
                "CSRF check failed: a browser session must send the X-CSRFToken header with the value of "
                "the csrftoken cookie; another system should use a Bearer token instead."
            ),
        )


class BearerToken(HttpBearer):
    """``Authorization: Bearer fz_…`` with a token issued by ``fazhi token issue``."""

    def __call__(self, request):
        key = bearer_key(request)
        if key is None:
            return None  # not a token request: the session decides
        return self.authenticate(request, key)

    def authenticate(self, request, token):
        user = ApiToken.authenticate(token) if token else None
        if user is None:
            raise TokenRefused()
        request.user = user
        return user


class Session(APIKeyCookie):
    """The browser's session (Django's log-in), CSRF-checked on every unsafe request."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)

    def __call__(self, request):
        if bearer_key(request) is not None:
            return None  # a token request is the token's alone
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfRefused()
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ above does the work
        return None
