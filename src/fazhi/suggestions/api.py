from fazhi.ledgers.api import router_for
from fazhi.suggestions.ledger import PAGES

router = router_for(PAGES)
