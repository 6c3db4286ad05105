from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("member/<int:member_pk>/", views.member_history, name="member"),
    path("member/<int:member_pk>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/section/<int:step>/", views.section, name="section"),
    path("<int:pk>/capacity/", views.capacity, name="capacity"),
    path("<int:pk>/track/", views.decide_track, name="decide_track"),
]
