"""What every ledger's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


def errors_into(form, exc: ValidationError) -> None:
    """Put an action's refusal on the form: each field's message at its field (a field the form lacks, and a
    refusal of the whole, above the form), so the person sees where and keeps what they typed."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class DateInput(forms.DateInput):
    """The browser's date picker, its value in ISO form (what the picker sends back)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def text_field(label, *, rows: int = 3, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def today():
    """The default of a date a step is usually recorded on the day it happens."""
    return timezone.localdate()
