from django.urls import path

from fazhi.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.draw_list, name="draw_list"),
    path("draws/new/", views.draw_create, name="draw_create"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/redraw/", views.draw_redraw, name="draw_redraw"),
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/retire/", views.item_retire, name="item_retire"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/file/", views.plan_file, name="plan_file"),
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/new/", views.entity_create, name="entity_create"),
    path("entities/export.xlsx", views.entity_export, name="entity_export"),
    path("entities/import/", views.entity_import, name="entity_import"),
    path("entities/import/template.xlsx", views.entity_template, name="entity_template"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("entities/<int:pk>/risk/", views.entity_risk, name="entity_risk"),
    path("inspectors/", views.inspector_list, name="inspector_list"),
    path("inspectors/add/", views.inspector_add, name="inspector_add"),
    path("inspectors/import/", views.inspector_import, name="inspector_import"),
    path("inspectors/import/template.xlsx", views.inspector_template, name="inspector_template"),
    path("inspectors/<int:pk>/remove/", views.inspector_remove, name="inspector_remove"),
    path("recusals/", views.recusal_list, name="recusal_list"),
    path("recusals/new/", views.recusal_create, name="recusal_create"),
    path("recusals/<int:pk>/lift/", views.recusal_lift, name="recusal_lift"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/export.xlsx", views.inspection_export, name="inspection_export"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/<slug:step>/", views.inspection_step, name="inspection_step"),
    # The public pages (no log-in).
    path("public/items/", views.public_items, name="public_items"),
    path("public/results/", views.public_results, name="public_results"),
]
