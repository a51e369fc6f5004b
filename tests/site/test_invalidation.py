"""Whatever saves a change readers see (here the ORM alone, no admin, no service), the
cached public pages that show it change once the transaction commits
(articles/invalidation.py)."""

from unittest import mock

import pytest
from taggit.models import Tag

from articles.models import Article
from masthead.models import SiteSettings
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author, politics):
    return ArticleFactory(
        published=True,
        author=author,
        section=politics,
        title="Harbour crane arrives",
        lead_image=ImageFactory(caption="The crane at dawn."),
        tags=["Harbour"],
    )


def page(client, path):
    return client.get(path).content.decode()


def changed_through_the_orm(change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change()


def test_an_article_saved_through_the_orm_changes_its_page(
    client, story, django_capture_on_commit_callbacks
):
    assert "Harbour crane arrives" in page(client, story.get_absolute_url())

    def retitle():
        story.title = "Harbour crane arrives a day late"
        story.save()

    changed_through_the_orm(retitle, django_capture_on_commit_callbacks)

    assert "a day late" in page(client, story.get_absolute_url())


def test_an_article_deleted_through_the_orm_leaves_its_section(
    client, story, politics, django_capture_on_commit_callbacks
):
    assert "Harbour crane arrives" in page(client, "/section/politics/")

    changed_through_the_orm(story.delete, django_capture_on_commit_callbacks)

    assert "Harbour crane arrives" not in page(client, "/section/politics/")


def test_an_unpublished_row_disappears_from_the_home_page(
    client, story, django_capture_on_commit_callbacks
):
    assert "Harbour crane arrives" in page(client, "/")

    def unpublish():
        story.status = Article.Status.UNPUBLISHED
        story.save()

    changed_through_the_orm(unpublish, django_capture_on_commit_callbacks)

    assert "Harbour crane arrives" not in page(client, "/")


def test_a_renamed_section_changes_the_article_page(
    client, story, politics, django_capture_on_commit_callbacks
):
    assert "Politics" in page(client, story.get_absolute_url())

    def rename():
        politics.name = "Council and Politics"
        politics.save()

    changed_through_the_orm(rename, django_capture_on_commit_callbacks)

    assert "Council and Politics" in page(client, story.get_absolute_url())


def test_new_site_settings_change_every_page(client, story, django_capture_on_commit_callbacks):
    assert "Harbour Herald" not in page(client, "/")

    def rename_site():
        site_settings = SiteSettings.load()
        site_settings.site_name = "Harbour Herald"
        site_settings.save()

    changed_through_the_orm(rename_site, django_capture_on_commit_callbacks)

    assert "Harbour Herald" in page(client, "/")
    assert "Harbour Herald" in page(client, story.get_absolute_url())


def test_a_new_caption_changes_the_article_page(client, story, django_capture_on_commit_callbacks):
    assert "The crane at dawn." in page(client, story.get_absolute_url())

    def recaption():
        image = story.lead_image
        image.caption = "The crane at dusk."
        image.save()

    changed_through_the_orm(recaption, django_capture_on_commit_callbacks)

    assert "The crane at dusk." in page(client, story.get_absolute_url())


def test_a_renamed_author_changes_the_byline(client, story, django_capture_on_commit_callbacks):
    assert "Maria Jensen" in page(client, story.get_absolute_url())

    def rename_author():
        profile = story.author.profile
        profile.display_name = "Maria Jensen-Berg"
        profile.save()

    changed_through_the_orm(rename_author, django_capture_on_commit_callbacks)

    assert "Maria Jensen-Berg" in page(client, story.get_absolute_url())


def test_a_renamed_tag_changes_the_article_page(client, story, django_capture_on_commit_callbacks):
    assert "Harbour" in page(client, story.get_absolute_url())

    def rename_tag():
        tag = Tag.objects.get(name="Harbour")
        tag.name = "Port of the city"
        tag.save()

    changed_through_the_orm(rename_tag, django_capture_on_commit_callbacks)

    assert "Port of the city" in page(client, story.get_absolute_url())


def test_a_tag_added_through_the_orm_changes_the_article_page(
    client, story, django_capture_on_commit_callbacks
):
    assert "Ferries" not in page(client, story.get_absolute_url())

    changed_through_the_orm(lambda: story.tags.add("Ferries"), django_capture_on_commit_callbacks)

    assert "Ferries" in page(client, story.get_absolute_url())


def test_many_changes_in_one_transaction_purge_once(story, django_capture_on_commit_callbacks):
    with (
        mock.patch("articles.invalidation.purge_keys") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        story.title = "First change"
        story.save()
        story.tags.add("Ferries")
        story.section.save()

    purge.assert_called_once()
    ferries = Tag.objects.get(name="Ferries")
    assert {f"a{story.pk}", f"t{ferries.pk}", "all"} <= purge.call_args.args[0]


def test_a_draft_saved_through_the_orm_purges_nothing(
    author, politics, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        ArticleFactory(author=author, section=politics, status=Article.Status.DRAFT).save()

    assert callbacks == []
