import pytest
from django.core import mail
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker

from accounts.roles import make_moderator, make_writer
from publishing import workflow
from tests.background.relay import SwitchableRelay
from tests.factories import ArticleFactory, AuthorProfileFactory


@pytest.fixture
def writer(db):
    return make_writer(AuthorProfileFactory(display_name="Wanda Writer").user)


@pytest.fixture
def moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Mona Moderator").user)


@pytest.fixture
def submitted(writer, django_capture_on_commit_callbacks):
    article = ArticleFactory(author=writer, title="Harbour cranes arrive")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, writer)
    mail.outbox.clear()
    return article


@pytest.fixture
def database_queue(settings):
    """Tasks wait in PostgreSQL, as in production, until ``run_worker`` runs them."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


@pytest.fixture
def run_worker(database_queue, monkeypatch):
    """Run the database worker in this process until no task is due, as ``db_worker
    --batch`` does (keeping the test's connection, which holds its transaction)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


@pytest.fixture
def relay(settings):
    """The mail relay, switchable: ``relay.down = True`` refuses every message."""
    settings.EMAIL_BACKEND = "tests.background.relay.SwitchableRelay"
    SwitchableRelay.down = False
    yield SwitchableRelay
    SwitchableRelay.down = False
