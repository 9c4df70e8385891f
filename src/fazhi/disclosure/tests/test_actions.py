"""The steps of a request for government information: who may take them, in which state, and each refusal with its
article."""

from __future__ import annotations

import inspect
from datetime import date
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.disclosure import actions
from fazhi.disclosure.forms import FORMS, RequestForm
from fazhi.disclosure.models import Request, normalise_tracking_code
from fazhi.disclosure.procedure import PROCEDURE, dates_of
from fazhi.disclosure.tests.conftest import at, message

pytestmark = pytest.mark.django_db

D = date


def _keywords(function) -> dict[str, inspect.Parameter]:
    return {name: p for name, p in inspect.signature(function).parameters.items()
            if p.kind == inspect.Parameter.KEYWORD_ONLY and name not in ("by", "agency")}


def _consulting(receive, staff, **values):
    request = receive(received_on=D(2026, 3, 2), **values)
    return actions.start_consultation(request, by=staff, consultation_kind="third_party",
                                      consulted_party="示范县某食品有限公司", consultation_sent_on=D(2026, 3, 9),
                                      consultation_delivered_on=D(2026, 3, 10))


def _correcting(receive, staff, ends=date(2026, 3, 20)):
    request = receive(received_on=D(2026, 3, 2))
    return actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 4),
                                      correction_items="请写明所需信息的名称", correction_period_ends=ends)


REPLY = dict(replied_on=D(2026, 3, 20), delivery="post")


# -- the contract with the generic pages and API ------------------------------------------------------------------


def test_every_public_action_has_its_form():
    assert set(actions.__all__) == set(FORMS)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_forms_fields_are_exactly_its_actions_keyword_arguments(name):
    parameters = _keywords(getattr(actions, name))
    fields = FORMS[name].base_fields
    assert set(fields) == set(parameters), name
    for field_name, field in fields.items():
        optional = parameters[field_name].default is not inspect.Parameter.empty
        assert field.required is not optional or isinstance(field, django_forms.BooleanField), field_name


def test_the_request_form_cleans_into_the_opening_numbered_with_a_tracking_code(agency, staff):
    form = RequestForm({"requester_name": "示范县恒通建材有限公司", "requester_kind": "organisation",
                        "organisation_kind": "business", "requester_email": "hengtong@example.invalid",
                        "id_kind": "credit_code", "id_number": "91990102MA01A00017", "description": "某地块出让合同",
                        "channel": "email", "received_on": "2026-03-02"})
    assert form.is_valid(), form.errors
    request = actions.receive_request(agency=agency, by=staff, **form.cleaned_data)
    assert (request.status, request.number) == ("received", "依申请公开〔2026〕1号")
    assert request.id_number == "**************0017"  # only the last four characters are kept
    assert normalise_tracking_code(request.tracking_code.lower().replace("-", " ")) == request.tracking_code
    assert len(request.tracking_code) == 19 and request.reply_due == D(2026, 3, 30)
    second = actions.receive_request(agency=agency, by=staff, **form.cleaned_data)
    assert second.number == "依申请公开〔2026〕2号" and second.tracking_code != request.tracking_code


def test_the_procedure_orders_its_steps_and_the_timeline_reads_the_request(receive, staff):
    assert PROCEDURE.ledger == "disclosure"
    request = _consulting(receive, staff)
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 16),
                                                 consultation_opinion="consent")
    request = actions.reply(request, by=staff, reply_type="disclosed", **REPLY)
    assert [name for name, _day in PROCEDURE.timeline(dates_of(request))] == [
        "receive", "consult", "consult_received", "consultation_answer", "reply"]


# -- who may act --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_outsider_is_refused_every_action(world, agency, receive, name):
    request = receive()
    values = {field: None for field in _keywords(getattr(actions, name))}
    with pytest.raises(IllegalTransition) as excinfo:
        if name == "receive_request":
            actions.receive_request(agency=agency, by=world.outsider, **values)
        else:
            getattr(actions, name)(request, by=world.outsider, **values)
    assert excinfo.value.code == "forbidden"
    assert message(excinfo) == ("Only the staff of 示范县市场监督管理局 may change its requests for government "
                                "information.")


def test_a_colleague_is_refused_and_the_office_and_the_administrator_may_act(world, receive):
    request = receive()
    with pytest.raises(IllegalTransition):
        actions.reply(request, by=world.colleague, reply_type="disclosed", **REPLY)
    assert actions.reply(request, by=world.office, reply_type="disclosed", **REPLY).status == "replied"
    other = receive()
    assert actions.reply(other, by=world.admin, reply_type="disclosed", **REPLY).status == "replied"


# -- the request (第29、31条) --------------------------------------------------------------------------------------------


def test_a_request_needs_a_way_to_reach_the_requester(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(requester_address="", requester_phone="", requester_email="")
    assert message(excinfo, "requester_address") == (
        "Give at least one way to reach the requester: an address, a telephone number or an e-mail address "
        "(政府信息公开条例 第29条).")
    with pytest.raises(ValidationError) as excinfo:
        receive(requester_email="not an address")
    assert message(excinfo, "requester_email") == "Give a valid e-mail address."


def test_a_request_describes_the_information(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(description=" ")
    assert "(政府信息公开条例 第29条)" in message(excinfo, "description")


def test_an_identity_number_is_checked_and_kept_masked(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(id_kind="id_card", id_number="990102199001011270")
    assert "does not match the others (GB 11643-1999)" in message(excinfo, "id_number")
    with pytest.raises(ValidationError) as excinfo:
        receive(id_number="99010219900101127X")
    assert message(excinfo, "id_kind") == "Say which identity document the number is of."
    request = receive(id_kind="id_card", id_number="99010219900101127X")
    assert request.id_number == "**************127X"


def test_a_request_is_under_the_2019_regulations_and_not_dated_ahead(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2019, 5, 14))
    assert message(excinfo, "received_on") == (
        "This ledger keeps requests under 政府信息公开条例 as revised in 2019, in force from 2019-05-15; a request "
        "received on 2019-05-14 fell under the earlier regulations.")
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2026, 11, 21))
    assert message(excinfo, "received_on") == (
        "The receipt of the request cannot be dated 2026-11-21, after today (2026-11-20): record a step once it "
        "has taken place.")


def test_a_request_number_is_used_once(receive):
    receive(number="示市监公开〔2026〕9号")
    with pytest.raises(ValidationError) as excinfo:
        receive(number="示市监公开〔2026〕9号")
    assert message(excinfo, "number") == "Request number 示市监公开〔2026〕9号 is already used."


# -- correction (第30条) -----------------------------------------------------------------------------------------------


def test_the_notice_to_correct_is_sent_once_within_7_working_days(receive, staff):
    request = receive(received_on=D(2026, 3, 2))  # the notice is due by Wed 11 March
    with pytest.raises(ValidationError) as excinfo:
        actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 12),
                                   correction_items="请写明名称", correction_period_ends=D(2026, 3, 30))
    assert message(excinfo, "correction_requested_on") == (
        "The notice to correct is sent within 7 working days of receipt (政府信息公开条例 第30条): that period ended "
        "on 2026-03-11.")
    with pytest.raises(ValidationError) as excinfo:
        actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 4),
                                   correction_items="请写明名称", correction_period_ends=D(2026, 3, 4))
    assert message(excinfo, "correction_period_ends") == (
        "The end of the time to correct (2026-03-04) must come after the notice to correct the request (2026-03-04): "
        "政府信息公开条例 第30条.")
    with pytest.raises(ValidationError) as excinfo:
        actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 4), correction_items="",
                                   correction_period_ends=None)
    assert set(excinfo.value.message_dict) == {"correction_items", "correction_period_ends"}
    request = actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 4),
                                         correction_items="请写明名称", correction_period_ends=D(2026, 3, 20))
    request = actions.record_correction(request, by=staff, corrected_on=D(2026, 3, 6))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.request_correction(request, by=staff, correction_requested_on=D(2026, 3, 9),
                                   correction_items="再补", correction_period_ends=D(2026, 3, 20))
    assert message(excinfo) == ("The requester was already asked to correct the request on 2026-03-04: the notice "
                                "is sent once, with every item (政府信息公开条例 第30条).")


def test_a_late_correction_needs_a_good_cause(receive, staff):
    request = _correcting(receive, staff)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_correction(request, by=staff, corrected_on=D(2026, 3, 23))
    assert message(excinfo, "correction_late_reason") == (
        "The corrected request came on 2026-03-23, after the time to correct ended on 2026-03-20 (政府信息公开条例 "
        "第30条): give the good cause for the delay, or take the request as given up.")
    request = actions.record_correction(request, by=staff, corrected_on=D(2026, 3, 23),
                                        correction_late_reason="申请人住院")
    assert request.status == "received" and request.reply_due == D(2026, 4, 21)  # afresh from 23 March


def test_a_request_not_corrected_in_time_is_taken_as_given_up(receive, staff):
    request = _correcting(receive, staff)
    with at(D(2026, 3, 20)), pytest.raises(IllegalTransition) as excinfo:
        actions.treat_as_abandoned(request, by=staff)
    assert message(excinfo) == ("The requester may correct the request until 2026-03-20 (政府信息公开条例 第30条): "
                                "it is taken as given up only after that day.")
    request = actions.treat_as_abandoned(request, by=staff)
    assert (request.status, request.closed_on, request.next_deadline) == ("abandoned", D(2026, 3, 21), None)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reply(request, by=staff, reply_type="disclosed", **REPLY)
    assert message(excinfo) == ("The reply to the request is recorded while the request is “received, being "
                                "handled”; it is “closed: not corrected, taken as given up”.")


def test_the_daily_job_closes_the_requests_not_corrected_once(receive, staff):
    waiting = _correcting(receive, staff)
    later = _correcting(receive, staff, ends=D(2026, 3, 27))
    assert actions.expire(D(2026, 3, 20)) == 0
    assert actions.expire(D(2026, 3, 21), dry_run=True) == 1
    with at(D(2026, 3, 21)):
        assert actions.expire(D(2026, 3, 21)) == 1
        assert actions.expire(D(2026, 3, 21)) == 0
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert (waiting.status, waiting.closed_on) == ("abandoned", D(2026, 3, 21))
    assert later.status == "correcting"


def test_the_daily_job_is_registered():
    from fazhi.core import tick

    assert "disclosure.expire" in tick._jobs


# -- consultation (第32、34条) -------------------------------------------------------------------------------------------


def test_one_consultation_at_a_time_and_no_reply_while_it_runs(receive, staff):
    request = _consulting(receive, staff)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.start_consultation(request, by=staff, consultation_kind="other_agency", consulted_party="县财政局",
                                   consultation_sent_on=D(2026, 3, 11))
    assert excinfo.value.code == "status"
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reply(request, by=staff, reply_type="disclosed", **REPLY)
    assert message(excinfo) == (
        "示范县某食品有限公司 is being consulted: record its view, or its silence once its 15 working days end, before "
        "replying (政府信息公开条例 第32、34条).")


def test_silence_is_recorded_only_after_the_15_working_days(receive, staff):
    request = _consulting(receive, staff)  # the answer is due Tue 31 March
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 31),
                                           consultation_opinion="no_answer")
    assert message(excinfo, "consultation_answered_on") == (
        "示范县某食品有限公司 may answer until 2026-03-31 (政府信息公开条例 第32条): record its silence after that day.")
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 4, 1),
                                                 consultation_opinion="no_answer")
    assert request.status == "received" and request.consultation_due is None


def test_a_consultation_and_its_answer_are_dated_in_order(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.start_consultation(request, by=staff, consultation_kind="third_party", consulted_party="某公司",
                                   consultation_sent_on=D(2026, 3, 1))
    assert message(excinfo, "consultation_sent_on") == (
        "The sending of a consultation letter (2026-03-01) cannot come before the receipt of the request "
        "(2026-03-02): 政府信息公开条例 第32条.")
    request = _consulting(receive, staff)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 9),
                                           consultation_opinion="consent")
    assert "cannot come before the consulted party's receipt of the letter (2026-03-10)" in message(
        excinfo, "consultation_answered_on")


# -- extension (第33条第2款) ---------------------------------------------------------------------------------------------


def test_an_extension_needs_its_approver_and_the_notice_and_comes_before_the_period_ends(receive, staff):
    request = receive(received_on=D(2026, 3, 2))  # due Mon 30 March
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(request, by=staff, extended_on=D(2026, 3, 20), extension_days=10, extension_reason="",
                       extension_approver="", extension_notified_on=None)
    assert message(excinfo, "extension_approver") == (
        "Name the head of the disclosure office who approved the extension (政府信息公开条例 第33条第2款).")
    assert set(excinfo.value.message_dict) == {"extension_reason", "extension_approver", "extension_notified_on"}
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(request, by=staff, extended_on=D(2026, 3, 31), extension_days=10, extension_reason="档案多",
                       extension_approver="主任", extension_notified_on=D(2026, 3, 31))
    assert message(excinfo, "extended_on") == (
        "An extension is approved before the reply period ends; it ended on 2026-03-30 (政府信息公开条例 第33条第2款).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(request, by=staff, extended_on=D(2026, 3, 20), extension_days=10, extension_reason="档案多",
                       extension_approver="主任", extension_notified_on=D(2026, 3, 19))
    assert "must" not in message(excinfo, "extension_notified_on")
    assert "cannot come before the approval of the extension (2026-03-20)" in message(excinfo, "extension_notified_on")


# -- the reply (第36、37条, 第35、39条, 第42条) -------------------------------------------------------------------------------


@pytest.mark.parametrize("reply_type, field, expected", [
    ("already_public", "where_public", "Say where the information was disclosed and how to find it "
                                       "(政府信息公开条例 第36条第1项)."),
    ("not_disclosed", "reply_ground", "Choose why the information is withheld (政府信息公开条例 第14–16条)."),
    ("not_disclosed", "reply_text", "Give the reasons for withholding the information (政府信息公开条例 第36条第3项)."),
    ("partly_disclosed", "reply_text", "Give the reasons for withholding the information (政府信息公开条例 第37条)."),
    ("not_ours", "competent_agency", "Name the agency responsible for the information and its contact, or say it "
                                     "cannot be determined (政府信息公开条例 第36条第5项)."),
    ("not_ours", "reply_text", "Give the reasons why the information is not this agency's to disclose "
                               "(政府信息公开条例 第36条第5项)."),
    ("other_regime", "reply_text", "Name the law or regulation under which the information is obtained "
                                   "(政府信息公开条例 第36条第7项)."),
    ("not_processed", "reply_ground", "Choose why the request is not processed (政府信息公开条例 第35、39条)."),
])
def test_each_reply_needs_what_its_kind_says(receive, staff, reply_type, field, expected):
    request = receive()
    with pytest.raises(ValidationError) as excinfo:
        actions.reply(request, by=staff, reply_type=reply_type, **REPLY)
    assert message(excinfo, field) == expected


def test_a_ground_fits_its_reply_and_a_fee_goes_only_with_information_given(receive, staff):
    request = receive()
    with pytest.raises(ValidationError) as excinfo:
        actions.reply(request, by=staff, reply_type="not_disclosed", reply_ground="excessive", reply_text="理由",
                      **REPLY)
    assert message(excinfo, "reply_ground") == (
        "“not processed: plainly excessive requests without good reason (第35条)” is not a ground of the reply "
        "“not disclosed, with reasons (第36条第3项)”.")
    with pytest.raises(ValidationError) as excinfo:
        actions.reply(request, by=staff, reply_type="not_exist", fee=Decimal("50"), **REPLY)
    assert message(excinfo, "fee") == (
        "A processing fee is charged only for information provided (政府信息公开条例 第42条).")
    request = actions.reply(request, by=staff, reply_type="not_exist", **REPLY)
    assert (request.status, request.reply_ground, request.next_deadline) == ("replied", "not_held", None)
    charged = actions.reply(receive(), by=staff, reply_type="disclosed", fee=Decimal("100.00"), **REPLY)
    assert charged.fee == Decimal("100.00")


def test_a_late_reply_is_recorded_as_late(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.reply(request, by=staff, reply_type="disclosed", replied_on=D(2026, 3, 31), delivery="email")
    assert request.reply_due == D(2026, 3, 30) and request.replied_late
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reply(request, by=staff, reply_type="disclosed", **REPLY)
    assert excinfo.value.code == "status"


def test_a_reconsideration_or_lawsuit_comes_after_the_reply_and_its_result_is_updated(receive, staff):
    request = receive()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_review_or_suit(request, by=staff, review_kind="reconsideration", filed_on=D(2026, 4, 1),
                                      review_outcome="pending")
    assert excinfo.value.code == "status"
    request = actions.reply(request, by=staff, reply_type="not_disclosed", reply_ground="process",
                            reply_text="过程性信息", **REPLY)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_review_or_suit(request, by=staff, review_kind="litigation", filed_on=D(2026, 3, 19),
                                      review_outcome="pending")
    assert message(excinfo, "filed_on") == (
        "The lawsuit over the reply (2026-03-19) cannot come before the reply to the request (2026-03-20): "
        "政府信息公开条例 第51条.")
    request = actions.record_review_or_suit(request, by=staff, review_kind="reconsideration",
                                            filed_on=D(2026, 4, 1), review_outcome="pending")
    request = actions.record_review_or_suit(request, by=staff, review_kind="reconsideration",
                                            filed_on=D(2026, 4, 1), review_outcome="corrected")
    assert (request.reconsideration_filed_on, request.reconsideration_outcome) == (D(2026, 4, 1), "corrected")
    assert request.litigation_outcome == ""


def test_every_change_is_audited(receive, staff):
    from fazhi.audit.actions import history_for

    request = _consulting(receive, staff)
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 16),
                                                 consultation_opinion="consent")
    actions.reply(request, by=staff, reply_type="disclosed", **REPLY)
    assert len(history_for(request)) >= 4  # received, consulting, answered, replied


# -- the portal's request (第29、31条) -----------------------------------------------------------------------------------


ONLINE = dict(requester_name="李某", requester_kind="person", id_kind="passport", id_number="E12345678",
              requester_email="li@example.invalid", description="本局2025年度行政处罚决定目录")


def test_a_portal_request_is_received_today_online_with_its_tracking_code(agency):
    from fazhi.audit.actions import history_for

    request = actions.submit_online(agency, **ONLINE, client_hash="c1")
    assert (request.channel, request.received_on, request.status) == ("online", D(2026, 11, 20), "received")
    assert request.number == "依申请公开〔2026〕1号" and request.id_number == "*****5678"
    assert request.reply_due == D(2026, 12, 18)  # 23–27 Nov, 30 Nov – 4 Dec, 7–11, 14–18 Dec
    assert actions.find_by_tracking_code(request.tracking_code.replace("-", "").lower()) == request
    assert actions.find_by_tracking_code("0000-0000-0000-0000") is None
    assert actions.find_by_tracking_code("not a code") is None
    assert history_for(request)[0].actor is None


def test_a_portal_request_needs_the_identity_document_and_is_not_sent_twice(agency):
    with pytest.raises(ValidationError) as excinfo:
        actions.submit_online(agency, **{**ONLINE, "id_kind": "", "id_number": ""})
    assert set(excinfo.value.message_dict) == {"id_kind", "id_number"}
    actions.submit_online(agency, **ONLINE)
    with pytest.raises(ValidationError) as excinfo:
        actions.submit_online(agency, **ONLINE)
    assert excinfo.value.error_dict["description"][0].code == "duplicate"
    assert "already received today" in message(excinfo, "description")


def test_a_client_sends_a_few_requests_an_hour(agency, settings):
    settings.FAZHI_DISCLOSURE_REQUESTS_PER_HOUR = 2
    for n in range(2):
        actions.submit_online(agency, **{**ONLINE, "description": f"信息{n}"}, client_hash="c2")
    with pytest.raises(ValidationError) as excinfo:
        actions.submit_online(agency, **{**ONLINE, "description": "信息3"}, client_hash="c2")
    assert excinfo.value.code == "rate_limited"
    assert actions.submit_online(agency, **{**ONLINE, "description": "信息3"}, client_hash="c3")


def test_the_portal_offers_the_active_agencies_of_the_region(world, settings):
    settings.FAZHI_DISCLOSURE_REGION = "990102"
    codes = set(actions.portal_agencies().values_list("code", flat=True))
    assert {"sfx-gov", "sfx-scj", "sfx-t01"} <= codes
    assert not codes & {"sfx-party", "sfx-office", "sfx-court", "lsx-sfj", "lsx-gov"}
    settings.FAZHI_DISCLOSURE_REGION = ""
    assert "lsx-gov" in set(actions.portal_agencies().values_list("code", flat=True))
    settings.FAZHI_DISCLOSURE_REGION = "123456"
    assert not actions.portal_agencies().exists()
    settings.FAZHI_DISCLOSURE_REGION = "990102"
    with pytest.raises(ValidationError) as excinfo:
        actions.submit_online(world.agency("lsx-gov"), **ONLINE)
    assert message(excinfo, "agency") == "This agency does not take requests here."
    assert set(Request.Status.values) == {"received", "correcting", "consulting", "replied", "abandoned"}
