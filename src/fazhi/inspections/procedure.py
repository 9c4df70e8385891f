"""The dated steps of a random inspection (双随机、一公开) and the order 国发〔2019〕5号 sets them in (legal-rules §4.4).

The entities and the inspectors are drawn first, then inspected; the inspection ends, and its result is published
afterwards. A redraw comes after the draw it replaces. The plan is filed once drawn up; an item is taken off the
list, an inspector out of the directory, on a day that has come.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step
from fazhi.ledgers.clock import Clock

#: The State Council opinion on joint random inspections in market supervision.
OPINION = "国发〔2019〕5号"

PROCEDURE = Procedure("inspections", [
    Step("plan_filed", _("the filing of the annual plan")),
    Step("draw", _("the random draw")),
    Step("redraw", _("the redraw"), after=[After("draw", OPINION)]),
    Step("inspect", _("the inspection"), after=[After("draw", OPINION)]),
    Step("finish", _("the end of the inspection"), after=[After("inspect", OPINION)]),
    Step("publish", _("the publication of the result"), after=[After("finish", OPINION)]),
    Step("retire_item", _("the removal of the item from the list")),
    Step("remove_inspector", _("the removal from the directory of inspectors")),
    Step("add_inspector", _("the entry in the directory of inspectors")),
    Step("recusal", _("the recusal")),
])


def dates_of(inspection) -> dict[str, dt.date | None]:
    """The dates an inspection's steps were recorded on (the draw's, for a random one)."""
    return {
        "draw": inspection.draw.drawn_on if inspection.draw_id else None,
        "inspect": inspection.inspected_on,
        "finish": inspection.finished_on,
        "publish": inspection.published_on,
    }


#: The publication due day a recorded result stores, computed again when a holiday notice changes its days
#: (``fazhi.ledgers.clock``).
CLOCKS = (
    Clock("inspections.Inspection", "publication_due", "fazhi.inspections.actions.publication_due_of",
          "inspections:inspection_detail", only={"status": "recorded"}),
)
