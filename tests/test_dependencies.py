"""The apps import each other only as docs/architecture.md's table says, and the table names every real import.

Test modules, migrations and each app's `seed.py` (its part of the demo region, run by `tamkeen.demo`) are left
out: they describe or exercise the apps, they are not the apps.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tamkeen"
# Every app may use the foundation: identifiers, the audit trail, dates, files, exports.
FOUNDATION = "core"


def _apps() -> set[str]:
    return {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}


def _is_app_code(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return not ({"tests", "migrations"} & set(parts)) and parts[-1] != "seed.py"


def imported_apps() -> dict[str, dict[str, set[str]]]:
    """{app: {other app: {module paths importing it}}}, function-level imports included."""
    apps, found = _apps(), defaultdict(lambda: defaultdict(set))
    for path in PACKAGE.rglob("*.py"):
        if len(path.relative_to(PACKAGE).parts) < 2 or not _is_app_code(path):
            continue
        app = path.relative_to(PACKAGE).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "tamkeen" and len(parts) > 1 and parts[1] in apps and parts[1] != app:
                    found[app][parts[1]].add(str(path.relative_to(ROOT)))
    return found


def documented_dependencies() -> dict[str, set[str]]:
    """The "depends on" column of the app table in docs/architecture.md."""
    table, rows = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"), {}
    for app, depends_on in re.findall(r"^\| `?(\w+)`? \|[^|\n]*\| ([^|\n]*) \|$", table, flags=re.MULTILINE):
        names = {name.strip(" `") for name in depends_on.split(",")} - {"—", "", "depends on"}
        rows[app] = names
    return rows


def test_every_app_is_in_the_table():
    assert _apps() <= set(documented_dependencies()), "apps missing from docs/architecture.md"


def test_the_foundation_knows_no_app():
    assert not imported_apps().get(FOUNDATION), dict(imported_apps()[FOUNDATION])


def test_apps_import_exactly_what_the_table_documents():
    documented, actual = documented_dependencies(), imported_apps()
    problems = []
    for app in sorted(_apps()):
        real = set(actual.get(app, {})) - {FOUNDATION}
        for other in sorted(real - documented.get(app, set())):
            problems.append(f"{app} imports {other} (not in the table): {sorted(actual[app][other])}")
        for other in sorted(documented.get(app, set()) - real):
            problems.append(f"{app} is documented to depend on {other}, which it does not import")
    assert not problems, "\n".join(problems)


def documented_cycles() -> set[frozenset[str]]:
    """The "Known import cycles" sentence of docs/architecture.md: pairs written `a ↔ b`."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paragraph = text[text.index("Known import cycles") :].split("\n\n", 1)[0]
    return {frozenset(pair) for pair in re.findall(r"(\w+) ↔ (\w+)", paragraph)}


def test_no_new_import_cycle_between_two_apps():
    actual = {app: set(others) for app, others in imported_apps().items()}
    mutual = {
        frozenset((app, other))
        for app, others in actual.items()
        for other in others
        if app in actual.get(other, ())
    }
    assert mutual <= documented_cycles(), sorted(sorted(pair) for pair in mutual - documented_cycles())
