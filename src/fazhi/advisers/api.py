from fazhi.advisers.ledger import CONTRACTS, PAGES
from fazhi.ledgers.api import router_for

router = router_for(CONTRACTS, router_for(PAGES))
