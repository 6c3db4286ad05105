from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr"}),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "dir": "ltr"}
        ),
    )


class ConfirmForm(forms.Form):
    """The password again (through the same lockout as the sign-in page), and the code when enrolled."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "dir": "ltr"}),
    )

    def __init__(self, *args, request, with_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.with_token = with_token
        if with_token:
            self.fields["token"].required = True
        else:
            del self.fields["token"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError(_("That is not your password."), code="invalid")
        return password
