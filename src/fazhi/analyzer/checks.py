"""Compliance checks of a report against 厅字〔2019〕28号 (法治政府建设与责任落实督察工作规定, 第二十五条)."""

from __future__ import annotations

import datetime as dt

from fazhi.analyzer import rx
from fazhi.analyzer.structure import FIRST_RESPONSIBLE, MEASURES, NEXT_YEAR, SHORTCOMINGS, Section

# 督察工作规定 第二十五条: the mandated contents of the annual report.
MANDATED = (
    (MEASURES, "上一年度推进法治政府建设的主要举措和成效", "measures and results of the year"),
    (SHORTCOMINGS, "存在的不足和原因", "shortcomings and their causes"),
    (FIRST_RESPONSIBLE, "党政主要负责人履行推进法治建设第一责任人职责情况", "first-responsible duties"),
    (NEXT_YEAR, "下一年度推进法治政府建设的主要安排", "next year's plan"),
)
_BOILERPLATE = rx.compile(
    r"还有(一定|一些)?差距|不够平衡|有待(进一步)?(加强|提高|提升)|仍需(进一步)?(加强|提升)"
)
_SPACE = rx.compile(r"\s")
# An item counts when something follows it: "一是……" is a drafting prompt, not a shortcoming.
_ITEMS = rx.compile(r"(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十][)）])[^；。…\n]{6,}")
#: Drafting prompts and placeholders left in a text (fazhi's 【待完善】, 一是……, XX, 待补充, 请写明…).
#: Each alternative starts with a literal character, so that the regex engine skips ahead by them over a whole text.
PLACEHOLDER = rx.compile(r"【待完善】|……+|\.\.\.\.+|XX|××|某某|待补充|请(?:逐条)?(?:写明|补充|填写)")
_YEAR_IN_TITLE = rx.compile(r"(19|20)\d\d|[〇○零一二][〇○零一二三四五六七八九]{3}")


def _check(code: str, passed: bool | None, reason: str) -> dict:
    return {"code": code, "passed": passed, "reason": reason}


#: The reason given for a mandated content a partial copy does not show (never "absent": it may be in the rest).
NOT_SEEN = "not seen in this partial copy / 节选文本中未见"


def run_checks(
    text: str, sections: list[Section], metadata: dict, indicator_count: int, *, partial: bool = False
) -> list[dict]:
    """Return one check per requirement, each with ``passed`` (None when it cannot be judged) and a reason.

    In a ``partial`` copy (``completeness.judge``) a mandated content not found is not judged (``passed`` None,
    "not seen"), and neither are the mandated contents as a whole when any is not seen.
    """
    present = {s.category for s in sections}
    checks = []
    missing = [zh for code, zh, _ in MANDATED if code not in present]
    if not missing:
        checks.append(_check("mandated_contents", True, "all mandated contents present / 法定内容齐全"))
    elif partial:
        unseen_en = "; ".join(en for code, _, en in MANDATED if code not in present)
        checks.append(
            _check(
                "mandated_contents",
                None,
                f"not seen in this partial copy: {unseen_en} / 节选文本中未见：" + "；".join(missing),
            )
        )
    else:
        checks.append(_check("mandated_contents", False, "missing / 缺少: " + "；".join(missing)))
    for code, zh, en in MANDATED:
        if code in present:
            checks.append(_check(f"has_{code}", True, f"{en} found / {zh}"))
        elif partial:
            checks.append(
                _check(f"has_{code}", None, f"{en} not seen in this partial copy / {zh}：节选文本中未见")
            )
        else:
            checks.append(_check(f"has_{code}", False, f"{en} not found / {zh}：未见"))
    short = [s for s in sections if s.category == SHORTCOMINGS and s.kind != "runin"]
    if short:
        body = PLACEHOLDER.sub("", "".join(text[s.start : s.end] for s in short))
        concrete = (
            len(_SPACE.sub("", body)) >= 120
            or len(_ITEMS.findall(body)) >= 2
        )
        boiler_only = not concrete and bool(_BOILERPLATE.search(body))
        checks.append(
            _check(
                "shortcomings_concrete",
                concrete and not boiler_only,
                "shortcomings are named one by one / 问题具体"
                if concrete
                else "shortcomings are boilerplate only / 问题表述笼统",
            )
        )
    else:
        checks.append(
            _check(
                "shortcomings_concrete",
                None,
                "shortcomings part not seen in this partial copy / 节选文本中未见问题部分"
                if partial
                else "no shortcomings part to judge / 无问题部分",
            )
        )
    year = metadata.get("year")
    date = metadata.get("publication_date")
    if year and date:
        deadline = dt.date(year + 1, 4, 1)
        published = dt.date.fromisoformat(date)
        ok = published <= deadline
        checks.append(
            _check(
                "published_on_time",
                ok,
                f"published {date}, due by {deadline.isoformat()} / 应于{year + 1}年4月1日前公开",
            )
        )
    else:
        checks.append(_check("published_on_time", None, "no publication date printed / 未载明发布日期"))
    title = metadata.get("title") or ""
    names_year = bool(_YEAR_IN_TITLE.search(title))
    checks.append(
        _check(
            "title_names_year",
            names_year if title else None,
            "the title names the year / 标题载明年度"
            if names_year
            else "the title names no year / 标题未载明年度",
        )
    )
    left = PLACEHOLDER.search(text)
    checks.append(
        _check(
            "no_placeholder", not left,
            "no drafting text left / 无待完善内容" if not left else f"drafting text left in / 留有待完善内容：{left.group(0)}",
        )
    )
    checks.append(
        _check(
            "has_figures", indicator_count > 0, f"{indicator_count} figures stated / 数据{indicator_count}项"
        )
    )
    return checks
