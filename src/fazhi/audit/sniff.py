"""What a file really is, read from its content (never from the browser's claim or the name alone).

``detect(fileobj, head, is_text)`` returns a ``Sniffed`` whose ``code`` is a key of ``KINDS`` or one of
``executable``, ``encrypted``, ``damaged`` and ``unknown``. ZIP-based formats are told apart by their
members (OOXML: ``[Content_Types].xml`` with ``word/``, ``xl/`` or ``ppt/``; ODF: the ``mimetype``
member; OFD, GB/T 33190: ``OFD.xml`` at the root); the old binary Office formats by the stream names in
their OLE2 (Compound File Binary) directory.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fazhi.core.unpack import scan_central_directory

__all__ = ["BLOCKED_EXTENSIONS", "KINDS", "FileKind", "Sniffed", "TextProbe", "detect", "kind_for_extension"]

HEAD_SIZE = 8192


@dataclass(frozen=True)
class FileKind:
    code: str
    mime: str
    extensions: tuple[str, ...]  # the first one is used for the stored file
    label: Promise | str


KINDS: dict[str, FileKind] = {
    k.code: k
    for k in [
        FileKind("pdf", "application/pdf", (".pdf",), _("a PDF document")),
        FileKind(
            "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
            _("a Word document (DOCX)"),
        ),
        FileKind("doc", "application/msword", (".doc",), _("a Word 97–2003 document (DOC)")),
        FileKind(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",),
            _("an Excel workbook (XLSX)"),
        ),
        FileKind("xls", "application/vnd.ms-excel", (".xls",), _("an Excel 97–2003 workbook (XLS)")),
        FileKind(
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",),
            _("a PowerPoint presentation (PPTX)"),
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", (".odt",), _("an OpenDocument text (ODT)")),
        FileKind(
            "ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",),
            _("an OpenDocument spreadsheet (ODS)"),
        ),
        FileKind("ofd", "application/ofd", (".ofd",), _("an OFD document")),
        FileKind("zip", "application/zip", (".zip",), _("a ZIP archive")),
        FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg"), _("a JPEG image")),
        FileKind("png", "image/png", (".png",), _("a PNG image")),
        FileKind("gif", "image/gif", (".gif",), _("a GIF image")),
        FileKind("webp", "image/webp", (".webp",), _("a WebP image")),
        FileKind("tiff", "image/tiff", (".tif", ".tiff"), _("a TIFF image")),
        FileKind("text", "text/plain", (".txt",), _("plain text")),
        FileKind("csv", "text/csv", (".csv",), _("CSV text")),
    ]
}

ZIP_BASED = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "ofd"})

# Refused by name alone, whatever the content: programs and scripts a double click would run.
BLOCKED_EXTENSIONS = frozenset({
    ".exe", ".bat", ".cmd", ".sh", ".bash", ".zsh", ".csh", ".js", ".mjs", ".jse", ".msi", ".msp", ".com",
    ".scr", ".ps1", ".psm1", ".vbs", ".vbe", ".wsf", ".wsh", ".hta", ".jar", ".apk", ".ipa", ".app", ".dll",
    ".so", ".dylib", ".cpl", ".pif", ".lnk", ".reg", ".deb", ".rpm", ".dmg", ".pkg", ".run", ".bin", ".elf",
    ".py", ".pl", ".php", ".rb",
})

# Binary programs: their headers always hold NUL bytes, so a text file that merely starts with "MZ"
# (a CSV column named MZ_CODE) is not mistaken for one.
_BINARY_EXECUTABLE_MAGIC = (
    b"\x7fELF",  # ELF (Linux)
    b"MZ",  # DOS/PE (Windows .exe, .dll, .scr, .com)
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary / Java class
    b"dex\n",  # Android
)
_SCRIPT_MAGIC = b"#!"  # a script with an interpreter line, text or not
_EXECUTABLE_MIMES = frozenset({
    "application/x-executable", "application/x-msdownload", "application/x-dex",
    "application/vnd.microsoft.portable-executable", "application/x-mach-binary",
})
_IMAGE_CODES = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
                "image/tiff": "tiff"}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ODF_MIMES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class Sniffed:
    code: str  # a KINDS key, or executable / encrypted / damaged / unknown
    hint: str = ""  # for unknown: what filetype recognised (a MIME type), if anything

    @property
    def kind(self) -> FileKind | None:
        return KINDS.get(self.code)


def kind_for_extension(ext: str) -> FileKind | None:
    """Return the accepted kind a file extension (".pdf") claims, or None."""
    ext = ext.lower()
    return next((k for k in KINDS.values() if ext in k.extensions), None)


class TextProbe:
    """Decide, chunk by chunk, whether a file is text: UTF-8 or GB18030, no NUL or stray control bytes."""

    _BAD_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")

    def __init__(self):
        import codecs

        self._decoders = {
            "utf-8": codecs.getincrementaldecoder("utf-8")(),
            "gb18030": codecs.getincrementaldecoder("gb18030")(),
        }
        self.binary = False

    def feed(self, chunk: bytes) -> None:
        if self.binary:
            return
        if self._BAD_BYTES.search(chunk):
            self.binary = True
            return
        for name, decoder in list(self._decoders.items()):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                del self._decoders[name]
        if not self._decoders:
            self.binary = True

    def finish(self) -> str | None:
        """Return the encoding the whole file decodes with ("utf-8", "gb18030"), or None if not text."""
        if self.binary:
            return None
        for name, decoder in self._decoders.items():
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return name
        return None


def detect(fileobj, head: bytes, *, text_encoding: str | None, max_zip_members: int | None = None) -> Sniffed:
    """Return what the file is. ``head`` is its first bytes; ``fileobj`` is seekable for ZIP and OLE2.

    With ``max_zip_members`` a zip's member count is read from its end record before its directory is
    parsed: ``fazhi.core.unpack.LimitExceeded`` past it.
    """
    if head.startswith(_SCRIPT_MAGIC) or (text_encoding is None and head.startswith(_BINARY_EXECUTABLE_MAGIC)):
        return Sniffed("executable")
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(fileobj, max_zip_members)
    if head.startswith(_OLE2_MAGIC):
        return _ole2_kind(fileobj)
    if text_encoding is not None:
        # Before filetype: it would take a CSV whose first column is MZ_CODE for a Windows program.
        return Sniffed("text")
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in _EXECUTABLE_MIMES:
            return Sniffed("executable")
        if guess.mime in _IMAGE_CODES:
            return Sniffed(_IMAGE_CODES[guess.mime])
        return Sniffed("unknown", guess.mime)
    return Sniffed("unknown")


def _zip_kind(fileobj, max_members: int | None = None) -> Sniffed:
    try:
        if max_members is not None:
            scan_central_directory(fileobj, max_members)
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" in names:
                for prefix, code in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return Sniffed(code)
            if "mimetype" in names:
                with zf.open("mimetype") as member:
                    mime = member.read(100).decode("ascii", "replace").strip()
                if mime in _ODF_MIMES:
                    return Sniffed(_ODF_MIMES[mime])
            if "OFD.xml" in names:
                return Sniffed("ofd")
            return Sniffed("zip")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, KeyError):
        return Sniffed("damaged")


def _ole2_kind(fileobj) -> Sniffed:
    try:
        names = ole2_stream_names(fileobj)
    except (ValueError, struct.error, OSError):
        return Sniffed("damaged")
    if "WordDocument" in names:
        return Sniffed("doc")
    if "Workbook" in names or "Book" in names:
        return Sniffed("xls")
    if "EncryptedPackage" in names:  # a password-protected DOCX/XLSX/PPTX
        return Sniffed("encrypted")
    return Sniffed("unknown", "application/x-ole-storage")


_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS = 100_000


def ole2_stream_names(fileobj) -> set[str]:
    """Return the names of the storages and streams in an OLE2 compound file's directory.

    [MS-CFB] 2.2: a 512-byte header gives the sector size, the first directory sector and the first
    109 FAT sector numbers (more in the DIFAT chain); directory entries are 128 bytes, the name in
    UTF-16LE with its byte length at offset 64 and the object type at 66.
    """

    def read_at(offset: int, size: int) -> bytes:
        fileobj.seek(offset)
        data = fileobj.read(size)
        if len(data) != size:
            raise ValueError("truncated compound file")
        return data

    header = read_at(0, 512)
    if header[:8] != _OLE2_MAGIC:
        raise ValueError("not a compound file")
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    per_sector = sector_size // 4
    fat_count, first_dir = struct.unpack_from("<II", header, 44)
    first_difat, difat_count = struct.unpack_from("<II", header, 68)
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s not in (_FREE, _END)]
    next_difat, hops = first_difat, 0
    while next_difat not in (_FREE, _END) and hops < min(difat_count, _MAX_SECTORS):
        values = struct.unpack(f"<{per_sector}I", read_at((next_difat + 1) * sector_size, sector_size))
        fat_sectors.extend(s for s in values[:-1] if s not in (_FREE, _END))
        next_difat, hops = values[-1], hops + 1
    fat_sectors = fat_sectors[:fat_count]

    def next_sector(sector: int) -> int:
        index, slot = divmod(sector, per_sector)
        if index >= len(fat_sectors):
            raise ValueError("sector outside the FAT")
        return struct.unpack("<I", read_at((fat_sectors[index] + 1) * sector_size + slot * 4, 4))[0]

    names: set[str] = set()
    sector, visited = first_dir, set()
    while sector not in (_FREE, _END):
        if sector in visited or len(visited) >= _MAX_SECTORS:
            raise ValueError("directory chain loops or is too long")
        visited.add(sector)
        data = read_at((sector + 1) * sector_size, sector_size)
        for offset in range(0, sector_size, 128):
            name_len, obj_type = struct.unpack_from("<HB", data, offset + 64)
            if obj_type in (1, 2) and 2 <= name_len <= 64:
                names.add(data[offset:offset + name_len - 2].decode("utf-16-le", "replace"))
        sector = next_sector(sector)
    return names
