"""Office screens about how a member is reached: marking the roll's mobile as wrong (or right again)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.notifications import services as notification_services
from tamkeen.notifications.selectors import member_mobile, preference_of
from tamkeen.registry.access import access_member_for_edit


@role_required(Role.CASE_WORKER, Role.SUPERVISOR)
def mobile_wrong(request, member_pk):
    """A confirmation page, then the mark: no code or message goes to the roll's mobile any more (or again)."""
    member = access_member_for_edit(request.user, member_pk)
    preference = preference_of(member=member)
    is_marked = bool(preference and preference.is_registry_mobile_wrong)
    if request.method == "POST":
        is_wrong = request.POST.get("is_wrong") == "1"
        notification_services.registry_mobile_mark_wrong(actor=request.user, member=member, is_wrong=is_wrong)
        if is_wrong:
            messages.success(
                request, _("The roll's mobile is marked as wrong: no code or message goes to it.")
            )
        else:
            messages.success(request, _("The roll's mobile is in use again."))
        return redirect("registry:member", pk=member.pk)
    return render(
        request,
        "portal/mobile_wrong.html",
        {
            "member": member,
            "is_marked": is_marked,
            "verified_mobile": preference.mobile if preference else "",
            "reaches": member_mobile(member, preference),
        },
    )
