"""The browser tests' set-up leaves the repository and the process as it found them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PillowImage

from tests.e2e import conftest as e2e

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def docs_folder(tmp_path, monkeypatch):
    folder = tmp_path / "docs" / "screenshots"
    monkeypatch.setattr(e2e, "DOCS_SCREENSHOTS", folder)
    return folder


@pytest.fixture
def shot(tmp_path):
    """A page-like screenshot: flat bands of colour, as a browser draws them."""
    path = tmp_path / "01-article-desktop.png"
    picture = PillowImage.new("RGB", (400, 300), "white")
    for row in range(0, 300, 20):
        picture.paste((row % 256, 40, 200 - row // 2), (0, row, 400, row + 10))
    picture.save(path)
    return path


def test_docs_screenshots_are_left_alone_by_a_normal_run(docs_folder, shot, monkeypatch):
    monkeypatch.delenv("UPDATE_SCREENSHOTS", raising=False)
    assert e2e.update_docs_screenshot(shot, "e2e-article-desktop.png") is None
    assert not docs_folder.exists()


def test_docs_screenshots_are_rewritten_when_asked(docs_folder, shot, monkeypatch):
    monkeypatch.setenv("UPDATE_SCREENSHOTS", "1")
    target = e2e.update_docs_screenshot(shot, "e2e-article-desktop.png")
    assert target == docs_folder / "e2e-article-desktop.png"
    with PillowImage.open(target) as written, PillowImage.open(shot) as taken:
        assert written.mode == "P"
        assert written.size == taken.size
        assert written.convert("RGB").tobytes() == taken.convert("RGB").tobytes()


def test_a_docs_screenshot_too_large_for_the_repository_is_refused(tmp_path):
    noise = tmp_path / "noise.png"
    PillowImage.effect_noise((300, 300), 100).convert("RGB").save(noise)
    with pytest.raises(ValueError, match="must stay under 10 KB"):
        e2e.write_optimised_png(noise, tmp_path / "docs.png", max_bytes=10 * 1024)
    assert not (tmp_path / "docs.png").exists()


def test_every_docs_screenshot_fits_the_repository_limit():
    sizes = {
        path.name: path.stat().st_size for path in (REPO_ROOT / "docs" / "screenshots").iterdir()
    }
    assert sizes
    assert {name: size for name, size in sizes.items() if size > 300 * 1024} == {}


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
