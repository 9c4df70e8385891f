"""The scope suite's machinery: canaries in every record, a crawl as the owner, and the leak judge.

Every record that belongs to an agency (a model with ``scope_field``, or one reached from such a model
through a foreign key, or a person's own notification) gets a canary, ``zq<model>x<pk>q``, written in
front of its title, name, text or note. The suite crawls the site as the records' owners (the 市场监管局
clerk and the county office) to find one URL for every URL pattern, then asks every URL as the outsider
(neighbouring county), the other department's clerk and anonymous. A leak is a 200 whose body (HTML,
JSON, CSV, or the XML inside an .xlsx/.docx, or the text of a PDF) shows the canary of a record the
identity may not see and that anonymous does not also get from the same URL, or a URL naming such a record
by its id that answers the identity 200 when it does not answer anonymous so.

Nothing here knows a ledger by name, apart from the few kwargs in ``OBJECT_KWARGS`` whose model cannot be
read from the URL: a new ledger with list, detail, export and action pages linked from the workbench is
covered without tests of its own.
"""

from __future__ import annotations

import heapq
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Concat, Substr
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

CANARY_RE = re.compile(rb"zq(\d{2})x(\d+)q")
#: Fields that carry a record's canary, in order of preference (the first one the model has).
LABEL_FIELDS = ("title", "name", "text", "note", "body", "source_name", "addressee_name", "addressee",
                "original_name", "reason", "opinion", "findings", "description", "skip_reason")
#: Models that are the organisation itself, not its records (their names are public knowledge).
NOT_RECORDS = {"org.Agency", "org.Region", "org.User", "org.Membership", "org.ApiToken", "metrics.Metric"}


# Owners ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """Who a record belongs to: an agency (by id and region path) or one person (a notification)."""

    agency_id: int | None = None
    region_path: str = ""
    user_id: int | None = None


def owner_path(model) -> str | None:
    """The path from ``model`` to its owning agency ("agency", "submission__agency"), or None."""
    path = getattr(model, "scope_field", None)
    if path is not None:
        return path
    for f in model._meta.get_fields():
        if isinstance(f, models.ForeignKey) and not f.null and f.related_model is not model:
            parent = getattr(f.related_model, "scope_field", None)
            if parent is not None and f.related_model._meta.label not in NOT_RECORDS:
                return f"{f.name}__{parent}" if parent else f.name
    return None


def _follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


#: Owners already worked out, by model and id: a record's owner does not change while the suite asks.
_owners: dict[tuple[str, object], Owner | None] = {}


def forget_owners() -> None:
    """Start a run afresh (a test's records are rolled back after it; their ids come again)."""
    _owners.clear()


def owner_of(obj) -> Owner | None:
    """The owner of a model instance; None for what belongs to nobody in particular (metrics, regions)."""
    key = (obj._meta.label, obj.pk)
    if key not in _owners:
        _owners[key] = _owner_of(obj)
    return _owners[key]


def _owner_of(obj) -> Owner | None:
    from fazhi.audit.models import Attachment
    from fazhi.org.models import Agency

    if isinstance(obj, Attachment):
        target = obj.target_type.model_class()._base_manager.filter(pk=obj.target_id).first()
        return owner_of(target) if target is not None else None
    if isinstance(obj, Agency):
        return Owner(obj.pk, obj.region.path)
    label = obj._meta.label
    if label in NOT_RECORDS:
        return None
    path = owner_path(type(obj))
    if path:
        agency = _follow(obj, path)
        return Owner(agency.pk, agency.region.path) if agency is not None else None
    user_id = getattr(obj, "user_id", None)
    return Owner(user_id=user_id) if user_id is not None else None


# Identities -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Someone who must not see the owner's records: ``secret(owner)`` says which."""

    name: str
    username: str | None  # None: anonymous
    secret_agency_id: int | None = None  # the other department: this agency's records are secret
    user_id: int | None = None
    county_path: str | None = None  # the outsider: everything of this region subtree is secret

    def secret(self, owner: Owner | None) -> bool:
        if owner is None:
            return False
        if owner.user_id is not None:
            return owner.user_id != self.user_id
        if self.username is None:
            return True
        if self.county_path is not None:
            return owner.region_path.startswith(self.county_path)
        return owner.agency_id == self.secret_agency_id


# Canaries -------------------------------------------------------------------------------------------------


def _label_field(model):
    for name in LABEL_FIELDS:
        try:
            f = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist
            continue
        if isinstance(f, models.CharField | models.TextField) and not f.choices and not f.primary_key:
            return f
    return None


def canary(index: int, pk) -> str:
    return f"zq{index:02d}x{pk}q"


@dataclass
class Canaries:
    """The models that carry canaries, by index, and how to find a canary's owner."""

    models: list = field(default_factory=list)

    def owner(self, index: int, pk: int) -> Owner | None:
        obj = self.models[index]._base_manager.filter(pk=pk).first()
        return owner_of(obj) if obj is not None else None

    def record(self, index: int, pk: int):
        return self.models[index]._base_manager.filter(pk=pk).first()


def record_models() -> list:
    """Every model whose instances belong to an agency or a person and have a text field to carry a canary."""
    chosen = []
    for model in apps.get_models():
        label = model._meta.label
        if not label.startswith(("fazhi.", *[f"{a.label}." for a in apps.get_app_configs()
                                             if a.name.startswith("fazhi.")])):
            continue
        if label in NOT_RECORDS or _label_field(model) is None:
            continue
        if owner_path(model) or label in ("core.Notification", "audit.Attachment"):
            chosen.append(model)
    return sorted(chosen, key=lambda m: m._meta.label)


def plant_canaries() -> Canaries:
    """Write a canary in front of the label field of every record, in one UPDATE per model."""
    found = Canaries(record_models())
    for index, model in enumerate(found.models):
        f = _label_field(model)
        value = Concat(
            models.Value(f"zq{index:02d}x"), Cast("pk", models.CharField()), models.Value("q "), f.name,
            output_field=models.TextField(),
        )
        if isinstance(f, models.CharField) and f.max_length:
            value = Substr(value, 1, f.max_length)
        model._base_manager.update(**{f.name: value})
    return found


def body_text(content: bytes, content_type: str) -> bytes:
    """What a person reads in a response: the XML inside Office files, the text of a PDF, else the bytes."""
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return b"\n".join(archive.read(n) for n in archive.namelist() if n.endswith((".xml", ".rels")))
        except zipfile.BadZipFile:
            return content
    if content[:5] == b"%PDF-":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages).encode()
    return content


def canaries_in(content: bytes, content_type: str = "") -> set[tuple[int, int]]:
    return {(int(m.group(1)), int(m.group(2))) for m in CANARY_RE.finditer(body_text(content, content_type))}


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# URL patterns ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    route: str  # "normative/<int:pk>/step/<slug:step>/"
    name: str
    namespace: str


def all_routes() -> list[Route]:
    """Every URL pattern of the site, as its full route string, name and namespace."""

    def walk(resolver, prefix, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                yield Route(prefix + str(p.pattern), p.name or "", namespace or "")

    return sorted(set(walk(get_resolver(), "", "")), key=lambda r: r.route)


def route_of(path: str) -> tuple[str, dict] | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route, match.kwargs


# The object a URL names -----------------------------------------------------------------------------------

#: kwargs whose model cannot be read from the URL's words: (route prefix, kwarg) → model label.
OBJECT_KWARGS = {
    ("normative/", "pk"): "normative.Document",
    ("normative/library/", "pk"): "normative.Document",
    ("api/v1/decisions/", "pk"): "decisions.Decision",
    ("decisions/", "pk"): "decisions.Decision",
    ("decisions/public/", "pk"): "decisions.Decision",
    ("consultation/", "pk"): "consultation.Consultation",
    ("consultation/open/", "pk"): "consultation.Consultation",
    ("reports/", "pk"): "reports.Report",
    ("portal/reports/", "pk"): "reports.Report",
    ("analyzer/reports/", "pk"): "analyzer.AnalyzedReport",
    ("penalties/", "pk"): "penalties.Case",
    ("penalties/public/", "pk"): "penalties.Case",
}


def _singular(word: str) -> str:
    word = word.replace("-", "").replace("_", "").lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _top(route: str) -> str:
    words = [w for w in route.split("<", 1)[0].split("/") if w]
    if route.startswith("api/"):
        words = words[2:]
    return words[0].replace("-", "") if words else ""


def _model_for_word(word: str, route: str):
    """The model a URL word names ("submissions" → Submission), preferring the app the route belongs to."""
    word = _singular(word)
    candidates = [m for m in apps.get_models()
                  if m._meta.app_config.name.startswith("fazhi.")
                  and (m._meta.model_name.endswith(word) or word.endswith(m._meta.model_name))]
    if not candidates:
        return None
    top = _top(route).rstrip("s")

    def in_app(m):
        label = m._meta.app_label.rstrip("s")
        return bool(top) and (top.startswith(label) or label.startswith(top))

    candidates.sort(key=lambda m: (not in_app(m), m._meta.model_name != word, m._meta.label))
    return candidates[0]


def object_model(route: str, kwarg: str):
    """The model whose instance ``kwarg`` of ``route`` names, or None when it names no record."""
    if kwarg == "attachment_id":
        return apps.get_model("audit", "Attachment")
    if kwarg.endswith("_id"):
        return _model_for_word(kwarg[:-3], route)
    if kwarg != "pk":
        return None
    before = route.split("<", 1)[0]
    if (before, kwarg) in OBJECT_KWARGS:
        return apps.get_model(OBJECT_KWARGS[(before, kwarg)])
    words = [w for w in before.strip("/").split("/") if w]
    if route.startswith("api/"):
        words = words[2:]
    for word in reversed(words):
        model = _model_for_word(word, route)
        if model is not None:
            return model
    return None


def objects_named(route: str, kwargs: dict) -> list:
    """The records a URL names by id (none for a list page)."""
    found = []
    if "label" in kwargs and "pk" in kwargs:
        try:
            model = apps.get_model(kwargs["label"])
        except (LookupError, ValueError):
            return []
        obj = model._base_manager.filter(pk=kwargs["pk"]).first()
        return [obj] if obj is not None else []
    for kwarg, value in kwargs.items():
        if kwarg == "code" and ("agencies" in route):
            model, lookup = apps.get_model("org", "Agency"), {"code": value}
        else:
            model = object_model(route, kwarg)
            lookup = {"pk": value}
        if model is None:
            continue
        try:
            obj = model._base_manager.filter(**lookup).first()
        except (ValueError, TypeError):
            obj = None
        if obj is not None:
            found.append(obj)
    return found


# Crawling -------------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """hrefs, htmx targets and form actions (with their method) of one page."""

    def __init__(self):
        super().__init__()
        self.gets: list[str] = []
        self.hx_gets: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src", "data-url"):
            if a.get(key):
                self.gets.append(a[key])
        if a.get("hx-get"):
            self.hx_gets.append(a["hx-get"])
        if a.get("hx-post"):
            self.posts.append(a["hx-post"])
        if tag == "form":
            action = a.get("action") or ""
            if (a.get("method") or "get").lower() == "post":
                self.posts.append(action or "")
            elif action:
                self.gets.append(action)
        if tag == "button" and a.get("formaction"):
            self.posts.append(a["formaction"])


def _local(raw: str, base: str) -> str | None:
    url = urldefrag(raw)[0] if raw else base
    parts = urlsplit(url)
    if not parts.path:
        return base
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/static/", "/media/")):
        return None
    return url


def links(html: str, base: str) -> tuple[list[str], list[str], list[str]]:
    """The page's links, its htmx fragments' URLs and its form actions, as local URLs."""
    parser = _Links()
    parser.feed(html)
    return tuple([u for u in (_local(raw, base) for raw in group) if u]
                 for group in (parser.gets, parser.hx_gets, parser.posts))


DOWNLOAD_HINTS = (".xlsx", ".csv", ".png", ".pdf", ".docx", "export", "download", "openapi", "docs")


def is_download(route: str, name: str) -> bool:
    """Whether the route answers a file rather than a page: by its suffix or name (not by "file" in it: the
    file-review ledger's pages and a plan's filing are pages)."""
    return any(h in route or h in name for h in DOWNLOAD_HINTS)


@dataclass
class Examples:
    """Concrete URLs found for each route, for GET and for POST."""

    gets: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    posts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, set] = field(default_factory=lambda: defaultdict(set))  # kwarg → values seen
    hx: set[str] = field(default_factory=set)  # URLs of htmx fragments (asked with HX-Request)
    shown: set[tuple[int, int]] = field(default_factory=set)  # canaries the crawlers read

    def add(self, method: str, url: str, cap: int = 60) -> str | None:
        found = route_of(urlsplit(url).path)
        if found is None:
            return None
        route, kwargs = found
        for k, v in kwargs.items():
            self.values[k].add(v)
        bucket = (self.gets if method == "GET" else self.posts)[route]
        if url not in bucket and len(bucket) < cap:
            bucket.append(url)
        return route


def _state(route: str, url: str) -> tuple:
    """The states of the records a URL names ("draft", "published"…), to visit each state's page."""
    found = route_of(urlsplit(url).path)
    objs = objects_named(route, found[1]) if found else []
    return tuple(str(getattr(o, "status", "")) for o in objs)


def crawl(client, roots: list[str], examples: Examples, per_state: int = 2, per_route: int = 16, skip=()) -> int:
    """Follow links and htmx fragments as one person; return the number of pages fetched.

    Each URL pattern's pages are fetched at most ``per_state`` times for each state of the record they name
    (records in different states link to different actions), and ``per_route`` times in all; downloads are
    recorded, not fetched.
    """
    queue: list[tuple[int, int, str, bool]] = []
    order = 0
    seen: set[tuple[str, bool]] = set()
    visited: dict = defaultdict(int)

    def push(url, hx=False):
        nonlocal order
        if (url, hx) in seen:
            return
        seen.add((url, hx))
        route = examples.add("GET", url)
        if route is None or route in skip:
            return
        order += 1
        heapq.heappush(queue, (visited[route], order, url, hx))

    for root in roots:
        push(root)
    fetched = 0
    while queue:
        count, position, url, hx = heapq.heappop(queue)
        route = route_of(urlsplit(url).path)[0]
        if visited[route] > count:  # visited since it was queued: queue it again behind the others
            heapq.heappush(queue, (visited[route], position, url, hx))
            continue
        if is_download(route, resolve(urlsplit(url).path).url_name or ""):
            continue
        state = (route, _state(route, url), hx)
        if visited[route] >= per_route or visited[state] >= per_state:
            continue
        visited[route] += 1
        visited[state] += 1
        response = client.get(url, **({"HTTP_HX_REQUEST": "true"} if hx else {}))
        fetched += 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        examples.shown |= canaries_in(response.content)
        gets, hx_gets, posts = links(response.content.decode("utf-8", "replace"), url)
        for post in posts:
            examples.add("POST", post)
        for get in gets:
            push(get)
        for get in hx_gets:
            examples.hx.add(get)
            push(get, hx=True)
    return fetched


def pick(urls: list[str], route: str, prefer, limit: int) -> list[str]:
    """Up to ``limit`` URLs of one route: records of the preferred owner first, one per record state."""
    scored = []
    for order, url in enumerate(urls):
        found = route_of(urlsplit(url).path)
        objs = objects_named(route, found[1]) if found else []
        owners = [owner_of(o) for o in objs]
        state = tuple(str(getattr(o, "status", "")) for o in objs) + (urlsplit(url).query != "",)
        scored.append((not any(prefer(o) for o in owners if o), state, order, url))
    scored.sort(key=lambda s: (s[0], s[2]))
    chosen, states = [], set()
    for preferred_miss, state, _order, url in scored:
        if (preferred_miss, state) in states:
            continue
        states.add((preferred_miss, state))
        chosen.append(url)
        if len(chosen) == limit:
            break
    return chosen


# The judge ------------------------------------------------------------------------------------------------


@dataclass
class Leak:
    identity: str
    method: str
    url: str
    status: int
    why: str

    def __str__(self):
        return f"{self.identity}: {self.method} {self.url} → {self.status}: {self.why}"


def secret_canaries(found: set[tuple[int, int]], identity: Identity, canaries: Canaries) -> set[tuple[int, int]]:
    return {c for c in found if identity.secret(canaries.owner(*c))}


def describe(canaries: Canaries, marks) -> str:
    parts = []
    for index, pk in sorted(marks)[:5]:
        parts.append(f"{canaries.models[index]._meta.label}#{pk}")
    return ", ".join(parts) + (" …" if len(marks) > 5 else "")


def _not_public_today(obj) -> bool:
    """A record whose model says when it is public (``is_public_on``: a published penalty decision) and is not."""
    from django.utils import timezone

    return callable(getattr(obj, "is_public_on", None)) and not obj.is_public_on(timezone.localdate())


def draft_records(found: set[tuple[int, int]], canaries: Canaries) -> set[tuple[int, int]]:
    """Canaries of records that are drafts (or belong to one): never shown to anonymous on any page."""
    drafts = set()
    for index, pk in found:
        obj = canaries.record(index, pk)
        for _hop in range(3):
            if obj is None:
                break
            if str(getattr(obj, "status", "")) == "draft" or _not_public_today(obj):
                drafts.add((index, pk))
                break
            path = owner_path(type(obj)) or ""
            head = path.split("__")[0] if "__" in path else None
            obj = getattr(obj, head) if head else None
    return drafts
