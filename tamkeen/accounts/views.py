from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tamkeen.accounts import selectors, services
from tamkeen.accounts.access import recent_auth_required, staff_required
from tamkeen.accounts.forms import ConfirmForm, EnrolForm, SecondFactorForm
from tamkeen.accounts.lockout import cool_off
from tamkeen.accounts.rules import NEW_RECOVERY_CODES, group_code, group_secret
from tamkeen.accounts.second_factor import (
    base32_secret,
    has_second_factor,
    is_throttled,
    pending_totp_device,
    qr_svg,
    recovery_codes_left,
)


def _cool_off_minutes() -> int:
    return int(cool_off().total_seconds() // 60)


def _next_url(request, default: str = "core:home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def _wrong_code_message(throttled: bool) -> str:
    if throttled:
        return _("Too many wrong codes. Wait a minute, then type the code your app shows.")
    return _("That code is not valid. Check the time on your phone and try the new code.")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        locked_out = getattr(self.request, "axes_locked_out", False)
        response = self.render_to_response(
            self.get_context_data(form=form, locked_out=locked_out, cool_off_minutes=_cool_off_minutes())
        )
        # The lockout middleware keeps this page (with its status 429) instead of its generic one.
        response.shows_lockout = locked_out
        return response


# Password change and reset ------------------------------------------------------------------------------------


@method_decorator(staff_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        previous = self.request.session.session_key
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_changed(
                actor=self.request.user, request=self.request, previous_session_key=previous
            )
        return response


@method_decorator(staff_required, name="dispatch")
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.password_reset_completed(user=form.user)
        return response


# Second factor ------------------------------------------------------------------------------------------------


@never_cache
@login_required
def second_factor(request):
    """The code after the password, for those who owe one (the middleware sends them here)."""
    if not has_second_factor(request.user):
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = is_throttled(request.user)
        device = services.second_factor_verify(
            user=request.user, token=form.cleaned_data["token"], request=request
        )
        if device is not None:
            return redirect(_next_url(request))
        form.add_error("token", _wrong_code_message(throttled))
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@never_cache
@staff_required
def second_factor_setup(request):
    if has_second_factor(request.user):
        messages.info(request, _("Your account already has an authenticator app."))
        return redirect("accounts:account")
    device = services.totp_device_prepare(actor=request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrol_confirm(
            actor=request.user, device=device, token=form.cleaned_data["token"], request=request
        )
        if codes is not None:
            request.session[NEW_RECOVERY_CODES] = codes
            back = urlencode({"next": _next_url(request, "accounts:account")})
            return redirect(f"{reverse('accounts:recovery_codes')}?{back}")
        form.add_error(
            "token", _("That code is not valid. Check the time on your phone and try the new code.")
        )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"form": form, "secret": group_secret(base32_secret(device)), "next": request.GET.get("next", "")},
    )


@never_cache
@staff_required
def second_factor_qr(request):
    device = pending_totp_device(request.user)
    if device is None:
        raise Http404
    return HttpResponse(qr_svg(device.config_url), content_type="image/svg+xml")


@never_cache
@staff_required
def recovery_codes(request):
    """New codes are shown here once, right after they are made; afterwards only how many are left."""
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": [group_code(code) for code in codes or []],
            "left": recovery_codes_left(request.user),
            "enrolled": has_second_factor(request.user),
            "next": _next_url(request, "accounts:account"),
        },
    )


@require_POST
@staff_required
@recent_auth_required(minutes=5)
def recovery_codes_renew(request):
    if not has_second_factor(request.user):
        raise Http404
    request.session[NEW_RECOVERY_CODES] = services.recovery_codes_issue(actor=request.user)
    return redirect("accounts:recovery_codes")


# Re-authentication, the account page, sessions ----------------------------------------------------------------


@never_cache
@staff_required
def confirm(request):
    """ "Confirm it's you" before a bulk export or a merge (tamkeen.accounts.access.recent_auth_required)."""
    with_token = has_second_factor(request.user)
    form = ConfirmForm(request.POST or None, request=request, with_token=with_token)
    locked_out = False
    if request.method == "POST":
        if form.is_valid():
            throttled = with_token and is_throttled(request.user)
            device = (
                services.second_factor_verify(
                    user=request.user, token=form.cleaned_data["token"], request=request
                )
                if with_token
                else True
            )
            if device:
                services.reauthenticated(actor=request.user, request=request)
                return redirect(_next_url(request))
            form.add_error("token", _wrong_code_message(throttled))
        locked_out = getattr(request, "axes_locked_out", False)
    response = render(
        request,
        "accounts/confirm.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "locked_out": locked_out,
            "cool_off_minutes": _cool_off_minutes(),
        },
    )
    response.shows_lockout = locked_out
    return response


@never_cache
@staff_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "has_second_factor": has_second_factor(request.user),
            "recovery_codes_left": recovery_codes_left(request.user),
        },
    )


@never_cache
@staff_required
def sessions(request):
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": selectors.sessions_of(request.user), "current_key": request.session.session_key},
    )


@require_POST
@staff_required
def sessions_end_others(request):
    count = services.sessions_end_others(actor=request.user, request=request)
    messages.success(request, _("Signed out everywhere else (%(count)s sessions).") % {"count": count})
    return redirect("accounts:sessions")
