#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from newsroom.database import start_development_database

    try:
        # Development without DATABASE_URL: the embedded PostgreSQL (newsroom/database.py).
        start_development_database()
    except ImproperlyConfigured as error:
        sys.exit(f"Newsroom will not start: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
