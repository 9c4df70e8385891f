from django.urls import path

from fazhi.normative import views

app_name = "normative"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("export.xlsx", views.document_export, name="export"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/opinion.docx", views.review_opinion, name="review_opinion"),
    path("<int:pk>/step/<slug:step>/", views.document_step, name="step"),
    path("filings/", views.filing_register, name="filing_register"),
    path("filings/export.xlsx", views.filing_register_export, name="filing_register_export"),
    path("filings/<int:pk>/record/", views.filing_record, name="filing_record"),
    path("filings/<int:pk>/examine/", views.filing_examine, name="filing_examine"),
    path("cleanups/", views.cleanup_list, name="cleanup_list"),
    path("cleanups/new/", views.cleanup_create, name="cleanup_create"),
    path("cleanups/<int:pk>/", views.cleanup_detail, name="cleanup_detail"),
    path("cleanups/<int:pk>/publish/", views.cleanup_publish, name="cleanup_publish"),
    path("proposals/<int:pk>/propose/", views.cleanup_propose, name="cleanup_propose"),
    path("proposals/<int:pk>/decide/", views.cleanup_decide, name="cleanup_decide"),
    # The public library (no log-in).
    path("library/", views.public_library, name="public_library"),
    path("library/<int:pk>/", views.public_detail, name="public_detail"),
    path("library/cleanups/", views.public_cleanups, name="public_cleanups"),
    path("library/cleanups/<int:pk>/", views.public_cleanup, name="public_cleanup"),
]
