"""The penalty-case ledger through /api/v1: a major case's whole ordinary procedure (its refusals naming the field
and citing the article, the decision refused without the legal review), an on-the-spot decision, the discretion
standards and lenient lists; the scope (the other department and the outsider get 404 everywhere and see no rows,
the rule-of-law office reads and is refused every step with 403); CSRF on a session; every path in the schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fazhi.core.tests.clients import csrf_client
from fazhi.org.models import ApiToken
from fazhi.penalties.models import Case, DiscretionStandard, LenientItem
from fazhi.penalties.tests.conftest import credit_code

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def thresholds(settings):
    """The default local thresholds, whatever the environment says."""
    settings.FAZHI_PENALTY_MAJOR_FINE_ORGANISATION = 50000
    settings.FAZHI_PENALTY_HEARING_FINE_ORGANISATION = 100000
    settings.FAZHI_PENALTY_PUBLICATION_YEARS_ORGANISATION = 5


class Api:
    """/api/v1 as another system calls it (a Bearer token) or as the workbench's pages do (a session with the CSRF
    token); Django's CSRF check is never skipped."""

    def __init__(self, user, *, token: bool = False):
        if token:
            self.client = Client(enforce_csrf_checks=True)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}
        else:
            self.client, self.headers = csrf_client(user), {}

    def get(self, path: str):
        return self.client.get(f"{API}{path}", **self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json",
                                **self.headers)


def ok(response) -> dict:
    assert response.status_code == 200, (response.status_code, response.content[:800])
    return response.json()


def refused(response, field: str, *cites: str) -> str:
    """Assert a 422 naming ``field`` whose message cites each of ``cites``; return the message."""
    assert response.status_code == 422, (response.status_code, response.content[:800])
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert field in errors, errors
    for cite in cites:
        assert cite in errors[field], errors[field]
    return errors[field]


def case_body(body, officers, **values) -> dict:
    fields = {"body": body.pk, "officers": [o.pk for o in officers], "number": "示市监立〔2026〕88号",
              "title": "某商贸公司虚假宣传案", "party_kind": "organisation", "party_name": "示范县某商贸有限公司",
              "party_code": credit_code(), "party_address": "示范县人民路1号", "violation_on": "2026-09-01",
              "discovered_on": "2026-09-10", "opened_on": "2026-09-11"}
    return fields | values


# The whole ordinary procedure of a major case -----------------------------------------------------------------


def test_a_major_case_from_filing_to_publication(world, body, officers):
    api = Api(world.owner)
    # Filing: dates in the order of 第54条, at least two officers (第42条).
    refused(api.post("/penalty-cases", case_body(body, officers, opened_on="2026-09-09")), "opened_on", "第54条")
    refused(api.post("/penalty-cases", case_body(body, officers[:1])), "officers", "第42条")
    case = ok(api.post("/penalty-cases", case_body(body, officers)))
    assert case["status"] == "investigating" and case["officer_ids"] == sorted(o.pk for o in officers)
    assert case["decision_due"] == "2026-12-10" and case["next_deadline"] == "2026-12-10"  # 90 days (第60条)
    url = f"/penalty-cases/{case['id']}"

    # The investigation, recorded by two officers; a seizure needs its audio-video record (118号).
    record = {"action": "evidence", "on": "2026-09-15", "officers": [o.pk for o in officers],
              "description": "调取广告宣传页及销售记录"}
    refused(api.post(f"{url}/records", record | {"officers": [officers[0].pk]}), "officers", "第42条")
    refused(api.post(f"{url}/records", record | {"action": "seizure"}), "av_reference", "118号")
    case = ok(api.post(f"{url}/records", record))
    assert [(r["action"], r["on"], r["officer_ids"]) for r in case["records"]] == [
        ("evidence", "2026-09-15", sorted(o.pk for o in officers))]
    refused(api.post(f"{url}/end-investigation", {"investigation_ended_on": "2026-09-10"}), "investigation_ended_on",
            "第55条")
    ok(api.post(f"{url}/end-investigation", {"investigation_ended_on": "2026-10-09"}))
    case = ok(api.post(f"{url}/major", {"major_categories": ["public_interest"]}))
    assert case["major_categories"] == ["public_interest"]

    # The notice of the intended penalty: a large fine adds its own reason; 80,000 yuan gives no hearing right.
    notice = {"notified_on": "2026-10-12", "penalty_types": ["fine"], "fine": "80000"}
    refused(api.post(f"{url}/notice", notice | {"penalty_types": []}), "penalty_types", "第9条")
    case = ok(api.post(f"{url}/notice", notice))
    assert case["status"] == "notified" and case["hearing_right"] is False
    assert case["major_categories"] == ["large_fine", "public_interest"] and case["fine"] == "80000.00"
    case = ok(api.post(f"{url}/notice-received", {"notice_received_on": "2026-10-13"}))

    # A major case is not decided without a passed legal review (第58条): the refusal names why the case is major.
    decision = {"decided_on": "2026-10-26", "outcome": "penalty", "decision_number": "示市监罚〔2026〕88号",
                "facts": "当事人在宣传页中虚构产品功效", "legal_basis": "《中华人民共和国反不正当竞争法》第二十条",
                "performance": "自收到本决定书之日起十五日内缴纳罚款", "remedy": "六十日内申请行政复议或六个月内提起行政诉讼"}
    response = api.post(f"{url}/decide", decision)
    assert response.status_code == 409, response.content
    message = response.json()["detail"]
    assert "第58条" in message and "involves a major public interest" in message and "fine at or above" in message
    assert Case.objects.get(pk=case["id"]).status == "notified"

    # The legal review: submitted, then recorded by a qualified reviewer who did not investigate.
    ok(api.post(f"{url}/review-submission", {"review_submitted_on": "2026-10-20"}))
    review = {"reviewed_on": "2026-10-22", "reviewer": "王审核", "reviewer_qualification": "A20201234567",
              "review_result": "passed", "review_opinion": "事实清楚，证据确凿，适用依据正确，程序合法"}
    refused(api.post(f"{url}/review", review | {"reviewer": officers[0].name}), "reviewer", "118号")
    refused(api.post(f"{url}/review", review | {"reviewed_on": "2026-10-19"}), "reviewed_on", "第58条")
    case = ok(api.post(f"{url}/review", review))
    assert case["review_result"] == "passed" and case["reviewer"] == "王审核"

    # The decision carries what 第59条 lists; once decided it is served within 7 working days (第61条).
    refused(api.post(f"{url}/decide", decision | {"performance": ""}), "performance", "第59条")
    refused(api.post(f"{url}/decide", decision | {"decided_on": "2026-10-21"}), "decided_on", "第58条")
    case = ok(api.post(f"{url}/decide", decision))
    assert case["status"] == "decided" and case["decision_number"] == "示市监罚〔2026〕88号"
    assert case["service_due"] == "2026-11-04" and case["next_deadline"] == "2026-11-04"
    refused(api.post(f"{url}/serve", {"served_on": "2026-10-28", "service_method": ""}), "service_method")
    case = ok(api.post(f"{url}/serve", {"served_on": "2026-10-28", "service_method": "直接送达"}))
    assert case["status"] == "served" and case["next_deadline"] == case["publication_due"] is not None

    # Publication (118号), taken down after five years; published once only.
    refused(api.post(f"{url}/publish", {"published_on": "2026-10-25"}), "published_on", "118号")
    case = ok(api.post(f"{url}/publish", {"published_on": "2026-10-30"}))
    assert case["published_on"] == "2026-10-30" and case["takedown_on"] == "2031-10-30"
    assert case["next_deadline"] is None
    assert api.post(f"{url}/publish", {"published_on": "2026-10-30"}).status_code == 409

    # Read back through a token, as another system would, with the list's filters.
    reader = Api(world.owner, token=True)
    detail = ok(reader.get(url))
    assert detail["status"] == "served" and len(detail["records"]) == 1 and detail["reviewed_on"] == "2026-10-22"
    for query in ("status=served", "agency=sfx-scj", "year=2026", f"body={body.pk}", "q=虚假宣传", "q=某商贸"):
        rows = ok(reader.get(f"/penalty-cases?{query}"))
        assert [row["id"] for row in rows["items"]] == [case["id"]], query
    for query in ("status=decided", "agency=sfx-jyj", "year=2025", "q=无此案"):
        assert ok(reader.get(f"/penalty-cases?{query}"))["count"] == 0, query


def test_an_on_the_spot_decision_within_the_limits_of_article_51(world, body, officers):
    api = Api(world.owner)
    spot = {"body": body.pk, "officers": [o.pk for o in officers], "number": "示市监简〔2026〕3号",
            "title": "某商店未按规定公示营业执照案", "party_kind": "organisation", "party_name": "示范县某商店",
            "party_address": "示范县人民路2号", "on": "2026-11-19", "penalty_types": ["fine"], "fine": "5000",
            "facts": "未在经营场所醒目位置公示营业执照", "legal_basis": "《市场主体登记管理条例》第四十八条",
            "remedy": "六十日内申请行政复议"}
    refused(api.post("/penalty-cases/on-the-spot", spot), "fine", "第51条")
    refused(api.post("/penalty-cases/on-the-spot", spot | {"fine": "200", "on": "2026-11-21"}), "on", "after today")
    case = ok(api.post("/penalty-cases/on-the-spot", spot | {"fine": "200"}))
    assert case["procedure"] == "simplified" and case["status"] == "served" and case["served_on"] == "2026-11-19"
    assert case["opened_on"] == case["decided_on"] == "2026-11-19" and case["party_present"] is True


def test_discretion_standards_and_lenient_items_are_kept_by_the_department(world, body, open_case):
    owner, office, outsider = Api(world.owner), Api(world.office), Api(world.outsider)
    standard = {"agency": "sfx-scj", "domain": "广告", "code": "GG-01", "violation": "发布虚假广告",
                "legal_basis": "《中华人民共和国广告法》第五十五条", "circumstance": "一般", "fine_min": "200000",
                "fine_max": "1000000"}
    refused(owner.post("/penalties/discretion-standards", standard | {"fine_max": "1000"}), "fine_max")
    created = ok(owner.post("/penalties/discretion-standards", standard))
    assert created["agency_code"] == "sfx-scj" and created["fine_min"] == "200000.00"
    refused(owner.post("/penalties/discretion-standards", standard), "code")
    assert office.post("/penalties/discretion-standards", standard | {"code": "GG-02"}).status_code == 403
    assert outsider.post("/penalties/discretion-standards", standard | {"code": "GG-02"}).status_code == 404
    assert [row["code"] for row in ok(office.get("/penalties/discretion-standards"))["items"]] == ["GG-01"]
    assert ok(outsider.get("/penalties/discretion-standards"))["count"] == 0
    assert DiscretionStandard.objects.count() == 1

    item = {"agency": "sfx-scj", "kind": "first", "domain": "广告", "code": "SW-01", "violation": "首次发布违法广告",
            "legal_basis": "《市场监管领域轻微违法行为不予处罚清单》第3项", "conditions": "首次违法、危害后果轻微并及时改正"}
    made = ok(owner.post("/penalties/lenient-items", item))
    assert made["kind"] == "first" and ok(owner.get("/penalties/lenient-items?kind=first"))["count"] == 1
    assert office.post("/penalties/lenient-items", item | {"code": "SW-02"}).status_code == 403
    assert ok(outsider.get("/penalties/lenient-items"))["count"] == 0 and LenientItem.objects.count() == 1

    # The lenient outcome cites its item (第33条); a fine outside the standard needs its reason (第34条).
    case = open_case()
    url = f"/penalty-cases/{case.pk}"
    notice = {"notified_on": "2026-03-20", "penalty_types": ["fine"], "fine": "100000", "discretion": created["id"]}
    refused(owner.post(f"{url}/notice", notice), "discretion_reason", "第34条")
    notified = ok(owner.post(f"{url}/notice", notice | {"discretion_reason": "当事人主动消除影响，依法从轻"}))
    assert "discretion" in notified["major_categories"] and notified["discretion_id"] == created["id"]
    ok(owner.post(f"{url}/notice-received", {"notice_received_on": "2026-03-21"}))
    lenient = {"decided_on": "2026-03-25", "outcome": "first_violation", "decision_number": "示市监不罚〔2026〕1号",
               "facts": "首次违法且及时改正", "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
               "remedy": "六十日内申请行政复议"}
    refused(owner.post(f"{url}/decide", lenient), "lenient_item", "第33条")


# The scope -------------------------------------------------------------------------------------------------


def steps(case, officers) -> dict[str, dict]:
    """Every step's endpoint with a body that passes the schema."""
    people = [o.pk for o in officers]
    return {
        "records": {"action": "evidence", "on": "2026-03-05", "officers": people, "description": "现场检查"},
        "end-investigation": {"investigation_ended_on": "2026-03-10"},
        "major": {"major_categories": ["complex"], "complex_case": True},
        "notice": {"notified_on": "2026-03-12", "penalty_types": ["warning"]},
        "notice-received": {"notice_received_on": "2026-03-13"},
        "hearing-request": {"hearing_requested_on": "2026-03-14"},
        "hearing-notice": {"hearing_notified_on": "2026-03-15"},
        "hearing": {"hearing_on": "2026-03-30", "hearing_chair": "赵主持", "hearing_record": "听证笔录"},
        "statement": {"statement": "当事人陈述申辩"},
        "review-submission": {"review_submitted_on": "2026-04-01"},
        "review": {"reviewed_on": "2026-04-02", "reviewer": "王审核", "reviewer_qualification": "A1",
                   "review_result": "passed", "review_opinion": "同意"},
        "discussion": {"discussed_on": "2026-04-03", "discussion_record": "集体讨论记录"},
        "extension": {"extension_days": 30, "extension_reason": "案情复杂", "extension_approver": "局长"},
        "pauses": {"start": "2026-03-20", "end": "2026-03-25", "reason": "检测鉴定"},
        "decide": {"decided_on": "2026-04-05", "outcome": "penalty", "decision_number": "罚1号", "facts": "事实",
                   "legal_basis": "依据", "performance": "十五日内", "remedy": "复议"},
        "serve": {"served_on": "2026-04-06", "service_method": "直接送达"},
        "execution": {"executed_on": "2026-04-07", "execution": "已缴纳"},
        "close": {"closed_on": "2026-04-08"},
        "drop": {"dropped_on": "2026-03-06", "drop_reason": "违法事实不成立"},
        "publish": {"published_on": "2026-04-06"},
        "revoke": {"revoked_on": "2026-04-09", "revocation": "revoked", "revocation_reason": "复议撤销"},
        "withdraw-publication": {"publication_withdrawn_on": "2026-04-10"},
    }


def test_the_other_department_and_the_outsider_see_nothing_and_change_nothing(world, body, officers, open_case):
    case = open_case()
    before = Case.objects.get(pk=case.pk).updated_at
    for user in (world.colleague, world.outsider):
        for api in (Api(user), Api(user, token=True)):
            assert ok(api.get("/penalty-cases"))["items"] == []
            assert ok(api.get("/penalty-cases?agency=sfx-scj"))["count"] == 0
            assert api.get(f"/penalty-cases/{case.pk}").status_code == 404
            for step, payload in steps(case, officers).items():
                response = api.post(f"/penalty-cases/{case.pk}/{step}", payload)
                assert response.status_code == 404, (user.username, step, response.content[:300])
            assert api.post("/penalty-cases", case_body(body, officers)).status_code == 404
    assert Case.objects.count() == 1 and Case.objects.get(pk=case.pk).updated_at == before
    assert not case.records.exists()


def test_the_office_reads_the_ledger_and_is_refused_every_step(world, body, officers, open_case):
    case = open_case()
    office = Api(world.office)
    assert [row["id"] for row in ok(office.get("/penalty-cases"))["items"]] == [case.pk]
    assert ok(office.get(f"/penalty-cases/{case.pk}"))["number"] == case.number
    for step, payload in steps(case, officers).items():
        response = office.post(f"/penalty-cases/{case.pk}/{step}", payload)
        assert response.status_code == 403, (step, response.content[:300])
        assert "Only the clerks of" in response.json()["detail"]
    assert office.post("/penalty-cases", case_body(body, officers)).status_code == 403
    assert Case.objects.get(pk=case.pk).status == "investigating" and not case.records.exists()
    assert Case.objects.count() == 1


def test_a_session_write_needs_the_csrf_token(world, body, officers):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post(f"{API}/penalty-cases", data=json.dumps(case_body(body, officers)),
                           content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Case.objects.exists()
    assert Client().get(f"{API}/penalty-cases").status_code == 401


# The schema ------------------------------------------------------------------------------------------------


def test_every_penalties_path_is_in_the_openapi_schema_with_its_bodies(world):
    from fazhi.penalties.api import router

    client = Client()
    client.force_login(world.owner)
    schema = client.get(f"{API}/openapi.json").json()
    routes = {(method.lower(), f"{API}{path}")
              for path, view in router.path_operations.items() for operation in view.operations
              for method in operation.methods}
    assert len(routes) == 30
    # The scope tests above try every step.
    assert {path.rsplit("/", 1)[1] for method, path in routes if path.startswith(f"{API}/penalty-cases/{{case_id}}/")
            } == set(steps(None, []))
    for method, path in routes:
        assert path in schema["paths"], path
        operation = schema["paths"][path][method]
        assert "$ref" in json.dumps(operation["responses"]["200"]["content"]["application/json"]["schema"]), path
        assert {"401", "403", "422"} <= set(operation["responses"]), path
        if method == "post":
            assert "application/json" in operation["requestBody"]["content"], path
            assert {"404", "409"} <= set(operation["responses"]), path
