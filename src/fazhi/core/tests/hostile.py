"""Hostile upload files built in memory with zipfile: small on disk, huge (or odd) once unpacked.

Shared by the tests of the upload limits (core, collection, analyzer). Sheet XML is streamed into the zip
in large repeated chunks, so a 4,000,000-row sheet is built in about a second and compresses to ~150 KB.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>{shared}</Types>'
)
_SHARED_CT = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.sharedStrings+xml"/>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>'
)
_SHARED_REL = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/sharedStrings" Target="sharedStrings.xml"/>')
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def xlsx(sheet_data: Iterable[bytes], *, dimension: str = "", name: str = "Sheet1",
         shared: Iterable[bytes] | None = None) -> bytes:
    """Return an .xlsx of one sheet whose ``<sheetData>`` is the chunks ``sheet_data``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CT.format(shared=_SHARED_CT if shared is not None else ""))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=name))
        archive.writestr("xl/_rels/workbook.xml.rels",
                         _WORKBOOK_RELS.format(shared=_SHARED_REL if shared is not None else ""))
        if shared is not None:
            with archive.open("xl/sharedStrings.xml", "w") as out:
                out.write(b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                          b'spreadsheetml/2006/main">')
                for chunk in shared:
                    out.write(chunk)
                out.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(_SHEET_HEAD.encode())
            if dimension:
                out.write(f'<dimension ref="{dimension}"/>'.encode())
            out.write(b"<sheetData>")
            for chunk in sheet_data:
                out.write(chunk)
            out.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def repeated_rows(count: int, row: bytes = b"<row><c><v>1</v></c></row>", chunk: int = 10_000) -> Iterable[bytes]:
    """Yield ``count`` copies of ``row`` (rows without numbers, so every copy is the same bytes) in chunks."""
    block = row * chunk
    full, rest = divmod(count, chunk)
    for _ in range(full):
        yield block
    if rest:
        yield row * rest


def numbered_rows(count: int, columns: int = 1, value: bytes = b"1") -> Iterable[bytes]:
    """Yield ``count`` rows numbered from 1, each with ``columns`` numeric cells (A, B, …)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c).encode() for c in range(1, columns + 1)]
    for number in range(1, count + 1):
        cells = b"".join(b'<c r="%s%d"><v>%s</v></c>' % (letter, number, value) for letter in letters)
        yield b'<row r="%d">%s</row>' % (number, cells)


def replace_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """Return the zip ``data`` with member ``name`` rewritten by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == name else content)
    return buffer.getvalue()


def set_cell_xml(sheet_xml: bytes, ref: str, cell_xml: str) -> bytes:
    """Return ``sheet_xml`` with the cell ``ref`` replaced by ``cell_xml`` (the cell must exist)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
    changed, count = pattern.subn(cell_xml.encode(), sheet_xml, count=1)
    assert count == 1, f"cell {ref} not found"
    return changed


def zip_of(members: dict[str, bytes] | Iterable[tuple[str, bytes]]) -> bytes:
    """Return a deflated zip of ``{name: content}`` (or pairs)."""
    buffer = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in items:
            archive.writestr(name, content)
    return buffer.getvalue()
