from fazhi.ledgers.api import router_for
from fazhi.petitions.ledger import PAGES

router = router_for(PAGES)
