import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.consent import selectors as consent_selectors
from tamkeen.consent import services as consent_services
from tamkeen.consent.forms import ConsentForm, WithdrawForm
from tamkeen.core.audit import audit_read
from tamkeen.notifications import services as notification_services
from tamkeen.notifications.selectors import in_app_messages_of, member_mobile, preference_of
from tamkeen.opportunities.access import access_opportunity
from tamkeen.referrals import selectors as referral_selectors
from tamkeen.referrals import services as referral_services
from tamkeen.referrals.models import Source
from tamkeen.registry.access import access_member_for_edit

from . import identity, selectors, services
from .forms import CodeForm, InvitationForm, MobileForm, NationalIdForm, PreferenceForm

PENDING = "portal_pending"


def _portal_login_required(view):
    """Signed-out visitors go to the portal's sign-in; staff get 403; a beneficiary without a member 404."""

    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        if not request.user.is_beneficiary:
            raise PermissionDenied
        member = selectors.own_member(request.user)
        if member is None:
            raise Http404
        return view(request, member, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _minimum_time(started: float) -> None:
    """Answer a code request after the same minimum time whether or not the ID is known."""
    floor = getattr(settings, "TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS", 0.8)
    remaining = floor - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def _other_providers():
    return [p for p in identity.providers().values() if not isinstance(p, identity.OneTimeCodeProvider)]


@never_cache
def login(request):
    if request.user.is_authenticated and request.user.is_beneficiary:
        return redirect("portal:home")
    if request.method == "GET" and request.GET.get("again"):
        request.session.pop(PENDING, None)
    pending = request.session.get(PENDING)
    id_form, code_form, limited = NationalIdForm(), CodeForm(), False
    if request.method == "POST" and "code" in request.POST and pending:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            member = services.code_verify(id_digest=pending, typed=code_form.cleaned_data["code"])
            if member is not None:
                request.session.pop(PENDING, None)
                identity.sign_in_member(request, member, "otp")
                return redirect("portal:home")
            code_form.add_error(
                "code", _("The code is wrong or has expired. Check the SMS or ask for a new code.")
            )
    elif request.method == "POST":
        started = time.monotonic()
        id_form = NationalIdForm(request.POST)
        if id_form.is_valid():
            outcome = services.code_request(
                national_id=id_form.cleaned_data["national_id"], address=request.META.get("REMOTE_ADDR")
            )
            request.session[PENDING] = outcome.id_digest
            pending, limited = outcome.id_digest, outcome.is_limited
            _minimum_time(started)
    return render(
        request,
        "portal/login.html",
        {
            "stage": "code" if pending else "id",
            "id_form": id_form,
            "code_form": code_form,
            "is_limited": limited,
            "providers": _other_providers(),
        },
        status=429 if limited else 200,
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect("portal:login")


def oidc_start(request, name):
    provider = identity.provider(name)
    if not isinstance(provider, identity.OpenIDConnectProvider):
        raise Http404
    return redirect(provider.authorization_redirect(request))


@never_cache
def oidc_callback(request, name):
    provider = identity.provider(name)
    if not isinstance(provider, identity.OpenIDConnectProvider):
        raise Http404
    national_id = provider.national_id_from_callback(request)
    member = identity.member_for_national_id(national_id) if national_id else None
    if member is None:
        messages.error(request, _("We could not sign you in. Ask your social-security office."))
        return redirect("portal:login")
    identity.sign_in_member(request, member, name)
    return redirect("portal:home")


@_portal_login_required
def home(request, member):
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="portal.home")
    plan, actions = selectors.plan_of(member)
    unread = in_app_messages_of(member).filter(read_at__isnull=True).count()
    return render(
        request,
        "portal/home.html",
        {
            "member": member,
            "household": selectors.household_of(request.user, member),
            "plan": plan,
            "actions": actions,
            "unread": unread,
            "today": timezone.localdate(),
        },
    )


@_portal_login_required
def opportunities(request, member):
    eligible, others = selectors.opportunities_for(request.user, member)
    return render(request, "portal/opportunities.html", {"eligible": eligible, "others": others})


@require_POST
@_portal_login_required
def interest(request, member, code):
    opportunity = access_opportunity(request.user, code)
    try:
        referral_services.referral_propose(
            actor=request.user, member=member, opportunity=opportunity, source=Source.MEMBER
        )
    except referral_services.ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your case worker will look at your interest and contact you."))
    return redirect("portal:opportunities")


@_portal_login_required
def referrals(request, member):
    return render(
        request, "portal/referrals.html", {"referrals": selectors.my_referrals(request.user, member)}
    )


def _consent_page(request, member, form=None, status=200):
    recipients = referral_selectors.data_recipients_of(member)
    return render(
        request,
        "portal/consents.html",
        {
            "current": consent_selectors.current_consents_of(member),
            "recipients": recipients,
            "form": form or ConsentForm(paper=False),
        },
        status=status,
    )


@_portal_login_required
def consents(request, member):
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="consent.read")
    return _consent_page(request, member)


@require_POST
@_portal_login_required
def consent_give(request, member):
    form = ConsentForm(request.POST, paper=False)
    if not form.is_valid():
        return _consent_page(request, member, form, status=400)
    try:
        consent_services.consent_record(
            actor=request.user,
            member=member,
            entity=form.cleaned_data["entity"],
            purpose=form.cleaned_data["purpose"],
            categories=form.cleaned_data["categories"],
        )
    except consent_services.ConsentError as error:
        form.add_error(None, str(error))
        return _consent_page(request, member, form, status=400)
    messages.success(request, _("Your consent was recorded."))
    return redirect("portal:consents")


@require_POST
@_portal_login_required
def consent_withdraw(request, member):
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _consent_page(request, member, status=400)
    try:
        consent_services.consent_withdraw(
            actor=request.user,
            member=member,
            entity=form.cleaned_data["entity"],
            purpose=form.cleaned_data["purpose"],
        )
    except consent_services.ConsentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your consent was withdrawn. Nothing more will be shared under it."))
    return redirect("portal:consents")


@_portal_login_required
def mobile(request, member):
    form, code_form = MobileForm(), CodeForm()
    pending = request.session.get("portal_new_mobile")
    if request.method == "POST" and "code" in request.POST and pending:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            verified = services.mobile_change_confirm(
                actor=request.user, member=member, typed=code_form.cleaned_data["code"]
            )
            if verified:
                request.session.pop("portal_new_mobile", None)
                messages.success(request, _("Your new mobile number is confirmed."))
                return redirect("portal:home")
            code_form.add_error("code", _("The code is wrong or has expired."))
    elif request.method == "POST":
        form = MobileForm(request.POST)
        if form.is_valid():
            try:
                pending = services.mobile_change_request(
                    actor=request.user, member=member, mobile=form.cleaned_data["mobile"]
                )
            except services.PortalError as error:
                form.add_error("mobile", error.messages[0])
            else:
                request.session["portal_new_mobile"] = pending
    return render(
        request,
        "portal/mobile.html",
        {"current": member_mobile(member), "pending": pending, "form": form, "code_form": code_form},
    )


@_portal_login_required
def preferences(request, member):
    preference = preference_of(member=member)
    initial = {
        "language": preference.language if preference else settings.LANGUAGE_CODE,
        "is_opted_out": preference.is_opted_out if preference else False,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notification_services.preference_update(
            actor=request.user,
            member=member,
            language=form.cleaned_data["language"],
            is_opted_out=form.cleaned_data["is_opted_out"],
        )
        messages.success(request, _("Your choices were saved."))
        return redirect("portal:preferences")
    return render(request, "portal/preferences.html", {"form": form})


@_portal_login_required
def inbox(request, member):
    rows = list(in_app_messages_of(member)[:100])
    response = render(request, "portal/messages.html", {"rows": rows})
    for row in rows:
        if row.read_at is None:
            notification_services.in_app_message_mark_read(actor=request.user, message=row)
    return response


@role_required(Role.CASE_WORKER, Role.SUPERVISOR)
def invite(request, member_pk):
    member = access_member_for_edit(request.user, member_pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(actor=request.user, member=member, mobile=form.cleaned_data["mobile"])
        except services.PortalError as error:
            form.add_error("mobile", error.messages[0])
        else:
            messages.success(request, _("The invitation was sent. It is valid for 24 hours."))
            return redirect("portal:invite", member_pk=member.pk)
    return render(request, "portal/invite.html", {"member": member, "form": form})


STATIC = Path(__file__).parent / "static" / "portal"


def service_worker(request):
    response = HttpResponse((STATIC / "sw.js").read_bytes(), content_type="text/javascript")
    # Served from /portal/ so that it may control the portal's pages.
    response["Service-Worker-Allowed"] = reverse("portal:home")
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    return render(request, "portal/manifest.webmanifest", content_type="application/manifest+json")


def offline(request):
    return render(request, "portal/offline.html")
