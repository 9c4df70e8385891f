from django.urls import path

from fazhi.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.officer_list, name="officer_list"),
    path("export.xlsx", views.officer_export, name="officer_export"),
    path("import/", views.officer_import, name="officer_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("officers/new/", views.officer_create, name="officer_create"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/<slug:step>/", views.officer_step, name="officer_step"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/<slug:step>/", views.certificate_step, name="certificate_step"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/withdraw/", views.body_withdraw, name="body_withdraw"),
]
