import pytest

from accounts.roles import make_moderator, make_writer
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory


@pytest.fixture
def writer(db):
    return make_writer(AuthorProfileFactory(display_name="Wanda Writer").user)


@pytest.fixture
def other_writer(db):
    return make_writer(AuthorProfileFactory(display_name="Otto Otherwriter").user)


@pytest.fixture
def moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Mona Moderator").user)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def draft(writer):
    return ArticleFactory(author=writer, title="Harbour cranes arrive")


@pytest.fixture
def users(db, writer, other_writer, moderator, superuser, reader):
    """Everyone of the permission matrix by role name (anonymous is ``None``)."""
    return {
        "anonymous": None,
        "reader": reader,
        "writer": writer,
        "other_writer": other_writer,
        "moderator": moderator,
        "superuser": superuser,
    }


@pytest.fixture
def database_queue_settings(settings):
    """Tasks wait in PostgreSQL, as in production (no worker runs them here)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
