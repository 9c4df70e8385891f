from ninja import Router

from fazhi.leadership.ledger import ALL_PAGES
from fazhi.ledgers.api import router_for

router = Router(tags=["leadership"])
for _pages in ALL_PAGES:
    router_for(_pages, router=router)
