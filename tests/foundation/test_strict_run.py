"""The suite's own rule: a run with a skipped test fails, a run with no test fails."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_pytest(tmp_path, source):
    (tmp_path / "test_probe.py").write_text(source)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:django",
            "-p",
            "tests.strict_run",
            "-q",
            "-o",
            "addopts=",
            "--rootdir",
            str(tmp_path),
            str(tmp_path),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skipped_test_fails_the_run(tmp_path):
    result = run_pytest(
        tmp_path,
        "import pytest\n\ndef test_ok():\n    pass\n\n"
        "@pytest.mark.skip(reason='not here')\ndef test_left_out():\n    pass\n",
    )
    assert result.returncode == 1
    assert "SKIPPED" in result.stdout
    assert "test_left_out" in result.stdout


def test_a_clean_run_passes(tmp_path):
    result = run_pytest(tmp_path, "def test_ok():\n    pass\n")
    assert result.returncode == 0, result.stdout


def test_a_run_with_no_tests_fails(tmp_path):
    result = run_pytest(tmp_path, "x = 1\n")
    assert result.returncode == 5
