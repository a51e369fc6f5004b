"""The Makefile's development server: mailed links follow the port it runs on."""

import os
import subprocess
from pathlib import Path

from django.conf import settings


def dry_run(*arguments):
    environment = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    return subprocess.run(
        ["make", "--dry-run", "--always-make", *arguments],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_run_gives_the_server_a_site_url_on_its_port():
    commands = dry_run("run", "PORT=8123")

    assert "SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py runserver" in commands


def test_make_run_keeps_a_site_url_given_on_the_command_line():
    commands = dry_run("run", "SITE_URL=https://news.example.org")

    assert "SITE_URL=https://news.example.org .venv/bin/python manage.py runserver" in commands
