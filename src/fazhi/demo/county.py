"""A fictional county (示范县) with realistic agencies, ten townships and a person for every role.

The regions use the unassigned GB/T 2260 province code 99 so they can never be mistaken for a real place.
Everything here is invented. ``build_demo()`` is idempotent: a second run finds everything in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fazhi.org.models import Agency, Membership, Region, User

DEMO_PASSWORD = "fazhi-demo-2026"

PROVINCE = ("990000", "示范省")
CITY = ("990100", "示范市")
COUNTY = ("990102", "示范县")
NEIGHBOUR = ("990103", "邻水县")
TOWNSHIPS = [
    ("990102001", "城关镇"), ("990102002", "东关镇"), ("990102003", "西河乡"), ("990102004", "南山镇"),
    ("990102005", "北岭乡"), ("990102006", "青石镇"), ("990102007", "白水乡"), ("990102008", "柳林镇"),
    ("990102009", "金川镇"), ("990102010", "红星街道"),
]

# code, name, short name, kind, parent code (None: top of the county)
COUNTY_AGENCIES = [
    ("sfx-party", "中共示范县委员会", "县委", Agency.Kind.PARTY_COMMITTEE, None),
    ("sfx-gov", "示范县人民政府", "县政府", Agency.Kind.GOVERNMENT, None),
    ("sfx-office", "中共示范县委全面依法治县委员会办公室", "县委依法治县办", Agency.Kind.RULE_OF_LAW_OFFICE, "sfx-party"),
    ("sfx-npc", "示范县人民代表大会常务委员会", "县人大常委会", Agency.Kind.PEOPLES_CONGRESS, None),
    ("sfx-cppcc", "政协示范县委员会", "县政协", Agency.Kind.CPPCC, None),
    ("sfx-court", "示范县人民法院", "县法院", Agency.Kind.COURT, None),
    ("sfx-procuratorate", "示范县人民检察院", "县检察院", Agency.Kind.PROCURATORATE, None),
    ("sfx-sfj", "示范县司法局", "县司法局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-fgj", "示范县发展和改革局", "县发改局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-jyj", "示范县教育局", "县教育局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-gaj", "示范县公安局", "县公安局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-czj", "示范县财政局", "县财政局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-rsj", "示范县人力资源和社会保障局", "县人社局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-zrj", "示范县自然资源局", "县自然资源局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-zjj", "示范县住房和城乡建设局", "县住建局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-jtj", "示范县交通运输局", "县交通局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-nyj", "示范县农业农村局", "县农业农村局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-wjj", "示范县卫生健康局", "县卫健局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-scj", "示范县市场监督管理局", "县市场监管局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-yjj", "示范县应急管理局", "县应急局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-zfj", "示范县综合行政执法局", "县综合执法局", Agency.Kind.DEPARTMENT, "sfx-gov"),
    ("sfx-xfj", "示范县信访局", "县信访局", Agency.Kind.DEPARTMENT, "sfx-gov"),
]

OTHER_AGENCIES = [
    # code, name, short name, kind, region code, parent code
    ("sfs-gov", "示范市人民政府", "市政府", Agency.Kind.GOVERNMENT, CITY[0], None),
    ("sfs-office", "中共示范市委全面依法治市委员会办公室", "市委依法治市办", Agency.Kind.RULE_OF_LAW_OFFICE, CITY[0], None),
    ("lsx-gov", "邻水县人民政府", "邻水县政府", Agency.Kind.GOVERNMENT, NEIGHBOUR[0], None),
    ("lsx-office", "中共邻水县委全面依法治县委员会办公室", "邻水县依法治县办", Agency.Kind.RULE_OF_LAW_OFFICE,
     NEIGHBOUR[0], None),
    ("lsx-sfj", "邻水县司法局", "邻水县司法局", Agency.Kind.DEPARTMENT, NEIGHBOUR[0], "lsx-gov"),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    agency: str
    role: str | None  # None: system administrator
    title: str
    what: str  # translatable


PEOPLE = [
    DemoPerson("admin", "系统管理员", "sfx-sfj", None, "信息中心", _("system administrator (Django admin)")),
    DemoPerson("director", "李明华", "sfx-office", Membership.Role.OFFICE, "主任",
               _("office director: reviews, rolls up and files the county's report")),
    DemoPerson("office", "王晓燕", "sfx-office", Membership.Role.OFFICE, "科员",
               _("rule-of-law office clerk: keeps the county's ledgers")),
    DemoPerson("clerk", "张伟", "sfx-scj", Membership.Role.CLERK, "法规股科员",
               _("department clerk of the market regulation bureau")),
    DemoPerson("clerk2", "刘芳", "sfx-jyj", Membership.Role.CLERK, "政策法规股科员",
               _("department clerk of the education bureau (a colleague in another department)")),
    DemoPerson("township", "陈静", "sfx-t01", Membership.Role.CLERK, "党政办科员", _("township clerk of 城关镇")),
    DemoPerson("leader", "赵国强", "sfx-gov", Membership.Role.LEADER, "县长", _("county leader: read-only dashboards")),
    DemoPerson("supervisor", "孙立新", "sfs-office", Membership.Role.SUPERVISOR, "督察科科长",
               _("city supervisor: reads the counties below")),
    DemoPerson("outsider", "周海", "lsx-sfj", Membership.Role.CLERK, "科员",
               _("clerk in the neighbouring county (an outsider to 示范县)")),
]


def _region(code, name, level, parent):
    region, created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return region


def _agency(code, name, short_name, kind, region, parent):
    agency, created = Agency.objects.get_or_create(
        code=code,
        defaults={"name": name, "short_name": short_name, "kind": kind, "region": region, "parent": parent},
    )
    return agency


@transaction.atomic
def build_demo() -> dict:
    """Create the demo county if missing; return counts of what was created."""
    before = (Region.objects.count(), Agency.objects.count(), User.objects.count())
    province = _region(*PROVINCE, Region.Level.PROVINCE, None)
    city = _region(*CITY, Region.Level.CITY, province)
    county = _region(*COUNTY, Region.Level.COUNTY, city)
    neighbour = _region(*NEIGHBOUR, Region.Level.COUNTY, city)
    agencies: dict[str, Agency] = {}
    for code, name, short, kind, parent in COUNTY_AGENCIES:
        agencies[code] = _agency(code, name, short, kind, county, agencies.get(parent))
    for index, (code, name) in enumerate(TOWNSHIPS, start=1):
        township = _region(code, name, Region.Level.TOWNSHIP, county)
        suffix = "人民政府" if name.endswith(("镇", "乡")) else "办事处"
        agencies[f"sfx-t{index:02d}"] = _agency(
            f"sfx-t{index:02d}", f"示范县{name}{suffix}", name, Agency.Kind.TOWNSHIP, township, agencies["sfx-gov"]
        )
    regions = {CITY[0]: city, NEIGHBOUR[0]: neighbour}
    for code, name, short, kind, region_code, parent in OTHER_AGENCIES:
        agencies[code] = _agency(code, name, short, kind, regions[region_code], agencies.get(parent))
    for person in PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = User(username=person.username, display_name=person.name, is_superuser=person.role is None,
                        is_staff=person.role is None)
            user.set_password(DEMO_PASSWORD)
            user.save()
        if person.role is not None:
            Membership.objects.get_or_create(
                user=user, agency=agencies[person.agency], role=person.role, defaults={"title": person.title}
            )
    # The director also leads the county's report: a second role, to show switching between agencies.
    Membership.objects.get_or_create(
        user=User.objects.get(username="director"), agency=agencies["sfx-sfj"], role=Membership.Role.CLERK,
        defaults={"title": "局长"},
    )
    after = (Region.objects.count(), Agency.objects.count(), User.objects.count())
    return {"regions": after[0] - before[0], "agencies": after[1] - before[1], "people": after[2] - before[2]}
