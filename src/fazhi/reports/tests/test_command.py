"""``fazhi report export``: each format written, and clear errors for a wrong agency or a missing report."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from fazhi.reports.tests.fixtures_compose import composed_fixture, county_report_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _export(*args):
    out = io.StringIO()
    with translation.override("en"):  # the messages matched below are the English msgids
        call_command("report", "export", *args, stdout=out)
    return out.getvalue()


def test_an_unknown_agency_is_named(composed):
    with pytest.raises(CommandError, match="no-such-body"):
        _export("--agency", "no-such-body", "--year", "2025", "--format", "json", "-o", "-")


def test_a_missing_report_names_the_agency_and_year(composed):
    with pytest.raises(CommandError, match=r"示范县教育局 \(sfx-jyj\).*2025"):
        _export("--agency", "sfx-jyj", "--year", "2025", "--format", "json", "-o", "-")
    with pytest.raises(CommandError, match="2024"):
        _export("--agency", "sfx-gov", "--year", "2024", "--format", "json", "-o", "-")


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>"),
                                           ("json", b"{")])
def test_each_format_is_written_to_a_file(composed, tmp_path, fmt, magic):
    path = tmp_path / f"report.{fmt}"
    message = _export("--agency", "sfx-gov", "--year", "2025", "--format", fmt, "-o", str(path))
    assert str(path) in message
    assert path.read_bytes().startswith(magic)


def test_text_formats_go_to_standard_output(composed):
    data = json.loads(_export("--agency", "sfx-gov", "--year", "2025", "--format", "json", "-o", "-"))
    assert data["agency"]["code"] == "sfx-gov"
    assert "受理行政复议申请" in _export("--agency", "sfx-gov", "--year", "2025", "--format", "html", "-o", "-")
    with pytest.raises(CommandError, match="docx"):
        _export("--agency", "sfx-gov", "--year", "2025", "--format", "docx", "-o", "-")
