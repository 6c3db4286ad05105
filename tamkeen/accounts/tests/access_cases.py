from tamkeen.core.testing import EVERYONE, AccessCase, staff


def access_cases(world):
    return [
        # A logged-in user asking for the login page is sent home.
        AccessCase("accounts:login", allow=staff(*EVERYONE, status=302), anonymous=200),
        AccessCase("accounts:logout", method="post", allow=staff(*EVERYONE, status=302), anonymous=302),
    ]
