"""The upload limits' pure checks: zip directories read before extraction, worksheets streamed to the limit."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest

from fazhi.core.tests.hostile import numbered_rows, repeated_rows, xlsx, zip_of
from fazhi.core.unpack import Budget, LimitExceeded, ZipLimits, check_zip, scan_central_directory
from fazhi.core.xlsxscan import SheetLimits, column_number, scan_workbook

WIDE = ZipLimits(max_members=2000, max_unpacked=10**12, max_ratio=10**9)
SHEET = SheetLimits(max_rows=5000, max_columns=50, max_cells=50_000, max_cell_chars=5000)


def scan(data, limits=SHEET, zip_limits=WIDE, seconds=60):
    return scan_workbook(data, zip_limits=zip_limits, limits=limits, budget=Budget(seconds))


def many_members(count: int) -> bytes:
    return zip_of((f"f{i}.txt", b"") for i in range(count))


def understated(data: bytes, declared: int) -> bytes:
    """Return the zip with its end record claiming ``declared`` members (a lie)."""
    at = data.rfind(b"PK\x05\x06")
    return data[:at + 8] + struct.pack("<HH", declared, declared) + data[at + 12:]


def test_the_member_count_comes_from_the_end_record_and_the_directory():
    assert scan_central_directory(io.BytesIO(many_members(30)), 100) == (30, 0)
    with pytest.raises(LimitExceeded) as exc:
        scan_central_directory(io.BytesIO(many_members(3000)), 2000)
    assert (exc.value.what, exc.value.value, exc.value.limit, exc.value.at_least) == ("members", 3000, 2000, False)


def test_an_end_record_that_understates_the_members_stops_the_walk_at_the_limit():
    with pytest.raises(LimitExceeded) as exc:
        scan_central_directory(io.BytesIO(understated(many_members(3000), 1)), 2000)
    assert (exc.value.value, exc.value.at_least) == (2001, True)


def test_unpacked_size_and_ratio_are_judged_from_the_directory():
    bomb = zip_of({"zeros.txt": b"\0" * 20_000_000})
    assert len(bomb) < 50_000
    with pytest.raises(LimitExceeded) as exc:
        check_zip(io.BytesIO(bomb), ZipLimits(2000, 10 * 1024 * 1024, 10**9))
    assert (exc.value.what, exc.value.value) == ("unpacked", 20_000_000)
    with pytest.raises(LimitExceeded) as exc:
        check_zip(io.BytesIO(bomb), ZipLimits(2000, 10**12, 100))
    assert exc.value.what == "ratio" and exc.value.value > 100 and exc.value.limit == 100
    # Small parts compress very well and are not judged by ratio.
    assert len(check_zip(io.BytesIO(zip_of({"a.xml": b"\0" * 100_000})), ZipLimits(2000, 10**12, 100))) == 1


def test_a_file_that_is_not_a_zip_is_bad():
    with pytest.raises(zipfile.BadZipFile):
        check_zip(io.BytesIO(b"not a zip at all"), WIDE)


def test_the_budget_raises_once_spent():
    now = [100.0]
    budget = Budget(5, clock=lambda: now[0])
    budget.check()
    now[0] = 105.5
    with pytest.raises(LimitExceeded) as exc:
        budget.check()
    assert exc.value.what == "seconds" and exc.value.limit == 5


def test_column_numbers():
    assert [column_number(c) for c in ("A", "G", "Z", "AA", "XFD")] == [1, 7, 26, 27, 16384]


def test_a_declared_dimension_past_the_limits_is_refused_before_any_row():
    with pytest.raises(LimitExceeded) as exc:
        scan(xlsx(repeated_rows(3), dimension="A1:G4000000"))
    assert (exc.value.what, exc.value.value, exc.value.limit, exc.value.sheet) == ("rows", 4_000_000, 5000, "Sheet1")
    with pytest.raises(LimitExceeded) as exc:
        scan(xlsx(repeated_rows(3), dimension="A1:XFD10"))
    assert (exc.value.what, exc.value.value, exc.value.limit) == ("columns", 16384, 50)


def test_a_four_million_row_sheet_without_dimension_stops_at_the_row_limit_quickly():
    data = xlsx(repeated_rows(4_000_000))
    assert len(data) < 1_000_000  # small on disk, ~100 MB of XML unpacked
    started = time.perf_counter()
    with pytest.raises(LimitExceeded) as exc:
        scan(data)
    assert time.perf_counter() - started < 2
    assert (exc.value.what, exc.value.value, exc.value.at_least) == ("rows", 5001, True)


def test_columns_cells_and_long_text_are_refused_where_they_are():
    with pytest.raises(LimitExceeded) as exc:
        scan(xlsx([b'<row r="1"><c r="A1"><v>1</v></c><c r="BZ1"><v>2</v></c></row>']))
    assert (exc.value.what, exc.value.value, exc.value.where) == ("columns", 78, "BZ1")
    with pytest.raises(LimitExceeded) as exc:
        scan(xlsx(numbered_rows(2000, columns=30)))
    assert (exc.value.what, exc.value.value, exc.value.limit) == ("cells", 50_001, 50_000)
    huge = b"\xe6\xb3\x95" * 1_000_000  # 法, a million times
    with pytest.raises(LimitExceeded) as exc:
        scan(xlsx([b'<row r="1"><c r="G7" t="inlineStr"><is><t>' + huge + b"</t></is></c></row>"]))
    assert (exc.value.what, exc.value.value, exc.value.where) == ("cell_chars", 1_000_000, "G7")
    shared = [b"<si><t>short</t></si>", b"<si><t>" + b"x" * 6000 + b"</t></si>"]
    data = xlsx([b'<row r="1"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>'], shared=shared)
    with pytest.raises(LimitExceeded) as exc:
        scan(data)
    assert (exc.value.what, exc.value.value, exc.value.where) == ("cell_chars", 6000, "C2")


def test_formula_cells_without_a_computed_value_are_noted():
    data = xlsx([b'<row r="5"><c r="F5"><f>1+2</f><v>3</v></c><c r="G5"><f>SUM(A1:A2)</f></c>'
                 b'<c r="H5"><f>B5</f><v></v></c></row>'], name="县市场监管局")
    assert scan(data).formulas_without_value == {"县市场监管局": {"G5", "H5"}}


def test_a_sheet_within_the_limits_passes():
    assert scan(xlsx(numbered_rows(5000, columns=7))).formulas_without_value == {"Sheet1": set()}
