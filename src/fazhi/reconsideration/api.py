from fazhi.ledgers.api import router_for
from fazhi.reconsideration.ledger import PAGES

router = router_for(PAGES)
