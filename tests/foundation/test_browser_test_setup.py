"""The browser tests' set-up leaves the repository and the process as it found them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import conftest as e2e

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def docs_folder(tmp_path, monkeypatch):
    folder = tmp_path / "docs" / "screenshots"
    monkeypatch.setattr(e2e, "DOCS_SCREENSHOTS", folder)
    return folder


@pytest.fixture
def shot(tmp_path):
    path = tmp_path / "01-article-desktop.png"
    path.write_bytes(b"\x89PNG made-up")
    return path


def test_docs_screenshots_are_left_alone_by_a_normal_run(docs_folder, shot, monkeypatch):
    monkeypatch.delenv("UPDATE_SCREENSHOTS", raising=False)
    assert e2e.update_docs_screenshot(shot, "e2e-article-desktop.png") is None
    assert not docs_folder.exists()


def test_docs_screenshots_are_rewritten_when_asked(docs_folder, shot, monkeypatch):
    monkeypatch.setenv("UPDATE_SCREENSHOTS", "1")
    target = e2e.update_docs_screenshot(shot, "e2e-article-desktop.png")
    assert target == docs_folder / "e2e-article-desktop.png"
    assert target.read_bytes() == b"\x89PNG made-up"


def test_loading_the_browser_tests_does_not_allow_async_unsafe_orm_calls():
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, tests.e2e.conftest;"
            " print(os.environ.get('DJANGO_ALLOW_ASYNC_UNSAFE', 'unset'))",
        ],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "unset"
