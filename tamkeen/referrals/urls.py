from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/bulk/", views.bulk, name="bulk"),
    path("inbox/upload/", views.upload, name="upload"),
    path("inbox/upload/<int:pk>/", views.upload_status, name="upload_status"),
    path("member/<int:member_pk>/new/", views.new, name="new"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("<str:public_id>/", views.detail, name="detail"),
    path("<str:public_id>/act/", views.act, name="act"),
]
