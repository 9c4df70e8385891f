from fazhi.ledgers.api import router_for
from fazhi.mediation.ledger import PAGES

router = router_for(PAGES)
