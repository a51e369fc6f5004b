"""``make run``: the development server and a task worker, started and stopped together.

Usage: ``python -m newsroom.devserver 127.0.0.1:8000``. The server and the worker
(``db_worker`` on every queue) each run in their own process group with their reloaders;
when either ends, or this launcher gets Ctrl+C or SIGTERM, both groups are stopped, gently
first.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

MANAGE = str(Path(__file__).resolve().parent.parent / "manage.py")
GRACE_SECONDS = 10


def commands(address):
    """The worker and the server, each as an argument list."""
    return [
        [sys.executable, MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.5"],
        [sys.executable, MANAGE, "runserver", address],
    ]


def main(address):
    previous = {
        number: signal.signal(number, _raise_interrupt)  # SIGINT: also when in the background
        for number in (signal.SIGTERM, signal.SIGINT)
    }
    # Our own commands; the address comes from the Makefile.
    processes = [
        subprocess.Popen(command, start_new_session=True)  # noqa: S603
        for command in commands(address)
    ]
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            stop(process)
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # the process and its reloader's child
    try:
        process.wait(GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
