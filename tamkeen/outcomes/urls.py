from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("", views.outcome_list, name="list"),
    path("<int:pk>/", views.outcome_detail, name="detail"),
    path("<int:pk>/verify/", views.outcome_verify, name="verify"),
    path("<int:pk>/refute/", views.outcome_refute, name="refute"),
    path("<int:pk>/confirm/", views.outcome_confirm, name="confirm"),
    path("member/<int:member_pk>/report/", views.outcome_report, name="report"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_record, name="follow_up"),
    path("employment/", views.employment_upload, name="employment_upload"),
    path("employment/<int:pk>/", views.employment_import, name="employment_import"),
]
