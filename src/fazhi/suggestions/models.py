"""Deputies' suggestions (人大代表建议) and CPPCC members' proposals (政协提案) assigned to a lead agency, from the
assignment to the closing of the item.

The rules (legal-rules §7.2–7.3):

- a people's congress deputy's suggestion is answered within 3 months of its assignment (交办), a wide-ranging or
  difficult one within 6 months at the most; the handling reports are made public (代表法, 2025 amendment, 第51条);
- a CPPCC proposal has no national statute: the province's government measure sets its periods (Sichuan 2024: 5
  months for proposals of the plenary session, 3 months for those between sessions, at most 6 months with approval);
- the province's measure also has the deputy or member rate the answer (征询意见表: 满意, 基本满意, 不满意) and, when not
  satisfied, the matter handled again and answered again (Sichuan 2024: within 3 months);
- co-handling agencies (会办单位) send their opinions to the lead agency (主办单位), which contacts the proposer (沟通)
  and signs the answer; the period for the co-handlers and the contact before answering are local practice
  (UNCONFIRMED: settings and provincial lengths).

Every period is a deadline rule of ``fazhi.clock.rules`` (``deputy.*``, ``cppcc.*``), its length the province's
where the rule says so (a provincial deadline in the admin); the practices are the settings
``FAZHI_SUGGESTIONS_*``. One ``Item`` is one suggestion or proposal with its lead agency (the record's ``agency``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager


class Item(LedgerRecord):
    """A deputy's suggestion or a CPPCC member's proposal assigned to the owning agency as its lead handling unit."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("people's congress deputy's suggestion (人大代表建议)")
        CPPCC = "cppcc", _("CPPCC member's proposal (政协提案)")

    class RaisedDuring(models.TextChoices):
        SESSION = "session", _("during the session (大会期间)")
        INTERIM = "interim", _("between sessions (闭会期间)")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned (交办)")
        IN_PROGRESS = "in_progress", _("being handled")
        ANSWERED = "answered", _("answered (答复)")
        RATED = "rated", _("rated by the proposer")
        REOPENED = "reopened", _("handled again (重新办理)")
        CLOSED = "closed", pgettext_lazy("suggestions", "closed")

    class Category(models.TextChoices):
        # The subject areas the assigning offices commonly sort items into: local practice, not a national list.
        ECONOMY = "economy", _("economy and development")
        URBAN_RURAL = "urban_rural", _("urban and rural construction, transport")
        AGRICULTURE = "agriculture", _("agriculture and rural affairs")
        EDUCATION = "education", _("education, science, culture and health")
        SOCIAL = "social", _("employment, social security and civil affairs")
        ENVIRONMENT = "environment", _("natural resources and the environment")
        GOVERNANCE = "governance", _("government, rule of law and public safety")
        OTHER = "other", _("other")

    class ContactMethod(models.TextChoices):
        MEETING = "meeting", _("face to face (当面沟通)")
        VISIT = "visit", _("site visit with the proposer (实地调研)")
        FORUM = "forum", _("forum (座谈会)")
        PHONE = "phone", _("telephone")
        WRITING = "writing", _("in writing or online")

    class AnswerCategory(models.TextChoices):
        # The A/B/C classification answers commonly carry (legal-rules §7.3 shows one locality with A–D): local
        # practice, UNCONFIRMED; the labels are fixed choices, not settings.
        A = "A", _("A: solved or adopted (已解决或采纳)")
        B = "B", _("B: scheduled, to be solved step by step (列入计划逐步解决)")
        C = "C", _("C: kept for reference, conditions not allowing now (因条件限制留作参考)")

    class Feedback(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied (满意)")
        BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied (基本满意)")
        UNSATISFIED = "unsatisfied", _("not satisfied (不满意)")

    #: Before the answer: the item is being handled and its answer period runs.
    OPEN_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)
    #: Statuses in which the contact with the proposer is recorded.
    CONTACT_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    raised_during = models.CharField(
        _("raised"), max_length=8, choices=RaisedDuring.choices, default=RaisedDuring.SESSION,
        help_text=_("At the session or between sessions: provinces may give CPPCC proposals of the plenary session a "
                    "longer period (legal-rules §7.3, Sichuan 2024: 5 months)."),
    )
    session = models.CharField(
        _("session"), max_length=100,
        help_text=_("The congress or CPPCC session (or the period between sessions) that numbered the item, such as "
                    "示范县第十八届人民代表大会第三次会议."),
    )
    number = models.CharField(
        _("number"), max_length=40,
        help_text=_("The item's number in its session (建议号、提案号), unique for its kind and session."),
    )
    title = models.CharField(_("title"), max_length=300)
    proposer = models.CharField(
        _("main proposer"), max_length=100,
        help_text=_("The deputy who led the suggestion (领衔代表) or the first proposer of the proposal; the "
                    "feedback is asked of them."),
    )
    co_proposers = models.TextField(_("other proposers"), blank=True,
                                    help_text=_("The other deputies or members, or the group, who joined it."))
    category = models.CharField(_("subject"), max_length=12, choices=Category.choices, blank=True)
    summary = models.TextField(_("what it asks"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)

    assigned_by = models.CharField(
        _("assigned by"), max_length=100, blank=True,
        help_text=_("The office that assigned the item, usually the government office (政府办公室)."),
    )
    assigned_on = models.DateField(
        _("assigned on (交办)"),
        help_text=_("代表法 第51条: the answer period runs from the assignment; a proposal's as the province's measure "
                    "says."),
    )
    answer_due = models.DateField(
        _("answer due"), null=True, blank=True, editable=False,
        help_text=_("代表法 第51条: 3 months from assignment for a deputy's suggestion; a proposal's period is the "
                    "province's; plus an approved extension."),
    )
    answer_limit = models.DateField(
        _("latest answer date"), null=True, blank=True, editable=False,
        help_text=_("代表法 第51条: a wide-ranging or difficult suggestion 6 months from assignment at the most; a "
                    "proposal's outer limit is the province's."),
    )
    extended_on = models.DateField(_("longer period approved on"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("months of extension"), default=0)
    extension_reason = models.TextField(_("why the item needs longer"), blank=True)
    extension_approver = models.CharField(
        _("extension approved by"), max_length=100, blank=True,
        help_text=_("Usually the assigning office; the province's measure says who."),
    )

    contacted_on = models.DateField(
        _("proposer contacted on (沟通)"), null=True, blank=True,
        help_text=_("The latest contact with the proposer; FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER makes one required "
                    "before answering (UNCONFIRMED local practice)."),
    )
    contact_method = models.CharField(_("how the proposer was contacted"), max_length=8,
                                      choices=ContactMethod.choices, blank=True)
    contact_note = models.TextField(_("what was discussed"), blank=True)

    answered_on = models.DateField(_("answered on (答复)"), null=True, blank=True)
    answer_category = models.CharField(_("answer category"), max_length=1, choices=AnswerCategory.choices,
                                       blank=True)
    answer_summary = models.TextField(_("what the answer says"), blank=True)

    feedback = models.CharField(_("proposer's feedback"), max_length=20, choices=Feedback.choices, blank=True)
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)
    feedback_note = models.TextField(_("proposer's comments"), blank=True)
    no_rehandling_reason = models.TextField(
        _("why it is not handled again"), blank=True,
        help_text=_("When the proposer is not satisfied and the item is not handled again, the reason (the province's "
                    "measure; legal-rules §7.3)."),
    )
    reopened_on = models.DateField(_("second handling started on (重新办理)"), null=True, blank=True)
    reopen_note = models.TextField(_("what the second handling addresses"), blank=True)
    reanswer_due = models.DateField(
        _("second answer due"), null=True, blank=True, editable=False,
        help_text=_("The province's period from the unsatisfied feedback (legal-rules §7.3, Sichuan 2024: 3 months; "
                    "UNCONFIRMED elsewhere)."),
    )
    reanswered_on = models.DateField(_("answered again on"), null=True, blank=True)
    reanswer_category = models.CharField(_("category of the second answer"), max_length=1,
                                         choices=AnswerCategory.choices, blank=True)
    reanswer_summary = models.TextField(_("what the second answer says"), blank=True)
    second_feedback = models.CharField(_("feedback on the second answer"), max_length=20, choices=Feedback.choices,
                                       blank=True)
    second_feedback_on = models.DateField(_("feedback on the second answer received on"), null=True, blank=True)
    second_feedback_note = models.TextField(_("proposer's comments on the second answer"), blank=True)

    published_on = models.DateField(
        _("answer published on"), null=True, blank=True,
        help_text=_("Where the province publishes the answers (FAZHI_SUGGESTIONS_PUBLISH_ANSWERS; UNCONFIRMED local "
                    "practice)."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("deputy's suggestion or CPPCC proposal")
        verbose_name_plural = _("deputies' suggestions and CPPCC proposals")
        ordering = ["-assigned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "session", "number"], name="suggestions_item_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="suggestions_item_deadline"),
            models.Index(fields=["agency", "-assigned_on", "-id"], name="suggestions_agency_assigned"),
            models.Index(fields=["-assigned_on", "-id"], name="suggestions_item_assigned"),
            # The generic list's order (newest first), alone, per agency and per status.
            models.Index(fields=["-created_at", "-id"], name="suggestions_item_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="suggestions_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="suggestions_status_created"),
            # The year's figures: the items an agency was assigned in a year, by kind.
            models.Index(fields=["agency", "kind", "assigned_on"], name="suggestions_agency_year"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_deputy(self) -> bool:
        return self.kind == self.Kind.DEPUTY

    @property
    def handled_again(self) -> bool:
        """Whether the item is in, or went through, its second handling."""
        return self.reopened_on is not None

    @property
    def latest_feedback(self) -> str:
        """The proposer's last word: on the second answer if there was one, else on the first."""
        return self.second_feedback or self.feedback

    @property
    def awaits_second_handling(self) -> bool:
        """Whether the proposer was not satisfied with the first answer and the item is neither handled again nor
        excused from it (the province's measure; legal-rules §7.3)."""
        return (self.status == self.Status.RATED and self.feedback == self.Feedback.UNSATISFIED
                and not self.handled_again and not self.no_rehandling_reason)

    @property
    def answered_late(self) -> bool:
        return bool(self.answered_on and self.answer_due and self.answered_on > self.answer_due)

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the answer and the co-handlers' opinions still awaited while the item is being
        handled, then the second answer after an unsatisfied rating."""
        found: list[dt.date | None] = []
        if self.status in self.OPEN_STATUSES:
            found.append(self.answer_due)
            if self.pk is not None:
                found.extend(self.co_handlers.filter(opinion_sent_on__isnull=True).values_list("opinion_due",
                                                                                                flat=True))
        elif self.status == self.Status.REOPENED or self.awaits_second_handling:
            found.append(self.reanswer_due)
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None


class CoHandler(models.Model):
    """A co-handling agency (会办单位) of an item: it sends its opinion to the lead agency, which answers."""

    item = models.ForeignKey(Item, models.PROTECT, related_name="co_handlers", verbose_name=_("item"))
    agency = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("co-handling agency"),
        help_text=_("When it keeps its records in fazhi."),
    )
    name = models.CharField(_("co-handling agency's name"), max_length=200)
    assigned_on = models.DateField(_("co-handling assigned on"))
    opinion_due = models.DateField(
        _("co-handling opinion due"), null=True, blank=True, editable=False,
        help_text=_("The province's period from the co-handling assignment (UNCONFIRMED: one month by default)."),
    )
    opinion_sent_on = models.DateField(_("opinion sent on"), null=True, blank=True)
    opinion = models.TextField(_("co-handling opinion"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "item__agency"

    class Meta:
        verbose_name = _("co-handling agency")
        verbose_name_plural = _("co-handling agencies")
        ordering = ["assigned_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "name"], name="suggestions_cohandler_unique")]
        indexes = [models.Index(fields=["item", "opinion_sent_on"], name="suggestions_cohandler_open"),
                   models.Index(fields=["opinion_due"], name="suggestions_cohandler_due")]

    def __str__(self):
        return f"{self.item.number} · {self.name}"

    @property
    def sent_on_time(self) -> bool:
        return self.opinion_sent_on is not None and (self.opinion_due is None or self.opinion_sent_on <= self.opinion_due)


def satisfied_feedback() -> frozenset[str]:
    """The feedback counted as satisfied in the 满意率: the setting ``FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK``
    (UNCONFIRMED formula, legal-rules §13 item 6)."""
    values = getattr(settings, "FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK", ["satisfied", "basically_satisfied"])
    if isinstance(values, str):
        values = values.split(",")
    chosen = frozenset(value.strip() for value in values if value.strip())
    unknown = sorted(chosen - set(Item.Feedback.values))
    if unknown:
        raise ImproperlyConfigured(f"FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK names unknown feedback: {', '.join(unknown)}.")
    return chosen


def contact_required() -> bool:
    """Whether a contact with the proposer comes before each answer (UNCONFIRMED local practice, a setting)."""
    return bool(getattr(settings, "FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER", True))


def publication_expected() -> bool:
    """Whether the province expects the answers published (UNCONFIRMED local practice, a setting)."""
    return bool(getattr(settings, "FAZHI_SUGGESTIONS_PUBLISH_ANSWERS", True))
