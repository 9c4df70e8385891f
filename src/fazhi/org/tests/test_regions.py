"""The shipped GB/T 2260 country file, the region and township loaders and ``load_regions``."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from fazhi.org.models import Region
from fazhi.org.regions import (
    COUNTRY_FILE,
    TOWNSHIP_FILE,
    RegionFileError,
    load_regions,
    load_townships,
    read_country_file,
)

# Counties whose city-level parent is a grouping rather than a prefecture-level city.
GROUPINGS = {
    "110100": "市辖区", "120100": "市辖区", "310100": "市辖区", "500100": "市辖区", "500200": "县",
    "419000": "省直辖县级行政区划", "429000": "省直辖县级行政区划", "469000": "省直辖县级行政区划",
    "659000": "自治区直辖县级行政区划",
}


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the default language is zh-hans."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def rows():
    with open(COUNTRY_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def country(db):
    load_regions()


def write(tmp_path, text, name="townships.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# The shipped file ------------------------------------------------------------------------------


def test_shipped_file_parses_and_is_sorted(rows):
    assert list(rows[0]) == ["code", "name", "level", "parent_code"]
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert len(read_country_file()) == len(rows)
    assert COUNTRY_FILE.stat().st_size < 200_000


def test_shipped_file_codes_levels_and_parents(rows):
    by_code = {r["code"]: r for r in rows}
    for r in rows:
        code, level, parent = r["code"], r["level"], r["parent_code"]
        assert len(code) == 6 and code.isdigit(), r
        assert r["name"].strip() == r["name"] and r["name"], r
        if level == "province":
            assert code.endswith("0000") and parent == "", r
            continue
        assert by_code[parent]["code"] == parent, r
        assert code[:2] == parent[:2], r
        if level == "city":
            assert code.endswith("00") and by_code[parent]["level"] == "province", r
        else:
            assert level == "county", r
            assert not code.endswith("00"), r
            # Every county sits under the city-level entry sharing its first four digits.
            assert parent == code[:4] + "00" and by_code[parent]["level"] == "city", r
            # 71-80 are statistical-only codes (开发区 etc.), not GB/T 2260.
            assert not 71 <= int(code[4:]) <= 80, r


def test_shipped_file_counts(rows):
    counts = Counter(r["level"] for r in rows)
    assert counts["province"] == 34  # 31 + 台湾省, 香港, 澳门
    assert 335 <= counts["city"] <= 350  # 333 prefecture-level + 9 groupings in the 2023 edition
    assert 2800 <= counts["county"] <= 2900


def test_shipped_file_known_quirks(rows):
    by_code = {r["code"]: r for r in rows}
    for code, name in GROUPINGS.items():
        assert by_code[code]["name"] == name and by_code[code]["level"] == "city"
    assert by_code["429004"]["name"] == "仙桃市" and by_code["429004"]["parent_code"] == "429000"
    assert by_code["500229"]["parent_code"] == "500200"  # 城口县 under 重庆市 县
    # Cities without counties.
    children = Counter(r["parent_code"] for r in rows)
    for code, name in {"441900": "东莞市", "442000": "中山市", "460400": "儋州市", "620200": "嘉峪关市"}.items():
        assert by_code[code]["name"] == name and children[code] == 0
    # 台湾, 香港, 澳门: province level, nothing below.
    for code in ("710000", "810000", "820000"):
        assert by_code[code]["level"] == "province" and children[code] == 0
    # 三沙市 has 西沙区 and 南沙区 (GB/T 2260 since 2020), not the old island groups.
    assert {r["name"] for r in rows if r["parent_code"] == "460300"} == {"西沙区", "南沙区"}


# Loading the country ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_twice_is_idempotent(rows, django_assert_max_num_queries):
    first = load_regions()
    assert (first.created, first.updated, first.unchanged) == (len(rows), 0, 0)
    assert Region.objects.count() == len(rows)
    with django_assert_max_num_queries(5):
        second = load_regions()
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(rows))


@pytest.mark.django_db
def test_paths(country):
    dongcheng = Region.objects.get(code="110101")
    assert dongcheng.name == "东城区" and dongcheng.level == Region.Level.COUNTY
    assert dongcheng.parent.code == "110100" and dongcheng.parent.parent.code == "110000"
    assert dongcheng.path == "/110000/110100/110101/"
    assert dongcheng.full_name == "北京市东城区"
    assert Region.objects.get(code="429004").path == "/420000/429000/429004/"
    assert Region.objects.get(code="110000").path == "/110000/"
    assert Region.objects.get(code="110000").subtree().count() == 1 + 1 + 16
    # Every path agrees with the one Region.save() would compute.
    paths = dict(Region.objects.values_list("pk", "path"))
    for parent_id, code, path in Region.objects.values_list("parent_id", "code", "path"):
        assert path == (paths[parent_id] if parent_id else "/") + code + "/"


@pytest.mark.django_db
def test_renamed_and_moved_regions_are_updated(country, tmp_path):
    Region.objects.filter(code="110101").update(name="旧名")
    # A county that sat under the wrong city, with a township below it.
    wrong_city = Region.objects.get(code="110000").children.create(code="119900", name="x", level="city")
    county = Region.objects.get(code="110102")
    county.parent = wrong_city
    county.save()
    town = county.children.create(code="110102001", name="西长安街街道", level="township")
    assert town.path == "/110000/119900/110102/110102001/"

    result = load_regions()
    assert (result.created, result.updated) == (0, 2)
    assert Region.objects.get(code="110101").name == "东城区"
    county.refresh_from_db()
    town.refresh_from_db()
    assert county.parent.code == "110100" and county.path == "/110000/110100/110102/"
    assert town.path == "/110000/110100/110102/110102001/"  # descendants follow
    assert Region.objects.filter(code="119900").exists()  # regions missing from the file are kept


@pytest.mark.django_db
def test_bad_country_file_loads_nothing(tmp_path):
    path = write(tmp_path, "code,name,level,parent_code\n"
                           "110000,北京市,province,\n"
                           "110100,市辖区,city,110000\n"
                           "110101,东城区,county,110199\n"
                           "11010X,坏,county,110100\n"
                           "110102,西城区,town,110100\n", "country.csv")
    with pytest.raises(RegionFileError) as exc:
        load_regions(path)
    assert [e.row for e in exc.value.errors] == [4, 5, 6]
    assert "110199" in exc.value.errors[0].message
    assert not Region.objects.exists()


# The shipped townships ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def township_rows():
    with gzip.open(TOWNSHIP_FILE, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_townships_codes_and_parents(rows, township_rows):
    assert TOWNSHIP_FILE.stat().st_size < 1_000_000
    assert list(township_rows[0]) == ["code", "name", "parent_code"]
    codes = [r["code"] for r in township_rows]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert 35_000 <= len(codes) <= 42_000
    country = {r["code"]: r for r in rows}
    with_counties = {r["parent_code"] for r in rows if r["level"] == "county"}
    for r in township_rows:
        code, parent = r["code"], r["parent_code"]
        assert len(code) == 9 and code.isdigit() and code.startswith(parent), r
        assert int(code[6]) <= 3, r  # 街道 0xx, 镇 1xx, 乡 2xx-3xx; not the 类似乡级单位 (4xx-5xx)
        assert r["name"] and r["name"].strip() == r["name"], r
        level = country[parent]["level"]
        assert level == "county" or (level == "city" and parent not in with_counties), r
    by_code = {r["code"]: r for r in township_rows}
    assert by_code["110101001"]["name"] == "东华门街道"
    assert by_code["441900003"]["parent_code"] == "441900"  # 东莞市 has no counties


@pytest.mark.django_db
def test_setup_loads_the_shipped_townships_idempotently(township_rows, rows):
    """``fazhi load_regions`` without options, as ``make setup`` runs it: the country, then the townships."""
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert f"Regions (GB/T 2260): {len(rows):,} created" in out.getvalue()
    assert f"Townships: {len(township_rows):,} created, 0 updated, 0 unchanged." in out.getvalue()
    assert Region.objects.filter(level=Region.Level.TOWNSHIP).count() == len(township_rows)
    town = Region.objects.get(code="110101001")
    assert town.level == Region.Level.TOWNSHIP and town.path == "/110000/110100/110101/110101001/"
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert f"Townships: 0 created, 0 updated, {len(township_rows):,} unchanged." in out.getvalue()
    assert Region.objects.count() == len(rows) + len(township_rows)


@pytest.mark.django_db
def test_a_gzipped_township_file_loads(country, tmp_path):
    path = tmp_path / "own.csv.gz"
    path.write_bytes(gzip.compress("code,name,parent_code\n110101001,东华门街道,110101\n".encode()))
    assert load_townships(path).created == 1
    assert Region.objects.get(code="110101001").name == "东华门街道"


# A deployment's townships ----------------------------------------------------------------------


@pytest.mark.django_db
def test_townships_load_under_their_county(country, tmp_path):
    path = write(tmp_path, "\ufeffcode,name,parent_code\n"
                           "110101001,东华门街道,110101\n"
                           "110101002000,景山街道,110101\n"  # 12 digits, shortened
                           "441900003,东城街道,441900\n"  # 东莞市 has no counties
                           "429004001,沙嘴街道,\n")  # parent taken from the code
    result = load_townships(path)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    town = Region.objects.get(code="110101002")
    assert town.level == Region.Level.TOWNSHIP and town.parent.code == "110101"
    assert town.path == "/110000/110100/110101/110101002/"
    assert Region.objects.get(code="441900003").path == "/440000/441900/441900003/"
    assert Region.objects.get(code="429004001").path == "/420000/429000/429004/429004001/"
    again = load_townships(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


@pytest.mark.django_db
def test_township_file_without_header_in_gb18030(country, tmp_path):
    path = write(tmp_path, "110101001,东华门街道,110101\r\n", encoding="gb18030")
    assert load_townships(path).created == 1
    assert Region.objects.get(code="110101001").name == "东华门街道"


BAD_TOWNSHIPS = (
    "code,name,parent_code\n"
    "110101001,东华门街道,110101\n"  # 2: good
    "12345,太短,110101\n"  # 3
    "110101003,,110101\n"  # 4
    "110101001,重复,110101\n"  # 5
    "110100001,市辖区下,110100\n"  # 6: a city with counties
    "999999001,无,999999\n"  # 7
    "110102001,错配,110101\n"  # 8
    "110101002123,村,110101\n"  # 9: a village code
)


@pytest.mark.django_db
def test_bad_township_rows_are_reported_and_nothing_is_loaded(country, tmp_path):
    path = write(tmp_path, BAD_TOWNSHIPS)
    with pytest.raises(RegionFileError) as exc:
        load_townships(path)
    errors = {e.row: e.message for e in exc.value.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9]
    assert "12345" in errors[3]
    assert "name" in errors[4]
    assert "row 2" in errors[5]
    assert "999999" in errors[7]
    assert "110101" in errors[8]
    assert str(exc.value.errors[0]).startswith("Row 3: ")
    assert not Region.objects.filter(level=Region.Level.TOWNSHIP).exists()


@pytest.mark.django_db
def test_skip_errors_loads_the_good_rows(country, tmp_path):
    result = load_townships(write(tmp_path, BAD_TOWNSHIPS), skip_errors=True)
    assert result.created == 1 and len(result.errors) == 7
    assert list(Region.objects.filter(level=Region.Level.TOWNSHIP).values_list("code", flat=True)) == [
        "110101001"
    ]


# The command -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command(tmp_path, rows):
    out = StringIO()
    call_command("load_regions", "--no-townships", stdout=out)
    assert f"Regions (GB/T 2260): {len(rows):,} created, 0 updated, 0 unchanged." in out.getvalue()
    assert "Townships" not in out.getvalue()
    out = StringIO()
    call_command("load_regions", "--no-townships", stdout=out)
    assert f"0 created, 0 updated, {len(rows):,} unchanged." in out.getvalue()
    assert not Region.objects.filter(level=Region.Level.TOWNSHIP).exists()

    path = write(tmp_path, BAD_TOWNSHIPS)
    err = StringIO()
    with pytest.raises(CommandError, match="7 row"):
        call_command("load_regions", townships=str(path), stdout=StringIO(), stderr=err)
    assert "Row 3: " in err.getvalue()
    out, err = StringIO(), StringIO()
    call_command("load_regions", "--townships", str(path), "--skip-errors", stdout=out, stderr=err)
    assert "Townships: 1 created, 0 updated, 0 unchanged." in out.getvalue()
    assert "Skipped 7 row(s)" in err.getvalue()

    with pytest.raises(CommandError, match="--skip-errors"):
        call_command("load_regions", "--skip-errors")
    with pytest.raises(CommandError, match="missing.csv"):
        call_command("load_regions", townships=str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_up_link_leads_only_where_the_person_may_go(world):
    from django.test import Client

    from fazhi.org.models import Region

    client = Client()
    client.force_login(world.office)
    county = Region.objects.get(code=world.office.memberships.first().agency.region.code)
    town = Region.objects.filter(parent=county).first()

    page = client.get(f"/org/regions/?parent={county.code}").content.decode()
    assert f"?parent={county.parent.code}" not in page  # the city above is not the office's to open
    assert 'href="?"' in page
    assert client.get(f"/org/regions/?parent={county.parent.code}").status_code == 404
    if town is not None:
        assert f'href="?parent={county.code}"' in client.get(f"/org/regions/?parent={town.code}").content.decode()
