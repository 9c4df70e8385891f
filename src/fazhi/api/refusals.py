"""Turn an action's refusal into the API's answer, the same way in every app's router.

One rule for every ledger:

- a refusal that names fields (a ``ValidationError`` with an ``error_dict``) answers **422**, one entry per
  field's message, in the body the API gives a malformed request body (``fazhi.api.api.validation_error``:
  ``{"detail": …, "errors": [{"field", "message", "type"}]}``): it is raised as ninja's own
  ``ValidationError``, so both 422s go through the same handler;
- a refusal that is not the caller's to make (``PermissionDenied``, or a code in ``FORBIDDEN_CODES``)
  answers **403**;
- any other refusal (an illegal move in the record's state) answers **409** with the message.

Routers call it as ``raise refusal(exc) from None``.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

#: Refusal codes that mean "not yours to do" (403) rather than "not now" (409), across the ledgers.
FORBIDDEN_CODES = frozenset(
    {"forbidden", "office_only", "not_allowed", "not_writer", "not_reviewer", "not_leader"}
)


class RefusalOut(Schema):
    """The body of a 403 or 409 refusal."""

    detail: str


class FieldErrorOut(Schema):
    field: str | None
    message: str
    type: str | None


class FieldErrorsOut(Schema):
    """The body of a 422: what is wrong, field by field (``field`` is null for the request as a whole)."""

    detail: str
    errors: list[FieldErrorOut]


#: Responses of an action endpoint besides its 200, for the OpenAPI description.
REFUSAL_RESPONSES = {403: RefusalOut, 409: RefusalOut, 422: FieldErrorsOut}


def field_errors(exc: ValidationError) -> list[dict]:
    """Return ninja-style error entries (``loc``, ``msg``, ``type``), one per message of each named field."""
    errors = []
    for name, items in exc.error_dict.items():
        loc = ["body"] if name == NON_FIELD_ERRORS else ["body", name]
        for item in items:
            for message in item.messages:
                errors.append(
                    {"loc": loc, "msg": str(message), "type": getattr(item, "code", None) or "invalid"}
                )
    return errors


def refusal(exc: Exception, forbidden_codes=FORBIDDEN_CODES) -> Exception:
    """Return the exception to raise for a refused action: 422 naming fields, 403 not the caller's, else 409."""
    if isinstance(exc, PermissionDenied):
        return HttpError(403, _("You may not do this."))
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return NinjaValidationError(field_errors(exc))
    message = " ".join(str(m) for m in exc.messages) if isinstance(exc, ValidationError) else str(exc)
    if getattr(exc, "code", None) in forbidden_codes:
        return HttpError(403, message)
    return HttpError(409, message)
