"""Bounded types for the API's parameters and bodies: ids, years, dates, codes and texts.

Every router takes its ids, years, dates and texts through these types, so a value out of range, too long or
holding a control character answers 422 naming the field, never 500 (``fazhi.core.limits`` holds the bounds
the forms share).
"""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from fazhi.core import limits


def _no_control(multiline: bool):
    def check(value: str) -> str:
        char = limits.control_character(value, multiline=multiline)
        if char is not None:
            raise PydanticCustomError("control_character", str(limits.control_message(char)))
        return value

    return check


def _in_range(value: dt.date) -> dt.date:
    try:
        return limits.bounded_date(value)
    except ValueError as exc:
        raise PydanticCustomError("date_out_of_range", str(exc)) from None


#: A record's id in a path or a body.
Id = Annotated[int, Field(ge=1, le=limits.MAX_ID)]
#: A calendar year.
Year = Annotated[int, Field(ge=limits.MIN_YEAR, le=limits.MAX_YEAR)]
#: A day between 1949 and 2100.
Day = Annotated[dt.date, AfterValidator(_in_range)]
#: A code: an agency's, a region's, a metric's, a step's.
Code = Annotated[str, Field(max_length=64), AfterValidator(_no_control(False))]


def Line(max_length: int = limits.LINE, min_length: int = 0):  # noqa: N802 - a type, named like one
    """A one-line text of at most ``max_length`` characters, without control characters."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_control(False))]


def Text(max_length: int = limits.REASON, min_length: int = 0):  # noqa: N802 - a type, named like one
    """A multi-line text of at most ``max_length`` characters; tab and line breaks are its only controls."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_control(True))]


#: A search text in a list's query.
Search = Line(100)


class OwnedOut(Schema):
    """What every record's answer says about the agency that owns it: its code and its name."""

    agency_code: str
    agency_name: str
    #: The record's stored deadlines counted on weekends alone, their year having no holiday notice yet: computed
    #: again when it is entered (``fazhi.ledgers.clock``).
    provisional_deadlines: list[str] = []

    @staticmethod
    def resolve_agency_code(obj):
        return obj.agency.code

    @staticmethod
    def resolve_provisional_deadlines(obj):
        from fazhi.ledgers.clock import provisional_fields

        return provisional_fields(obj)

    @staticmethod
    def resolve_agency_name(obj):
        return obj.agency.name
