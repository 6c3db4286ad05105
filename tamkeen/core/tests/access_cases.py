from tests.access import EVERYONE, AccessCase, staff


def access_cases(world):
    return [
        AccessCase("core:home", allow=staff(*EVERYONE)),
        AccessCase("core:healthz", allow=staff(*EVERYONE), anonymous=200),
        AccessCase("core:health", allow=staff(*EVERYONE), anonymous=200),
        AccessCase("core:metrics", others=404, anonymous=404),
    ]
