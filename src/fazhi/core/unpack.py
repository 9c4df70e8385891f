"""Bound the work an uploaded file can cause before any of it is done.

A pure module (no Django): the analyzer's plain library uses it too. ``LimitExceeded`` names the limit, the
file's value and where (a sheet, a cell, a zip member); ``fazhi.core.uploads`` turns it into a message and
reads the limits from the settings.

Zip files (.xlsx, .docx, .zip) are judged from their central directory, read before anything is
extracted: the number of members (from the end-of-central-directory record, before the directory itself
is parsed), the sum of the members' unpacked sizes and the ratio of that sum to the file's size. Python's
zipfile never returns more bytes than a member's declared size (a member that unpacks to more fails its
CRC check), so the declared sizes bound what extraction can produce.
"""

from __future__ import annotations

import struct
import time
import zipfile
from dataclasses import dataclass

__all__ = ["Budget", "LimitExceeded", "ZipLimits", "check_zip", "scan_central_directory"]

#: Below this many unpacked bytes the compression ratio is not judged: small XML parts compress very well.
RATIO_FLOOR = 1024 * 1024

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF


class LimitExceeded(Exception):
    """A file is past one of the upload limits: ``what`` the limit is, the file's ``value``, the ``limit``.

    ``what`` is one of members, unpacked, ratio, member_unpacked, rows, columns, cells, cell_chars, pages
    and seconds; ``where`` names the part (a sheet's title, a cell reference, a zip member) when there is one;
    ``at_least`` says that reading stopped at the limit, so ``value`` is a lower bound.
    """

    def __init__(self, what: str, value: int | float, limit: int | float, *, where: str = "", sheet: str = "",
                 at_least: bool = False):
        super().__init__(f"{what}: {value} > {limit}" + (f" ({sheet} {where})".rstrip() if where or sheet else ""))
        self.what = what
        self.value = value
        self.limit = limit
        self.where = where
        self.sheet = sheet
        self.at_least = at_least


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_unpacked: int  # bytes, all members together
    max_ratio: int  # unpacked bytes per byte of the file


class Budget:
    """A wall-clock budget for reading one file; ``check()`` raises LimitExceeded once it is spent."""

    def __init__(self, seconds: float, *, clock=time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self._deadline = clock() + seconds

    def check(self) -> None:
        if self._clock() > self._deadline:
            raise LimitExceeded("seconds", self.seconds, self.seconds, at_least=True)


def scan_central_directory(fileobj, max_members: int) -> tuple[int, int]:
    """Return ``(members, unpacked bytes)`` read from a zip's central directory, walking it by hand.

    Reads the end-of-central-directory record from the last 64 KB, then at most ``max_members + 1``
    directory entries: a directory of millions of entries, or a record that understates them, costs no
    more than the limit. Raises LimitExceeded past ``max_members`` and zipfile.BadZipFile for a file that
    is not a zip. A ZIP64 archive (4 GB or 65,535 members) is past any limit fazhi allows.
    """
    fileobj.seek(0, 2)
    size = fileobj.tell()
    start = max(0, size - _EOCD_SIZE - _MAX_COMMENT)
    fileobj.seek(start)
    tail = fileobj.read(size - start)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise zipfile.BadZipFile("no end of central directory")
    declared, cd_size = struct.unpack_from("<HI", tail, at + 10)
    if declared == 0xFFFF:
        raise LimitExceeded("members", declared, max_members, at_least=True)
    if declared > max_members:
        raise LimitExceeded("members", declared, max_members)
    if cd_size == 0xFFFFFFFF:
        raise LimitExceeded("unpacked", 0xFFFFFFFF, 0, at_least=True)
    cd_start = start + at - cd_size
    if cd_start < 0:
        raise zipfile.BadZipFile("central directory outside the file")
    fileobj.seek(cd_start)
    directory = fileobj.read(cd_size)
    members = unpacked = offset = 0
    while offset + 46 <= len(directory):
        if directory[offset:offset + 4] != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad central directory entry")
        members += 1
        if members > max_members:
            raise LimitExceeded("members", members, max_members, at_least=True)
        file_size = struct.unpack_from("<I", directory, offset + 24)[0]
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", directory, offset + 28)
        unpacked += file_size
        offset += 46 + name_len + extra_len + comment_len
    return members, unpacked


def check_zip(fileobj, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Return the members of a zip file after checking it against ``limits``; raise LimitExceeded otherwise.

    Raises zipfile.BadZipFile for a file that is not a zip. ``fileobj`` is seekable; it is left open.
    """
    members, unpacked = scan_central_directory(fileobj, limits.max_members)
    size = fileobj.seek(0, 2)
    if unpacked > limits.max_unpacked:
        raise LimitExceeded("unpacked", unpacked, limits.max_unpacked)
    if unpacked > RATIO_FLOOR and unpacked > limits.max_ratio * max(size, 1):
        raise LimitExceeded("ratio", unpacked // max(size, 1), limits.max_ratio)
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
    if len(infos) > limits.max_members or sum(info.file_size for info in infos) > limits.max_unpacked:
        raise zipfile.BadZipFile("the central directory disagrees with itself")
    return infos
