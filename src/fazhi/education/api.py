"""The education ledger's JSON API, one router for every kind of record it keeps: ``/education/records…`` for the
responsibility lists, ``/education_activities/records…`` and so on for the others, all from the declarations."""

from fazhi.education.ledger import MORE_PAGES, PAGES
from fazhi.ledgers.api import router_for

router = router_for(PAGES)
for _pages in MORE_PAGES:
    router_for(_pages, router)
