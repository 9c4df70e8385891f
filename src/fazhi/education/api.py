"""The education ledger's JSON API: ``/education/records…`` for the responsibility lists and, mounted on it, each
other kind of record's routes (``/education_activities/records…`` and so on), all from the declarations."""

from fazhi.education.ledger import ALSO, PAGES
from fazhi.ledgers.api import router_for

router = router_for(PAGES)
for _pages in ALSO:
    router.add_router("", router_for(_pages))
