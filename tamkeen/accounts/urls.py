from django.contrib.auth import views as auth_views
from django.urls import path

from tamkeen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("two-factor/", views.second_factor, name="second_factor"),
    path("two-factor/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("two-factor/setup/qr.svg", views.second_factor_qr, name="second_factor_qr"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/recovery-codes/renew/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("confirm/", views.confirm, name="confirm"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
]
