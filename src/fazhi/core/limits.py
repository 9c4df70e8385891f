"""Bounds on what a request may carry, shared by the API's schemas, the forms and the views' query parameters.

One place says how long a text may be, which characters it may hold and which numbers and dates make sense,
so that a value the form refuses the API refuses too (and neither hands the database something it chokes on:
PostgreSQL refuses NUL, SQLite an integer past 64 bits).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: A one-line text: a title, a name, a meeting, a reference.
LINE = 200
#: A reason, an opinion, a note, a comment.
REASON = 2000
#: A longer text: a summary, findings, the feedback on a consultation.
TEXT = 20_000
#: A whole document: a draft's full text, a report's section.
DOCUMENT = 200_000

#: Years and dates a record of a government's work can carry.
MIN_YEAR, MAX_YEAR = 1949, 2100
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
#: Record ids (the databases' 64-bit keys).
MAX_ID = 2**63 - 1
#: Items of one page of a list.
MAX_PAGE_SIZE = 1000
#: How far into a list a page may start.
MAX_OFFSET = 10_000_000
#: Page numbers of the HTML lists.
MAX_PAGE = 1_000_000

#: C0 and C1 control characters and DEL, except tab, line feed and carriage return.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The same, line breaks and tabs included: nothing invisible in a one-line value.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_character(value: str, *, multiline: bool = True) -> str | None:
    """Return the first control character in ``value`` that it may not hold, or None.

    Multi-line texts keep tab, line feed and carriage return; one-line values hold none of them.
    """
    found = (_CONTROL_IN_TEXT if multiline else _CONTROL_IN_LINE).search(value)
    return found.group() if found else None


def describe(char: str) -> str:
    """Return a control character as people can read it: U+0000."""
    return f"U+{ord(char):04X}"


def control_message(char: str):
    return _("This text holds an invisible control character (%(char)s): remove it, or retype the text.") % {
        "char": describe(char)}


@deconstructible
class NoControlCharacters:
    """Refuse NUL and the other control characters (a multi-line text keeps tab and line breaks)."""

    code = "control_character"

    def __init__(self, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value):
        char = control_character(str(value), multiline=self.multiline)
        if char is not None:
            raise ValidationError(control_message(char), code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


def bounded_date(value: dt.date) -> dt.date:
    """Return ``value`` if it lies within MIN_DATE…MAX_DATE, else raise ValueError saying so."""
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(str(_("Give a date between %(first)s and %(last)s.") % {
            "first": MIN_DATE.isoformat(), "last": MAX_DATE.isoformat()}))
    return value


class TextRules:
    """A form mixin: every text field refuses control characters and has a length cap.

    A field drawn as a text area keeps tab and line breaks and holds at most DOCUMENT characters unless it says
    less; a one-line field holds no control character at all and at most LINE characters unless it says
    otherwise. Django's own check already refuses NUL; this names every other invisible character too.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms
        from django.core.validators import MaxLengthValidator

        for field in self.fields.values():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(NoControlCharacters(multiline=multiline))
            if field.max_length is None:
                field.max_length = DOCUMENT if multiline else LINE
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
