"""The assessment ledger's pages: the rectification items at the ledger's root (``PAGES``, namespace ``assessment``),
the self-assessments under ``self-assessments/`` (``assessment:self_assessments``) with the page of each indicator,
the indicator systems and the ranking."""

from django.urls import include, path

from fazhi.assessment import self_views, system_views
from fazhi.assessment.ledger import PAGES, SELF_ASSESSMENTS

ENTRY = "self-assessments/<int:pk>/indicators/<int:indicator_id>/"

app_name = PAGES.key
urlpatterns = [
    path(ENTRY, self_views.entry, name="self_assessment_entry"),
    path(f"{ENTRY}score/", self_views.entry_score, name="self_assessment_score"),
    path(f"{ENTRY}files/", self_views.entry_file, name="self_assessment_file"),
    path(f"{ENTRY}links/", self_views.entry_link, name="self_assessment_link"),
    path(f"{ENTRY}links/<int:link_id>/remove/", self_views.entry_unlink, name="self_assessment_unlink"),
    path(f"{ENTRY}rectify/", self_views.entry_rectify, name="self_assessment_rectify"),
    path("self-assessments/", include((SELF_ASSESSMENTS.urlpatterns(), SELF_ASSESSMENTS.key))),
    path("systems/", system_views.system_list, name="systems"),
    path("systems/compare/", system_views.system_compare, name="systems_compare"),
    path("systems/import/", system_views.system_import, name="systems_import"),
    path("systems/import.xlsx", system_views.system_template, name="systems_template"),
    path("systems/<int:pk>/", system_views.system_detail, name="system"),
    path("systems/<int:pk>/export.xlsx", system_views.system_export, name="system_export"),
    path("ranking/", system_views.ranking, name="ranking"),
    path("ranking/publish/", system_views.ranking_publish, name="ranking_publish"),
    *PAGES.urlpatterns(),
]
