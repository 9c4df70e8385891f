"""The statutory steps of a normative document: order, refusals with their reasons, deadlines, numbers."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from fazhi.core.ledger import IllegalTransition
from fazhi.deadlines.models import ProvincialDeadline
from fazhi.deadlines.service import clear_cache
from fazhi.normative import actions
from fazhi.normative.models import Document, Filing, RegistrationSeries, compute_valid_until

from .conftest import INTERPRETATION, TEXT, at

pytestmark = pytest.mark.django_db
S = Document.Status


@pytest.fixture
def filing_15_days(db):
    """The demo province files normative documents within 15 days (a provincial setting)."""
    ProvincialDeadline.objects.create(province="990000", rule_code="normative.filing", length=15,
                                      source="示范省行政规范性文件管理办法 第二十条", valid_from=date(2020, 1, 1))
    clear_cache()
    yield
    clear_cache()


def refused(call, message: str):
    """The action refuses, saying ``message`` (matched in English, the msgid)."""
    with translation.override("en"), pytest.raises(IllegalTransition) as info:
        call()
    with translation.override("en"):
        assert message in " ".join(str(m) for m in info.value.messages)


# The order of the steps ---------------------------------------------------------------------------------------


def test_a_draft_is_provisional_when_its_title_says_so(world):
    doc = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县某某管理暂行办法")
    assert doc.provisional and doc.status == S.DRAFTING and doc.created_by == world.owner


def test_publication_before_review_and_deliberation_is_refused(world, make_document):
    doc = make_document("drafting")
    refused(lambda: actions.publish_document(doc, by=world.office, published_on=date(2026, 3, 20), channel="网站",
                                             effective_from=date(2026, 3, 20)),
            "A document cannot be published before it has passed the legality review and been deliberated")
    doc = make_document("deliberation", title="示范县另一办法")
    refused(lambda: actions.publish_document(doc, by=world.office, published_on=date(2026, 3, 20), channel="网站",
                                             effective_from=date(2026, 3, 20)),
            "passed the legality review and been deliberated")
    doc.refresh_from_db()
    assert doc.status == S.DELIBERATION and not doc.filings.exists()


def test_publication_before_registration_is_refused(world, make_document):
    doc = make_document("deliberated")
    refused(lambda: actions.publish_document(doc, by=world.office, published_on=date(2026, 3, 20), channel="网站",
                                             effective_from=date(2026, 3, 20)),
            "before it has been registered and numbered")


def test_filing_before_publication_is_refused(world, make_document):
    doc = make_document("registered")
    refused(lambda: actions.file_document(doc, by=world.owner, addressee_kind=Filing.Addressee.OWN_GOVERNMENT,
                                          filed_on=date(2026, 3, 20)),
            "A document cannot be filed before it is published")


def test_deliberation_before_the_review_passed_is_refused(world, make_document):
    doc = make_document("legality_review")
    refused(lambda: actions.record_deliberation(doc, by=world.owner, meeting="局务会议", deliberated_on=date(2026, 3, 9)),
            "before it has passed the legality review")


def test_registration_before_deliberation_is_refused(world, make_document):
    doc = make_document("deliberation")
    refused(lambda: actions.register_document(doc, by=world.office, registered_on=date(2026, 3, 10)),
            "cannot be registered before it has passed the legality review and been deliberated")
    assert not RegistrationSeries.objects.exists() or RegistrationSeries.objects.get().last_number == 0


def test_review_without_submission_is_refused(world, make_document):
    doc = make_document("drafting")
    refused(lambda: actions.record_review(doc, by=world.office, passed=True, opinion="同意",
                                          completed_on=date(2026, 3, 5)),
            "has not been submitted for legality review")


def test_only_the_regions_office_reviews_registers_and_publishes(world, make_document):
    doc = make_document("legality_review")
    refused(lambda: actions.record_review(doc, by=world.owner, passed=True, opinion="同意", completed_on=date(2026, 3, 5)),
            "Only the rule-of-law office of 示范县 may record the legality review")
    outsider_office = world.outsider  # a clerk of another county cannot either
    refused(lambda: actions.record_review(doc, by=outsider_office, passed=True, opinion="同意",
                                          completed_on=date(2026, 3, 5)), "Only the rule-of-law office")
    doc = make_document("deliberated", title="示范县第二办法")
    refused(lambda: actions.register_document(doc, by=world.owner, registered_on=date(2026, 3, 12)),
            "may register and number documents")


def test_submission_needs_public_comment_or_a_reason(world, make_document):
    doc = make_document("drafting")
    refused(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 3, 2)),
            "Publish the draft for public comment first, or give the reason")


def test_submission_waits_for_the_comment_period_and_its_feedback(world, make_document):
    with at(date(2026, 3, 2)):
        doc = make_document("drafting", concerns_market_entities=True)
        with pytest.raises(ValidationError, match="at least 2026-04-01"):  # market entities: ≥ 30 days
            actions.open_public_comment(doc, by=world.owner, opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 13))
        doc.refresh_from_db()
        assert doc.status == S.DRAFTING
        doc = actions.open_public_comment(doc, by=world.owner, opens_on=date(2026, 3, 2), closes_on=date(2026, 4, 1))
        assert doc.status == S.CONSULTATION and doc.next_deadline == date(2026, 4, 1)
        consultation = actions.consultation_of(doc)
        assert consultation.kind == "market"
        refused(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 3, 10)),
                "The public comment period closes on 2026-04-01")
    with at(date(2026, 4, 3)):
        from fazhi.consultation.actions import conclude_consultation

        conclude_consultation(consultation, by=world.owner, feedback="未收到意见。")
        doc = actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 4, 3))
    assert doc.status == S.LEGALITY_REVIEW and doc.consultation_skipped_reason == ""


def test_a_failed_review_returns_the_draft_with_its_opinion(world, make_document):
    doc = make_document("legality_review")
    doc = actions.record_review(doc, by=world.office, passed=False, opinion="第二条与上位法不一致。",
                                completed_on=date(2026, 3, 6))
    assert doc.status == S.DRAFTING and doc.review_passed is False and doc.review_opinion == "第二条与上位法不一致。"
    doc = actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 3, 10))
    assert doc.review_count == 2 and doc.review_passed is None


def test_publication_needs_the_interpretation(world, make_document):
    doc = make_document("registered")
    refused(lambda: actions.publish_document(doc, by=world.office, published_on=date(2026, 3, 12), channel="网站",
                                             effective_from=date(2026, 3, 12), interpretation=""),
            "Attach the policy interpretation (政策解读)")


def test_edit_after_review_is_refused(world, make_document):
    doc = make_document("deliberation")
    refused(lambda: actions.edit_document(doc, by=world.owner, title="新标题"),
            "can be changed only while it is being drafted or under public comment")


# Deadlines ----------------------------------------------------------------------------------------------------


def test_legality_review_limit_in_working_days_across_national_day(world, make_document):
    # 15 working days from 2025-09-26: 国庆 2025-10-01…08 off, 9-28 and 10-11 make-up working days.
    doc = make_document("legality_review", start=date(2025, 9, 26))
    assert doc.review_due == date(2025, 10, 23) and doc.next_deadline == date(2025, 10, 23)
    doc = actions.record_review(doc, by=world.office, passed=True, opinion="同意", completed_on=date(2025, 10, 10))
    assert actions.review_working_days(doc) == 5


def test_a_deadline_in_a_year_without_holiday_table_is_given_provisionally(world, make_document):
    doc = make_document("drafting")
    with at(date(2026, 12, 21)):
        doc = actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 12, 21), skip_reason="内部")
    assert doc.status == S.LEGALITY_REVIEW and doc.review_due == date(2027, 1, 11)  # on weekends alone


def test_filing_due_by_the_provincial_setting_across_national_day(world, make_document, filing_15_days):
    """Published 2025-09-26 with a 15-day provincial period: due 2025-10-11 (calendar days, 国庆 counted)."""
    with at(date(2025, 10, 20)):
        doc = make_document("registered", start=date(2025, 9, 10))
        doc = actions.publish_document(doc, by=world.office, published_on=date(2025, 9, 26), channel="县政府网站",
                                       effective_from=date(2025, 10, 26))
        filing = doc.filings.get()
        assert filing.addressee_kind == Filing.Addressee.OWN_GOVERNMENT
        assert "示范县人民政府" in filing.addressee_name and "司法局" in filing.addressee_name
        assert filing.due_on == date(2025, 10, 11) and doc.filing_due == date(2025, 10, 11)
        assert "15" in filing.due_explanation
        assert doc.next_deadline == date(2025, 10, 11)
        filing = actions.record_filing(filing, by=world.owner, filed_on=date(2025, 10, 13), receipt="备2025-031")
    assert filing.is_late
    doc.refresh_from_db()
    assert doc.status == S.IN_FORCE and doc.filing_due is None


def test_filing_due_falls_back_to_30_days_without_a_provincial_setting(world, make_document):
    clear_cache()
    doc = make_document("published", start=date(2025, 9, 10))
    assert doc.published_on == date(2025, 9, 19)
    assert doc.filings.get().due_on == date(2025, 10, 19)


def test_a_government_document_is_filed_with_the_city_and_the_county_congress(world, make_document):
    doc = make_document("published", agency="sfx-fgj", kind="government", title="示范县政府文件")
    kinds = dict(doc.filings.values_list("addressee_kind", "addressee__code"))
    assert kinds == {Filing.Addressee.UPPER_GOVERNMENT: "sfs-gov", Filing.Addressee.PEOPLES_CONGRESS: "sfx-npc"}
    with at(date(2026, 4, 30)):
        actions.file_document(doc, by=world.office, addressee_kind=Filing.Addressee.UPPER_GOVERNMENT,
                              filed_on=date(2026, 3, 20))
        doc.refresh_from_db()
        assert doc.status == S.PUBLISHED  # one filing still missing
        actions.file_document(doc, by=world.office, addressee_kind=Filing.Addressee.PEOPLES_CONGRESS,
                              filed_on=date(2026, 3, 21))
    doc.refresh_from_db()
    assert doc.status == S.IN_FORCE and doc.next_deadline == doc.expiry_warning_on


def test_validity_five_years_or_two_when_provisional_with_a_warning_six_months_before(world, make_document):
    doc = make_document("published")
    assert doc.effective_from == date(2026, 3, 11)
    assert doc.valid_until == date(2031, 3, 10)
    assert doc.expiry_warning_on == date(2030, 9, 10)
    provisional = make_document("published", title="示范县某某试行办法")
    assert provisional.provisional and provisional.valid_until == date(2028, 3, 10)
    assert provisional.expiry_warning_on == date(2027, 9, 10)


def test_validity_years_are_settings(settings):
    settings.FAZHI_NORMATIVE_VALIDITY_YEARS = 3
    settings.FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS = 1
    assert compute_valid_until(date(2024, 2, 29), provisional=False) == date(2027, 2, 27)
    assert compute_valid_until(date(2024, 3, 1), provisional=True) == date(2025, 2, 28)


def test_a_document_expires_only_after_its_validity(world, make_document):
    doc = make_document("in_force", title="示范县某某暂行办法")
    refused(lambda: actions.expire_document(doc, by=world.office, on=date(2027, 1, 1)), "it cannot expire before then")
    assert actions.expire_lapsed_documents(date(2028, 3, 11)) == 1
    doc.refresh_from_db()
    assert doc.status == S.EXPIRED and doc.public_status() == "expired" and doc.next_deadline is None


# Registration numbers (三统一) ----------------------------------------------------------------------------------


def test_numbers_run_per_region_and_year_without_gaps(world, make_document):
    docs = [make_document("deliberated", title=f"示范县第{i}号办法") for i in range(3)]
    numbers = [actions.register_document(d, by=world.office, registered_on=date(2026, 3, 10)).number for d in docs]
    assert numbers == ["示范规〔2026〕001号", "示范规〔2026〕002号", "示范规〔2026〕003号"]
    # A refused registration uses no number.
    late = make_document("deliberation", title="示范县未审议办法")
    with pytest.raises(IllegalTransition):
        actions.register_document(late, by=world.office, registered_on=date(2026, 3, 10))
    assert RegistrationSeries.objects.get(year=2026).last_number == 3
    nxt = make_document("deliberated", title="示范县第4号办法")
    assert actions.register_document(nxt, by=world.office, registered_on=date(2026, 3, 10)).sequence == 4
    # A new year starts again at 001, with the pattern the administrator set for the region.
    series = RegistrationSeries.objects.get(year=2026)
    series.region_abbr, series.pattern = "示县", "{region_abbr}规〔{year}〕{seq:03d}"
    series.save()
    following = make_document("deliberated", title="示范县次年办法")
    with at(date(2027, 1, 4)):
        assert actions.register_document(following, by=world.office, registered_on=date(2027, 1, 4)).number == \
            "示县规〔2027〕001"


def test_a_duplicate_number_is_refused_by_the_database(world, make_document):
    from django.db import IntegrityError, transaction

    a = actions.register_document(make_document("deliberated", title="甲"), by=world.office,
                                  registered_on=date(2026, 3, 10))
    b = make_document("deliberated", title="乙")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=b.pk).update(series=a.series, sequence=a.sequence)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_registrations_take_consecutive_numbers(world, make_document):
    from django.db import connections

    docs = [make_document("deliberated", title=f"并发办法{i}") for i in range(8)]
    barrier = threading.Barrier(len(docs))
    errors: list[Exception] = []

    def register(doc):
        try:
            barrier.wait()
            actions.register_document(doc, by=world.office, registered_on=date(2026, 3, 10))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    sequences = sorted(Document.objects.filter(pk__in=[d.pk for d in docs]).values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))
    assert RegistrationSeries.objects.get(year=2026).last_number == 8


# The end and cleanups ------------------------------------------------------------------------------------------


def test_cleanup_proposals_decisions_and_result(world, make_document):
    keep = make_document("in_force", title="保留办法")
    drop = make_document("in_force", title="废止办法")
    change = make_document("in_force", agency="sfx-jyj", title="修改办法")
    make_document("deliberated", title="未发布办法")  # not in force: not in the cleanup
    office = world.agency("sfx-office")
    cleanup = actions.open_cleanup(office=office, by=world.office, title="2026年清理", opened_on=date(2026, 4, 1),
                                   covers_until=date(2026, 3, 31), due_on=date(2026, 5, 31))
    proposals = {p.document_id: p for p in cleanup.proposals.all()}
    assert set(proposals) == {keep.pk, drop.pk, change.pk}
    assert cleanup.next_deadline == date(2026, 5, 31)
    refused(lambda: actions.open_cleanup(office=office, by=world.office, title="又一次", opened_on=date(2026, 4, 2),
                                         covers_until=date(2026, 3, 31), due_on=date(2026, 5, 31)), "already open")
    refused(lambda: actions.decide_proposal(proposals[keep.pk], by=world.office, choice="keep",
                                            decided_on=date(2026, 4, 10)), "has not made its proposal")
    refused(lambda: actions.propose(proposals[change.pk], by=world.owner, choice="keep"), "You may not change")
    refused(lambda: actions.propose(proposals[drop.pk], by=world.owner, choice="abolish"), "Give the reason")
    actions.propose(proposals[keep.pk], by=world.owner, choice="keep")
    actions.propose(proposals[drop.pk], by=world.owner, choice="abolish", reason="已不适应实际")
    actions.propose(proposals[change.pk], by=world.colleague, choice="revise", reason="上位法修改")
    refused(lambda: actions.decide_proposal(proposals[keep.pk], by=world.owner, choice="keep",
                                            decided_on=date(2026, 4, 10)), "Only the rule-of-law office")
    actions.decide_proposal(proposals[keep.pk], by=world.office, choice="keep", decided_on=date(2026, 4, 10))
    actions.decide_proposal(proposals[drop.pk], by=world.office, choice="abolish", decided_on=date(2026, 4, 10))
    refused(lambda: actions.publish_cleanup(cleanup, by=world.office, published_on=date(2026, 4, 20)),
            "1 documents still have no decision")
    actions.decide_proposal(proposals[change.pk], by=world.office, choice="revise", decided_on=date(2026, 4, 11))
    cleanup = actions.publish_cleanup(cleanup, by=world.office, published_on=date(2026, 4, 20))
    assert cleanup.status == "published" and cleanup.next_deadline is None
    statuses = dict(Document.objects.filter(pk__in=[keep.pk, drop.pk, change.pk]).values_list("pk", "status"))
    assert statuses == {keep.pk: S.IN_FORCE, drop.pk: S.ABOLISHED, change.pk: S.REVISED}
    refused(lambda: actions.abolish_document(Document.objects.get(pk=drop.pk), by=world.owner, on=date(2026, 5, 1),
                                             reason="再次"), "still in force")


def test_a_document_has_text_before_review(world):
    doc = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="无正文办法")
    refused(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 3, 2), skip_reason="内部"),
            "Write the draft text")
    doc = actions.edit_document(doc, by=world.owner, full_text=TEXT, interpretation=INTERPRETATION)
    assert actions.submit_for_review(doc, by=world.owner, submitted_on=date(2026, 3, 2), skip_reason="内部").status \
        == S.LEGALITY_REVIEW


# Dates held against each other (one procedure: fazhi/normative/procedure.py) ------------------------------------


def _field_error(call, field: str) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        call()
    return " ".join(info.value.message_dict[field])


def test_the_review_is_submitted_after_the_comment_period_and_its_feedback(world):
    """Comments taken until 2025-10-13 (7 working days over 国庆); the feedback published 10-15: a submission
    dated 10-10 or 10-14 is refused."""
    with at(date(2025, 9, 1)):
        doc = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县示范管理办法",
                                     full_text=TEXT, interpretation=INTERPRETATION)
        doc = actions.open_public_comment(doc, by=world.owner, opens_on=date(2025, 9, 26),
                                          closes_on=date(2025, 10, 13))
    with at(date(2025, 10, 20)):
        from fazhi.consultation.actions import conclude_consultation

        conclude_consultation(actions.consultation_of(doc), by=world.owner, feedback="未收到意见。",
                              published_on=date(2025, 10, 15))
        message = _field_error(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2025, 10, 10)),
                               "submitted_on")
        assert message == ("The submission for legality review (2025-10-10) must come after the end of the public "
                           "comment period (2025-10-13): 国办发〔2018〕37号.")
        message = _field_error(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2025, 10, 14)),
                               "submitted_on")
        assert "cannot come before the publication of the feedback on comments (2025-10-15)" in message
        # Nothing was recorded by the refusals; a date ahead of today is refused the same way as in every ledger.
        doc.refresh_from_db()
        assert doc.status == S.CONSULTATION and doc.review_submitted_on is None
        message = _field_error(lambda: actions.submit_for_review(doc, by=world.owner, submitted_on=date(2025, 10, 24)),
                               "submitted_on")
        assert "after today (2025-10-20)" in message
        doc = actions.submit_for_review(doc, by=world.owner, submitted_on=date(2025, 10, 15))
    assert doc.status == S.LEGALITY_REVIEW


def test_numbers_follow_the_dates_of_registration(world, make_document):
    first, second = (make_document("deliberated", title=f"示范县第{i}号办法") for i in (1, 2))
    actions.register_document(first, by=world.office, registered_on=date(2026, 3, 20))
    message = _field_error(lambda: actions.register_document(second, by=world.office, registered_on=date(2026, 3, 12)),
                           "registered_on")
    assert "last registration in the region's series (2026-03-20)" in message
    assert RegistrationSeries.objects.get(year=2026).last_number == 1  # the refusal took no number
    assert actions.register_document(second, by=world.office, registered_on=date(2026, 3, 20)).sequence == 2


def test_taking_effect_within_30_days_of_publication_needs_a_reason(world, make_document, settings):
    doc = make_document("registered")
    publish = dict(by=world.office, published_on=date(2026, 3, 12), channel="县政府网站")
    message = _field_error(lambda: actions.publish_document(doc, **publish, effective_from=date(2026, 3, 12)),
                           "early_effect_reason")
    assert "2026-04-11 at the earliest" in message
    doc = actions.publish_document(doc, **publish, effective_from=date(2026, 3, 12),
                                   early_effect_reason="涉及群众切身利益，需立即施行")
    assert doc.early_effect_reason == "涉及群众切身利益，需立即施行"
    settings.FAZHI_NORMATIVE_EFFECT_DELAY_DAYS = 0  # a province without the rule
    other = actions.publish_document(make_document("registered", title="示范县另一办法"), **publish,
                                     effective_from=date(2026, 3, 12), early_effect_reason="多余")
    assert other.early_effect_reason == ""


def test_the_daily_tick_expires_documents_whose_validity_ran_out(world, make_document):
    from fazhi.core.tick import run_tick

    doc = make_document("in_force", title="示范县某某暂行办法")  # provisional: valid 2 years
    with at(doc.valid_until):
        assert run_tick(dry_run=True).jobs["normative.expire"] == 0
    with at(doc.valid_until + timedelta(days=1)):
        assert run_tick(dry_run=True).jobs["normative.expire"] == 1
        doc.refresh_from_db()
        assert doc.status == S.IN_FORCE  # a dry run changes nothing
        assert run_tick().jobs["normative.expire"] == 1
    doc.refresh_from_db()
    assert doc.status == S.EXPIRED and doc.public_status() == "expired"
