from django.urls import path

from fazhi.penalties import views

app_name = "penalties"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("on-the-spot/", views.on_the_spot, name="on_the_spot"),
    path("cases/export.xlsx", views.case_export, name="case_export"),
    path("import/", views.case_import, name="case_import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("discretion/", views.discretion_list, name="discretion_list"),
    path("discretion/new/", views.discretion_create, name="discretion_create"),
    path("discretion/<int:pk>/retire/", views.discretion_retire, name="discretion_retire"),
    path("lenient/", views.lenient_list, name="lenient_list"),
    path("lenient/new/", views.lenient_create, name="lenient_create"),
    path("lenient/<int:pk>/retire/", views.lenient_retire, name="lenient_retire"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    # The public pages (no log-in).
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/lenient/", views.public_lenient, name="public_lenient"),
]
