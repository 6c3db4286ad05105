from django.urls import path

from . import views

app_name = "appointments"
urlpatterns = [
    path("", views.office_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("member/<int:member_pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/other-slot/", views.other_slot, name="other_slot"),
    path("<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
]
