import pytest

from accounts.roles import make_moderator, make_writer
from tests.factories import AuthorProfileFactory, UserFactory


@pytest.fixture
def people(db):
    """One of each role; "writer" owns the articles under test."""
    return {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "writer": make_writer(AuthorProfileFactory(display_name="Wanda Writer").user),
        "other_writer": make_writer(AuthorProfileFactory(display_name="Otto Other").user),
        "moderator": make_moderator(AuthorProfileFactory(display_name="Mona Mod").user),
        "superuser": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }
