from django.urls import path

from fazhi.enforcement import public, supervision, views

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
    path("bodies/<int:pk>/disclosure/", views.body_disclosure, name="body_disclosure"),
    # Supervision (行政执法监督).
    path("supervision/complaints/", supervision.complaint_list, name="complaint_list"),
    path("supervision/complaints/new/", supervision.complaint_create, name="complaint_create"),
    path("supervision/complaints/export.xlsx", supervision.complaint_export, name="complaint_export"),
    path("supervision/complaints/<int:pk>/", supervision.complaint_detail, name="complaint_detail"),
    path("supervision/complaints/<int:pk>/<slug:step>/", supervision.complaint_step, name="complaint_step"),
    path("supervision/checks/", supervision.check_list, name="check_list"),
    path("supervision/checks/new/", supervision.check_create, name="check_create"),
    path("supervision/checks/export.xlsx", supervision.check_export, name="check_export"),
    path("supervision/checks/<int:pk>/", supervision.check_detail, name="check_detail"),
    path("supervision/checks/<int:pk>/<slug:step>/", supervision.check_step, name="check_step"),
    path("supervision/rectifications/<int:pk>/", supervision.rectification_detail, name="rectification_detail"),
    path("supervision/rectifications/<int:pk>/complete/", supervision.rectification_complete,
         name="rectification_complete"),
    # The portal's disclosure before enforcement (no log-in).
    path("public/", public.public_index, name="public_index"),
    path("public/<slug:agency>/", public.public_agency, name="public_agency"),
]
