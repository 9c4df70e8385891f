from fazhi.mediation.ledger import PAGES

app_name = PAGES.key
urlpatterns = PAGES.urlpatterns()
