"""Who reports: the issuing body's name as the text gives it (静海区, 市交通运输局党组, 省委、省政府, 周溪乡), resolved
against the country's regions to its full name (天津市静海区人民政府), GB/T 2260 code and level.

A report names its body in several places: the title, the line before a title broken after its issuer, the
"现将…报告如下" sentence and the opening sentence ("2023年，XX区坚持…"). Each is a ``Mention``. The first that
names a place wins; one that only points at a place ("我市", "区政府", "省委、省政府", "市交通运输局") is resolved
by the other mentions, then by the place of that kind the opening names (in full, or by its short name in a
set phrase: "法治XX", "新XX", "《XX…》"). A name the regions file holds twice (朝阳区) is resolved only when the
opening names one of its parents; otherwise it is kept as written.

A township (白沙镇, 河西街道办事处, 白沙镇党委 白沙镇人民政府) is known by its name's shape, and placed in the county the
text names as its own (its committee leads: "在XX县委…领导下"; its site: "XX县人民政府网"; its signature:
"XX县白沙镇人民政府"), else by the country's township list (read only then): the one township of that name, or
the one of several that the opening, the site's name or the breadcrumb places (by its county, city or province),
else kept without a county.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from fazhi.analyzer import rx
from fazhi.analyzer.places import (
    PLACEHOLDERS,
    Region,
    Registry,
    Townships,
    place_short_form,
    registry,
    townships,
)

PROVINCE, CITY, COUNTY, TOWNSHIP, DEPARTMENT = "province", "city", "county", "township", "department"

# A body's own suffixes. A department is an office of a government or Party committee (司法局, 教育局, 办公室…).
_DEPT_END = rx.compile(
    r"(局|厅|委员会|办公室|中心|署|部|院|所|站|队|处|管委会|管理委员会|支队|大队|公司|集团|检察院|法院|学校|大学|银行)$"
)
_PLACE_END = rx.compile(r"(自治区|自治州|自治县|自治旗|特别行政区|省|市|州|盟|地区|县|区|旗|镇|乡|苏木|街道)$")
_PARTY_GROUP = rx.compile(r"(党组|党委|党工委|党组织)$")
_GOV_REST = ("", "人民政府", "政府", "行政公署")  # a 地区's or 盟's government is its 行政公署
# A department's short name: 发改委, 卫健委 (not a place's Party committee: 县委), 依法治县办, 政府办.
_DEPT_SHORT = rx.compile(r"^[\u4e00-\u9fff]{2,8}[委办]$")
# "委、省政府", "委 示范县人民政府", "党委、自治区人民政府": the Party committee and the government together.
_JOINT_REST = rx.compile(r"^(?:党)?委[、，,和及与\s]*(?:中共)?[\u4e00-\u9fff]{0,20}?(?:人民)?政府$")
_TOWNSHIP = rx.compile(
    r"^(?:人民政府)?(?!各|乡镇|镇街)(?P<name>(?:(?!委)[\u4e00-\u9fff]){1,10}?(?:镇|乡|街道|苏木))"
    r"(?P<suffix>人民政府|政府|街道办事处|办事处|党委|党工委|委员会)?$"
)
# A township's own name: not "各乡镇", "乡镇街道", "镇街" (the townships of a county, in its report).
# A township's Party committee and its government together: "白沙镇党委 白沙镇人民政府", "中共白沙镇委员会 白沙镇人民政府",
# "河西街道党工委、办事处", "白沙镇党委、镇政府". The name holds no 委 (白沙镇委员会白沙镇 is no township's name).
_TOWNSHIP_JOINT = rx.compile(
    r"^(?!各|乡镇|镇街)(?P<name>(?:(?!委)[\u4e00-\u9fff]){1,10}?(?:镇|乡|街道|苏木))"
    r"(?:党委|党工委|委员会|委)[、，,和及与]*(?:中共)?(?:(?P=name)|镇|乡|街道)?(?:人民政府|政府|街道办事处|办事处)$"
)
# A place named only by its kind: 我市, 全省, 本县, 区政府, 省委、省政府, 自治区, 市交通运输局.
_ANONYMOUS = rx.compile(r"^(?:我|全|本|该)?(?P<kind>自治区|省|市|县|区|旗|州|盟|镇|乡|街道)")
# "我局", "本委", "我单位": a body that names nothing of itself.
_SELF = rx.compile(r"^(?:我|全|本|该)")
_SPACE = rx.compile(r"\s+")
_EVERY = ("各", "乡镇", "镇街")
# A township's name that holds no larger place's (示范县城关镇 does: its county is not in the registry).
_BARE_TOWNSHIP = rx.compile(r"^[^省市州盟县区旗]{1,8}(?:镇|乡|街道|苏木)")

# What kind of region an anonymous reference (我市, 全区…) stands for.
_KIND_TEST = {
    "省": lambda r: r.level == PROVINCE and r.name.endswith("省"),
    "自治区": lambda r: r.level == PROVINCE and r.name.endswith("自治区"),
    "市": lambda r: r.name.endswith("市"),  # a city, a county-level city or a municipality
    "县": lambda r: r.level == COUNTY and r.name.endswith("县"),
    "区": lambda r: (r.level == COUNTY and r.name.endswith("区")) or (r.level == PROVINCE and r.name.endswith("自治区")),
    "旗": lambda r: r.level == COUNTY and r.name.endswith("旗"),
    "州": lambda r: r.level == CITY and r.name.endswith("州"),
    "盟": lambda r: r.level == CITY and r.name.endswith("盟"),
    "county": lambda r: r.level == COUNTY,
}
_LEVEL_RANK = {COUNTY: 0, CITY: 1, PROVINCE: 2}  # the nearer a place named, the stronger a clue to a township
_KIND_LEVEL = {
    "省": PROVINCE, "自治区": PROVINCE, "县": COUNTY, "区": COUNTY, "旗": COUNTY, "州": CITY, "盟": CITY,
    "镇": TOWNSHIP, "乡": TOWNSHIP, "街道": TOWNSHIP,
}

# A place's short name counts only in a set phrase that names the place itself: "建设新XX", "法治XX", "《XX法治…》".
_SHORT_BEFORE = rx.compile(r"《|新|法治|平安|美丽|幸福|数字|智慧|生态|文明|和谐|活力|魅力|品质|大美")
_SHORT_AFTER = rx.compile(r"法治|人民|经济|社会|发展|特色|经验|模式|实际|大地")
_SHORT_BEFORE_END = rx.compile(f"(?:{_SHORT_BEFORE.pattern})$")


class Mention(NamedTuple):
    """A name of the reporting body in the text: ``raw`` as printed, at ``[start, end)``."""

    raw: str
    start: int
    end: int
    strict: bool = True  # False for the title: kept as written even when it does not end like a body's name


@dataclass(frozen=True)
class Parsed:
    """A body's name taken apart: its places (registry names, in order), or the kind of an anonymous place, and
    what it is of that place: its government, Party committee and government together, a township, a department."""

    raw: str
    places: tuple[str, ...]
    anonymous: str | None
    form: str  # government | joint | township | department | unknown
    unit: str  # a township's or department's own name (七里街道办事处, 司法局); a government's 人民政府 if printed
    party: bool = False  # printed with 中共 (中共XX县委…办公室: an organ of the Party committee)

    @property
    def named(self) -> bool:
        return self.anonymous is None


@dataclass(frozen=True)
class Body:
    government: str | None
    level: str | None
    region_code: str | None
    span: tuple[int, int] | None


NO_BODY = Body(None, None, None, None)


def parse_name(raw: str, reg: Registry | None = None, *, strict: bool = True) -> Parsed | None:
    """Take a body's name apart; None when it does not read like one (with ``strict``, it must end like a body's
    name: a place, 人民政府, 党组, 局…)."""
    reg = reg or registry()
    s = _SPACE.sub("", raw)
    party = s.startswith("中共")
    if party:
        s = s[2:]
    if s.startswith("关于"):
        s = s[2:]
    if not s or s.startswith(_EVERY):  # "各乡镇", "各县区": the places below the body, not a body
        return None
    places: list[str] = []
    pos = 0
    while pos < len(s):
        name = reg.match_at(s, pos)
        if name is None:
            break
        places.append(name)
        pos += len(name)
    anonymous = None
    if not places:
        m = _ANONYMOUS.match(s)
        if m and not s.startswith("市场", m.start("kind")):
            anonymous, pos = m.group("kind"), m.end()
        elif _SELF.match(s):
            return None
    rest = s[pos:]
    if places and (rest[:1] in ("镇", "乡") or rest.startswith(("街道", "苏木"))):
        # 东区街道: a township whose name reads as a county's (the registry's 东区).
        pos -= len(places.pop())
        rest = s[pos:]
    form, unit = _form(rest, bool(places) or anonymous is not None)
    if form == "unknown":
        if places or anonymous:
            return None if strict else Parsed(raw, (), None, "unknown", "", party)
        if strict and not (_PLACE_END.search(s) or _DEPT_END.search(_PARTY_GROUP.sub("", s))):
            return None
    return Parsed(raw, tuple(places), anonymous, form, unit, party)


@lru_cache(maxsize=1024)
def _parsed(raw: str, reg: Registry, strict: bool) -> Parsed | None:
    return parse_name(raw, reg, strict=strict)


def settles(mention: Mention) -> bool:
    """Return True when ``mention`` names the body so fully that no other mention can change the answer: a
    named place's 人民政府, a department, a township (a bare place may still be its 省委、省政府 together)."""
    p = _parsed(mention.raw, registry(), mention.strict)
    return p is not None and p.named and not (p.form == "government" and not p.unit)


def _form(rest: str, has_place: bool) -> tuple[str, str]:
    if rest in _GOV_REST:
        return ("government", rest) if has_place else ("unknown", "")
    if _JOINT_REST.match(rest):
        return "joint", ""
    m = _TOWNSHIP_JOINT.match(rest) or _TOWNSHIP.match(rest)
    if m:
        name, suffix = m.group("name"), m.groupdict().get("suffix") or ""
        if suffix in ("", "政府", "党委", "党工委", "委员会"):
            suffix = "办事处" if name.endswith("街道") else "人民政府"
        elif suffix == "街道办事处":
            name, suffix = name.removesuffix("街道"), "街道办事处"
        return "township", name + suffix
    dept = _PARTY_GROUP.sub("", rest)
    if dept and (_DEPT_END.search(dept) or _DEPT_SHORT.match(dept)):
        return "department", dept
    return "unknown", ""


class Context:
    """The opening of a report as segments ``(offset, text)``, and the places named in it.

    ``segments`` may be a function returning them: most reports name their body in full, and their opening is
    never read for places.
    """

    def __init__(
        self,
        segments: list[tuple[int, str]] | Callable[[], list[tuple[int, str]]],
        reg: Registry | None = None,
        head: list[tuple[int, str]] | Callable[[], list[tuple[int, str]]] = (),
    ):
        self._segments = segments
        self._head = head
        self.reg = reg or registry()

    @cached_property
    def segments(self) -> list[tuple[int, str]]:
        return self._segments() if callable(self._segments) else self._segments

    @cached_property
    def head(self) -> list[tuple[int, str]]:
        """The page's furniture above the report (its breadcrumb, the site's name): read only for a township's
        county, as a township's report is often published on its county's site."""
        return list(self._head() if callable(self._head) else self._head)

    @cached_property
    def full(self) -> list[tuple[int, int, str]]:
        """Full names of regions (three characters or more: 城区, 郊区 are words too).

        Every name ends in its kind (县, 区, 市…): the scan looks only where one of those stands.
        """
        return [
            (offset + s, offset + e, name)
            for offset, seg in self.segments
            for s, e, name in _names_in(self, seg)
        ]

    @cached_property
    def short(self) -> list[tuple[int, int, str]]:
        """Short names (静海, 湖北) in a set phrase, of a region that no other region shares them with."""
        reg = self.reg
        found: dict[int, tuple[int, int, str]] = {}
        for offset, seg in self.segments:
            for m in _SHORT_BEFORE.finditer(seg):
                name = reg.short_at(seg, m.end())
                if name and self._lone_short(name, seg, m.end()):
                    found.setdefault(offset + m.end(), (offset + m.end(), offset + m.end() + len(name), name))
            for m in _SHORT_AFTER.finditer(seg):
                name = reg.short_ending(seg, m.start())
                if name and self._lone_short(name, seg, m.start() - len(name)):
                    start = offset + m.start() - len(name)
                    found.setdefault(start, (start, offset + m.start(), name))
        return [found[k] for k in sorted(found)]

    def _lone_short(self, name: str, seg: str, pos: int) -> bool:
        reg = self.reg
        return len(reg.by_short[name]) == 1 and name not in reg.by_name and not reg.match_at(seg, pos)

    def names(self) -> set[str]:
        return {name for _s, _e, name in self.full}


def find_place(kind: str, ctx: Context, *, short: bool = True) -> tuple[Region, tuple[int, int]] | None:
    """Return the one region of ``kind`` the opening names (the most often, if clearly), with where: by its full
    name, else (with ``short``) by its short name in a set phrase."""
    test = _KIND_TEST.get(kind)
    if test is None:  # a township: the registry has none
        return None
    for use_short in (False, True) if short else (False,):
        mentions, table = (ctx.short, ctx.reg.by_short) if use_short else (ctx.full, ctx.reg.by_name)
        counts: Counter[str] = Counter()
        first: dict[str, tuple[int, int]] = {}
        regions: dict[str, Region] = {}
        for start, end, name in mentions:
            fits = [r for r in table[name] if test(r)]
            if len(fits) != 1:
                continue
            r = fits[0]
            counts[r.code] += 1
            first.setdefault(r.code, (start, end))
            regions[r.code] = r
        if not counts:
            continue
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            code = ranked[0][0]
            return regions[code], first[code]
        return None
    return None


# Where a county named near a township's report is the township's own: its Party committee or government leads
# ("在罗田县委、县政府的领导下", "罗田县人民政府网"), its plan is followed ("《罗田县2023年…》"), the township is in it
# ("位于罗田县", "来源：罗田县…"). A county named otherwise ("学习英山县的经验") is another place.
_COUNTY_OWN_AFTER = rx.compile(
    r"委|党委|人民政府|政府|人大|政协|纪委|司法局|全面依法|依法治|法治政府|[0-9]{4}年"
)
_COUNTY_OWN_BEFORE = rx.compile(r"(?:《|位于|地处|隶属于?|来源[:：]\s*|[>＞»]\s*|当前位置[:：]\s*)$")


def find_township_county(ctx: Context, township: str) -> tuple[Region, tuple[int, int]] | None:
    """Return the county a township's report names as its own (see ``_COUNTY_OWN_*``), in the opening, else in
    the page's furniture above it; None when none is named so, or when two are."""
    own = township.removesuffix("人民政府").removesuffix("街道办事处").removesuffix("办事处")
    for segments in (ctx.segments, ctx.head):
        found: dict[str, tuple[Region, tuple[int, int]]] = {}
        for offset, seg in segments:
            for start, end, name in _names_in(ctx, seg):
                after, before = seg[end : end + 6], seg[max(0, start - 8) : start]
                if not (
                    _COUNTY_OWN_AFTER.match(after)
                    or _COUNTY_OWN_BEFORE.search(before)
                    or (own and after.startswith(own[:2]))
                ):
                    continue
                fits = [r for r in ctx.reg.by_name[name] if r.level == COUNTY]
                if len(fits) > 1:
                    named = ctx.names()
                    fits = [r for r in fits if any(a.name in named for a in ctx.reg.ancestors(r))]
                if len(fits) == 1:
                    found.setdefault(fits[0].code, (fits[0], (offset + start, offset + end)))
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
    return None


def find_township(ctx: Context, township: str) -> tuple[Region, Region] | None:
    """Return a township named without its county, and its county (a county-less city for 东莞市's), from the
    country's township list: the one township of that name, else the one of them whose county, city or province
    the opening or the page's furniture names the nearest, alone at that level; None when the list has no
    township of that name, or several stay.

    Full names count first, then short names: a city's or a province's (四川, 三门峡) anywhere, a county's only in
    a set phrase ("法治XX", "XX发展"): many are words too (资源县, 公安县, 光明区)."""
    own = township.removesuffix("人民政府").removesuffix("政府").removesuffix("办事处")
    candidates = _township_candidates(ctx.reg, townships(), own)
    if len(candidates) <= 1:
        return candidates[0][0] if candidates else None
    # The township's own name is no clue to its county (城关镇 holds 城关).
    text = "\n".join(seg for _o, seg in (*ctx.segments, *ctx.head)).replace(own, "\n")
    # The namesakes share their provinces and cities: each name is looked for once. With many namesakes, the text's
    # characters are gathered first: a name holding one it lacks is not looked for (most are not there).
    present: dict[str, bool] = {}
    in_set_phrase: dict[str, bool] = {}
    chars = set(text) if len(candidates) > _MANY_NAMESAKES else None
    for short in (False, True):
        hits: dict[int, list[tuple[Region, Region]]] = {}
        for pair, clues in candidates:
            for rank, full, brief in clues:
                name = brief if short else full
                if not name:
                    continue
                found = present.get(name)
                if found is None:
                    found = present[name] = (chars is None or name[0] in chars and name[-1] in chars) and name in text
                if found and short and rank <= _LEVEL_RANK[COUNTY]:
                    found = in_set_phrase.get(name)
                    if found is None:
                        found = in_set_phrase[name] = _in_set_phrase(text, name)
                if found:
                    hits.setdefault(rank, []).append(pair)
                    break
        if hits:
            nearest = hits[min(hits)]
            return nearest[0] if len(nearest) == 1 else None
    return None


#: From this many namesakes on, a township's are placed with the text's characters gathered first (see find_township).
_MANY_NAMESAKES = 8


@lru_cache(maxsize=1024)
def _township_candidates(
    reg: Registry, listed: Townships, own: str
) -> tuple[tuple[tuple[Region, Region], tuple[tuple[int, str, str], ...]], ...]:
    """The townships of ``listed`` named ``own`` with their counties, each with the names that place it
    (``_clue_names``)."""
    return tuple(
        ((t, reg.by_code[t.parent_code]), _clue_names(reg, t.parent_code))
        for t in listed.named(own)
        if t.parent_code in reg.by_code
    )


def _in_set_phrase(text: str, name: str) -> bool:
    """Return True when a place's short name stands in ``text`` in a set phrase that names the place."""
    if _SHORT_BEFORE.fullmatch(name) or _SHORT_AFTER.fullmatch(name):  # 平安区's 平安 is the word in 平安建设
        return False
    i = text.find(name)
    while i >= 0:
        if _SHORT_AFTER.match(text, i + len(name)) or _SHORT_BEFORE_END.search(text, max(0, i - 2), i):
            return True
        i = text.find(name, i + 1)
    return False


@lru_cache(maxsize=4096)
def _clue_names(reg: Registry, code: str) -> tuple[tuple[int, str, str], ...]:
    """The names that place a township in the county (or county-less city) ``code``: its own and those above it,
    nearest first, as ``(rank, full name, short name)``; a full name of two characters (城区) or a short name that
    is the full name or one character long counts for nothing (empty)."""
    out = []
    for region in (reg.by_code[code], *reg.ancestors(reg.by_code[code])):
        if region.name in PLACEHOLDERS:
            continue
        short = place_short_form(region.name)
        out.append((
            _LEVEL_RANK[region.level],
            region.name if len(region.name) >= 3 else "",
            short if len(short) >= 2 and short != region.name else "",
        ))
    return tuple(out)


def place_township(body: Body, ctx: Context) -> Body:
    """Return a township body without its county (see ``resolve``) placed by the country's township list, else
    ``body`` as it is. The region code stays the county's (the field holds GB/T 2260 codes, which stop there)."""
    if body.level != TOWNSHIP or body.region_code or not body.government:
        return body
    found = find_township(ctx, body.government)
    if found is None:
        return body
    _township, county = found
    return Body(ctx.reg.full_name(county) + body.government, TOWNSHIP, county.code, body.span)


def _names_in(ctx: Context, seg: str) -> list[tuple[int, int, str]]:
    """Full names of regions in ``seg`` (three characters or more), as ``(start, end, name)`` in ``seg``."""
    reg = ctx.reg
    out = []
    if reg.last_chars is None:
        return out
    taken = 0
    for m in reg.last_chars.finditer(seg):
        name = reg.match_ending(seg, m.end(), taken, shortest=3)
        if name:
            out.append((m.end() - len(name), m.end(), name))
            taken = m.end()
    return out


def resolve_places(places: tuple[str, ...], ctx: Context) -> tuple[Region | None, list[Region]]:
    """Return the region a chain of names (天津市静海区) stands for, and the candidates when it is ambiguous."""
    reg = ctx.reg
    candidates = [
        r
        for r in reg.by_name.get(places[-1], [])
        if all(any(reg.is_within(r, up) for up in reg.by_name.get(name, [])) for name in places[:-1])
    ]
    if len(candidates) <= 1:
        return (candidates[0] if candidates else None), candidates
    # Two regions of that name (朝阳区): the one whose parent the opening names.
    named = ctx.names()
    with_parent = [r for r in candidates if any(a.name in named for a in reg.ancestors(r))]
    if len(with_parent) == 1:
        return with_parent[0], candidates
    return None, candidates


def _fits(anonymous: str, region: Region) -> bool:
    test = _KIND_TEST.get(anonymous)
    return test is not None and test(region)


def resolve(mentions: list[Mention], ctx: Context, level_of_unresolved=None) -> Body:
    """Return the reporting body the mentions name (best first), resolved as far as the regions allow.

    ``level_of_unresolved(name)`` gives the level of a name the regions do not hold (示范县, XX市司法局).
    """
    reg = ctx.reg
    parsed = []
    for m in mentions:
        p = _parsed(m.raw, reg, m.strict)
        if p is not None and (p.form != "unknown" or p.named):
            parsed.append((m, p))
    if not parsed:
        return NO_BODY
    named = [(m, p) for m, p in parsed if p.named]
    mention, primary = named[0] if named else parsed[0]
    span: tuple[int, int] | None = (mention.start, mention.end)

    region: Region | None = None
    ambiguous: list[Region] = []
    if primary.places:
        region, ambiguous = resolve_places(primary.places, ctx)
    elif primary.anonymous:
        # No mention names the place ("我市", "区政府"): the place of that kind the opening names.
        found = find_place(primary.anonymous, ctx)
        if found:
            region, span = found
    elif primary.form == "township" and _BARE_TOWNSHIP.match(primary.unit):
        # A township without its county: the one county the opening names, if it names one.
        found = find_township_county(ctx, primary.unit)
        if found:
            region = found[0]

    # A bare place (the title's "XX省") whose opening says "省委、省政府…" reports for both; one that names its
    # 人民政府 reports for the government.
    joint = primary.form == "joint" or (
        primary.form == "government"
        and not primary.unit
        and region is not None
        and any(
            p.form == "joint"
            and (
                (p.anonymous and _fits(p.anonymous, region))
                or (p.places and resolve_places(p.places, ctx)[0] == region)
            )
            for _m, p in parsed
        )
    )

    if region is None:
        if primary.anonymous:
            level = _anonymous_level(primary, level_of_unresolved)
            return Body(None, level, None, None)
        if ambiguous and primary.form in ("government", "joint"):
            levels = {r.level for r in ambiguous}
            level = levels.pop() if len(levels) == 1 else None
            return Body(_SPACE.sub(" ", primary.raw).strip(), level, None, span)
        if primary.form == "township" and not primary.places:
            return Body(primary.unit, TOWNSHIP, None, span)
        raw = _SPACE.sub(" ", primary.raw).strip()
        level = level_of_unresolved(raw) if level_of_unresolved else None
        return Body(raw, level, None, span)

    place = reg.full_name(region)
    if primary.form == "department":
        # A department's party group (中共XX局党组) reports for the department; an organ of the Party committee
        # (中共XX县委全面依法治县委员会办公室) keeps its 中共.
        party = "中共" if primary.party and primary.unit.startswith("委") else ""
        return Body(party + place + primary.unit, DEPARTMENT, region.code, span)
    if primary.form == "township":
        return Body(place + primary.unit, TOWNSHIP, region.code, span)
    government = place if joint else place + ("行政公署" if primary.unit == "行政公署" else "人民政府")
    return Body(government, region.level, region.code, span)


def _anonymous_level(p: Parsed, level_of_unresolved) -> str | None:
    if p.form == "department":
        return DEPARTMENT
    if p.anonymous == "市":
        return level_of_unresolved("示范市") if level_of_unresolved else CITY
    return _KIND_LEVEL.get(p.anonymous or "")
