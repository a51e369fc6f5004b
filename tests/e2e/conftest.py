"""Browser tests: headless Debian Chromium (Playwright) against a live server on real PostgreSQL.

Each test module marks its tests ``e2e`` and uses a transactional database (the live server
thread must see what the test writes) with ``serialized_rollback``, so the rows of the data
migrations (groups, site settings) are back for each test. Email goes through a real SMTP
server on 127.0.0.1 (aiosmtpd) and is read back from it. Each journey step is saved as a
screenshot under ``test-artefacts/e2e/<test name>/``; the few shown in the docs are copied to
``docs/screenshots/`` only when ``UPDATE_SCREENSHOTS=1`` is set.
"""

import io
import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from PIL import Image as PillowImage
from PIL import ImageDraw

# The live server listens on 127.0.0.1 and picks a free port of its own.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO_ROOT / "test-artefacts" / "e2e"
# The screenshots the docs show; rewritten only when asked (UPDATE_SCREENSHOTS=1), so a test
# run leaves the git tree as it found it.
DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
# The pre-commit hook refuses files over 300 KB (.pre-commit-config.yaml).
DOCS_SCREENSHOT_MAX_BYTES = 300 * 1024
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Bounded waits: a step that takes longer than this is a failure, not something to wait for.
STEP_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
PASSWORD = "correct-horse-battery"


# Filled by the axe test; shown at the end of the run (and written to axe-summary.json).
AXE_SUMMARY = {}


def pytest_terminal_summary(terminalreporter):
    if not AXE_SUMMARY:
        return
    terminalreporter.section("axe-core violations per page (by impact)")
    for name, result in AXE_SUMMARY.items():
        counts = ", ".join(f"{impact} {count}" for impact, count in result["counts"].items())
        rules = ", ".join(f"{v['id']} ({v['impact']})" for v in result["violations"]) or "none"
        terminalreporter.write_line(f"{name:8} {result['path']:40} {counts}; rules: {rules}")


def _reset_to_migrated_rows(connections_to_reset):
    """Empty every table, then load the snapshot of the migrated database taken at start-up."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    for connection in connections_to_reset:
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            call_command(
                "flush",
                database=connection.alias,
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(contents)
    # Content type ids may differ from what this process has cached (reversion looks them up).
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _leave_the_database_as_migrated(django_db_setup, django_db_blocker):
    """Put the migrated rows back after the last browser test.

    Transactional tests empty every table when they end. ``serialized_rollback`` restores the
    rows of the data migrations (groups, site settings) before each test, but the last flush
    would leave a reused test database (``--reuse-db``) without them for the next run. So the
    session ends with the database exactly as the migrations left it.
    """
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        _reset_to_migrated_rows(connections.all())


@pytest.fixture(scope="module", autouse=True)
def _start_from_the_migrated_database(playwright_instance, django_db_blocker):
    """Begin each module of browser tests from exactly the migrated database.

    Tests elsewhere in the suite may have left rows behind (or re-created the groups with
    new ids); loading the snapshot over them would collide, so each module starts clean.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        _reset_to_migrated_rows(connections.all())


# --- browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium)."
        )
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    # Playwright's sync API runs an event loop in this thread; while it runs, Django would
    # refuse ORM calls from the test ("You cannot call this from an async context"). So the
    # permission lasts exactly as long as Playwright, and the previous value comes back after.
    allow_async_unsafe = pytest.MonkeyPatch()
    allow_async_unsafe.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    # Between calls Playwright marks its event loop as running, and Django then keeps a
    # separate set of connection objects for that loop (asgiref's thread-critical Local).
    # Hand them the snapshot of the migrated database that serialized_rollback restores.
    for alias, contents in serialized.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    yield playwright
    connections.close_all()
    playwright.stop()
    allow_async_unsafe.undo()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class PageProblems:
    """What pages did that nobody wants: dialogs, console and script errors, failed requests."""

    dialogs: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)

    @property
    def script_errors(self):
        """Console errors other than failed loads (those are checked in failed_responses;
        Chromium also logs the /favicon.ico it asks for on pages that name no icon)."""
        return [
            message
            for message in self.console_errors
            if not message.startswith("Failed to load resource")
        ]

    def watch(self, page):
        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                self.failed_responses.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )


class Screenshots:
    """Numbered full-page screenshots of one test's steps in test-artefacts/e2e/<test>/."""

    def __init__(self, test_name):
        self.folder = ARTEFACTS / re.sub(r"[^\w.-]+", "-", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def take(self, page, step):
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request):
    return Screenshots(request.node.name)


def write_optimised_png(source, target, max_bytes=DOCS_SCREENSHOT_MAX_BYTES):
    """Save a screenshot as a palette PNG under max_bytes: fewer colours until it fits.

    Pages are flat colour and text, so 256 colours without dithering look the same and take
    a quarter of the bytes; a page too large even at 64 colours is refused, not committed.
    """
    with PillowImage.open(source) as picture:
        colours = picture.convert("RGB")
    for count in (256, 128, 64):
        palette = colours.quantize(
            colors=count,
            method=PillowImage.Quantize.FASTOCTREE,
            dither=PillowImage.Dither.NONE,
        )
        buffer = io.BytesIO()
        palette.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= max_bytes:
            Path(target).write_bytes(buffer.getvalue())
            return Path(target)
    raise ValueError(
        f"{Path(target).name} is {buffer.tell() // 1024} KB even with 64 colours; docs "
        f"screenshots must stay under {max_bytes // 1024} KB: show a shorter page."
    )


def update_docs_screenshot(shot, name):
    """Write a step's screenshot, optimised, to docs/screenshots/<name> (UPDATE_SCREENSHOTS=1)."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return None
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return write_optimised_png(shot, DOCS_SCREENSHOTS / name)


class RequestsInFlight:
    """How many requests the live server (a thread of this process) is handling now."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **kwargs):
        with self.lock:
            self.count += 1

    def finished(self, **kwargs):
        with self.lock:
            self.count = max(0, self.count - 1)

    def wait_until_none(self, seconds=10):
        deadline = time.monotonic() + seconds
        while self.count and time.monotonic() < deadline:
            time.sleep(0.02)


@pytest.fixture
def new_context(browser, live_server):
    """Open fresh browser contexts (own cookies and HTTP cache) on the live server.

    After the test, the contexts close and the live server finishes what they had asked
    (an autosave, a beacon) before the database is emptied: emptying it while a request
    holds a lock deadlocks.
    """
    in_flight = RequestsInFlight()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)
    contexts = []

    def open_context(viewport=DESKTOP, **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="en-US", **options
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    in_flight.wait_until_none()
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)


@pytest.fixture
def problems():
    return PageProblems()


@pytest.fixture
def page(new_context, problems):
    """A desktop page in a fresh context, watched for dialogs and console errors."""
    page = new_context().new_page()
    problems.watch(page)
    return page


# --- email through a real SMTP server --------------------------------------------------------


class MailboxHandler:
    """aiosmtpd handler keeping every delivered message, parsed."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()
        return "250 Message accepted for delivery"


@dataclass
class Mailbox:
    handler: MailboxHandler

    @property
    def messages(self):
        return list(self.handler.messages)

    def clear(self):
        self.handler.messages.clear()

    def wait_for(self, to, subject_contains="", timeout=STEP_TIMEOUT_MS / 1000):
        """The newest message to ``to`` whose subject contains the text, waiting a bounded time."""
        deadline = time.monotonic() + timeout
        with self.handler._lock:
            while True:
                for message in reversed(self.handler.messages):
                    if to in message["To"] and subject_contains in message["Subject"]:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    subjects = [(m["To"], m["Subject"]) for m in self.handler.messages]
                    raise AssertionError(
                        f"No email to {to} with {subject_contains!r} in the subject; got {subjects}"
                    )
                self.handler._lock.wait(remaining)

    @staticmethod
    def body(message):
        part = message.get_body(preferencelist=("plain", "html"))
        return part.get_content()

    def links_in(self, message):
        return re.findall(r"https?://[^\s\"'<>]+", self.body(message))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = MailboxHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(smtp_server, settings):
    """Send this test's email over SMTP to the test's server (the live server thread sees it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = smtp_server.hostname
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    mailbox = Mailbox(smtp_server.handler)
    mailbox.clear()
    return mailbox


# --- the newsroom's people and places --------------------------------------------------------

SITE_NAME = "The Harbour Herald"


@pytest.fixture
def newsroom(db):
    """A site name, three sections, a writer and a moderator (admin access; granting the role
    confirms their email address)."""
    from accounts.roles import make_moderator, make_writer
    from masthead.models import SiteSettings
    from tests.factories import SectionFactory, UserFactory

    site_settings = SiteSettings.load()
    site_settings.site_name = SITE_NAME
    site_settings.save()
    sections = {
        slug: SectionFactory(name=name, slug=slug, order=order)
        for order, (slug, name) in enumerate(
            [("politics", "Politics"), ("world", "World"), ("opinion", "Opinion")]
        )
    }
    writer = make_writer(
        UserFactory(
            username="wanda", email="wanda@example.test", first_name="Wanda", last_name="Quill"
        )
    )
    moderator = make_moderator(
        UserFactory(
            username="morgan", email="morgan@example.test", first_name="Morgan", last_name="Reed"
        )
    )
    return {
        "site_settings": site_settings,
        "sections": sections,
        "writer": writer,
        "moderator": moderator,
    }


@pytest.fixture
def public_site(newsroom):
    """Enough published content for every public page to show its full layout."""
    from articles.models import Article
    from tests.factories import ArticleFactory, ImageFactory

    sections = newsroom["sections"]
    op_ed = ArticleFactory(
        published=True,
        kind=Article.Kind.OP_ED,
        title="The harbour deserves a better ferry",
        slug="harbour-deserves-better-ferry",
        section=sections["opinion"],
        author=newsroom["writer"],
        lead_image=ImageFactory(uploaded_by=newsroom["writer"]),
        tags=["ferries", "harbour"],
    )
    for number in range(3):
        ArticleFactory(
            published=True,
            title=f"Harbour budget debate, day {number + 1}",
            slug=f"harbour-budget-debate-{number + 1}",
            section=sections["politics"],
            author=newsroom["writer"],
            tags=["harbour"],
        )
    return {"op_ed": op_ed, **newsroom}


def log_in_with_login_box(page, login, password, remember=False):
    """Fill the header's login box and submit it; returns after the answer page has loaded."""
    box = page.locator(".login-box")
    box.locator("input[name=login]").fill(login)
    box.locator("input[name=password]").fill(password)
    if remember:
        box.locator("input[name=remember]").check()
    with page.expect_navigation():
        box.locator("input[name=password]").press("Enter")


def session_cookie(context):
    from django.conf import settings

    cookies = [c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME]
    return cookies[0] if cookies else None


@pytest.fixture
def harbour_photo(tmp_path):
    """A made-up photograph: sky, sea and a ferry-shaped block."""
    path = tmp_path / "night-ferry.jpg"
    picture = PillowImage.new("RGB", (1600, 900), "#1d3557")
    drawing = ImageDraw.Draw(picture)
    drawing.rectangle([0, 560, 1600, 900], fill="#457b9d")
    drawing.rectangle([500, 430, 1100, 580], fill="#f1faee")
    drawing.rectangle([640, 360, 900, 430], fill="#e63946")
    picture.save(path, "JPEG", quality=85)
    return path
