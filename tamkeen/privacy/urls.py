from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("members/<int:pk>/export/", views.export_request, name="export_request"),
    path("exports/<uuid:public_id>/", views.export_detail, name="export"),
    path("exports/<uuid:public_id>/download/", views.export_download, name="export_download"),
    path("members/<int:pk>/corrections/add/", views.correction_add, name="correction_add"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<int:pk>/", views.correction_decide, name="correction"),
]
