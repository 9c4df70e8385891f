"""Recognise the lines a government web page wraps around a report: navigation, font-size switches, share
and QR-code prompts, page counters, footers and mirror-site watermarks."""

from __future__ import annotations

import re
from functools import lru_cache

from fazhi.analyzer import rx

_CLUTTER_PATTERNS = [
    r"字号\s*[:：]?\s*(大\s*中\s*小)?",
    r"^【?\s*字体\s*[:：]?\s*(大\s*中\s*小)?\s*】?$",
    r"^[【\[]?\s*大\s+中\s+小\s*[】\]]?$",
    r"扫(一扫|码|描二维码)",
    r"二维码",
    r"分享到|一键分享|微信分享|朋友圈|新浪微博|QQ空间",
    r"^(【\s*)?(打印|关闭|收藏|返回顶部|打印本页|关闭本页|关闭窗口|保存本页|我要纠错|纠错)(\s*】)?"
    r"([\s|｜/·]*(【\s*)?(打印|关闭|收藏|返回顶部|打印本页|关闭本页|关闭窗口|保存本页|我要纠错|纠错|分享)(\s*】)?)*$",
    r"^(当前位置|您现在的位置|您的位置|所在位置|位置)\s*[:：]",
    r"(首页|主页)\s*(>|>>|＞|›|»|/)",
    r"^(上一篇|下一篇|相关链接|相关文章|相关新闻|相关阅读|延伸阅读|责任编辑|编辑|审核|校对|初审|终审)\s*[:：]",
    r"版权所有|主办单位|承办单位|技术支持|网站标识码|ICP备|公网安备|网站地图|联系我们|Copyright|©",
    r"浏览次数|点击数|访问量|阅读次数|阅读量|浏览量",
    r"欢迎您|无障碍|适老化|长者模式|登录\s*\|\s*注册|网站支持IPv6|繁體|简体版",
    r"^(中国政府网|政府信息公开|政务公开|首页)(\s|$)",
    r"https?://|www\.[a-z0-9-]+\.",
    r"本(文|站|网)(来源|转载|镜像)|转载自|来源于网络|镜像站|备份站",
    # Mirror and aggregator sites' own lines: "原标题：…", "更多精彩内容请访问XX网", "如有侵权请联系删除".
    r"^原标题\s*[:：]",
    # Page numbers of a printed report between the lines of its text: "— 3 —", "-3-", "第3页 共8页", "3/8".
    r"^[-—–－]*\s*\d{1,3}\s*[-—–－]*$",
    r"^第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$",
    r"^\d{1,3}\s*/\s*\d{1,3}$",
    r"更多(精彩)?(内容|资讯|信息|资料)?请(访问|关注|登录)|请访问|如有侵权|侵权(请)?联系|转载请注明",
]
_CLUTTER = rx.compile("|".join(f"(?:{p})" for p in _CLUTTER_PATTERNS), re.IGNORECASE)
# The same patterns, split for speed: those anchored at the line's start are tried there only; the others
# open with a class of their first characters, so that the engine skips to where one of them may begin.
_CLUTTER_FIRST_CHARS = "字扫二分一微朋新Q首主版承技网I公联C©浏点访阅欢无适长登繁简hw本转来镜备更请如侵"
_CLUTTER_AT_START = rx.compile(
    "|".join(f"(?:{p[1:]})" for p in _CLUTTER_PATTERNS if p.startswith("^")), re.IGNORECASE
)
_CLUTTER_ANYWHERE = rx.compile(
    f"[{_CLUTTER_FIRST_CHARS}](?<=(?="
    + "|".join(f"(?:{p})" for p in _CLUTTER_PATTERNS if not p.startswith("^"))
    + ").)",
    re.IGNORECASE,
)
_METADATA_AT_START = rx.compile(r"(发布|发文|印发|成文)?(时间|日期)\s*[:：]")
_METADATA_ANYWHERE = rx.compile(
    r"来源\s*[:：]|信息来源|作者\s*[:：]|记者\s*[:：]|索引号|发文字号|文号\s*[:：]|主题分类|发布机构|公开方式|有效性"
)


#: A mirror site's name and address glued before a title: "XX之家—全网资源每日更新www.example.com".
TITLE_LEAD = rx.compile(
    r"^(?:.{0,80}?(?:(?:https?://|www\.)[\x21-\x7e]+|全网资源每日更新|资源每日更新|每日更新)[\s—\-–_|｜:：]*)+",
    re.IGNORECASE,
)
# A site's name or buttons after a title: "…的报告-XX娱乐网", "…情况报告_XX文库", "…报告 | XX网", "…报告【打印】".
_TITLE_TAIL = rx.compile(r"(?<=报告|总结|汇报)\s*(?:[-_|—–－｜]+.*|(?:【[^】]{1,8}】\s*)+)$")


# A mirror site's watermark glued into a line, even into the middle of a heading:
# "XX之家—全网资源每日更新www.example.com". Its name, the slogan and the address are all optional but the address.
WATERMARK = rx.compile(
    r"(?:[\u4e00-\u9fff]{0,2}(?:之家|网|站|文库|库|吧|园|屋)[—\-–_|｜]*)?(?:全网资源每日更新|资源每日更新|每日更新)?\s*"
    r"(?:https?://)?www\.(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,6}(?:/[\x21-\x7e]*)?",  # the domain ends in letters: "com3年"
    re.IGNORECASE,
)


# What a site calls itself: "XX新闻网", "XX政府门户网站", "XX客户端", "XX发布" (a body's news account).
_SITE_WORDS = r"(?:网站|网|门户|客户端|平台|频道|在线|文库|之家|官网|发布|论坛|公众号|资讯|新闻|站)"
_TITLE_NAME = r"[\u4e00-\u9fffA-Za-z0-9·（）()]"
_TITLE_SEP = r"[-_|｜—–－·•/]+"
# A repost's tag before a title: "【转载】", "[原创]", "原标题：", "转自：".
_TITLE_TAG = rx.compile(
    r"^\s*(?:(?:[【\[]\s*(?:转载|转发|转|原创|推荐|置顶|荐|头条|要闻|图文)\s*[】\]]|(?:原标题|转载|转自|来源)\s*[:：])\s*)+"
)
# A site's name and a separator before a title: "XX新闻网 - …", "XX发布｜…". A government's name before a
# dash is the issuer's and stays ("XX县人民政府—关于…的报告").
_TITLE_SITE_LEAD = rx.compile(rf"^\s*{_TITLE_NAME}{{1,20}}?{_SITE_WORDS}\s*(?:{_TITLE_SEP}|[:：>»])\s*")
# A separator and a site's name after a title: "…_XX网", "… - 某某政府网", "…|XX新闻网", "…-XX县人民政府".
_TITLE_SITE_TAIL = rx.compile(rf"\s*{_TITLE_SEP}\s*{_TITLE_NAME}{{1,30}}?(?:{_SITE_WORDS}|政府|政务网)\s*$")
# The page's byline glued after a title: "… 来源：XX 发布时间：…", "浏览次数", "字号：大 中 小", "打印本页".
_TITLE_BYLINE = rx.compile(
    r"[\s|｜/【\[（(]*(?:来源\s*[:：]|信息来源|(?:发布|更新|发文|印发)(?:时间|日期)|浏览次数|点击(?:数|量|次数)|"
    r"阅读(?:数|量|次数)|字号|字体\s*[:：]|【\s*大\s*中\s*小|大\s+中\s+小|打印本页|关闭窗口|分享到|作者\s*[:：]|责任编辑)"
)
_TITLE_MARK_TAIL = rx.compile(r"\s*[（(【\[]\s*(?:转载|转|原创)\s*[)）】\]]\s*$")
# The page's date left after a title once its byline is cut: "… 2024-03-01 10:20".
_TITLE_DATE_TAIL = rx.compile(
    r"\s+\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*$"
)
_TITLE_SHORTEST = 8  # what is left of a title after a cut must still be a title


def clean_title(title: str) -> str:
    """Return a title without the mirror-site clutter glued before or after it.

    Cut by kind, never by name: a web address and slogan before it (:data:`TITLE_LEAD`), a repost's tag
    (【转载】, 原标题：), a site's name with a separator before or after it (XX新闻网 - …, …_XX网, …|XX政府网), the
    page's byline (来源：…, 发布时间…, 浏览次数, 字号：大 中 小, 打印本页, a date) and buttons (【打印】). A title without
    such clutter ("XX县人民政府关于2023年法治政府建设情况的报告") comes back whole.
    """
    lead = TITLE_LEAD.match(title)
    if lead and lead.end() < len(title):
        title = title[lead.end() :]
    for pattern in (_TITLE_TAG, _TITLE_SITE_LEAD):
        m = pattern.match(title)
        if m and len(title) - m.end() >= _TITLE_SHORTEST:
            title = title[m.end() :]
    m = _TITLE_BYLINE.search(title, _TITLE_SHORTEST)
    if m:
        title = title[: m.start()]
    title = _TITLE_TAIL.sub("", title)
    for _ in range(3):  # "…_XX网_XX门户"
        m = _TITLE_SITE_TAIL.search(title) or _TITLE_MARK_TAIL.search(title) or _TITLE_DATE_TAIL.search(title)
        if m is None or m.start() < _TITLE_SHORTEST:
            break
        title = title[: m.start()]
    return title.strip()


def is_clutter_line(line: str) -> bool:
    """Return True for a line that is page furniture, not report text.

    A line that reads like prose (long, ending a sentence) is never clutter even if it mentions 首页 or
    a web address, because a report may cite a portal.
    """
    s = line.strip().lstrip("•·●◆■□▪-*|").strip()
    if not s:
        return True
    if len(s) > 60 and ("。" in s or "；" in s):
        return False
    return _is_clutter(s)


@lru_cache(maxsize=2048)  # the same furniture recurs on every page of a site
def _is_clutter(s: str) -> bool:
    # The anchored patterns also read through an opening bracket: "（责任编辑：张三）", "【关闭】".
    if _CLUTTER_AT_START.match(s) or _CLUTTER_ANYWHERE.search(s):  # as _CLUTTER.search(s), faster
        return True
    if s[0] in "（(【[" and _CLUTTER_AT_START.match(s, 1):
        return True
    return len(s) < 120 and is_metadata_line(s)


def is_metadata_line(line: str) -> bool:
    """Return True for the page's byline: 发布时间, 来源, 点击数, 索引号…"""
    s = line.strip()
    return (
        bool(_METADATA_AT_START.match(s) or _METADATA_ANYWHERE.search(s)) and "。" not in s and "；" not in s
    )
