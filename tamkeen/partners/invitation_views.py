"""The invitee's page: the link from the e-mail, where they choose a password. Open to anyone holding the
link (the token is the credential); a used, expired or replaced link is refused with the reason."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from tamkeen.partners import invitations

REFUSAL_STATUS = {"unknown": 404}


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, token):
    try:
        invitation = invitations.invitation_for(token)
    except invitations.InvitationRefused as refusal:
        return render(
            request,
            "partners/invitation_refused.html",
            {"reason": str(refusal)},
            status=REFUSAL_STATUS.get(refusal.code, 410),
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except invitations.InvitationRefused as refusal:  # used in another tab a moment ago
            return render(request, "partners/invitation_refused.html", {"reason": str(refusal)}, status=410)
        messages.success(
            request,
            _("Your account is ready. Sign in with your user name %(username)s and your new password.")
            % {"username": user.username},
        )
        return redirect("accounts:login")
    return render(request, "partners/invitation.html", {"form": form, "invitation": invitation})
