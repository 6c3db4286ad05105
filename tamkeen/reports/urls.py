from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.drilldown, name="drilldown"),
    path("records.<str:fmt>", views.drilldown_export, name="drilldown_export"),
    path("tables/<slug:name>.<str:fmt>", views.export_table, name="export"),
    path("targets/", views.targets, name="targets"),
]
