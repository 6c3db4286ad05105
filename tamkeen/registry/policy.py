"""The registry's dated rules, as the rules page shows and checks them (tamkeen.core.rules)."""

from dataclasses import asdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tamkeen.core.rules import PolicyRule, RuleField

from .rules import DEFAULT_SCOPE_AGES, SCOPE_RULE


def _check(values: dict) -> list[str]:
    problems = []
    if values["min_age"] > values["max_age"]:
        problems.append(gettext("The lowest target age is at most the highest."))
    if values["student_min_age"] > values["student_max_age"]:
        problems.append(gettext("The student exemption's lowest age is at most its highest."))
    return problems


POLICY_RULES = [
    PolicyRule(
        name=SCOPE_RULE,
        label=_("Target ages and the student exemption"),
        about=_(
            "Who the programme is for: members of these ages, except full-time students of the exemption's ages."
        ),
        fields=(
            RuleField("min_age", _("Lowest target age"), 15, 70),
            RuleField("max_age", _("Highest target age"), 15, 70),
            RuleField("student_min_age", _("Student exemption from age"), 15, 40),
            RuleField("student_max_age", _("Student exemption to age"), 15, 40),
        ),
        default=asdict(DEFAULT_SCOPE_AGES),
        check=_check,
    )
]
