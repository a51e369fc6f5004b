"""The Nu HTML Checker (the W3C's HTML5 validator), run offline, once for many pages.

vnu.jar comes from the npm package ``vnu-jar`` (package.json, installed by ``make axe`` with
axe-core); it needs Java 11 or later (``make java``). One run checks every page handed to it,
because starting Java costs seconds.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class CheckerMissingError(Exception):
    pass


def nu_errors(pages, folder):
    """The checker's errors for each page of ``pages`` ({name: html}), as {name: [message]}."""
    java = shutil.which("java")
    if java is None:
        raise CheckerMissingError(
            "The Nu HTML Checker needs Java: run make java (apt-get install default-jre-headless)."
        )
    if not VNU_JAR.exists():
        raise CheckerMissingError(f"No {VNU_JAR}: run make axe (npm ci) to install vnu-jar.")
    paths = []
    for name, html in pages.items():
        path = Path(folder) / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(str(path))
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only"]
    run = subprocess.run(
        [*command, *paths], capture_output=True, text=True, check=False, timeout=300
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"The Nu checker did not run: {run.stderr[-2000:]}") from None
    errors = {name: [] for name in pages}
    for message in report["messages"]:
        name = Path(unquote(urlparse(message.get("url", "")).path)).stem
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine', '?')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    return errors
