from django.urls import path

from fazhi.analyzer import views

app_name = "analyzer"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/comparison.xlsx", views.batch_export, name="batch_export"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/file/", views.report_download, name="report_download"),
]
