from django.urls import path

from fazhi.collection import views

app_name = "collection"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/material/", views.round_material, name="round_material"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/extend/", views.round_extend, name="round_extend"),
    path("rounds/<int:pk>/form.xlsx", views.round_download, name="round_download"),
    path("rounds/<int:pk>/upload/", views.round_upload, name="round_upload"),
    path("rounds/<int:pk>/agencies/add/", views.round_add_agencies, name="round_add_agencies"),
    path("rounds/<int:pk>/metrics/add/", views.round_add_metrics, name="round_add_metrics"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/remind/", views.submission_remind, name="submission_remind"),
    path("submissions/<int:pk>/form.xlsx", views.submission_download, name="submission_download"),
    path("submissions/<int:pk>/upload/", views.submission_upload, name="submission_upload"),
    path("submissions/<int:pk>/metrics/", views.submission_metrics, name="submission_metrics"),
    path("imports/<str:token>/", views.import_confirm, name="import_confirm"),
    path("imports/<str:token>/status/", views.import_status, name="import_status"),
    path("rollup/", views.rollup_view, name="rollup"),
    path("rollup/<int:year>/<str:region>/<slug:metric>/", views.contributions_view, name="contributions"),
]
