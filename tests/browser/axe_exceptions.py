"""The axe-core findings we accept, each with its reason. Keyed by (rule id, URL name); "*" matches every page.

An entry here silences only serious or critical findings of that rule on that page: anything not listed fails
tests/browser/test_accessibility.py. Keep this list short and every reason checkable.
"""

ACCEPTED: dict[tuple[str, str], str] = {}


def is_accepted(rule: str, url_name: str) -> bool:
    return (rule, url_name) in ACCEPTED or (rule, "*") in ACCEPTED
