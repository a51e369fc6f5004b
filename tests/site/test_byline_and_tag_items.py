"""The byline (``{% byline %}``) and the tag list items (``{% tag_items %}``), built in Python:
every branch, and every value escaped."""

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from accounts.models import User
from articles.models import Article
from articles.templatetags.bylines import byline
from articles.templatetags.tag_links import tag_items
from tests.factories import ArticleFactory, AuthorProfileFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<b>\"Bold\" & 'quoted'</b>"


def fetched(article):
    return Article.objects.for_listing().get(pk=article.pk)


def test_a_byline_names_and_links_the_author_the_time_and_the_section():
    profile = AuthorProfileFactory(display_name="Maria Jensen", slug="maria-jensen")
    section = SectionFactory(name="Politics", slug="politics")
    article = ArticleFactory(published=True, author=profile.user, section=section)
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    article = fetched(article)
    local = timezone.localtime(article.published_at)

    html = byline(article)

    assert html.startswith('<p class="byline">By <a href="/author/maria-jensen/" rel="author">')
    assert f'<time datetime="{local.replace(microsecond=0).isoformat()}">' in html
    assert local.strftime("%H:%M") in html
    assert '<span class="byline__section">in <a href="/section/politics/">Politics</a>' in html
    assert "Updated" not in html
    assert "in <a" not in byline(article, hide_section=True)


def test_a_byline_without_an_author_page_names_the_author_unlinked():
    user = UserFactory(username="freelance", first_name="Fre", last_name="Lance")
    article = fetched(ArticleFactory(published=True, author=user))

    assert '<p class="byline">By Fre Lance <span class="byline__sep"' in byline(article)


def test_a_byline_says_updated_after_a_later_edit():
    article = ArticleFactory(published=True)
    later = article.published_at + timedelta(hours=2)
    Article.objects.filter(pk=article.pk).update(updated_at=later)
    local = timezone.localtime(later).replace(microsecond=0)

    html = byline(fetched(article))

    assert f'Updated <time datetime="{local.isoformat()}">' in html


def test_a_draft_byline_says_not_yet_published():
    article = fetched(ArticleFactory())

    assert article.published_at is None
    assert '<span class="byline__sep" aria-hidden="true">·</span> Not yet published' in byline(
        article
    )


def test_a_byline_escapes_every_name():
    profile = AuthorProfileFactory(display_name=HOSTILE)
    section = SectionFactory(name=HOSTILE, slug="hostile")
    html = byline(fetched(ArticleFactory(published=True, author=profile.user, section=section)))

    assert "<b>" not in html
    assert html.count("&lt;b&gt;&quot;Bold&quot; &amp; &#x27;quoted&#x27;&lt;/b&gt;") == 2


def test_a_user_without_a_profile_has_no_profile_attribute_problem():
    user = User.objects.create(username="nobody")
    article = fetched(ArticleFactory(published=True, author=user))

    assert "By nobody" in byline(article)


def test_tag_items_link_each_tag_and_escape_its_name():
    tags = [Tag.objects.create(name=HOSTILE, slug="hostile"), Tag.objects.create(name="Port")]

    html = tag_items(tags, rel="tag")

    assert html == (
        '<li><a href="/tag/hostile/" rel="tag">'
        "&lt;b&gt;&quot;Bold&quot; &amp; &#x27;quoted&#x27;&lt;/b&gt;</a></li>"
        '<li><a href="/tag/port/" rel="tag">Port</a></li>'
    )
    assert tag_items(tags[1:]) == '<li><a href="/tag/port/">Port</a></li>'


def test_a_tag_no_address_can_carry_is_listed_by_name():
    tag = Tag.objects.create(name="<>", slug="x")
    Tag.objects.filter(pk=tag.pk).update(slug="")
    tag.refresh_from_db()

    assert tag_items([tag]) == "<li>&lt;&gt;</li>"
    assert tag_items([]) == ""
