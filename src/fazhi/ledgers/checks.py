"""The small checks every case-family ledger's actions make before a step: who may write, whether the record's status
allows the step, and the typed values (text, required fields, a choice, an amount in yuan).

Each ledger keeps its own wording where it differs (whose records the writer keeps, what the record is called) and
passes it in, translated, so that its msgids stay in its own module::

    def _require_writer(agency, by) -> None:
        require_writer(agency, by, _("Only the clerks of %(agency)s … may keep its petitions."))

A refusal of the step is an ``IllegalTransition`` (code ``forbidden``, ``withdrawn`` or ``status``); a refusal of a
value a ``ValidationError`` keyed by its field (code ``required`` or ``invalid``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.core.ledger import IllegalTransition
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

__all__ = ["amount", "can_write", "choice", "require_live", "require_status", "require_writer", "required", "text"]


# Who may act --------------------------------------------------------------------------------------------------------


def can_write(user, agency) -> bool:
    """Whether ``user`` keeps the records of ``agency`` (an agency or its id): its clerks, the rule-of-law office of
    its region, or the administrator."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return scope_for(user).can_write_agency(agency_id)


def require_writer(agency, by, message: str) -> None:
    """Refuse ``by`` unless they keep the records of ``agency`` (an agency or its id); ``message`` is the ledger's
    translated refusal, naming ``%(agency)s``."""
    if not can_write(by, agency):
        if isinstance(agency, int):
            agency = Agency.objects.filter(pk=agency).first() or agency
        raise IllegalTransition(message % {"agency": agency}, code="forbidden")


# Whether the record allows the step ---------------------------------------------------------------------------------


def require_live(record) -> None:
    """Refuse any change to a withdrawn record."""
    if record.is_withdrawn:
        raise IllegalTransition(_("This record was withdrawn and can no longer be changed."), code="withdrawn")


def require_status(record, allowed, step_label: str, statuses, message: str) -> None:
    """Refuse a step the record's status does not allow, naming the step and the statuses that allow it (a step that
    moves the record is checked again under the row lock by ``transition``).

    ``step_label`` is the step's label in the ledger's procedure, ``statuses`` the record's status choices, and
    ``message`` the ledger's translated pattern naming ``%(step)s``, ``%(allowed)s`` and ``%(current)s``.
    """
    require_live(record)
    if record.status not in allowed:
        raise IllegalTransition(message % {
            "step": step_label[:1].upper() + step_label[1:],
            "allowed": "、".join(f"“{statuses(s).label}”" for s in allowed),
            "current": statuses(record.status).label}, code="status")


# The typed values ---------------------------------------------------------------------------------------------------


def text(value) -> str:
    """A typed text, stripped (empty for none)."""
    return (value or "").strip()


def required(**values) -> None:
    """Refuse, naming every required field left empty at once (``field=(value, message)``)."""
    missing = {name: message for name, (value, message) in values.items() if value in (None, "", [], ())}
    if missing:
        raise ValidationError(missing, code="required")


def choice(value: str, choices, field: str, message: str) -> str:
    """Return ``value`` if it is one of ``choices`` (a Django choices class), else refuse it at ``field``."""
    if value not in choices.values:
        raise ValidationError({field: message}, code="invalid")
    return value


def amount(value, *, field: str = "amount", message: str | None = None, below: Decimal = Decimal("1e12")
           ) -> Decimal | None:
    """A sum of money in yuan typed as ``value`` (thousands separators allowed), to the fen and under ``below``; none
    when left empty. Anything else is refused at ``field`` with ``message`` (by default, an amount in yuan)."""
    if value in (None, ""):
        return None
    try:
        money = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        money = Decimal(-1)
    if money < 0 or money != money.quantize(Decimal("0.01")) or money >= below:
        raise ValidationError({field: message if message is not None else _(
            "Give an amount in yuan, such as 5000 or 1250.50.")}, code="invalid")
    return money
