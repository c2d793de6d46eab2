#!/usr/bin/env python
import os
import sys
from pathlib import Path


def _developer_defaults() -> None:
    """A bare ``manage.py`` on a developer's machine (nothing configured in the environment)
    uses the embedded defaults that ``make run`` wrote to var/dev.env. Production sets its
    environment and never has that file."""
    path = Path(__file__).resolve().parent / "var" / "dev.env"
    if "DATABASE_URL" not in os.environ and path.exists():
        import environ

        environ.Env.read_env(str(path))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    _developer_defaults()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
