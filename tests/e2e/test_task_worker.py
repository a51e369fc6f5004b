"""Background work through the real queue: a worker process beside the live server, mail to a
real SMTP server that is down when the moderator approves and comes back later."""

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from playwright.sync_api import expect

from background.models import FailedTask, SentMail
from media.models import Image
from publishing import workflow
from tests.e2e.conftest import (
    PASSWORD,
    REPO_ROOT,
    STEP_TIMEOUT_MS,
    Mailbox,
    MailboxHandler,
    _free_port,
    log_in_with_login_box,
)
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Night ferry returns to the east quay"
WAIT_SECONDS = 30  # bounded waits for the worker; reaching one is a failure


def database_url():
    database = connection.settings_dict
    host = database["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    return (
        f"postgres://{quote(database['USER'], safe='')}{password}@{host}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


def wait_until(condition, what):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up waiting: {what}")
        time.sleep(0.2)


@pytest.fixture
def smtp_port():
    """A port for the mail relay, which starts down: nothing listens there yet."""
    return _free_port()


@pytest.fixture
def database_queue(settings, live_server):
    """The live server enqueues into PostgreSQL, as in production."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.fixture
def worker(database_queue, live_server, smtp_port, settings, tmp_path):
    """``manage.py db_worker`` in its own process, on the test database, retrying quickly."""
    log = (tmp_path / "worker.log").open("w")
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "SITE_URL": live_server.url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ORIGINALS_ROOT": str(settings.ORIGINALS_ROOT),
        "TASK_RETRY_BASE_SECONDS": "0.5",
        "TASK_RETRY_MAX_SECONDS": "1",
        "TASK_MAX_ATTEMPTS": "100",
    }
    environment.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=REPO_ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=STEP_TIMEOUT_MS / 1000)
    log.close()


def queue_is_empty():
    from django_tasks_db.models import DBTaskResult

    return not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()


def test_approval_succeeds_while_the_relay_is_down_and_the_mail_arrives_once_it_is_back(
    new_context, problems, newsroom, worker, smtp_port
):
    writer, moderator = newsroom["writer"], newsroom["moderator"]
    article = ArticleFactory(title=TITLE, author=writer, section=newsroom["sections"]["world"])
    workflow.submit(article, writer)

    page = new_context().new_page()
    problems.watch(page)
    page.goto("/")
    log_in_with_login_box(page, moderator.username, PASSWORD)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_contain_text("approved")
    article.refresh_from_db()
    assert article.is_public
    reader = new_context().new_page()
    assert reader.goto(article.get_absolute_url()).status == 200
    expect(reader.locator("h1")).to_contain_text(TITLE)

    # The relay refuses: the notices are retried, not lost.
    wait_until(
        lambda: (
            FailedTask.objects.filter(
                task_path="publishing.tasks.send_workflow_notice", attempts__gte=2
            ).count()
            == 2
        ),
        "both notices retried",
    )
    handler = MailboxHandler()
    relay = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    relay.start()
    try:
        mailbox = Mailbox(handler)
        approval = mailbox.wait_for(writer.email, "Published", timeout=WAIT_SECONDS)
        assert article.get_absolute_url() in mailbox.body(approval)
        wait_until(queue_is_empty, "the queue drained")
        subjects = sorted(message["Subject"] for message in mailbox.messages)
    finally:
        relay.stop()

    assert subjects == [f"For review: {TITLE}", f"Published: {TITLE}"]
    assert SentMail.objects.count() == 2
    assert set(FailedTask.objects.values_list("status", flat=True)) == {FailedTask.Status.RECOVERED}
    assert not problems.script_errors


def test_a_picture_gets_its_renditions_from_the_worker(worker, newsroom):
    image = ImageFactory(renditions=False, uploaded_by=newsroom["writer"])

    wait_until(lambda: Image.objects.get(pk=image.pk).renditions, "the renditions")

    image.refresh_from_db()
    assert [rendition["width"] for rendition in image.renditions] == [480, 960, 1200]
