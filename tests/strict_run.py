"""A pytest plugin (loaded by pyproject's addopts): a run that skipped any test fails.

CI must never pass with tests quietly left out; a test that cannot run here is a defect
to fix, not a skip. (Deselecting with ``-m`` is explicit and unaffected; pytest's own exit
code 5, "no tests collected", already fails.)
"""

import pytest

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("skipped tests fail this run")
        for nodeid in _skipped:
            terminalreporter.line(f"SKIPPED {nodeid}")


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
