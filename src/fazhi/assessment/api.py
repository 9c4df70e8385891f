from fazhi.assessment.ledger import PAGES
from fazhi.ledgers.api import router_for

router = router_for(PAGES)
