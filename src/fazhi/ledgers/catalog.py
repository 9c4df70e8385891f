"""The catalog of ledgers: each ledger's app, its addresses and the module that declares its procedure.

A new ledger is one folder (a Django app with ``urls.py``, ``api.py`` holding a ninja ``router``, and
``procedure.py`` holding its ``PROCEDURE``) and one entry here: the settings install the app, the URL conf mounts
its pages under ``url_prefix``, the API mounts its router, the workbench's and the portal's navigation link its
lists. Imported by the settings, so it loads nothing of Django's but lazy translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Ledger:
    key: str
    app: str  # the Django app, "fazhi.normative"
    label: str | Promise  # in the workbench's navigation
    list_url: str  # the URL name of the staff list
    public_label: str | Promise = ""  # in the portal's navigation, when the ledger publishes
    public_url: str = ""  # the URL name of the public list

    @property
    def url_prefix(self) -> str:
        return f"{self.key}/"

    def module(self, name: str):
        return import_module(f"{self.app}.{name}")


LEDGERS = (
    Ledger("normative", "fazhi.normative", _("Normative documents"), "normative:list",
           _("Normative documents"), "normative:public_library"),
    Ledger("decisions", "fazhi.decisions", _("Major decisions"), "decisions:list",
           _("Major decisions"), "decisions:public_catalogs"),
    Ledger("enforcement", "fazhi.enforcement", _("Law enforcement"), "enforcement:officer_list"),
    Ledger("inspections", "fazhi.inspections", _("Random inspections"), "inspections:draw_list",
           _("Random inspection results"), "inspections:public_results"),
    Ledger("penalties", "fazhi.penalties", _("Penalty cases"), "penalties:case_list",
           _("Penalty decisions"), "penalties:public_list"),
    Ledger("filereview", "fazhi.filereview", _("File reviews"), "filereview:campaign_list"),
    Ledger("reconsideration", "fazhi.reconsideration", _("Administrative reconsideration"), "reconsideration:list"),
    Ledger("litigation", "fazhi.litigation", _("Administrative litigation"), "litigation:list"),
    Ledger("disclosure", "fazhi.disclosure", _("Requests for government information"), "disclosure:list",
           _("Request government information"), "disclosure:public_new"),
    Ledger("suggestions", "fazhi.suggestions", _("Deputies' suggestions and CPPCC proposals"), "suggestions:list"),
    Ledger("petitions", "fazhi.petitions", _("Petitions (letters and visits)"), "petitions:list"),
    Ledger("mediation", "fazhi.mediation", _("Dispute mediation"), "mediation:list"),
    Ledger("assessment", "fazhi.assessment", _("Inspections and rectification"), "assessment:list"),
    Ledger("advisers", "fazhi.advisers", _("Legal advisers and contract review"), "advisers:list"),
    Ledger("education", "fazhi.education", _("Legal education and officials' study"), "education:list"),
    Ledger("leadership", "fazhi.leadership", _("Leadership duties"), "leadership_meetings:list"),
)
BY_KEY = {ledger.key: ledger for ledger in LEDGERS}


def apps() -> list[str]:
    """The ledgers' Django apps, for INSTALLED_APPS."""
    return [ledger.app for ledger in LEDGERS]


@cache
def procedure(key: str):
    """The ``Procedure`` of the ledger ``key``."""
    return BY_KEY[key].module("procedure").PROCEDURE


def procedures() -> dict:
    return {ledger.key: procedure(ledger.key) for ledger in LEDGERS}
