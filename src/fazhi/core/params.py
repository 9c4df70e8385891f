"""The HTML views' query parameters, read one way: a value out of range, malformed or holding a control
character is treated as absent (the view's default), never passed to the database.

A page's filters are links a person follows or edits by hand; refusing them with an error page would help no
one, so a bad value simply does not filter (the API, for programs, answers 422 instead).
"""

from fazhi.core import limits


def text(request, name: str, max_length: int = 100, default: str = "") -> str:
    """Return the stripped text of ``?name=``; ``default`` when it is too long or holds a control character."""
    value = request.GET.get(name, "")
    if len(value) > max_length or limits.control_character(value, multiline=False) is not None:
        return default
    return value.strip()


def integer(request, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    """Return ``?name=`` as an integer within ``low``…``high`` (both included); ``default`` otherwise."""
    return bounded_int(request.GET.get(name), low=low, high=high, default=default)


def bounded_int(value, *, low: int, high: int, default: int | None = None) -> int | None:
    """Return ``value`` (text of ASCII digits, a leading minus allowed) as an integer within ``low``…``high``."""
    raw = str(value or "").strip()
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return default
    number = int(raw)
    return number if low <= number <= high else default


def year(request, name: str = "year", default: int | None = None) -> int | None:
    """Return ``?year=`` if it is a year between 1949 and 2100, else ``default``."""
    return integer(request, name, low=limits.MIN_YEAR, high=limits.MAX_YEAR, default=default)


def page(request, name: str = "page") -> int:
    """Return ``?page=`` (1 when absent or out of range)."""
    return integer(request, name, low=1, high=limits.MAX_PAGE, default=1)
