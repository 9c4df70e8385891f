from fazhi.assessment.ledger import PAGES

app_name = PAGES.key
urlpatterns = PAGES.urlpatterns()
