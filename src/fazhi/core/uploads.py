"""The upload limits as the settings give them, and the message that refuses a file past one.

The limits themselves are checked by the pure modules ``fazhi.core.unpack`` (zip directories, time) and
``fazhi.core.xlsxscan`` (worksheets); this module reads the settings (at call time, so tests can change
them) and words ``LimitExceeded`` for the clerk: which limit, the file's value and where.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from fazhi.core.unpack import Budget, LimitExceeded, ZipLimits
from fazhi.core.xlsxscan import SheetLimits

__all__ = ["analyzer_budget", "describe", "excel_budget", "excel_limits", "excel_zip_limits", "zip_limits"]

MB = 1024 * 1024


def zip_limits() -> ZipLimits:
    """Return the limits of an uploaded zip, .docx or report zip (the analyzer)."""
    return ZipLimits(
        max_members=settings.FAZHI_UPLOAD_MAX_ZIP_MEMBERS,
        max_unpacked=settings.FAZHI_UPLOAD_MAX_UNPACKED_MB * MB,
        max_ratio=settings.FAZHI_UPLOAD_MAX_RATIO,
    )


def excel_zip_limits() -> ZipLimits:
    """Return the zip limits of an uploaded collection form: the general ones, with its own unpacked size."""
    return ZipLimits(
        max_members=settings.FAZHI_UPLOAD_MAX_ZIP_MEMBERS,
        max_unpacked=settings.FAZHI_EXCEL_MAX_UNPACKED_MB * MB,
        max_ratio=settings.FAZHI_UPLOAD_MAX_RATIO,
    )


def excel_limits() -> SheetLimits:
    return SheetLimits(
        max_rows=settings.FAZHI_EXCEL_MAX_ROWS,
        max_columns=settings.FAZHI_EXCEL_MAX_COLUMNS,
        max_cells=settings.FAZHI_EXCEL_MAX_CELLS,
        max_cell_chars=settings.FAZHI_EXCEL_MAX_CELL_CHARS,
    )


def excel_budget() -> Budget:
    return Budget(settings.FAZHI_EXCEL_PARSE_SECONDS)


def analyzer_budget() -> Budget:
    return Budget(settings.FAZHI_ANALYZER_PARSE_SECONDS)


def _n(value) -> str:
    return f"{value:,}"


def _mb(value) -> str:
    return f"{value / MB:,.1f}".removesuffix(".0")


def describe(exc: LimitExceeded) -> str:
    """Return why a file was refused, naming the limit and the file's value (and its sheet and cell)."""
    params = {"value": _n(exc.value), "limit": _n(exc.limit), "sheet": exc.sheet, "cell": exc.where}
    what = exc.what
    if what == "members":
        if exc.at_least:
            return _("The file holds more than %(limit)s files, the limit.") % params
        return _("The file holds %(value)s files; the limit is %(limit)s.") % params
    if what == "unpacked":
        if exc.at_least:
            return _("The file unpacks to more than 4 GB; the limit is %(limit)s MB.") % {"limit": _mb(exc.limit)}
        return _("The file unpacks to %(value)s MB; the limit is %(limit)s MB.") % {
            "value": _mb(exc.value), "limit": _mb(exc.limit)}
    if what == "ratio":
        return _("The file unpacks to %(value)s times its size; the limit is %(limit)s times.") % params
    if what == "rows":
        if exc.at_least:
            return _("The sheet “%(sheet)s” has more than %(limit)s rows, the limit (reading stopped at row "
                     "%(value)s).") % params
        return _("The sheet “%(sheet)s” has %(value)s rows; the limit is %(limit)s rows.") % params
    if what == "columns":
        if exc.at_least:
            return _("The sheet “%(sheet)s” has more than %(limit)s columns, the limit (cell %(cell)s is in "
                     "column %(value)s).") % params
        return _("The sheet “%(sheet)s” has %(value)s columns; the limit is %(limit)s columns.") % params
    if what == "cells":
        return _("The sheet “%(sheet)s” holds more than %(limit)s cells, the limit (reading stopped there).") % params
    if what == "cell_chars":
        return _("Cell %(cell)s of the sheet “%(sheet)s” holds %(value)s characters; the limit is %(limit)s "
                 "characters.") % params
    if what == "pages":
        return _("The PDF has %(value)s pages; the limit is %(limit)s pages.") % params
    if what == "seconds":
        return _("Reading the file took more than %(limit)s seconds, the limit: it is too large or too "
                 "complex.") % params
    return _("The file is past an upload limit (%(what)s: %(value)s, limit %(limit)s).") % {**params, "what": what}
