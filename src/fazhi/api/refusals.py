"""Turn an action's refusal into the API's answer, the same way in every app's router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja.errors import HttpError

#: Refusal codes that mean "not yours to do" (403) rather than "not now" (409), across the ledgers.
FORBIDDEN_CODES = frozenset({"forbidden", "office_only", "not_allowed", "not_writer", "not_reviewer", "not_leader"})


def refusal(exc: Exception, forbidden_codes=FORBIDDEN_CODES) -> HttpError:
    """Return the HttpError for a refused action: 403 when it is not the caller's to take, else 409."""
    if isinstance(exc, PermissionDenied):
        return HttpError(403, _("You may not do this."))
    message = " ".join(str(m) for m in exc.messages) if isinstance(exc, ValidationError) else str(exc)
    if getattr(exc, "code", None) in forbidden_codes:
        return HttpError(403, message)
    return HttpError(409, message)
