"""The matching's dated rules, as the rules page shows and checks them (tamkeen.core.rules)."""

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _

from tamkeen.core.rules import PolicyRule, RuleField

from .scoring import DEFAULT_PRIORITY_SHARES, PRIORITY_RULE, PriorityShares


def _check(values: dict) -> list[str]:
    return PriorityShares(**{key: float(value) for key, value in values.items()}).problems()


POLICY_RULES = [
    PolicyRule(
        name=PRIORITY_RULE,
        label=_("Priority in matching (the Saudization weighting)"),
        about=_(
            "The parts of a member's priority when seats are scarce; they add up to 1. The shares for women "
            "and for persons with disabilities follow the labour-market rules (Nitaqat) that reward employing them."
        ),
        fields=(
            RuleField("time_on_security", _("Share for years on social security"), 0, 1, decimals=2),
            RuleField("household_size", _("Share for household size"), 0, 1, decimals=2),
            RuleField("woman", _("Share for women"), 0, 1, decimals=2),
            RuleField("disability", _("Share for persons with disabilities"), 0, 1, decimals=2),
        ),
        default=asdict(DEFAULT_PRIORITY_SHARES),
        check=_check,
    )
]
