"""A bounded crawler over the workbench as one person sees it, for the link checker and its kin.

It starts from the home page (or the portal for the public), follows every same-site ``<a href>`` a page
shows, and records what each link answered. It visits at most ``per_name`` addresses of each URL name
(``decisions:detail`` with three different ids, not three hundred) and ``limit`` pages in all, so a demo
county is covered in seconds.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

#: Addresses a crawl never follows: they change state, leave the workbench, or are Django's own admin.
SKIP = re.compile(r"^/(admin/|i18n/|logout/|static/|media/)")
LOGIN = re.compile(r"^(https?://testserver)?/(login|accounts/login|admin/login)/")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """Collect links and the visible text of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.lang = ""
        self._hidden = 0
        self._foreign: list[str] = []
        self.ids: list[str] = []
        self.references: set[str] = set()  # ids named by aria-describedby, aria-labelledby and <label for>  # open elements marked with another language (lang="en")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            self.references.update((attrs.get(name) or "").split())
        if tag == "label" and attrs.get("for"):
            self.references.add(attrs["for"])
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        if tag in {"script", "style", "template", "code", "pre", "textarea"}:
            self._hidden += 1
        if tag != "html" and (attrs.get("lang") or "").startswith("en") and tag not in VOID:
            self._foreign.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._foreign and self._foreign[-1] == tag:
            self._foreign.pop()
        if tag in {"script", "style", "template", "code", "pre", "textarea"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and not self._foreign and data.strip():
            self.text.append(data.strip())


@dataclass
class Visit:
    url: str
    status: int
    referrer: str
    content_type: str = ""
    location: str = ""
    lang: str = ""
    text: str = ""
    duplicate_ids: tuple = ()
    dangling: tuple = ()


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.visits)

    def broken(self) -> list[Visit]:
        """Links a page showed that answered an error or sent the person to log in."""
        return [v for v in self.visits if v.status >= 400 or (v.status in (301, 302) and LOGIN.match(v.location))]


def url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client: Client, start: str = "/", *, limit: int = 250, per_name: int = 3) -> Crawl:
    """Visit what ``client``'s person can reach from ``start`` by following links."""
    result = Crawl()
    seen = {start}
    per = Counter()
    queue = deque([(start, "")])
    while queue and result.pages < limit:
        url, referrer = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        ctype = response.get("Content-Type", "")
        visit = Visit(url, response.status_code, referrer, ctype, response.get("Location", ""))
        result.visits.append(visit)
        if response.status_code in (301, 302) and not LOGIN.match(visit.location):
            target = urlsplit(urljoin(url, visit.location))
            path = target.path + (f"?{target.query}" if target.query else "")
            if path not in seen and not SKIP.match(target.path):
                seen.add(path)
                queue.appendleft((path, url))
            continue
        if response.status_code != 200 or "text/html" not in ctype or response.streaming:
            continue
        parser = _Page()
        parser.feed(response.content.decode("utf-8", "replace"))
        visit.lang, visit.text = parser.lang, "\n".join(parser.text)
        visit.dangling = tuple(sorted(parser.references - set(parser.ids)))
        visit.duplicate_ids = tuple(sorted({i for i in parser.ids if parser.ids.count(i) > 1}))
        for href in parser.links:
            target, _fragment = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path or path in seen or SKIP.match(parts.path):
                continue
            seen.add(path)
            name = url_name(path) or path
            # Query strings that only filter or page a list count with the list, once more each.
            key = (name, bool(parts.query))
            if per[key] >= per_name:
                continue
            per[key] += 1
            queue.append((path, url))
    return result
