from django.urls import path

from fazhi.filereview import views

app_name = "filereview"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/<slug:step>/", views.campaign_step, name="campaign_step"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path("files/<int:pk>/score/", views.file_score, name="file_score"),
    path("files/<int:pk>/rectify/", views.file_rectify, name="file_rectify"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/complete/", views.rectification_complete, name="rectification_complete"),
    path("results/", views.results, name="results"),
    path("results/export.xlsx", views.results_export, name="results_export"),
    path("rubrics/", views.rubric_list, name="rubric_list"),
    path("rubrics/default/", views.rubric_default, name="rubric_default"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric_detail"),
    path("rubrics/<int:pk>/<slug:step>/", views.rubric_step, name="rubric_step"),
]
