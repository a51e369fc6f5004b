"""What moving slow work to the task queue changed: request times before and after, and
what one worker gets through.

    python bench/tasks.py [--runs 5] [--mails 200] [--renditions 4]

Requests go through Django's test client in this process (no network, no page cache), on a
database of their own (``BENCH_TASKS_DATABASE_URL``, default ``newsroom_taskbench``, dropped
and created afresh) and a local SMTP server (aiosmtpd). "Before" runs the task backend that
executes at once, which is what the requests did before the queue: renditions made and mail
sent inside the request. "After" is the default: the database queue, the request only
enqueues. The worker figures time ``manage.py db_worker --batch`` over a full queue.
Results are printed and written to ``bench/results/tasks.md``; docs/performance.md quotes them.
"""

import argparse
import asyncio
import io
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_taskbench"
RESULTS = BASE_DIR / "bench" / "results" / "tasks.md"
PHOTO_SIZE = (6336, 4752)  # 30.1 megapixels, a full-frame camera's photo

IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
DATABASE = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def fresh_database(url):
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def environment(database_url, smtp_port, media_root):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
        # The bench's staff sign in with the test client, without a second factor.
        "STAFF_MFA_REQUIRED": "false",
    }


def photo_bytes():
    """A 30-megapixel JPEG with grain and shapes: about the size a camera sends (10+ MB)."""
    from PIL import Image, ImageDraw

    width, height = PHOTO_SIZE
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    grain = [Image.effect_noise(PHOTO_SIZE, sigma) for sigma in (40, 50, 60)]
    picture = Image.merge("RGB", [Image.blend(gradient, channel, 0.5) for channel in grain])
    drawing = ImageDraw.Draw(picture)
    for step in range(0, width, 97):
        drawing.ellipse(
            [step, (step * 7) % height, step + 400, (step * 7) % height + 300],
            fill=((step * 3) % 256, (step * 5) % 256, (step * 11) % 256),
        )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


class Relay:
    """Counts messages; ``delay`` seconds per message stands for a relay across a network."""

    def __init__(self):
        self.count = 0
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.count += 1
        return "250 OK"


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_ms(seconds):
    return f"{statistics.median(seconds) * 1000:,.0f} ms"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--renditions", type=int, default=4)
    parser.add_argument(
        "--relay-delay",
        type=float,
        default=0.3,
        help="Seconds the distant relay takes per message (the second approval figure).",
    )
    options = parser.parse_args(argv)

    from aiosmtpd.controller import Controller

    database_url = os.environ.get("BENCH_TASKS_DATABASE_URL", DEFAULT_DATABASE_URL)
    fresh_database(database_url)
    counter = Relay()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    media_root = Path(tempfile.mkdtemp(prefix="newsroom-taskbench-"))
    env = environment(database_url, smtp_port, media_root)
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from accounts.roles import make_moderator, make_writer
    from articles.models import Article, Section
    from publishing import tasks as publishing_tasks
    from publishing import workflow
    from tests.factories import AuthorProfileFactory

    # No setup_test_environment(): it would swap the SMTP backend for an in-memory one.
    call_command("migrate", verbosity=0)
    queues = {"QUEUES": ["default", "mail", "renditions"]}
    writer = make_writer(AuthorProfileFactory(display_name="Bench Writer").user)
    moderator = make_moderator(AuthorProfileFactory(display_name="Bench Moderator").user)
    section = Section.objects.create(name="Harbour", slug="harbour")
    photo = photo_bytes()
    print(f"photo: {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]} px, {len(photo) / 1e6:.1f} MB JPEG")

    def upload(client, number):
        file = SimpleUploadedFile(f"harbour-{number}.jpg", photo, "image/jpeg")
        response = client.post(
            reverse("admin:media_image_add"), {"alt_text": "The harbour", "file": file}
        )
        assert response.status_code == 302, response.status_code
        assert response.url == reverse("admin:media_image_changelist"), response.url

    def submitted_article(number):
        article = Article.objects.create(
            title=f"Bench article {number}",
            slug=f"bench-article-{number}",
            dek="A summary.",
            body="<p>Text.</p>",
            author=writer,
            section=section,
        )
        workflow.submit(article, writer)
        return article

    def approve(client, article):
        response = client.post(
            reverse("admin:articles_article_transition", args=[article.pk, "approve"]),
            {"note": ""},
        )
        assert response.status_code == 302, response.status_code
        article.refresh_from_db()
        assert article.is_public, response.url

    figures = {}
    writer_client, moderator_client = Client(), Client()
    writer_client.force_login(writer)
    moderator_client.force_login(moderator)
    number = 0
    for label, backend in [("before", IMMEDIATE), ("after", DATABASE)]:
        with override_settings(TASKS={"default": {**backend, **queues}}):
            upload_times, approval_times, distant_times = [], [], []
            for _ in range(options.runs):
                number += 1
                upload_times.append(timed(lambda n=number: upload(writer_client, n)))
                article = submitted_article(number)
                approval_times.append(timed(lambda a=article: approve(moderator_client, a)))
                counter.delay = options.relay_delay
                article = submitted_article(f"{number}-distant")
                distant_times.append(timed(lambda a=article: approve(moderator_client, a)))
                counter.delay = 0.0
            figures[f"upload {label}"] = upload_times
            figures[f"approval {label}"] = approval_times
            figures[f"distant approval {label}"] = distant_times
            print(
                f"{label}: upload {median_ms(upload_times)}, approval {median_ms(approval_times)}"
                f", approval with a distant relay {median_ms(distant_times)}"
            )

    def run_worker(queue):
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
        command += ["--no-startup-delay", "--interval", "0", "--queue-name", queue, "-v", "0"]
        return timed(lambda: subprocess.run(command, cwd=BASE_DIR, env=env, check=True))

    # Worker throughput: a full queue, one worker process, timed from start to empty.
    DBTaskResult.objects.all().delete()
    run_worker("*")  # drain what the "after" requests left (renditions, purges)
    published = Article.objects.filter(status=Article.Status.PUBLISHED).first()
    with override_settings(TASKS={"default": {**DATABASE, **queues}}):
        sent_before = counter.count
        for index in range(options.mails):
            publishing_tasks.send_workflow_notice.enqueue(
                "approved", published.pk, f"bench:{index}"
            )
        mail_seconds = run_worker("mail")
        assert counter.count - sent_before == options.mails, counter.count - sent_before
        for index in range(options.renditions):
            upload(writer_client, 1000 + index)
        rendition_seconds = run_worker("renditions")
    worker_startup = run_worker("mail")  # an empty queue: the process start-up alone
    mails_per_second = options.mails / max(mail_seconds - worker_startup, 1e-9)
    sets_per_second = options.renditions / max(rendition_seconds - worker_startup, 1e-9)
    smtp.stop()

    lines = [
        f"Photo {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]} px ({len(photo) / 1e6:.1f} MB JPEG); "
        f"median of {options.runs} requests each.",
        "",
        "| request | before (work in the request) | after (enqueued) |",
        "| --- | --- | --- |",
        f"| upload of a 30-megapixel photo | {median_ms(figures['upload before'])} | "
        f"{median_ms(figures['upload after'])} |",
        f"| approval (notice mail, purge), relay on this machine | "
        f"{median_ms(figures['approval before'])} | {median_ms(figures['approval after'])} |",
        f"| approval, relay taking {options.relay_delay:.1f} s a message | "
        f"{median_ms(figures['distant approval before'])} | "
        f"{median_ms(figures['distant approval after'])} |",
        "",
        "| one worker process | throughput |",
        "| --- | --- |",
        f"| workflow mails to a local SMTP server | {mails_per_second:,.0f} mails/s "
        f"({options.mails} in {mail_seconds - worker_startup:.1f} s) |",
        f"| rendition sets of 30-megapixel photos | {sets_per_second:.2f} sets/s "
        f"({(rendition_seconds - worker_startup) / options.renditions:.1f} s a set) |",
        f"| worker start-up (not counted above) | {worker_startup:.1f} s |",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.write_text(report)


if __name__ == "__main__":
    main()
