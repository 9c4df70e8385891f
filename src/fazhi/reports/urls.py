from django.urls import path

from . import views, word_views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/step/<slug:step>/", views.report_step, name="report_step"),
    path("<int:pk>/export/<slug:fmt>/", views.report_export, name="report_export"),
    path("<int:pk>/annex.xlsx", views.report_annex, name="report_annex"),
    path("<int:pk>/charts/<int:index>.svg", views.report_chart, name="report_chart"),
    path("<int:pk>/word/", word_views.word_upload, name="word_upload"),
    path("<int:pk>/word/<str:token>/", word_views.word_changes, name="word_changes"),
    path("<int:pk>/word/<str:token>/accept/", word_views.word_accept, name="word_accept"),
    path("<int:pk>/compare/<slug:since>.docx", word_views.word_compare, name="word_compare"),
    path("comments/<int:pk>/respond/", views.comment_respond, name="comment_respond"),
    path("sections/<int:pk>/", views.section_view, name="section_view"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/refresh/<slug:how>/", views.section_refresh, name="section_refresh"),
    path("sections/<int:pk>/cite/", views.section_cite, name="section_cite"),
]
