from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("member/<int:member_pk>/", views.member, name="member"),
    path("member/<int:member_pk>/record/", views.record, name="record"),
    path("member/<int:member_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("member/<int:member_pk>/scans/<int:consent_pk>/", views.scan, name="scan"),
]
