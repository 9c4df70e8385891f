"""What every ledger's forms share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def errors_into(form, exc: ValidationError) -> None:
    """Put an action's refusal on the form: each field's message at its field (a field the form lacks, and a
    refusal of the whole, above the form), so the person sees where and keeps what they typed."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
