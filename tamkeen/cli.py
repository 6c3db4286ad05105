"""The `tamkeen` command: Django's management commands, with the contract's hyphenated names.

`tamkeen import-roll FILE` runs the `import_roll` management command; `tamkeen migrate` and every other
Django command work unchanged.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tamkeen", *argv])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
