"""Related articles chosen at publication and stored on the row, and the cards kept in the
cache: what the article page shows stays right after edits, publishing and unpublishing."""

import io
from unittest import mock

import pytest
from django.core.management import call_command

from articles import cards
from articles.caching import purge_keys
from articles.models import Article
from publishing import services, workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAGS = ["harbour", "ferries", "budget"]


@pytest.fixture
def harbour(author, politics, moderator, django_capture_on_commit_callbacks):
    """A public article, published through the workflow, with nothing related yet."""
    article = ArticleFactory(
        author=author, section=politics, title="Harbour budget passes", status="submitted"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(article, moderator, tags=TAGS)
        workflow.approve(article, moderator)
    return Article.objects.get(pk=article.pk)


def publish(title, tags, other_writer, politics, moderator):
    article = ArticleFactory(author=other_writer, section=politics, title=title, status="submitted")
    services.edit_article(article, moderator, tags=tags)
    workflow.approve(article, moderator)
    return Article.objects.get(pk=article.pk)


def related_block(html):
    """The "Related" section of an article page (not the sidebars after it)."""
    if 'id="related-heading"' not in html:
        return ""
    return html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]


def test_publishing_stores_the_related_articles_best_first(
    harbour, other_writer, politics, moderator
):
    one_tag = publish("Ferry fares rise", ["ferries"], other_writer, politics, moderator)
    all_tags = publish("Harbour ferries get a budget", TAGS, other_writer, politics, moderator)

    assert all_tags.related_ids == [harbour.pk, one_tag.pk]
    assert one_tag.related_ids == [harbour.pk]


def test_an_edit_chooses_them_again(harbour, other_writer, politics, moderator):
    later = publish("Harbour ferries get a budget", TAGS, other_writer, politics, moderator)
    assert harbour.related_ids == []  # nothing was public when it was published

    services.edit_article(harbour, moderator)

    assert Article.objects.get(pk=harbour.pk).related_ids == [later.pk]


def test_a_withdrawn_article_keeps_no_choice(harbour, moderator):
    workflow.unpublish(harbour, moderator, note="Wrong figures.")

    assert Article.objects.get(pk=harbour.pk).related_ids is None


def test_an_unpublished_related_article_leaves_the_page(
    client, harbour, other_writer, politics, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        later = publish("Harbour ferries get a budget", TAGS, other_writer, politics, moderator)
        services.edit_article(Article.objects.get(pk=harbour.pk), moderator)
    assert "Harbour ferries get a budget" in related_block(
        client.get(harbour.get_absolute_url()).text
    )

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(later, moderator, note="Withdrawn.")

    page = client.get(harbour.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Harbour ferries get a budget" not in page.text


def test_an_edited_card_shows_its_new_headline_on_other_pages(
    client, harbour, other_writer, politics, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        later = publish("Harbour ferries get a budget", TAGS, other_writer, politics, moderator)
    later_url = later.get_absolute_url()
    assert "Harbour budget passes" in related_block(client.get(later_url).text)

    harbour.title = "Harbour budget passes after all-night sitting"
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(harbour, moderator)

    assert "after all-night sitting" in related_block(client.get(later_url).text)


def test_a_card_is_rendered_once_for_every_page_that_shows_it(
    client, harbour, author, politics, moderator, no_page_cache
):
    others = [
        ArticleFactory(published=True, author=author, section=politics, title=f"Story {n}")
        for n in range(2)
    ]
    with mock.patch("articles.cards.render_card", wraps=cards.render_card) as render:
        client.get(others[0].get_absolute_url())
        client.get(others[1].get_absolute_url())

    rendered = [(call.args[0].pk, call.args[1]) for call in render.call_args_list]
    assert len(rendered) == len(set(rendered))  # no card rendered twice
    assert (harbour.pk, "compact") in rendered


def test_a_page_with_stored_related_runs_one_query_once_its_cards_are_kept(
    client,
    harbour,
    other_writer,
    politics,
    moderator,
    no_page_cache,
    django_assert_num_queries,
):
    later = publish("Harbour ferries get a budget", TAGS, other_writer, politics, moderator)
    client.get(later.get_absolute_url())  # warms navigation, settings, sidebars and cards

    with django_assert_num_queries(1):  # the article with its tags and the ids of its cards
        page = client.get(later.get_absolute_url())
    assert "Harbour budget passes" in related_block(page.text)
    assert page.text.index(">harbour<") < page.text.index(">ferries<") < page.text.index(">budget<")

    purge_keys([f"a{harbour.pk}"])  # its card is stale now: fetched again, in one query
    with django_assert_num_queries(2):
        page = client.get(later.get_absolute_url())
    assert "Harbour budget passes" in related_block(page.text)


def test_choose_related_fills_in_articles_saved_before_the_ids_were_stored(
    author, other_writer, politics
):
    old = ArticleFactory(published=True, author=author, section=politics, tags=TAGS)
    newer = ArticleFactory(published=True, author=other_writer, section=politics, tags=TAGS)
    draft = ArticleFactory(author=author, section=politics, tags=TAGS)
    assert Article.objects.filter(related_ids__isnull=False).count() == 0

    call_command("choose_related", stdout=io.StringIO())

    assert Article.objects.get(pk=old.pk).related_ids == [newer.pk]
    assert Article.objects.get(pk=newer.pk).related_ids == [old.pk]
    assert Article.objects.get(pk=draft.pk).related_ids is None
