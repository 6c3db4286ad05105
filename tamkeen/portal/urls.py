from django.urls import path

from . import office, rights, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("login/sso/<slug:name>/", views.oidc_start, name="oidc_start"),
    path("login/sso/<slug:name>/callback/", views.oidc_callback, name="oidc_callback"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path("opportunities/<str:code>/interest/", views.interest, name="interest"),
    path("referrals/", views.referrals, name="referrals"),
    path("consents/", views.consents, name="consents"),
    path("consents/give/", views.consent_give, name="consent_give"),
    path("consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("my-data/", rights.my_data, name="my_data"),
    path("my-data/copy/", rights.export_request, name="my_data_export"),
    path("my-data/copy/<uuid:public_id>/", rights.export_download, name="my_data_download"),
    path("my-data/correction/", rights.correction_request, name="my_data_correction"),
    path("mobile/", views.mobile, name="mobile"),
    path("preferences/", views.preferences, name="preferences"),
    path("messages/", views.inbox, name="messages"),
    path("invite/<int:member_pk>/", views.invite, name="invite"),
    path("members/<int:member_pk>/mobile-wrong/", office.mobile_wrong, name="mobile_wrong"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
]
