"""The scope suite: every page, export, action and API operation of every ledger, asked as the outsider
(neighbouring county), the other department's clerk and anonymous, leaks nothing and changes nothing.

The demo county is built with a canary in every record (``scopesuite``); the site is crawled as the
records' owners (the 市场监管局 clerk, the county office) to find URLs for every URL pattern, and every
operation of the OpenAPI schema is called with ids of the owner's records. The suite fails on a leak, on
a refused write that changed something, and on a URL pattern or API operation it did not exercise
(unless it is on ``NOT_EXERCISED`` below, with the reason), so a new ledger is covered without access
tests of its own: link its pages from the workbench and they are tried.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from fazhi.core.tests import scopesuite as ss
from fazhi.core.tests.clients import csrf_client

#: URL patterns the suite does not request, each with the reason. Keep this short: a ledger's pages and
#: API operations never belong here.
NOT_EXERCISED = {
    "admin/": "Django's admin (every pattern under admin/): staff only; none of the identities is staff, "
              "and the suite checks the admin index and a change list send them to the log-in page",
    "i18n/setlang/": "Django's language switch: stores a cookie, reads no record",
    "logout/": "ends the identity's own session",
    "login/": "the log-in form: throttling and lockout are tested in core/tests/test_auth.py",
    "password/": "the identity's own password",
    "switch/": "switches among the identity's own memberships",
    "sample/": "the test-only sample ledger (every pattern under sample/), which the demo county has no "
               "records of; core/tests/test_ledger_and_agenda.py covers its scope",
    "sample-generic/": "the test-only sample ledger on the generic pages (every pattern under sample-generic/); "
                       "ledgers/tests/test_pages.py covers its scope, and the real ledgers on them are crawled",
    "api/v1/": "the API's root (a redirect for Django's resolver only); its operations are checked one by one",
}
#: Example URLs for patterns no page links to, each with the reason.
UNLINKED = {
    # A checked upload's token lives only in its uploader's session; nobody else may confirm it.
    "collection/imports/<str:token>/": "/collection/imports/0123456789abcdef0123456789abcdef/",
    "collection/imports/<str:token>/status/": "/collection/imports/0123456789abcdef0123456789abcdef/status/",
    # An uploaded Word file's changes wait under a token of its uploader's alone; the upload redirects there.
    "reports/<int:pk>/word/<str:token>/": "/reports/1/word/0123456789abcdef0123456789abcdef/",
    "reports/<int:pk>/word/<str:token>/accept/": "/reports/1/word/0123456789abcdef0123456789abcdef/accept/",
    # A file review's rectification is completed by its department once the results are sent; the demo's campaign
    # is still being scored.
    "filereview/rectifications/<int:pk>/complete/": "/filereview/rectifications/1/complete/",
    # The demo's annual inspection plan is filed already: the filing form is gone from its page.
    "inspections/plans/<int:pk>/file/": "/inspections/plans/1/file/",
    # Only a body outside fazhi has the remove button; the crawl opens two bodies' pages of the register, both in fazhi.
    "supervision/register/<int:pk>/delete/": "/supervision/register/1/delete/",
    # Only the supervisor who shared a piece of feedback (or one above the body) closes or reopens it; the crawl's
    # identities are the county's, who answer it.
    "supervision/feedback/<int:pk>/close/": "/supervision/feedback/1/close/",
    "supervision/feedback/<int:pk>/reopen/": "/supervision/feedback/1/reopen/",
}
#: Records whose canary no page shows (their label field is not displayed), with the reason.
UNSHOWN = set()
#: Values for path parameters that name no record and that the schema gives no enum for (the view answers
#: 404 to any other value, which would prove nothing about the scope).
PATH_VALUES = {"kind": ["participation", "expert"]}
#: Operations that act on the caller's own account, not on a record: no write check.
OWN_ACCOUNT_OPERATIONS = {("PATCH", "/api/v1/me")}

EXAMPLES_PER_ROUTE = 3
#: Answers that refuse a write: a malformed body (400, 422) stops before any record is looked at.
REFUSED = {400, 401, 403, 404, 405, 422}


def _skipped(route: str) -> bool:
    return any(route == key or (key.endswith("/") and route.startswith(key) and key in ("admin/", "sample/", "sample-generic/"))
               for key in NOT_EXERCISED)


class Run:
    """Counts requests and collects leaks and the URL patterns and operations exercised."""

    def __init__(self, canaries):
        self.canaries = canaries
        self.requests = 0
        self.paths: set[tuple[str, str]] = set()
        self.identities: set[str] = set()
        self.leaks: list[ss.Leak] = []
        self.routes: set[str] = set()
        self.operations: set[tuple[str, str]] = set()
        self._anonymous: dict[str, tuple[int, set]] = {}
        self._anonymous_client = Client()
        self.public: set[tuple[int, int]] = set()  # canaries anonymous reads on some page

    def ask(self, client, identity, method, url, **extra):
        self.requests += 1
        self.paths.add((method, url))
        self.identities.add(identity.name)
        found = ss.route_of(urlsplit(url).path)
        if found:
            self.routes.add(found[0])
        if method == "GET":
            return client.get(url, **extra)
        call = getattr(client, method.lower())
        return call(url, **extra)

    def anonymous(self, url):
        """What anonymous gets from ``url``: its status and the canaries it shows."""
        if url not in self._anonymous:
            response = self._anonymous_client.get(url)
            self.requests += 1
            body = ss.response_bytes(response) if response.status_code == 200 else b""
            self._anonymous[url] = (response.status_code, ss.canaries_in(body))
        return self._anonymous[url]

    def judge_read(self, identity, method, url, response):
        """A 200 showing a secret canary anonymous does not get, or naming a secret record by id."""
        if response.status_code != 200:
            return
        body = ss.response_bytes(response)
        shown = ss.canaries_in(body, response.get("Content-Type", ""))
        anonymous_status, anonymous_shown = self.anonymous(url) if identity.username else (None, set())
        if identity.username is None:
            self.public |= shown
            drafts = ss.draft_records(shown, self.canaries)
            if drafts:
                self.leak(identity, method, url, response, f"shows drafts {ss.describe(self.canaries, drafts)}")
        else:
            secret = ss.secret_canaries(shown - anonymous_shown - self.public, identity, self.canaries)
            if secret:
                self.leak(identity, method, url, response, f"shows {ss.describe(self.canaries, secret)}")
        found = ss.route_of(urlsplit(url).path)
        named = ss.objects_named(*found) if found else []
        secret_named = [o for o in named if identity.secret(ss.owner_of(o))]
        if secret_named and (identity.username is None and not self._public(url) or
                             identity.username is not None and anonymous_status != 200):
            self.leak(identity, method, url, response,
                      f"answers 200 for {', '.join(f'{o._meta.label}#{o.pk}' for o in secret_named)}")

    def _public(self, url: str) -> bool:
        """A page for the public: anonymous may read what it names (published records only: see drafts)."""
        path = urlsplit(url).path
        return path.startswith(("/portal/", "/normative/library/", "/decisions/public/", "/consultation/open/",
                                "/penalties/public/", "/inspections/public/", "/enforcement/public/",
                                "/api/v1/openapi.json", "/api/v1/docs"))

    def judge_write(self, identity, method, url, response, named_secret: bool):
        status = response.status_code
        refused = status in REFUSED or (status == 302 and identity.username is None
                                        and response["Location"].startswith(resolve_url(django_settings.LOGIN_URL)))
        if named_secret and not refused:
            self.leak(identity, method, url, response, "a write on another's record was not refused")

    def leak(self, identity, method, url, response, why):
        self.leaks.append(ss.Leak(identity.name, method, url, response.status_code, why))


def _digest() -> dict[str, str]:
    """A fingerprint of every table of fazhi, by model (people's log-in times and sessions aside)."""
    prints = {}
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("fazhi."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("last_login", "last_used_at")]
        h = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*fields):
            h.update(repr(row).encode())
        prints[model._meta.label] = h.hexdigest()
    return prints


def _records_the_demo_lacks(world):
    """What the demo county does not build, so that every page has a URL to try: an attachment on a
    record of the owner, two batches of the report analyzer (one read, one queued), a consultation closed and waiting
    for its feedback, a department's comment on the county's draft report, and the notifications of a tick."""
    from fazhi.analyzer import actions as analyzer
    from fazhi.analyzer.tests.samples import REPORT
    from fazhi.audit.actions import attach_file
    from fazhi.consultation.actions import close_consultation
    from fazhi.consultation.models import Consultation
    from fazhi.core.tick import run_tick
    from fazhi.normative.models import Document
    from fazhi.reports import actions as reports
    from fazhi.reports.models import Report

    owner = world.agency("sfx-scj")
    for name in ("各县报告（已读）", "各县报告（排队中）"):  # the tick reads the first; the second waits
        analyzer.create_batch(agency=owner, name=name, by=world.owner,
                              files=[SimpleUploadedFile("report.txt", REPORT.encode())])
        if name.endswith("（已读）"):
            run_tick()
    document = Document.objects.filter(agency=owner).order_by("pk").first()
    attach_file(document, SimpleUploadedFile("依据.txt", "示范县市场监管局内部材料".encode()), by=world.owner,
                description="内部材料")
    consultation = Consultation.objects.filter(agency=owner, status=Consultation.Status.OPEN).order_by("pk").first()
    close_consultation(consultation, by=world.owner, reason="征求意见期提前结束")
    draft = Report.objects.filter(agency__code="sfx-gov", status=Report.Status.DRAFT).first()
    director = draft.created_by
    reports.open_comments(draft, by=director, due=timezone.localdate() + timedelta(days=10))
    reports.add_comment(draft, by=world.owner, text="建议补充执法数据")


def _schema_example(schema: dict, components: dict, values: dict):
    """A small valid value for a JSON schema (enough to get past validation to the scope check)."""
    if "$ref" in schema:
        return _schema_example(components[schema["$ref"].rsplit("/", 1)[1]], components, values)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            examples = [_schema_example(option, components, values) for option in options]
            if all(isinstance(e, dict) for e in examples):  # one body that satisfies any of the options
                return {k: v for e in examples for k, v in e.items()}
            return examples[0]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        return {name: _schema_example(sub, components, values)
                for name, sub in schema.get("properties", {}).items() if name in schema.get("required", [])}
    if kind == "array":
        return [_schema_example(schema.get("items", {}), components, values)] * schema.get("minItems", 0)
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-06-01"
    if schema.get("format") == "date-time":
        return "2026-06-01T09:00:00+08:00"
    return "示范"


def _path_values(path: str, parameters: list, pools: dict, prefer) -> list[dict]:
    """Up to three fillings of an operation's path parameters with records of the preferred owner."""
    names = [p["name"] for p in parameters if p["in"] == "path"]
    route = path.lstrip("/").replace("{", "<").replace("}", ">")
    choices: dict[str, list] = {}
    for p in parameters:
        if p["in"] != "path":
            continue
        name, schema = p["name"], p.get("schema", {})
        model = ss.object_model(route, name)
        if name == "code" and "agencies" in path:
            model = apps.get_model("org", "Agency")
        if "enum" in schema:
            choices[name] = list(schema["enum"])[:EXAMPLES_PER_ROUTE]
        elif model is not None:
            objs = list(model._base_manager.order_by("pk"))
            objs.sort(key=lambda o: (not prefer(ss.owner_of(o)), o.pk))
            key = "code" if name == "code" else "pk"
            picked, states = [], set()
            for o in objs:
                state = (prefer(ss.owner_of(o)), str(getattr(o, "status", "")))
                if state not in states:
                    states.add(state)
                    picked.append(getattr(o, key))
            choices[name] = picked[:EXAMPLES_PER_ROUTE]
        elif name == "code" and "regions" in path:
            choices[name] = ["990102"]
        else:
            choices[name] = PATH_VALUES.get(name) or sorted(pools.get(name, []), key=str)[:EXAMPLES_PER_ROUTE]
    fillings = []
    for i in range(EXAMPLES_PER_ROUTE):
        filling = {}
        for name in names:
            if not choices.get(name):
                break
            filling[name] = choices[name][min(i, len(choices[name]) - 1)]
        else:
            if filling not in fillings:
                fillings.append(filling)
    return fillings


def _query(parameters: list, pools: dict, components: dict) -> str:
    """Required query parameters, from values the crawl saw (year, region, metric) or the schema."""
    parts = []
    for p in parameters:
        if p["in"] != "query" or not p.get("required"):
            continue
        seen = sorted(pools.get(p["name"], []), key=str)
        value = seen[0] if seen else _schema_example(p.get("schema", {}), components, pools)
        parts.append(f"{p['name']}={value}")
    return "?" + "&".join(parts) if parts else ""


@pytest.mark.slow
@pytest.mark.django_db
def test_no_identity_reads_or_changes_what_is_not_theirs(world, settings, tmp_path, record_property):
    from fazhi.demo.activity import build_activity
    from fazhi.org.models import ApiToken, Region

    county = Region.objects.get(code="990102")
    build_activity()
    ss.forget_owners()
    settings.MEDIA_ROOT = str(tmp_path)
    _records_the_demo_lacks(world)
    canaries = ss.plant_canaries()
    run = Run(canaries)

    # 1. Crawl as the owners: the 市场监管局 clerk and the county office (who sees every agency's records).
    examples = ss.Examples()
    routes = ss.all_routes()
    skip = {r.route for r in routes if _skipped(r.route)}
    roots = []
    for r in routes:
        if "<" not in r.route and r.route not in skip and not r.route.startswith("api/"):
            roots.append("/" + r.route)
    for username in ("clerk", "office"):
        crawler = Client()
        crawler.force_login(world.owner if username == "clerk" else world.office)
        ss.crawl(crawler, roots, examples, skip=skip)
    for url in UNLINKED.values():
        examples.add("POST", url)
    # The canaries work: the owners read the canary of every kind of record on some page.
    unseen = {m._meta.label for m in canaries.models if m._base_manager.exists()} - {
        canaries.models[index]._meta.label for index, _pk in examples.shown}
    assert not unseen - UNSHOWN, f"no page shows these records to their owners: {sorted(unseen - UNSHOWN)}"

    owner_agency = world.agency("sfx-scj").pk

    def prefer(owner):
        return owner is not None and owner.agency_id == owner_agency

    identities = [  # anonymous first: what it reads on the public pages is no secret to anyone after it
        ss.Identity("anonymous", None),
        ss.Identity("outsider", "outsider", user_id=world.outsider.pk, county_path=county.path),
        ss.Identity("other department", "clerk2", secret_agency_id=world.agency("sfx-scj").pk,
                    user_id=world.colleague.pk),
    ]
    users = {"outsider": world.outsider, "clerk2": world.colleague}
    tokens = {name: ApiToken.issue(user, name="scope suite")[1] for name, user in users.items()}

    web_routes = {r.route for r in routes if not r.route.startswith("api/") and r.route not in skip}
    get_urls = {route: ss.pick(examples.gets.get(route, []) + examples.posts.get(route, []), route, prefer,
                               EXAMPLES_PER_ROUTE) for route in web_routes}
    post_urls = {route: ss.pick(examples.posts.get(route, []), route, prefer, EXAMPLES_PER_ROUTE)
                 for route in web_routes}

    # 2. The API's operations, with ids of the owner's records.
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            params = op.get("parameters", [])
            fillings = _path_values(path, params, examples.values, prefer) if "{" in path else [{}]
            query = _query(params, examples.values, components)
            body = None
            content = op.get("requestBody", {}).get("content", {}).get("application/json")
            if content:
                body = _schema_example(content["schema"], components, examples.values)
            for filling in fillings:
                url = "/api" + path.format(**filling) if path.startswith("/v1") else path.format(**filling)
                operations.append((method.upper(), path, url + query, body))
    api_prefix = "/api" if not next(iter(schema["paths"])).startswith("/api") else ""

    # 3. Ask everything as everyone.
    for identity in identities:
        user = users.get(identity.username) if identity.username else None
        client = csrf_client(user)
        for route in sorted(web_routes):
            for url in get_urls[route]:
                hx = {"HTTP_HX_REQUEST": "true"} if url in examples.hx else {}
                response = run.ask(client, identity, "GET", url, **hx)
                run.judge_read(identity, "GET", url, response)
        for method, path, url, _body in operations:
            if method != "GET":
                continue
            url = api_prefix + url if not url.startswith("/api") else url
            run.operations.add((method, path))
            extra = {"HTTP_AUTHORIZATION": f"Bearer {tokens[identity.username]}"} if user else {}
            response = run.ask(Client(), identity, "GET", url, **extra)
            run.judge_read(identity, "GET", url, response)
            if user is not None:  # and the same through the browser session
                response = run.ask(client, identity, "GET", url)
                run.judge_read(identity, "GET", url, response)

        before = _digest()
        for route in sorted(web_routes):
            for url in post_urls[route]:
                found = ss.route_of(urlsplit(url).path)
                secret = any(identity.secret(ss.owner_of(o)) for o in ss.objects_named(*found))
                if not secret and identity.username is not None:
                    continue  # the identity's own action (a new record of its own agency): not ours to judge
                response = run.ask(client, identity, "POST", url, data={"reason": "越权", "text": "越权"})
                run.judge_write(identity, "POST", url, response, named_secret=True)
        for method, path, url, body in operations:
            if method == "GET":
                continue
            run.operations.add((method, path))
            if (method, path) in OWN_ACCOUNT_OPERATIONS and identity.username:
                continue
            url = api_prefix + url if not url.startswith("/api") else url
            found = ss.route_of(urlsplit(url).path)
            named = ss.objects_named(*found) if found else []
            secret = any(identity.secret(ss.owner_of(o)) for o in named)
            if not secret and identity.username is not None:
                continue  # the identity's own record (a comment on the county's report): not ours to judge
            payload = json.dumps(body if body is not None else {})
            transports = [("session", client, {})]
            if user is not None:
                transports.append(("token", Client(), {"HTTP_AUTHORIZATION": f"Bearer {tokens[identity.username]}"}))
            for _how, transport, extra in transports:
                response = run.ask(transport, identity, method, url, data=payload, content_type="application/json",
                                   **extra)
                run.judge_write(identity, method, url, response, named_secret=secret)
        changed = sorted(label for label, value in _digest().items() if before.get(label) != value)
        if changed:
            run.leaks.append(ss.Leak(identity.name, "POST", "*", 0, f"refused writes changed {', '.join(changed)}"))

    # 4. The admin turns every identity away.
    for identity in identities:
        client = csrf_client(users.get(identity.username) if identity.username else None)
        for url in ("/admin/", "/admin/normative/document/"):
            response = run.ask(client, identity, "GET", url)
            if response.status_code == 200:
                run.leak(identity, "GET", url, response, "the admin answered")

    # 5. Every URL pattern and every operation was tried.
    api_ops = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    missing_routes = sorted(r for r in web_routes if r not in run.routes)
    missing_ops = sorted(api_ops - run.operations)
    line = (f"scope suite: {len(run.paths)} paths × {len(run.identities)} identities = {run.requests} requests, "
            f"{len(run.leaks)} leaks")
    record_property("scope_suite", line)
    print(line)
    assert not run.leaks, line + ":\n  " + "\n  ".join(map(str, run.leaks[:40]))
    assert not missing_routes, (
        "URL patterns the scope suite did not exercise (no page links to them while crawling as the 市场监管局 "
        "clerk and the county office; link them, or add an example to UNLINKED):\n  " + "\n  ".join(missing_routes))
    assert not missing_ops, "API operations not exercised:\n  " + "\n  ".join(map(str, missing_ops))


# The judge's parts, on their own ---------------------------------------------------------------------------


def test_canaries_are_found_in_html_json_office_files_and_pdf():
    import io
    import zipfile

    html = b"<td>zq03x17q \xe7\xa4\xba\xe8\x8c\x83</td>"
    assert ss.canaries_in(html) == {(3, 17)}
    assert ss.canaries_in(json.dumps({"title": "zq11x4q 办法"}).encode()) == {(11, 4)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<si><t>zq05x9q 草案</t></si>")
    assert ss.canaries_in(buffer.getvalue()) == {(5, 9)}
    assert ss.canaries_in(b"zq05x9 without its end") == set()


def test_an_identity_keeps_its_own_and_the_public_but_not_the_owners():
    owner = ss.Owner(agency_id=1, region_path="99/9901/990102/")
    neighbour = ss.Owner(agency_id=2, region_path="99/9901/990103/")
    outsider = ss.Identity("outsider", "outsider", county_path="99/9901/990102/")
    colleague = ss.Identity("colleague", "clerk2", secret_agency_id=3, user_id=7)  # 3: the owner's bureau
    assert outsider.secret(owner) and not outsider.secret(neighbour)
    assert colleague.secret(ss.Owner(agency_id=3))
    assert not colleague.secret(ss.Owner(agency_id=4))  # the office's round, which the colleague also files in
    assert ss.Identity("anonymous", None).secret(owner)
    assert colleague.secret(ss.Owner(user_id=8)) and not colleague.secret(ss.Owner(user_id=7))
    assert not colleague.secret(None)


def test_urls_name_their_records():
    label = ss.object_model
    assert label("collection/submissions/<int:pk>/", "pk")._meta.label == "collection.Submission"
    assert label("reports/comments/<int:pk>/respond/", "pk")._meta.label == "reports.ReportComment"
    assert label("consultation/comments/<int:pk>/hide/", "pk")._meta.label == "consultation.Comment"
    assert label("normative/<int:pk>/", "pk")._meta.label == "normative.Document"
    assert label("decisions/items/<int:pk>/", "pk")._meta.label == "decisions.CatalogItem"
    assert label("api/v1/decision-catalogs/<pk>", "pk")._meta.label == "decisions.Catalog"
    assert label("api/v1/reports/<report_id>/export/<fmt>", "report_id")._meta.label == "reports.Report"
    assert label("analyzer/batches/<int:pk>/", "pk")._meta.label == "analyzer.Batch"
    assert label("collection/rollup/<int:year>/<str:region>/<slug:metric>/", "year") is None
