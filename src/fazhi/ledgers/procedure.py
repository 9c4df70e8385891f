"""A ledger's dated steps and the order the law sets them in, checked the same way in every ledger.

A ledger declares its ``Procedure``: each ``Step`` (or event, such as the end of a comment period) with its label,
the steps it must follow (``After``, each citing the instrument and article that puts it there), whether it may be
skipped, and whether it may be dated ahead (a planned date). The ledger's actions then ask the procedure to check a
date before they record it (``check_date``), giving the dates already on the record (``dates``: step → date or
None), and to check a skip (``check_skip``). The refusals name the step, both dates and the article, in the
user's language, and are field errors (``ValidationError({field: …})``): the form shows them at the date, the
API answers 422.

    PROCEDURE = Procedure("normative", [
        Step("comment_closes", _("the end of the public comment period")),
        Step("submit_review", _("the submission for legality review"),
             after=[After("comment_closes", "国办发〔2018〕37号", strict=True)]),
    ])
    PROCEDURE.check_date("submit_review", submitted_on, {"comment_closes": closes_on})

Only dates are checked here: which steps a record's status allows is the ledger's state machine (``transition``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class After:
    """The step comes after ``step`` (the same day allowed unless ``strict``), as ``cite`` says."""

    step: str
    cite: str
    strict: bool = False


@dataclass(frozen=True)
class Step:
    """One dated step or event of a procedure."""

    name: str
    label: str | Promise
    after: tuple[After, ...] | list[After] = ()
    #: Whether the step may be skipped (with a reason); ``cite`` says why it may not.
    skippable: bool = False
    cite: str = ""
    #: Whether its date may lie ahead of today (a date planned, not a step taken).
    planned: bool = False


class Procedure:
    """The steps of one ledger, by name."""

    def __init__(self, ledger: str, steps: Iterable[Step]):
        self.ledger = ledger
        self.steps = {step.name: step for step in steps}
        for step in self.steps.values():
            for after in step.after:
                if after.step not in self.steps:
                    raise ValueError(f"{ledger}.{step.name} comes after an unknown step {after.step!r}")
                if not after.cite:
                    raise ValueError(f"{ledger}.{step.name}: the order after {after.step} cites nothing")

    def __getitem__(self, name: str) -> Step:
        return self.steps[name]

    def label(self, name: str) -> str:
        return str(self.steps[name].label)

    def check_date(self, name: str, on: dt.date | None, dates: Mapping[str, dt.date | None], *,
                   field: str = "done_on", today: dt.date | None = None) -> None:
        """Refuse ``on`` as the date of step ``name``: missing, ahead of today (unless planned), or before a step it
        comes after (``dates`` gives those recorded; a step not yet dated is passed over)."""
        step = self.steps[name]
        if on is None:
            raise ValidationError({field: _("Give the date of %(step)s.") % {"step": step.label}}, code="required")
        today = today or timezone.localdate()
        if on > today and not step.planned:
            raise ValidationError({field: _(
                "%(step)s cannot be dated %(date)s, after today (%(today)s): record a step once it has taken "
                "place.") % {"step": _capital(step.label), "date": on.isoformat(), "today": today.isoformat()}},
                code="future_date")
        for after in step.after:
            before = dates.get(after.step)
            if before is None or on > before or (on == before and not after.strict):
                continue
            message = (_("%(step)s (%(date)s) must come after %(other)s (%(other_date)s): %(cite)s.") if after.strict
                       else _("%(step)s (%(date)s) cannot come before %(other)s (%(other_date)s): %(cite)s."))
            raise ValidationError({field: message % {
                "step": _capital(step.label), "date": on.isoformat(), "other": self.label(after.step),
                "other_date": before.isoformat(), "cite": after.cite}}, code="date_order")

    def check_skip(self, name: str) -> None:
        """Refuse to skip a step the law makes mandatory, citing the article."""
        step = self.steps[name]
        if not step.skippable:
            from fazhi.core.ledger import IllegalTransition

            raise IllegalTransition(_("“%(step)s” can never be skipped (%(source)s).") % {
                "step": step.label, "source": step.cite or "—"}, code="not_skippable")

    def timeline(self, dates: Mapping[str, dt.date | None]) -> list[tuple[str, dt.date]]:
        """The steps with a date, in the order of their dates (the procedure's order among equal dates)."""
        order = {name: index for index, name in enumerate(self.steps)}
        dated = [(name, day) for name, day in dates.items() if day is not None and name in self.steps]
        return sorted(dated, key=lambda pair: (pair[1], order[pair[0]]))


def _capital(label) -> str:
    """The label at the start of a sentence: its first letter in capitals (Chinese labels are unchanged)."""
    text = str(label)
    return text[:1].upper() + text[1:]
