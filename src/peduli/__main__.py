"""The `peduli` console script: Django's management commands under one name.

A command run from the console is watched like a request
(`core.personal_data`): what it read of personal data is logged under
`peduli <command>`, its arguments left out (they may hold a NIK). The
commands that run for hours, or only build and migrate, are not.
"""

import os
import sys

# Long-running processes (their work is logged where it leaves: the
# requests), and commands that only build the database.
UNWATCHED = {"serve", "runserver", "db_worker", "scheduler", "shell", "dbshell", "migrate", "makemigrations",
             "collectstatic", "demo", "test", "help", "check", "version"}  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peduli.settings")
    from django.core.management import execute_from_command_line

    argv = ["peduli", *sys.argv[1:]]
    command = argv[1] if len(argv) > 1 else "help"
    if command in UNWATCHED or command.startswith("-"):
        execute_from_command_line(argv)
        return
    import django

    django.setup()
    from peduli.core.models import AccessLog
    from peduli.core.personal_data import log_reads, watching

    with watching() as reads:
        execute_from_command_line(argv)
    log_reads(user=None, reads=reads, action=AccessLog.Action.VIEW, where=f"peduli {command}")


if __name__ == "__main__":
    main()
