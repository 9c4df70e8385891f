"""The administrator's holiday table and per-province deadline settings that feed the statutory clock."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.clock.rules import RULES


def rule_code_choices():
    return [(code, f"{code} — {rule.name_zh}") for code, rule in sorted(RULES.items())]


class CalendarYear(models.Model):
    """A year whose holiday schedule the administrator has entered in full (declares coverage)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2200)],
        help_text=_(
            "Declare a year only once every holiday and make-up working day of the State Council's notice for "
            "it is in the holiday table. Deadlines that reach into a year nobody covers are refused, not guessed."
        ),
    )
    source = models.CharField(
        _("source"), max_length=200,
        help_text=_("The State Council General Office notice on the year's holidays, e.g. 国办发明电〔2026〕X号."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class HolidayNotice(models.Model):
    """A State Council notice as entered: a year's annual notice (部分节假日安排) or a supplement to it (an
    adjustment, an extension, a one-off holiday). The days it set point to it."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual notice")
        SUPPLEMENT = "supplement", _("Supplement")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2200)])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    source = models.CharField(_("source"), max_length=200, help_text=_("The notice's number, or its title."))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")
        ordering = ["-year", "-entered_at", "-pk"]

    def __str__(self):
        return f"{self.year} {self.source}"


class HolidayOverride(models.Model):
    """One day of a holiday notice: a day off or a make-up working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices,
        help_text=_(
            "Day off: a public holiday or a rest day swapped around it. Make-up working day: a weekend day the "
            "notice turns into a working day."
        ),
    )
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("The holiday, e.g. 春节 or 国庆节."))
    source = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("The notice that sets this day, e.g. 国办发明电〔2026〕X号."),
    )
    notice = models.ForeignKey(HolidayNotice, models.SET_NULL, null=True, blank=True, related_name="days",
                               verbose_name=_("notice"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("holiday table entry")
        verbose_name_plural = _("holiday table")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()


class ProvincialDeadline(models.Model):
    """A deadline length a province sets itself, e.g. filing normative documents within 15, 20 or 30 days."""

    province = models.CharField(
        _("province"), max_length=6,
        validators=[RegexValidator(r"^\d{2}0000$", _("Enter a province's 6-digit GB/T 2260 code, e.g. 330000."))],
        help_text=_("GB/T 2260 code of the province, e.g. 330000."),
    )
    rule_code = models.CharField(_("deadline rule"), max_length=60, choices=rule_code_choices)
    length = models.PositiveSmallIntegerField(
        _("length"), validators=[MinValueValidator(1)],
        help_text=_("Length of the period in the rule's unit (days for filing)."),
    )
    source = models.CharField(
        _("source"), max_length=300,
        help_text=_("The provincial instrument and article that set the length."),
    )
    valid_from = models.DateField(
        _("valid from"), help_text=_("Start events on or after this date use this length.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provincial deadline")
        verbose_name_plural = _("provincial deadlines")
        ordering = ["province", "rule_code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "rule_code", "valid_from"], name="deadlines_provincial_unique_version"
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.rule_code}: {self.length}"
