from tests.access import EVERYONE, AccessCase, staff

TRANSITION = {"name": "cases.transition_period"}


def access_cases(world):
    return [
        AccessCase("core:home", allow=staff(*EVERYONE)),
        AccessCase("core:healthz", allow=staff(*EVERYONE), anonymous=200),
        AccessCase("core:health", allow=staff(*EVERYONE), anonymous=200),
        AccessCase("core:metrics", others=404, anonymous=404),
        # The administrator owns the programme's rules; the managers (regional and national) read them.
        AccessCase("core:rules", allow=staff("admin", "manager", "manager_national")),
        AccessCase("core:rule_add", TRANSITION, allow=staff("admin")),
        # A version without its fields: the administrator sees the form's errors; nobody else gets that far.
        AccessCase("core:rule_add", TRANSITION, method="post", data={}, allow=staff("admin", status=400)),
        AccessCase("core:rule_add", {"name": "no.such_rule"}, allow=staff("admin", status=404)),
    ]
