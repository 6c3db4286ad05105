from tests.access import BENEFICIARIES, EVERYONE, AccessCase, staff

STAFF = tuple(persona for persona in EVERYONE if persona not in BENEFICIARIES)


def access_cases(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Everyone of staff has begun setting up an authenticator, so its QR code exists to be fetched.
    for persona in STAFF:
        TOTPDevice.objects.get_or_create(user=world.users[persona], confirmed=False)
    public = staff(*EVERYONE)
    return [
        # A logged-in user asking for the login page is sent home.
        AccessCase("accounts:login", allow=staff(*EVERYONE, status=302), anonymous=200),
        AccessCase("accounts:logout", method="post", allow=staff(*EVERYONE, status=302), anonymous=302),
        AccessCase("accounts:account", allow=staff(*STAFF)),
        AccessCase("accounts:password_change", allow=staff(*STAFF)),
        AccessCase("accounts:password_change_done", allow=staff(*STAFF)),
        # Forgotten passwords are for people who cannot sign in: open to all, and telling nothing.
        AccessCase("accounts:password_reset", allow=public, anonymous=200),
        AccessCase("accounts:password_reset_done", allow=public, anonymous=200),
        AccessCase(
            "accounts:password_reset_confirm",
            {"uidb64": "MQ", "token": "not-a-token"},
            allow=public,
            anonymous=200,
        ),
        AccessCase("accounts:password_reset_complete", allow=public, anonymous=200),
        # Nobody here owes a second factor, so the page sends them on.
        AccessCase("accounts:second_factor", allow=staff(*EVERYONE, status=302)),
        AccessCase("accounts:second_factor_setup", allow=staff(*STAFF)),
        AccessCase("accounts:second_factor_qr", allow=staff(*STAFF)),
        AccessCase("accounts:recovery_codes", allow=staff(*STAFF)),
        # Without an authenticator there are no recovery codes to renew.
        AccessCase("accounts:recovery_codes_renew", method="post", allow=staff(*STAFF, status=404)),
        AccessCase("accounts:confirm", allow=staff(*STAFF)),
        AccessCase("accounts:sessions", allow=staff(*STAFF)),
        AccessCase("accounts:sessions_end_others", method="post", allow=staff(*STAFF, status=302)),
    ]
