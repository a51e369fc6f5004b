"""Anonymous pages come from the page cache, and a published change shows up at once.

The page cache is on here (the default); publishing, editing and unpublishing purge it
when their transaction commits, so these tests run the commit callbacks.
"""

import pytest

from articles.models import Article
from publishing import services, workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author, politics):
    return ArticleFactory(
        published=True,
        author=author,
        section=politics,
        title="Harbour crane arrives",
        slug="harbour-crane-arrives",
        dek="The crane came by sea overnight.",
    )


def test_second_anonymous_request_is_served_from_the_cache(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content


def test_publishing_shows_the_new_article_on_a_cached_page_at_once(
    client, story, author, moderator, politics, django_capture_on_commit_callbacks
):
    submitted = ArticleFactory(
        author=author,
        section=politics,
        title="Ferry timetable changes in spring",
        status=Article.Status.SUBMITTED,
    )
    assert "Ferry timetable changes" not in client.get("/section/politics/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator)

    assert "Ferry timetable changes" in client.get("/section/politics/").content.decode()


def test_editing_a_published_article_shows_the_change_at_once(
    client, story, moderator, django_capture_on_commit_callbacks
):
    assert "came by sea" in client.get(story.get_absolute_url()).content.decode()
    story.dek = "The crane was trucked in from the north."

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(story, moderator)

    html = client.get(story.get_absolute_url()).content.decode()
    assert "trucked in from the north" in html
    assert "came by sea" not in html


def test_unpublishing_takes_the_article_off_cached_pages_at_once(
    client, story, moderator, django_capture_on_commit_callbacks
):
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Harbour crane arrives" in client.get("/section/politics/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(story, moderator, note="Wrong crane.")

    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Harbour crane arrives" not in client.get("/section/politics/").content.decode()


def test_conditional_get_with_the_etag_answers_304(client, story):
    etag = client.get(story.get_absolute_url())["ETag"]

    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_conditional_get_after_a_change_answers_200(
    client, story, moderator, django_capture_on_commit_callbacks
):
    etag = client.get(story.get_absolute_url())["ETag"]
    story.title = "Harbour crane arrives a day late"
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(story, moderator)

    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "a day late" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/section/politics/", "/article", "/search/?q=crane"])
def test_anonymous_pages_are_public_for_a_cdn(client, story, settings, path):
    path = story.get_absolute_url() if path == "/article" else path

    response = client.get(path)

    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PUBLIC_CACHE_SECONDS}" in cache_control
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_signed_in_readers_get_a_private_page(client, story, django_user_model):
    reader = django_user_model.objects.create_user("rita", "rita@example.test", "pw-for-rita")
    client.force_login(reader)

    response = client.get(story.get_absolute_url())

    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control


def test_signed_in_readers_are_not_served_the_anonymous_copy(client, story, django_user_model):
    client.get(story.get_absolute_url())  # fills the anonymous cache
    reader = django_user_model.objects.create_user("rita", "rita@example.test", "pw-for-rita")
    client.force_login(reader)

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Logged in as" in html
