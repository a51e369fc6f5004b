"""The Makefile's development server: mailed links follow the port it runs on, and its task
worker stops with it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from newsroom import devserver


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

    assert "SITE_URL=http://127.0.0.1:8123 .venv/bin/python -m newsroom.devserver" in commands


def test_make_run_keeps_a_site_url_given_on_the_command_line():
    commands = dry_run("run", "SITE_URL=https://news.example.org")

    assert "SITE_URL=https://news.example.org .venv/bin/python -m newsroom.devserver" in commands


def test_make_run_starts_the_server_with_its_task_worker():
    assert devserver.commands("127.0.0.1:8123") == [
        [sys.executable, devserver.MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.5"],
        [sys.executable, devserver.MANAGE, "runserver", "127.0.0.1:8123"],
    ]


def test_the_worker_stops_when_the_server_ends(monkeypatch, tmp_path):
    pid_file = tmp_path / "worker.pid"
    worker = (
        f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    )
    server = f"import os, time\nwhile not os.path.exists({str(pid_file)!r}): time.sleep(0.05)"
    monkeypatch.setattr(
        devserver,
        "commands",
        lambda address: [[sys.executable, "-c", worker], [sys.executable, "-c", server]],
    )

    assert devserver.main("127.0.0.1:8123") == 0

    worker_pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
