"""Every operation of the OpenAPI schema, fed hostile values: never a 500, only statuses the schema declares,
and every error body in the shape it declares."""

import json
import re
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from fazhi.api.answers import operations
from fazhi.api.api import api
from fazhi.org.models import ApiToken

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
#: Hostile values by the parameter's JSON-schema type.
BAD_INTEGERS = [HUGE, "-57", "65537", "0", "-1", "1e400", "abc", "\x00", ""]
BAD_STRINGS = ["\x00", "a\x00b", "\x1b[31m", "x" * 5000, "\u202e", "'; drop table x; --", "%00"]
BAD_DATES = ["0001-01-01", "9999-12-31", "2026-02-30", "-57", HUGE, "\x00"]
BAD_BODY_STRINGS = ["\x00", "关闭\x00原因", "\x07\x08", "x" * 300_000, "a\u0085b"]
BAD_BODY_NUMBERS = [10**20, -(10**20), 1e308, -1, 0, 65537]
BAD_BODY_DATES = ["0001-01-01", "9999-12-31", "2026-13-01", "-0057-01-01"]


def _schema():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _kind(schema, node) -> str:
    """integer, number, string, date, boolean, array, object or any."""
    node = _resolve(schema, node)
    for option in node.get("anyOf", []):
        kind = _kind(schema, option)
        if kind != "null":
            return kind
    if node.get("format") == "date":
        return "date"
    return node.get("type", "any")


def _operations():
    schema = _schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append((method, path, operation))
    return schema, found


SCHEMA, OPERATIONS = _operations()
OPERATION_IDS = [f"{m.upper()} {p}" for m, p, _ in OPERATIONS]


def _declared(method: str, path: str):
    """The ninja operation behind a schema path, for its declared response models."""
    for operation in operations(api):
        for router_path in _router_paths(operation):
            if f"/api/v1{router_path}" == path and method.upper() in operation.methods:
                return operation
    raise LookupError(path)


def _router_paths(operation):
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            if operation in view.operations:
                yield path


def _valid_path_values(operation):
    values = {}
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            values[param["name"]] = "1" if _kind(SCHEMA, param["schema"]) == "integer" else "sfx-gov"
    return values


def _required_query(operation):
    """Plausible values for the required query parameters, so that one hostile value at a time reaches the code
    past the checks of the others (and a lookup that finds nothing answers its declared 404)."""
    values = {}
    for param in operation.get("parameters", []):
        if param["in"] == "query" and param.get("required"):
            kind = _kind(SCHEMA, param["schema"])
            if kind == "integer":
                values[param["name"]] = "2026" if "year" in param["name"] else "1"
            else:
                values[param["name"]] = {"date": "2026-02-10"}.get(kind, "sfx")
    return values


def _url(path, path_values, query=None):
    url = re.sub(r"\{(\w+)\}", lambda m: path_values[m.group(1)], path)
    return url + ("?" + urlencode(query) if query else "")


def _body_skeleton(operation) -> dict:
    """A body with every property set to a plausible value, to vary one property at a time."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    node = _resolve(SCHEMA, content["schema"])
    plain = {"integer": 1, "number": 1, "string": "示范", "date": "2026-02-10", "boolean": True, "array": [],
             "object": {}}
    return {name: plain.get(_kind(SCHEMA, prop), "示范") for name, prop in node.get("properties", {}).items()}


def _hostile_requests(method, path, operation):
    """Yield (url, body) pairs: each parameter and each body field in turn set to hostile values."""
    good = _valid_path_values(operation)
    required = _required_query(operation)
    skeleton = _body_skeleton(operation)
    yield _url(path, good, required), skeleton
    for param in operation.get("parameters", []):
        kind = _kind(SCHEMA, param["schema"])
        bad = {"integer": BAD_INTEGERS, "date": BAD_DATES}.get(kind, BAD_STRINGS)
        for value in bad:
            if param["in"] == "path":
                if value in ("", "%00"):
                    continue  # another route, or Django's own 404 before the API
                yield _url(path, good | {param["name"]: value}, required), skeleton
            else:
                yield _url(path, good, required | {param["name"]: value}), skeleton
    if "requestBody" in operation:
        url = _url(path, good)
        yield url, "{not json"
        yield url, "[]"
        yield url, '"\\u0000"'
        json_body = operation["requestBody"]["content"].get("application/json")
        if json_body is None:
            return  # a file upload (multipart/form-data): the junk bodies above stand for its hostile input
        node = _resolve(SCHEMA, json_body["schema"])
        for name, prop in node.get("properties", {}).items():
            kind = _kind(SCHEMA, prop)
            bad = {"integer": BAD_BODY_NUMBERS, "number": BAD_BODY_NUMBERS, "date": BAD_BODY_DATES,
                   "array": [["\x00"] * 3, [HUGE] * 2000], "object": [{"\x00": "\x00"}, {"k": "x" * 300_000}],
                   "boolean": ["\x00", 10**20]}.get(kind, BAD_BODY_STRINGS)
            for value in bad:
                yield url, json.dumps(skeleton | {name: value})


@pytest.fixture
def token_of_office(world):
    return ApiToken.issue(world.office, "fuzz")[1]


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_hostile_values_answer_a_declared_4xx_never_500(world, token_of_office, method, path, operation):
    declared = _declared(method, path)
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_of_office}"}
    tried = 0
    with time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        for url, body in _hostile_requests(method, path, operation):
            if method == "get":
                response = client.get(url, **headers)
            else:
                body = body if isinstance(body, str) else json.dumps(body)
                response = getattr(client, method)(url, data=body, content_type="application/json", **headers)
            tried += 1
            status = response.status_code
            assert status < 500, (url, body[:200] if isinstance(body, str) else body, response.content[:300])
            if status == 404 and "application/json" not in response.get("Content-Type", ""):
                continue  # Django's own 404 for a path no route matches (e.g. a NUL in a path segment)
            assert status in declared.response_models, (url, status, response.content[:300])
            if status >= 400:
                model = declared.response_models[status]
                model.model_validate({"response": response.json()})
    assert tried


def test_every_operation_declares_its_error_answers():
    for method, path, operation in OPERATIONS:
        responses = {int(code): answer for code, answer in operation["responses"].items()}
        statuses = set(responses)
        assert {200, 401, 403} <= statuses, (method, path)
        if "{" in path:
            assert 404 in statuses, (method, path)
        if method in ("post", "put"):
            assert 409 in statuses, (method, path)
        if operation.get("parameters") or "requestBody" in operation:
            assert 422 in statuses, (method, path)
        for code in statuses - {200}:
            body = _resolve(SCHEMA, responses[code]["content"]["application/json"]["schema"])
            assert "detail" in body["properties"], (method, path, code)
            if code == 422:
                assert "errors" in body["properties"], (method, path)


@pytest.mark.parametrize("path", ["/api/v1/normative/documents", "/api/v1/decisions", "/api/v1/consultations",
                                  "/api/v1/collection/rounds", "/api/v1/reports", "/api/v1/agencies"])
def test_a_huge_limit_or_offset_is_422_naming_it(world, token_of_office, path):
    client = Client()
    for query, field in ((f"limit={HUGE}", "limit"), (f"offset={HUGE}", "offset"), ("limit=1001", "limit"),
                         ("year=-57", "year"), ("year=65537", "year")):
        if field == "year" and path == "/api/v1/agencies":
            continue
        response = client.get(f"{path}?{query}", HTTP_AUTHORIZATION=f"Bearer {token_of_office}")
        assert response.status_code == 422, (path, query)
        assert [e["field"] for e in response.json()["errors"]] == [field]


def test_error_answers_match_their_declared_bodies(world, token_of_office):
    """401, 403 (CSRF), 404, 409 and 422 as the code sends them, checked against the declared schemas."""
    from fazhi.normative import actions

    document = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范文件")
    path = f"/api/v1/normative/documents/{document.pk}/register"
    operation = _declared("post", "/api/v1/normative/documents/{document_id}/register")
    token = {"HTTP_AUTHORIZATION": f"Bearer {token_of_office}"}
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.office)
    answers = {
        401: Client().post(path, data="{}", content_type="application/json"),
        403: session.post(path, data='{"registered_on": "2026-02-10"}', content_type="application/json"),
        404: Client().post("/api/v1/normative/documents/999999/register", data='{"registered_on": "2026-02-10"}',
                           content_type="application/json", **token),
        409: Client().post(path, data='{"registered_on": "2026-02-10"}', content_type="application/json", **token),
        422: Client().post(path, data='{"registered_on": "9999-12-31"}', content_type="application/json", **token),
        400: Client().post(path, data="{not json", content_type="application/json", **token),
    }
    for status, response in answers.items():
        assert response.status_code == status, (status, response.content)
        operation.response_models[status].model_validate({"response": response.json()})


def test_a_nul_in_a_close_reason_is_refused_and_nothing_is_saved(world, token_of_office):
    from datetime import date, timedelta

    from fazhi.audit.models import AuditEntry
    from fazhi.consultation import actions
    from fazhi.consultation.models import Consultation
    from fazhi.core.ledger import create_record
    from fazhi.core.tests.sampleledger.models import SampleCase

    draft = create_record(SampleCase(agency=world.agency("sfx-scj"), title="草案", received_on=date(2026, 2, 1)),
                          by=world.owner)
    from django.utils import timezone

    today = timezone.localdate()
    consultation = actions.open_consultation(draft, by=world.owner, kind="decision", title="征求意见", body="条文",
                                             opens_on=today, closes_on=today + timedelta(days=30))
    entries = AuditEntry.objects.count()
    token = {"HTTP_AUTHORIZATION": f"Bearer {token_of_office}"}
    for reason in ("提前\x00关闭", "x" * 100_000, "响铃\x07"):
        response = Client().post(f"/api/v1/consultations/{consultation.pk}/close", data=json.dumps({"reason": reason}),
                                 content_type="application/json", **token)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "reason"
    assert Consultation.objects.get(pk=consultation.pk).status == "open"
    assert AuditEntry.objects.count() == entries
    ok = Client().post(f"/api/v1/consultations/{consultation.pk}/close",
                       data=json.dumps({"reason": "第一行\n第二行\t缩进"}), content_type="application/json", **token)
    assert ok.status_code == 200

