"""docs/architecture.md says which role files each app has: exactly those, and every module it names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tamkeen"
ROLES = ("models", "access", "services", "selectors", "forms", "views", "urls", "admin", "nav", "queues", "panels",
         "subscribers", "seed", "tasks")  # fmt: skip


def documented() -> dict[str, tuple[set[str], set[str]]]:
    """{app: (role files, own modules)} from the list under "The files of an app"."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    found = {}
    for app, roles, own in re.findall(r"^- `(\w+)`: ([^;\n]*)(?:; also (.*))?$", text, flags=re.MULTILINE):
        found[app] = (
            {name.strip() for name in roles.split(",")} - {"—", ""},
            {name.strip(" `") for name in own.split(",")} - {""},
        )
    return found


def role_files(app: str) -> set[str]:
    folder = PACKAGE / app
    return {
        role for role in ROLES if (folder / f"{role}.py").exists() or (folder / role / "__init__.py").exists()
    }


def test_every_app_is_listed_with_exactly_its_role_files():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}
    listed = documented()
    assert set(listed) == apps
    wrong = {
        app: sorted(role_files(app) ^ listed[app][0]) for app in apps if role_files(app) != listed[app][0]
    }
    assert not wrong, f"role files that differ from docs/architecture.md: {wrong}"


def test_every_module_the_list_names_exists():
    missing = [
        f"{app}/{module}"
        for app, (_roles, own) in documented().items()
        for module in own
        if not (PACKAGE / app / f"{module}.py").exists() and not (PACKAGE / app / module.rstrip("/")).is_dir()
    ]
    assert not missing, missing
