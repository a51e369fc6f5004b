"""Fixtures of the reader-site tests: people in each role, a published article and a page
cache that is off."""

import pytest

from accounts.roles import make_moderator, make_writer
from tests.factories import ArticleFactory, AuthorProfileFactory, SectionFactory, UserFactory


@pytest.fixture
def no_page_cache(settings):
    """Render every request (counting queries of the page itself, not of the cache)."""
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture
def author(db):
    return make_writer(AuthorProfileFactory(display_name="Maria Jensen", slug="maria-jensen").user)


@pytest.fixture
def other_writer(db):
    return make_writer(AuthorProfileFactory(display_name="Otto Other").user)


@pytest.fixture
def moderator(db):
    return make_moderator(UserFactory(username="mona"))


@pytest.fixture
def politics(db):
    return SectionFactory(name="Politics", slug="politics")


@pytest.fixture
def story(author, politics):
    """A published article in Politics (files that need another story define their own)."""
    return ArticleFactory(
        published=True, author=author, section=politics, title="Harbour crane arrives"
    )
