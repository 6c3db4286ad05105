from django.urls import path

from tamkeen.api import views

app_name = "api_clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<str:client_id>/rotate/", views.client_rotate, name="rotate"),
    path("<str:client_id>/revoke/", views.client_revoke, name="revoke"),
]
