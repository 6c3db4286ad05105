"""Statuses are compared and filtered through the models' choices, never through raw strings.

`Referral.objects.filter(status="sent")` keeps running after the value is renamed and silently matches nothing;
`filter(status=Referral.Status.SENT)` fails at import. This scans the application code (tests and migrations
are left out) for a comparison or keyword argument on a status-like name whose value is a string literal.
"""

import ast
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tamkeen"
NAMES = {"status", "verification_status", "to_status", "from_status", "state"}
LOOKUPS = {"in", "exact", "iexact"}

# Literals that stay, each with its reason. Keys are (module, the code as `ast.unparse` writes it).
ALLOWED = {
    ("tamkeen/cases/selectors.py", "status == 'none'"): "the list filter's value for members without a plan",
    (
        "tamkeen/partners/selectors.py",
        "status == 'active'",
    ): "the directory filter's value, not a model status",
    ("tamkeen/grievances/queues.py", "state='open'"): "the grievance queue's filter, a computed state",
    (
        "tamkeen/grievances/selectors.py",
        "state in ('open', 'at_risk', 'breached')",
    ): "the queue's computed states",
    ("tamkeen/grievances/selectors.py", "state == 'answered'"): "the queue's computed states",
    ("tamkeen/grievances/selectors.py", "state == 'breached'"): "the queue's computed states",
    ("tamkeen/grievances/selectors.py", "state == 'at_risk'"): "the queue's computed states",
}


def _field(name: str) -> str:
    parts = name.split("__")
    while len(parts) > 1 and parts[-1] in LOOKUPS:
        parts.pop()
    return parts[-1]


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return (
        isinstance(node, (ast.List, ast.Tuple, ast.Set))
        and bool(node.elts)
        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    )


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def literals_in(source: str) -> list[tuple[int, str]]:
    """(line, code) of every status-like comparison or keyword argument whose value is a string literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.keyword)
            and node.arg
            and _field(node.arg) in NAMES
            and _is_literal(node.value)
        ):
            found.append((node.lineno, f"{node.arg}={ast.unparse(node.value)}"))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for left, right in pairwise(sides):
                if (_name(left) in NAMES and _is_literal(right)) or (
                    _name(right) in NAMES and _is_literal(left)
                ):
                    found.append((node.lineno, ast.unparse(node)))
    return found


def status_literals() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            continue
        module = str(path.relative_to(ROOT))
        found += [(module, line, code) for line, code in literals_in(path.read_text(encoding="utf-8"))]
    return found


def test_the_scan_sees_raw_statuses_and_lets_choices_pass():
    source = """
Referral.objects.filter(status="sent", opportunity__status__in=["open"])
Q(to_status="enrolled")
if outcome.verification_status != "verified" or state in ("open", "closed"):
    pass
Referral.objects.filter(status=Referral.Status.SENT, kind="hired")
if referral.status == Status.SENT:
    pass
"""
    assert sorted(code for _, code in literals_in(source)) == sorted(
        [
            "status='sent'",
            "opportunity__status__in=['open']",
            "to_status='enrolled'",
            "outcome.verification_status != 'verified'",
            "state in ('open', 'closed')",
        ]
    )


def test_statuses_are_named_by_the_models_choices():
    raw = [
        f"{module}:{line}: {code}"
        for module, line, code in status_literals()
        if (module, code) not in ALLOWED
    ]
    assert not raw, "use the model's TextChoices member instead of a raw string:\n" + "\n".join(raw)


def test_every_allowed_literal_is_still_there():
    present = {(module, code) for module, _, code in status_literals()}
    assert not set(ALLOWED) - present, f"stale entries in ALLOWED: {sorted(set(ALLOWED) - present)}"
