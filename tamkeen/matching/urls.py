from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("start/", views.start, name="start"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<str:public_id>/confirm/", views.confirm, name="confirm"),
    path("proposals/<str:public_id>/reject/", views.reject, name="reject"),
    path("member/<int:member_pk>/accommodation/", views.accommodation_record, name="accommodation_record"),
    path(
        "member/<int:member_pk>/accommodation/<int:pk>/remove/",
        views.accommodation_remove,
        name="accommodation_remove",
    ),
]
