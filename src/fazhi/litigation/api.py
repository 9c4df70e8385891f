from fazhi.ledgers.api import router_for
from fazhi.litigation.ledger import PAGES

router = router_for(PAGES)
