from django.urls import path

from tamkeen.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("deliveries/<str:public_id>/replay/", views.delivery_replay, name="replay"),
    path("<str:public_id>/", views.endpoint_detail, name="detail"),
    path("<str:public_id>/delete/", views.endpoint_delete, name="delete"),
]
