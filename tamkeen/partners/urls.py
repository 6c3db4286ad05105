from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.entity_list, name="list"),
    path("<str:code>/", views.entity_detail, name="detail"),
]
