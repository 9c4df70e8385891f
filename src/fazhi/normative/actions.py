"""What people do with normative documents (规范性文件): every state change is one of these audited actions.

Who may act (legal-rules §3; 国办发〔2018〕37号, 115号):

- the drafting agency's clerks (and the office of its region) draft, edit, open public comment, submit
  for legality review, record the collective deliberation and record the filings;
- the rule-of-law office of the region (or above) records the legality review, registers and numbers the
  document and publishes it (三统一), opens cleanups and decides on proposals;
- leaders and supervisors read.

Every refused move raises ``IllegalTransition`` (a ``ValidationError``) whose message says why.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.clock import due
from fazhi.normative.models import (
    Cleanup,
    CleanupProposal,
    Document,
    Filing,
    OpinionSeries,
    RegistrationSeries,
    compute_valid_until,
    looks_provisional,
)
from fazhi.normative.procedure import PROCEDURE, dates_of
from fazhi.org.models import Agency, Region
from fazhi.org.scope import is_office_for, scope_for

__all__ = [
    "abolish_document", "attach_interpretation", "can_draft", "consultation_of", "decide_proposal", "draft_document", "edit_document",
    "examine_filing", "expire_document", "expire_lapsed_documents", "file_document", "filing_addressees",
    "is_office_for", "open_cleanup", "open_public_comment", "propose", "publish_cleanup", "publish_document",
    "record_deliberation", "record_filing", "record_review", "register_document", "revise_document",
    "submit_for_review",
]

S = Document.Status
#: Fields a clerk may change while the document is being drafted or is out for comment.
EDITABLE_FIELDS = ("title", "kind", "provisional", "concerns_market_entities", "summary", "full_text",
                   "interpretation")
EDITABLE_STATUSES = (S.DRAFTING, S.CONSULTATION)
BEFORE_REVIEW_PASSED = (S.DRAFTING, S.CONSULTATION, S.LEGALITY_REVIEW)


# Who may act -----------------------------------------------------------------------------------------------


def can_draft(user, agency: Agency) -> bool:
    return scope_for(user).can_write_agency(agency.pk)


def _require_writer(document: Document, by) -> None:
    if not can_draft(by, document.agency):
        raise IllegalTransition(
            _("You may not change the documents of %(agency)s.") % {"agency": document.agency}, code="forbidden",
        )


def _require_office(agency: Agency, by, what: str) -> None:
    if not is_office_for(by, agency):
        raise IllegalTransition(
            _("Only the rule-of-law office of %(region)s may %(what)s.") % {"region": agency.region, "what": what},
            code="office_only",
        )


def _require(condition: bool, message: str, code: str = "invalid") -> None:
    if not condition:
        raise IllegalTransition(message, code=code)


def _text(value) -> str:
    return (value or "").strip()


# Public consultation (through the consultation app's actions) ------------------------------------------------


def _consultation_actions():
    from fazhi.consultation import actions

    return actions


def consultation_of(document: Document):
    """Return the latest public consultation on the document, or None."""
    return _consultation_actions().consultation_for(document)


def _consultation_done(document: Document) -> bool:
    return _consultation_actions().consultation_done(document)


# Drafting ---------------------------------------------------------------------------------------------------


def draft_document(*, agency: Agency, by, title: str, kind: str = Document.Kind.DEPARTMENT,
                   concerns_market_entities: bool = False, provisional: bool | None = None, summary: str = "",
                   full_text: str = "", interpretation: str = "") -> Document:
    """Start a draft in the drafting agency's name; 暂行/试行 in the title marks it provisional."""
    title = _text(title)
    _require(bool(title), _("Give the document a title."), "title_required")
    document = Document(
        agency=agency, title=title, kind=kind, concerns_market_entities=concerns_market_entities,
        provisional=looks_provisional(title) if provisional is None else (provisional or looks_provisional(title)),
        summary=summary, full_text=full_text, interpretation=interpretation, year=timezone.localdate().year,
    )
    return create_record(document, by=by)


def edit_document(document: Document, *, by, **values) -> Document:
    """Change the draft's title, kind, texts or flags; only while drafting or under public comment."""
    _require_writer(document, by)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _require(document.status in EDITABLE_STATUSES,
             _("The document can be changed only while it is being drafted or under public comment; it is now "
               "“%(status)s”.") % {"status": document.get_status_display()}, "not_editable")
    if "title" in values:
        values["title"] = _text(values["title"])
        _require(bool(values["title"]), _("Give the document a title."), "title_required")
        if looks_provisional(values["title"]):
            values["provisional"] = True
    return change_record(document, by=by, **values)


def attach_interpretation(document: Document, *, by, text: str) -> Document:
    """Write the policy interpretation (政策解读), which is published with the document; until publication."""
    _require_writer(document, by)
    _require(not document.is_published,
             _("The document is already published; its interpretation was published with it."), "published")
    return change_record(document, by=by, interpretation=_text(text))


def open_public_comment(document: Document, *, by, opens_on: dt.date, closes_on: dt.date, title: str = "",
                        body: str = "", explanation: str = "", shortened_reason: str = "") -> Document:
    """Publish the draft for comment (≥ 7 working days; ≥ 30 days if it concerns market entities)."""
    _require_writer(document, by)
    _require(document.status == S.DRAFTING,
             _("Only a draft can be opened for public comment; the document is now “%(status)s”.")
             % {"status": document.get_status_display()}, "not_drafting")
    body = body or document.full_text
    _require(bool(_text(body)), _("Write the draft text before publishing it for comment."), "text_required")
    with transaction.atomic():
        consultation = _consultation_actions().open_consultation(
            document, by=by, kind="market" if document.concerns_market_entities else "normative",
            title=title or document.title, body=body, opens_on=opens_on, closes_on=closes_on,
            explanation=explanation, shortened_reason=shortened_reason,
        )
        return transition(document, S.CONSULTATION, by=by, allowed_from=[S.DRAFTING],
                           comment_closes_on=consultation.closes_on)


# Legality review (合法性审核) ---------------------------------------------------------------------------------


def submit_for_review(document: Document, *, by, submitted_on: dt.date, skip_reason: str = "") -> Document:
    """Send the draft to the rule-of-law office for legality review; the province's limit starts."""
    _require_writer(document, by)
    _require(document.status in (S.DRAFTING, S.CONSULTATION),
             _("Only a draft can be submitted for legality review; the document is now “%(status)s”.")
             % {"status": document.get_status_display()}, "not_drafting")
    _require(bool(_text(document.full_text)), _("Write the draft text before submitting it for legality review."),
             "text_required")
    values: dict = {}
    consultation = consultation_of(document)
    if consultation is not None and not _consultation_done(document):
        raise IllegalTransition(
            _("The public comment period closes on %(date)s; the document can go to legality review once it has "
              "closed and the adoption of comments (采纳情况) is recorded.")
            % {"date": consultation.closes_on.isoformat()}, code="consultation_open",
        )
    if consultation is not None:
        _consultation_actions().require_full_period(consultation)
    else:
        reason = _text(skip_reason) or document.consultation_skipped_reason
        _require(bool(reason),
                 _("Publish the draft for public comment first, or give the reason why it is not published for "
                   "comment."), "consultation_required")
        values["consultation_skipped_reason"] = reason
    PROCEDURE.check_date("submit_review", submitted_on, dates_of(document, consultation), field="submitted_on")
    deadline = due("normative.legality_review", submitted_on, document.agency)
    return transition(
        document, S.LEGALITY_REVIEW, by=by, allowed_from=[S.DRAFTING, S.CONSULTATION],
        review_submitted_on=submitted_on, review_due=deadline.due, review_completed_on=None, review_passed=None,
        review_opinion="", reviewer="", review_count=document.review_count + 1, **values,
    )


@transaction.atomic
def record_review(document: Document, *, by, passed: bool, opinion: str, completed_on: dt.date,
                  reviewer: str = "", signatory: str = "") -> Document:
    """Record the office's legality review: passed → on to deliberation; not passed → back to drafting.

    The opinion is issued as a 合法性审核意见书 with the region's next number for the year (``opinion_number``),
    signed by ``signatory`` (the office's head; the reviewer when not given); ``opinion_docx`` prints it."""
    _require_office(document.agency, by, _("record the legality review"))
    _require(document.status == S.LEGALITY_REVIEW,
             _("The document has not been submitted for legality review; it is now “%(status)s”.")
             % {"status": document.get_status_display()}, "not_under_review")
    _require(bool(_text(opinion)), _("Write the legality review opinion (审核意见)."), "opinion_required")
    PROCEDURE.check_date("review", completed_on, dates_of(document), field="completed_on")
    reviewer = _text(reviewer) or str(by)
    return transition(
        document, S.DELIBERATION if passed else S.DRAFTING, by=by, allowed_from=[S.LEGALITY_REVIEW],
        reason="" if passed else _text(opinion), review_passed=bool(passed), review_opinion=_text(opinion),
        review_completed_on=completed_on, reviewer=reviewer, review_signatory=_text(signatory) or reviewer,
        review_number=opinion_number(document.agency.region, completed_on.year),
    )


def opinion_number(region: Region, year: int) -> str:
    """Take the region's next legality review opinion number for ``year`` (in the caller's transaction), in the
    pattern FAZHI_NORMATIVE_OPINION_NUMBER_PATTERN, e.g. 示范法审〔2026〕3号."""
    from django.conf import settings

    series, _created = OpinionSeries.objects.get_or_create(region=region, year=year)
    series = OpinionSeries.objects.select_for_update().get(pk=series.pk)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    registration = RegistrationSeries.objects.filter(region=region).order_by("-year").first()
    abbr = registration.region_abbr if registration else default_region_abbr(region)
    pattern = settings.FAZHI_NORMATIVE_OPINION_NUMBER_PATTERN
    return pattern.format(region_abbr=abbr, year=year, seq=series.last_number)


def review_due_of(document: Document) -> dt.date | None:
    """The last day of the legality review submitted on ``review_submitted_on`` (a ``CLOCKS`` computation)."""
    if document.review_submitted_on is None:
        return None
    return due("normative.legality_review", document.review_submitted_on, document.agency).due


def filing_due_of(document: Document) -> dt.date | None:
    """Date again the filings not yet made, from the publication, and return the earliest (a ``CLOCKS``
    computation)."""
    if document.published_on is None:
        return None
    deadline = due("normative.filing", document.published_on, document.agency)
    pending = list(document.filings.filter(filed_on__isnull=True))
    for filing in pending:
        filing.due_on, filing.due_explanation = deadline.due, deadline.explain("zh")
        filing.save(update_fields=["due_on", "due_explanation"])
    return deadline.due if pending else None


def review_working_days(document: Document) -> int | None:
    """Return the working days the legality review took (or has taken so far), by the work calendar."""
    from fazhi.clock import CalendarNotCovered
    from fazhi.deadlines.service import work_calendar

    if document.review_submitted_on is None:
        return None
    end = document.review_completed_on or timezone.localdate()
    try:
        return work_calendar().working_days_between(document.review_submitted_on, end)
    except CalendarNotCovered:
        return None


# Collective deliberation, registration and publication ------------------------------------------------------


def record_deliberation(document: Document, *, by, meeting: str, deliberated_on: dt.date) -> Document:
    """Record the collective deliberation (集体审议) of a document that passed the legality review."""
    _require_writer(document, by)
    if document.status in BEFORE_REVIEW_PASSED:
        raise IllegalTransition(
            _("A document cannot go to collective deliberation before it has passed the legality review "
              "(国办发〔2018〕37号)."), code="review_not_passed",
        )
    _require(document.status == S.DELIBERATION,
             _("The deliberation of this document was already recorded."), "already_deliberated")
    _require(bool(_text(meeting)), _("Name the meeting that deliberated the document."), "meeting_required")
    PROCEDURE.check_date("deliberation", deliberated_on, dates_of(document), field="deliberated_on")
    return transition(document, S.DELIBERATED, by=by, allowed_from=[S.DELIBERATION],
                      deliberation_meeting=_text(meeting), deliberated_on=deliberated_on)


def default_region_abbr(region: Region) -> str:
    """Return a first guess at the region's abbreviation: its name without the level suffix."""
    name = region.name
    for suffix in ("自治县", "自治州", "街道", "县", "市", "区", "镇", "乡", "省"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _series_for_update(region: Region, year: int) -> RegistrationSeries:
    """Return the region's series for ``year``, locked for this transaction; create it on first use."""
    from django.conf import settings

    qs = RegistrationSeries.objects.select_for_update()
    series = qs.filter(region=region, year=year).first()
    if series is None:
        pattern = getattr(settings, "FAZHI_NORMATIVE_NUMBER_PATTERN", "") or None
        previous = RegistrationSeries.objects.filter(region=region).order_by("-year").first()
        try:
            with transaction.atomic():  # a savepoint: another registration may create it at the same time
                RegistrationSeries.objects.create(
                    region=region, year=year,
                    region_abbr=previous.region_abbr if previous else default_region_abbr(region),
                    **({"pattern": previous.pattern} if previous else ({"pattern": pattern} if pattern else {})),
                )
        except IntegrityError:
            pass
        series = qs.get(region=region, year=year)
    return series


@transaction.atomic
def register_document(document: Document, *, by, registered_on: dt.date) -> Document:
    """Register the document and give it the region's next number (统一登记、统一编号), without gaps.

    The series row is locked (``select_for_update``) until the transaction ends, so two registrations at
    the same time take consecutive numbers; if anything fails the number is not used.
    """
    _require_office(document.agency, by, _("register and number documents"))
    document = Document.objects.select_related("agency__region").get(pk=document.pk)
    if document.status in (*BEFORE_REVIEW_PASSED, S.DELIBERATION):
        raise IllegalTransition(
            _("A document cannot be registered before it has passed the legality review and been deliberated."),
            code="not_deliberated",
        )
    _require(document.status == S.DELIBERATED,
             _("The document is already registered under %(number)s.") % {"number": document.number},
             "already_registered")
    PROCEDURE.check_date("register", registered_on, dates_of(document), field="registered_on")
    series = _series_for_update(document.agency.region, registered_on.year)
    last = series.documents.aggregate(last=Max("registered_on"))["last"]  # read under the series' lock
    PROCEDURE.check_date("register", registered_on, {"last_registration": last}, field="registered_on")
    sequence = series.last_number + 1
    series.last_number = sequence
    series.save(update_fields=["last_number"])
    return transition(document, S.REGISTERED, by=by, allowed_from=[S.DELIBERATED], series=series,
                      sequence=sequence, number=series.format(sequence), registered_on=registered_on,
                      year=registered_on.year)


def issuer_of(document: Document) -> Agency:
    """Return the issuing body: the government for a government document, else the drafting agency."""
    agency = document.agency
    if document.kind == Document.Kind.GOVERNMENT and agency.kind not in (Agency.Kind.GOVERNMENT, Agency.Kind.TOWNSHIP):
        government = Agency.objects.filter(region=agency.region, kind=Agency.Kind.GOVERNMENT,
                                           is_active=True).first()
        if government is not None:
            return government
    return agency


def filing_addressees(document: Document) -> list[tuple[str, Agency | None, str]]:
    """Return ``(kind, agency, name)`` of each body the document is filed with (legal-rules §3.5).

    A government's document goes to the government one level up and to the same-level 人大常委会; a
    township's to the county government; a department's to its own government, through the 司法局.
    """
    A = Filing.Addressee
    issuer = issuer_of(document)
    region = issuer.region

    def government_of(reg: Region | None) -> Agency | None:
        if reg is None:
            return None
        return Agency.objects.filter(region=reg, kind=Agency.Kind.GOVERNMENT, is_active=True).first()

    found: list[tuple[str, Agency | None, str]] = []
    if issuer.kind == Agency.Kind.GOVERNMENT:
        upper = government_of(region.parent)
        found.append((A.UPPER_GOVERNMENT, upper, upper.name if upper else _("the government one level up")))
        congress = Agency.objects.filter(region=region, kind=Agency.Kind.PEOPLES_CONGRESS, is_active=True).first()
        found.append((A.PEOPLES_CONGRESS, congress,
                      congress.name if congress else _("the same-level people's congress standing committee")))
    elif issuer.kind == Agency.Kind.TOWNSHIP:
        upper = government_of(region.parent)
        found.append((A.UPPER_GOVERNMENT, upper, upper.name if upper else _("the government one level up")))
    else:
        own = government_of(region)
        name = own.name if own else _("the same-level government")
        justice = Agency.objects.filter(region=region, kind=Agency.Kind.DEPARTMENT, code__endswith="-sfj").first()
        if justice is not None:
            name = _("%(government)s (through %(justice)s)") % {"government": name, "justice": justice.brief}
        found.append((A.OWN_GOVERNMENT, own, name))
    return found


@transaction.atomic
def publish_document(document: Document, *, by, published_on: dt.date, channel: str, effective_from: dt.date,
                     interpretation: str | None = None, early_effect_reason: str = "") -> Document:
    """Publish a registered document with its policy interpretation (统一发布); its filings fall due.

    The validity runs 5 years from ``effective_from`` (暂行/试行: 2 years); each filing's due date comes
    from the clock rule ``normative.filing`` with the province's setting.
    """
    _require_office(document.agency, by, _("publish documents"))
    document = Document.objects.select_related("agency__region").get(pk=document.pk)
    if document.status in (*BEFORE_REVIEW_PASSED, S.DELIBERATION):
        raise IllegalTransition(
            _("A document cannot be published before it has passed the legality review and been deliberated."),
            code="not_deliberated",
        )
    if document.status == S.DELIBERATED:
        raise IllegalTransition(
            _("A document cannot be published before it has been registered and numbered (统一登记、统一编号)."),
            code="not_registered",
        )
    _require(document.status == S.REGISTERED, _("The document was already published on %(date)s.")
             % {"date": document.published_on.isoformat() if document.published_on else "?"}, "already_published")
    interpretation = document.interpretation if interpretation is None else _text(interpretation)
    _require(bool(_text(document.full_text)), _("The document has no full text to publish."), "text_required")
    _require(bool(interpretation),
             _("Attach the policy interpretation (政策解读): it is published together with the document."),
             "interpretation_required")
    _require(bool(_text(channel)), _("Name where the document is published (e.g. the government website)."),
             "channel_required")
    PROCEDURE.check_date("publish", published_on, dates_of(document), field="published_on")
    _require(effective_from >= published_on,
             _("A document cannot take effect (%(effective)s) before it is published (%(published)s).")
             % {"effective": effective_from.isoformat(), "published": published_on.isoformat()}, "dates")
    early_effect_reason = _early_effect_reason(published_on, effective_from, early_effect_reason)
    deadline = due("normative.filing", published_on, document.agency)
    filings = [
        Filing(document=document, addressee_kind=kind, addressee=agency, addressee_name=name, due_on=deadline.due,
               due_explanation=deadline.explain("zh"))
        for kind, agency, name in filing_addressees(document)
    ]
    document = transition(
        document, S.PUBLISHED, by=by, allowed_from=[S.REGISTERED], published_on=published_on,
        publication_channel=_text(channel), effective_from=effective_from, interpretation=interpretation,
        early_effect_reason=early_effect_reason,
        valid_until=compute_valid_until(effective_from, document.provisional),
        filing_due=min((f.due_on for f in filings), default=None),
    )
    Filing.objects.bulk_create(filings)
    return document


def _early_effect_reason(published_on: dt.date, effective_from: dt.date, reason: str) -> str:
    """The reason a document takes effect sooner than the local rule's days after publication (generally 30:
    FAZHI_NORMATIVE_EFFECT_DELAY_DAYS), required then, dropped otherwise."""
    from django.conf import settings

    delay = settings.FAZHI_NORMATIVE_EFFECT_DELAY_DAYS
    if not delay or (effective_from - published_on).days >= delay:
        return ""
    reason = _text(reason)
    if not reason:
        raise ValidationError({"early_effect_reason": _(
            "A normative document generally takes effect %(days)d days after its publication (%(date)s at the "
            "earliest); give the reason why it takes effect on %(effective)s.") % {
            "days": delay, "date": (published_on + dt.timedelta(days=delay)).isoformat(),
            "effective": effective_from.isoformat()}}, code="reason_required")
    return reason


# Filing (备案) ---------------------------------------------------------------------------------------------------


def file_document(document: Document, *, by, addressee_kind: str, filed_on: dt.date, receipt: str = "") -> Filing:
    """Record the filing of a published document with one addressee (see ``record_filing``)."""
    _require_writer(document, by)
    if document.status not in Document.LIVE_STATUSES:
        if not document.is_published:
            raise IllegalTransition(_("A document cannot be filed before it is published."), code="not_published")
        raise IllegalTransition(_("The document is no longer in force (“%(status)s”).")
                                % {"status": document.get_status_display()}, code="not_in_force")
    filing = document.filings.filter(addressee_kind=addressee_kind).first()
    _require(filing is not None, _("This document is not filed with that addressee."), "no_such_filing")
    return record_filing(filing, by=by, filed_on=filed_on, receipt=receipt)


@transaction.atomic
def record_filing(filing: Filing, *, by, filed_on: dt.date, receipt: str = "") -> Filing:
    """Record that the document was filed with the addressee; late when after the due date.

    When every filing is recorded the document moves to "published and filed".
    """
    filing = (Filing.objects.select_for_update(of=("self",)).select_related("document__agency__region")
              .get(pk=filing.pk))
    document = filing.document
    _require_writer(document, by)
    if not document.is_published:
        raise IllegalTransition(_("A document cannot be filed before it is published."), code="not_published")
    _require(filing.filed_on is None, _("The filing with %(addressee)s was already recorded on %(date)s.")
             % {"addressee": filing.addressee_name, "date": filing.filed_on.isoformat() if filing.filed_on else ""},
             "already_filed")
    PROCEDURE.check_date("file", filed_on, dates_of(document), field="filed_on")
    filing.filed_on = filed_on
    filing.receipt = _text(receipt)
    filing.save(update_fields=["filed_on", "receipt"])
    record_event(action="change", target=filing, actor=by,
                 changes={"filed_on": [None, filed_on.isoformat()], "receipt": ["", filing.receipt],
                          "late": [None, filing.is_late]})
    pending = list(document.filings.filter(filed_on__isnull=True).values_list("due_on", flat=True))
    if not pending and document.status == S.PUBLISHED:
        transition(document, S.IN_FORCE, by=by, allowed_from=[S.PUBLISHED], filing_due=None)
    else:
        change_record(document, by=by, filing_due=min(pending, default=None))
    return filing


@transaction.atomic
def examine_filing(filing: Filing, *, by, result: str, examined_on: dt.date, note: str = "") -> Filing:
    """Record the addressee's examination (备案审查) of a filed document: no problem, or correction required."""
    filing = (Filing.objects.select_for_update(of=("self",))
              .select_related("document__agency__region", "addressee__region").get(pk=filing.pk))
    _require_office(filing.addressee or filing.document.agency, by, _("examine filed documents"))
    _require(filing.filed_on is not None, _("The document has not been filed with %(addressee)s yet.")
             % {"addressee": filing.addressee_name}, "not_filed")
    _require(result in (Filing.Result.COMPLIANT, Filing.Result.CORRECTED), _("Choose the examination result."),
             "result_required")
    _require(result != Filing.Result.CORRECTED or bool(_text(note)),
             _("Say what must be corrected."), "note_required")
    PROCEDURE.check_date("examine", examined_on, {"file": filing.filed_on}, field="examined_on")
    before = {"result": filing.result, "examined_on": filing.examined_on.isoformat() if filing.examined_on else None}
    filing.result, filing.examined_on, filing.examination_note = result, examined_on, _text(note)
    filing.save(update_fields=["result", "examined_on", "examination_note"])
    record_event(action="change", target=filing, actor=by,
                 changes={"result": [before["result"], result],
                          "examined_on": [before["examined_on"], examined_on.isoformat()]})
    return filing


# The end of a document -------------------------------------------------------------------------------------------


def _end(document: Document, to_status: str, *, by, on: dt.date, reason: str, replaced_by=None,
         today: dt.date | None = None) -> Document:
    _require(document.status in Document.LIVE_STATUSES,
             _("Only a published document that is still in force can be revised, abolished or expire; this one "
               "is “%(status)s”.") % {"status": document.get_status_display()}, "not_in_force")
    PROCEDURE.check_date("end", on, dates_of(document), field="on", today=today)
    return transition(document, to_status, by=by, allowed_from=list(Document.LIVE_STATUSES), reason=reason,
                      ended_on=on, end_reason=reason, **({"replaced_by": replaced_by} if replaced_by else {}))


def revise_document(document: Document, *, by, on: dt.date, reason: str, replaced_by: Document | None = None):
    """Mark the document revised (已修改), optionally naming the document that replaces it."""
    _require_writer(document, by)
    _require(bool(_text(reason)), _("Give the reason for the revision."), "reason_required")
    return _end(document, S.REVISED, by=by, on=on, reason=_text(reason), replaced_by=replaced_by)


def abolish_document(document: Document, *, by, on: dt.date, reason: str) -> Document:
    """Abolish the document (已废止) with a reason."""
    _require_writer(document, by)
    _require(bool(_text(reason)), _("Give the reason for abolishing the document."), "reason_required")
    return _end(document, S.ABOLISHED, by=by, on=on, reason=_text(reason))


def expire_document(document: Document, *, by=None, on: dt.date | None = None) -> Document:
    """Mark the document expired (已失效) once its validity period has run out."""
    on = on or timezone.localdate()
    _require(document.valid_until is not None and document.valid_until < on,
             _("The document is valid until %(date)s; it cannot expire before then.")
             % {"date": document.valid_until.isoformat() if document.valid_until else "?"}, "still_valid")
    return _end(document, S.EXPIRED, by=by, on=document.valid_until + dt.timedelta(days=1),
                reason=_("validity period ended"), today=on)


def lapsed_documents(today: dt.date):
    """The live documents whose validity ended before ``today``."""
    return Document.objects.filter(status__in=Document.LIVE_STATUSES, valid_until__lt=today,
                                   withdrawn_at__isnull=True)


def expire_lapsed_documents(today: dt.date | None = None, *, by=None) -> int:
    """Mark every live document whose validity ended before ``today`` expired; return how many (idempotent).

    A job of ``fazhi tick`` (normative/apps.py)."""
    today = today or timezone.localdate()
    count = 0
    for pk in lapsed_documents(today).values_list("pk", flat=True):
        document = Document.objects.get(pk=pk)
        try:
            expire_document(document, by=by, on=today)
        except ValidationError:
            continue
        count += 1
    return count


# Cleanup campaigns (清理) ---------------------------------------------------------------------------------------


@transaction.atomic
def open_cleanup(*, office: Agency, by, title: str, opened_on: dt.date, covers_until: dt.date,
                 due_on: dt.date, notes: str = "") -> Cleanup:
    """Open a cleanup of every document in force in the office's region published up to ``covers_until``."""
    _require(office.kind == Agency.Kind.RULE_OF_LAW_OFFICE,
             _("A cleanup is opened by a rule-of-law office."), "office_only")
    _require_office(office, by, _("open a cleanup"))
    _require(bool(_text(title)), _("Give the cleanup a title."), "title_required")
    _require(due_on > opened_on, _("The cleanup's due date must come after the day it opens."), "dates")
    _require(not Cleanup.objects.filter(region=office.region, status=Cleanup.Status.OPEN,
                                        withdrawn_at__isnull=True).exists(),
             _("A cleanup of %(region)s is already open; publish its result first.") % {"region": office.region},
             "already_open")
    cleanup = create_record(Cleanup(agency=office, region=office.region, title=_text(title), opened_on=opened_on,
                                    covers_until=covers_until, due_on=due_on, notes=notes), by=by)
    documents = Document.objects.filter(
        agency__region__path__startswith=office.region.path, status__in=Document.LIVE_STATUSES,
        published_on__lte=covers_until, withdrawn_at__isnull=True,
    ).values_list("pk", flat=True)
    CleanupProposal.objects.bulk_create([CleanupProposal(cleanup=cleanup, document_id=pk) for pk in documents])
    return cleanup


def _require_open(cleanup: Cleanup) -> None:
    _require(cleanup.status == Cleanup.Status.OPEN,
             _("The cleanup's result was published; it can no longer change."), "cleanup_closed")


@transaction.atomic
def propose(proposal: CleanupProposal, *, by, choice: str, reason: str = "") -> CleanupProposal:
    """The drafting agency proposes to keep, revise or abolish one of its documents, with its reason."""
    proposal = (CleanupProposal.objects.select_for_update(of=("self",))
                .select_related("cleanup", "document__agency").get(pk=proposal.pk))
    _require_writer(proposal.document, by)
    _require_open(proposal.cleanup)
    _require(not proposal.decision, _("The office has already decided on this document."), "decided")
    _require(choice in CleanupProposal.Choice.values, _("Choose keep, revise or abolish."), "choice_required")
    _require(choice == CleanupProposal.Choice.KEEP or bool(_text(reason)),
             _("Give the reason for revising or abolishing the document."), "reason_required")
    before = [proposal.proposal, choice]
    proposal.proposal, proposal.reason = choice, _text(reason)
    proposal.proposed_by, proposal.proposed_at = by, timezone.now()
    proposal.save(update_fields=["proposal", "reason", "proposed_by", "proposed_at"])
    record_event(action="change", target=proposal, actor=by, changes={"proposal": before}, reason=proposal.reason)
    return proposal


@transaction.atomic
def decide_proposal(proposal: CleanupProposal, *, by, choice: str, decided_on: dt.date,
                    reason: str = "") -> CleanupProposal:
    """The office decides on a proposal; revise or abolish changes the document's status at once."""
    proposal = CleanupProposal.objects.select_for_update(of=("self",)).select_related(
        "cleanup__region", "document__agency__region").get(pk=proposal.pk)
    cleanup = proposal.cleanup
    _require_office(cleanup.agency, by, _("decide on cleanup proposals"))
    _require_open(cleanup)
    _require(bool(proposal.proposal), _("The drafting agency has not made its proposal for this document yet."),
             "not_proposed")
    _require(not proposal.decision, _("This document was already decided on."), "decided")
    _require(choice in CleanupProposal.Choice.values, _("Choose keep, revise or abolish."), "choice_required")
    reason = _text(reason) or proposal.reason
    _require(choice == CleanupProposal.Choice.KEEP or bool(reason),
             _("Give the reason for revising or abolishing the document."), "reason_required")
    document = proposal.document
    if choice == CleanupProposal.Choice.ABOLISH:
        abolish_document(document, by=by, on=decided_on, reason=_("cleanup “%(title)s”: %(reason)s")
                         % {"title": cleanup.title, "reason": reason})
    elif choice == CleanupProposal.Choice.REVISE:
        revise_document(document, by=by, on=decided_on, reason=_("cleanup “%(title)s”: %(reason)s")
                        % {"title": cleanup.title, "reason": reason})
    proposal.decision, proposal.decision_reason = choice, reason
    proposal.decided_by, proposal.decided_on = by, decided_on
    proposal.save(update_fields=["decision", "decision_reason", "decided_by", "decided_on"])
    record_event(action="change", target=proposal, actor=by, changes={"decision": ["", choice]}, reason=reason)
    return proposal


def publish_cleanup(cleanup: Cleanup, *, by, published_on: dt.date) -> Cleanup:
    """Publish the cleanup's result list on the portal once every document is decided."""
    _require_office(cleanup.agency, by, _("publish the cleanup's result"))
    _require_open(cleanup)
    undecided = cleanup.proposals.filter(decision="").count()
    _require(undecided == 0,
             _("%(count)s documents still have no decision; decide on every document before publishing the result.")
             % {"count": undecided}, "undecided")
    _require(published_on >= cleanup.opened_on, _("The result cannot be published before the cleanup opened."),
             "dates")
    return transition(cleanup, Cleanup.Status.PUBLISHED, by=by, allowed_from=[Cleanup.Status.OPEN],
                      published_on=published_on)
