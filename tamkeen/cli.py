"""The `tamkeen` command: Django's management commands, with the contract's hyphenated names.

`tamkeen import-roll FILE` runs the `import_roll` management command; `tamkeen migrate` and every other
Django command work unchanged.
"""

import os
import sys

# Read-only commands that answer in a couple of seconds: they start without the parts only the web needs (the
# API's framework and its schema library). Settings read TAMKEEN_CLI_LIGHT.
LIGHT_COMMANDS = frozenset({"kpi"})


def prepare(argv: list[str]) -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
        # Only for a process whose settings are not loaded yet (not a test calling main() in-process).
        if argv[0] in LIGHT_COMMANDS and "config.settings" not in sys.modules:
            os.environ.setdefault("TAMKEEN_CLI_LIGHT", "1")
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = prepare(list(sys.argv[1:] if argv is None else argv))
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tamkeen", *argv])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
