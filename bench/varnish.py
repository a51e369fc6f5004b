"""Varnish with the shipped configuration (deploy/varnish/newsroom.vcl) on loopback, in front
of app servers on given ports: the edge of tests/edge/test_stack.py and of the newsroom-day
benchmark (bench/newsroom_day.py).

It needs Debian's ``varnishd`` 7 with varnish-modules (xkey): ``make varnish`` installs them.
"""

import http.client
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VCL = BASE_DIR / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
# The ports the shipped configuration names for its two app servers.
SHIPPED_PORTS = ("8001", "8002")


def missing():
    """Why Varnish cannot run here (a sentence saying how to install it), or None."""
    if not Path(VARNISHD).exists() or not list(
        Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")
    ):
        return (
            "Varnish 7 with varnish-modules (xkey) is needed: run `make varnish` (Debian: "
            "apt-get install varnish varnish-modules)."
        )
    return None


def configuration(app_ports):
    """The shipped VCL with its two backends moved to ``app_ports``."""
    vcl = VCL.read_text()
    for shipped, port in zip(SHIPPED_PORTS, app_ports, strict=True):
        vcl = vcl.replace(f'.port = "{shipped}"', f'.port = "{port}"')
    return vcl


class Varnish:
    """``varnishd`` in the foreground on 127.0.0.1:``port`` in front of the two app servers on
    ``app_ports``; a context manager that always stops it."""

    def __init__(self, port, app_ports, log_dir, memory="64m"):
        self.port = port
        self.app_ports = app_ports
        self.log_dir = Path(log_dir)
        self.memory = memory
        self.process = None
        self.work_dir = None

    def start(self, attempts=300):
        problem = missing()
        if problem:
            raise RuntimeError(problem)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        vcl_path = self.log_dir / "newsroom.vcl"
        vcl_path.write_text(configuration(self.app_ports))
        self.work_dir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        self.log = open(self.log_dir / "varnish.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                *(VARNISHD, "-F", "-j", "none", "-n", str(self.work_dir)),
                *("-a", f"127.0.0.1:{self.port}", "-f", str(vcl_path)),
                *("-s", f"malloc,{self.memory}", "-p", "default_grace=0"),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(attempts):
            if self.process.poll() is not None:
                break
            if self.answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"varnishd did not answer; see {self.log_dir / 'varnish.log'}")

    def answers(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def counters(self, pattern="*"):
        """Varnish's own counters (``varnishstat``) matching ``pattern``, by name."""
        done = subprocess.run(
            ["varnishstat", "-n", str(self.work_dir), "-1", "-f", pattern],
            capture_output=True,
            text=True,
            check=True,
        )
        counts = {}
        for line in done.stdout.splitlines():
            name, value = line.split()[:2]
            counts[name] = int(value)
        return counts

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.log.close()
        self.process = None
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
