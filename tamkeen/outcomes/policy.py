"""The outcomes' dated rules, as the rules page shows and checks them (tamkeen.core.rules)."""

from dataclasses import asdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tamkeen.core.rules import PolicyRule, RuleField

from .wages import DEFAULT_WAGE_BANDS, WAGE_RULE


def _check(values: dict) -> list[str]:
    if values["support_min_wage"] > values["support_max_wage"]:
        return [gettext("The support band's lowest wage is at most its highest.")]
    return []


POLICY_RULES = [
    PolicyRule(
        name=WAGE_RULE,
        label=_("Wage bands of a hire"),
        about=_(
            "The wage from which a hire counts in the employer's Saudization (Nitaqat) quota, how many workers a "
            "hire with a disability counts as, and the wage band of HRDF's employment support (SAR a month)."
        ),
        fields=(
            RuleField("nitaqat_min_wage", _("Lowest wage counted in Nitaqat"), 0, 100000),
            RuleField("disability_counts_as", _("A worker with a disability counts as"), 1, 10),
            RuleField("support_min_wage", _("Support band: lowest wage"), 0, 100000),
            RuleField("support_max_wage", _("Support band: highest wage"), 0, 100000),
        ),
        default=asdict(DEFAULT_WAGE_BANDS),
        check=_check,
    )
]
