"""China's provinces, cities and counties (GB/T 2260) as the analyzer reads them: to resolve the place a report
names (静海区, 江门市, 云南省) to its full name, code and level.

The analyzer is a plain library: the country file shipped with ``fazhi.org`` (``data/regions_gbt2260.csv``,
columns ``code,name,level,parent_code``) is read directly, once, without Django or the database. The townships
(``data/townships.csv.gz``, columns ``code,name,parent_code``, about 38,000 乡镇/街道) are read the same way, but
only when a report's body is a township: most reports never pay for them.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from fazhi.analyzer import rx

#: City-level rows that only group counties (a municipality's 市辖区/县, a province's directly administered
#: counties): never a place a report names, and never printed in a full name.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|"
    "柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|"
    "塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
_AUTONOMOUS_SUFFIX = rx.compile(rf"(?:(?:{_ETHNIC})族?)*自治(?:区|州|县|旗)$")
_KIND_SUFFIX = rx.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|省|市|县|新区|区|旗|地区|盟)$")


class Region(NamedTuple):
    code: str
    name: str
    level: str  # province | city | county | township
    parent_code: str  # "" for a province


class Registry:
    """The regions by code and by name, with the short names (静海, 湖北, 新疆) of those whose short name is
    two characters or more."""

    def __init__(self, rows: list[Region]):
        self.by_code: dict[str, Region] = {r.code: r for r in rows}
        self.by_name: dict[str, list[Region]] = defaultdict(list)
        self.by_short: dict[str, list[Region]] = defaultdict(list)
        for r in rows:
            if r.name in PLACEHOLDERS:
                continue
            self.by_name[r.name].append(r)
            short = place_short_form(r.name)
            if short != r.name and len(short) >= 2:
                self.by_short[short].append(r)
        # The lengths of the names opening with each character, longest first: a text is scanned a character at
        # a time, and most characters open no name.
        self._lengths = _lengths_by_first(self.by_name)
        self._short_lengths = _lengths_by_first(self.by_short)
        self._ending = _lengths_by_first({name[::-1] for name in self.by_name})  # by the last character
        self._short_ending = _lengths_by_first({name[::-1] for name in self.by_short})
        self.last_chars = rx.compile("[" + "".join(sorted(self._ending)) + "]") if self._ending else None

    # -- the tree

    def parent(self, region: Region) -> Region | None:
        return self.by_code.get(region.parent_code) if region.parent_code else None

    def ancestors(self, region: Region) -> list[Region]:
        """Return the regions above ``region``, nearest first, placeholders included."""
        out, p = [], self.parent(region)
        while p is not None:
            out.append(p)
            p = self.parent(p)
        return out

    def province(self, region: Region) -> Region:
        chain = [region, *self.ancestors(region)]
        return chain[-1]

    def is_within(self, region: Region, ancestor: Region) -> bool:
        return region.code == ancestor.code or any(a.code == ancestor.code for a in self.ancestors(region))

    def full_name(self, region: Region) -> str:
        """Return the name a place goes by with its parents: a county with its city (忻州市繁峙县), a county of a
        municipality or a county-level city with its province (天津市静海区, 黑龙江省五常市); provinces and
        cities stand alone."""
        if region.level != "county":
            return region.name
        parent = self.parent(region)
        if parent is None:
            return region.name
        if parent.name in PLACEHOLDERS or region.name.endswith("市"):
            return self.province(region).name + region.name
        return parent.name + region.name

    # -- names in a text

    def match_at(self, text: str, pos: int, *, shortest: int = 2) -> str | None:
        """Return the longest full name of a region beginning at ``pos`` (``shortest`` characters or more)."""
        for n in self._lengths.get(text[pos : pos + 1], ()):
            if n < shortest:
                break
            name = text[pos : pos + n]
            if name in self.by_name:
                return name
        return None

    def match_ending(self, text: str, end: int, start: int = 0, *, shortest: int = 2) -> str | None:
        """Return the longest full name ending at ``end`` (that does not begin before ``start``)."""
        for n in self._ending.get(text[end - 1 : end], ()):
            if n < shortest:
                break
            if end - n < start:
                continue
            name = text[end - n : end]
            if name in self.by_name:
                return name
        return None

    def short_ending(self, text: str, end: int) -> str | None:
        for n in self._short_ending.get(text[end - 1 : end], ()):
            if end - n < 0:
                continue
            name = text[end - n : end]
            if name in self.by_short:
                return name
        return None

    def short_at(self, text: str, pos: int) -> str | None:
        """Return the longest short name (two characters or more) beginning at ``pos``."""
        for n in self._short_lengths.get(text[pos : pos + 1], ()):
            name = text[pos : pos + n]
            if name in self.by_short:
                return name
        return None


def _lengths_by_first(names) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = defaultdict(set)
    for name in names:
        lengths[name[0]].add(len(name))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


def place_short_form(name: str) -> str:
    """Return the name without its kind: 静海区 → 静海, 新疆维吾尔自治区 → 新疆, 恩施土家族苗族自治州 → 恩施."""
    short = _AUTONOMOUS_SUFFIX.sub("", name)
    if len(short) < 2 or short == name:
        short = _KIND_SUFFIX.sub("", name)
    return short or name


def _data_file(name: str) -> Path:
    try:
        return Path(str(resources.files("fazhi.org.data").joinpath(name)))
    except ModuleNotFoundError:  # pragma: no cover - the analyzer copied without fazhi.org
        return Path(__file__).resolve().parent.parent / "org" / "data" / name


def _country_file() -> Path:
    return _data_file("regions_gbt2260.csv")


def read_regions(path: str | Path) -> list[Region]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [
            Region(row["code"].strip(), row["name"].strip(), row["level"].strip(), (row["parent_code"] or "").strip())
            for row in csv.DictReader(handle)
            if row.get("code") and row.get("name")
        ]


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Return the shipped regions, read once."""
    try:
        rows = read_regions(_country_file())
    except OSError:  # pragma: no cover - a copy without the data file: names are kept as written
        rows = []
    return Registry(rows)


class Townships:
    """The country's townships (乡镇/街道) by name; a name many counties share (城关镇) lists them all. A name
    printed with its 办事处 (XX街道办事处) is filed without it, as reports name their body's office.

    Only the codes are kept, by name: a township's county is the first six digits of its code.
    """

    def __init__(self, codes_by_name: dict[str, list[str]]):
        self.codes_by_name = codes_by_name

    def named(self, name: str) -> list[Region]:
        name = name.removesuffix("办事处")
        return [Region(code, name, "township", code[:6]) for code in self.codes_by_name.get(name, ())]


def read_townships(path: str | Path) -> dict[str, list[str]]:
    """Read a township file (``code,name,parent_code``, a name never quoted; gzip-compressed when its name ends in
    ``.gz``) as the codes by name."""
    import gzip  # only here: most processes never read the townships

    raw = Path(path).read_bytes()
    text = (gzip.decompress(raw) if str(path).endswith(".gz") else raw).decode("utf-8-sig")
    lines = text.splitlines()
    index: dict[str, list[str]] = {}
    if not lines or lines[0] != "code,name,parent_code":
        return index
    for line in lines[1:]:
        code, name, _parent = line.split(",")
        index.setdefault(name.removesuffix("办事处"), []).append(code)
    return index


@lru_cache(maxsize=1)
def townships() -> Townships:
    """Return the shipped townships, read once, when first asked for."""
    try:
        index = read_townships(_data_file("townships.csv.gz"))
    except OSError:  # pragma: no cover - a copy without the data file: townships are kept as written
        index = {}
    return Townships(index)
