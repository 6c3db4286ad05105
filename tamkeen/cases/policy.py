"""The case work's dated rules, as the rules page shows and checks them (tamkeen.core.rules)."""

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _

from tamkeen.core.rules import PolicyRule, RuleField

from .rules import DEFAULT_TRANSITION, TRANSITION_RULE

POLICY_RULES = [
    PolicyRule(
        name=TRANSITION_RULE,
        label=_("Transition period"),
        about=_(
            "How long the pension continues after a verified hire or economic outcome before the household "
            "graduates. A household keeps the length in force on its outcome's date."
        ),
        fields=(RuleField("months", _("Months"), 1, 60),),
        default=asdict(DEFAULT_TRANSITION),
    )
]
