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


def main(address):
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)  # also when started in the background
    # Our own commands; the address comes from the Makefile.
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.5"],
            start_new_session=True,
        ),
        subprocess.Popen(  # noqa: S603
            [sys.executable, MANAGE, "runserver", address], start_new_session=True
        ),
    ]
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            stop(process)
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
