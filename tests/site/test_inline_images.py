"""Pictures from the library inside an article body, as readers and previews see them: the
picture's renditions, size, alt text, caption and credit; nothing where a picture is gone or
not ready (a note in previews); one query for all of them; pages purged when one changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.inline_images import render_body
from articles.sanitize import inline_image_ids, sanitize_body
from publishing import share_links
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def figure(image_id):
    return f'<figure data-image="{image_id}"></figure>'


def test_the_body_keeps_only_the_number_of_a_library_figure():
    body = sanitize_body(
        '<p>Before.</p><figure data-image="0042" class="wide" onclick="alert(1)">'
        '<img src="https://elsewhere.example/a.jpg"><figcaption>Typed caption</figcaption>'
        "</figure><p>After.</p>"
    )

    assert body == '<p>Before.</p><figure data-image="42"></figure><p>After.</p>'
    assert inline_image_ids(body) == [42]


@pytest.mark.parametrize("value", ["", "x1", "-3", "0", "1e3", "١٢", "12345678901"])
def test_a_figure_naming_no_picture_number_is_dropped(value):
    assert sanitize_body(f'<p>Text.</p><figure data-image="{value}"></figure>') == "<p>Text.</p>"


def test_text_that_looks_like_a_figure_is_not_one():
    body = sanitize_body('<p>&lt;figure data-image="7"&gt;&lt;/figure&gt;</p>')

    assert inline_image_ids(body) == []


def test_a_figure_shows_the_picture_with_renditions_caption_and_credit(client):
    image = ImageFactory(
        alt_text="Cranes at dusk", caption="The east quay in May.", credit="Photo: A. Berg"
    )
    article = ArticleFactory(published=True, body=f"<p>Text.</p>{figure(image.pk)}")

    page = client.get(article.get_absolute_url()).text

    shown = re.search(r'<figure class="inline-figure">.*?</figure>', page, re.DOTALL).group(0)
    assert '<source type="image/webp" srcset="' in shown
    assert re.search(r'srcset="[^"]+\.webp \d+w', shown)
    assert re.search(r'<img src="/media/[^"]+\.jpg" srcset="[^"]+\.jpg \d+w', shown)
    assert f'width="{image.width}" height="{image.height}"' in shown
    assert 'alt="Cranes at dusk"' in shown
    assert "The east quay in May." in shown
    assert '<span class="credit">Photo: A. Berg</span>' in shown
    assert "data-image" not in page


def test_a_caption_is_escaped():
    image = ImageFactory(caption='<script>alert("x")</script>', alt_text='Quote " here')

    html = render_body(figure(image.pk))

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'alt="Quote &quot; here"' in html


def test_a_deleted_picture_shows_nothing_to_readers(client):
    image = ImageFactory()
    article = ArticleFactory(published=True, body=f"<p>Text.</p>{figure(image.pk)}<p>More.</p>")
    image.delete()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<p>Text.</p><p>More.</p>" in response.text
    assert "inline-figure" not in response.text


def test_a_picture_still_being_processed_shows_nothing_to_readers(client):
    image = ImageFactory(renditions=False)
    article = ArticleFactory(published=True, body=f"<p>Text.</p>{figure(image.pk)}")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "inline-figure" not in response.text


def test_the_preview_says_why_a_picture_is_missing(client, author):
    processing = ImageFactory(renditions=False)
    gone = ImageFactory()
    gone_id = gone.pk
    gone.delete()
    draft = ArticleFactory(author=author, body=figure(processing.pk) + figure(gone_id))
    client.force_login(draft.author)

    page = client.get(reverse("publishing:preview", args=[draft.pk])).text

    assert f"Picture {processing.pk} is still being processed" in page
    assert f"Picture {gone_id} is no longer in the library" in page


def test_one_query_fetches_every_picture_of_a_body(django_assert_num_queries):
    images = [ImageFactory() for _ in range(6)]
    one = "".join(figure(image.pk) for image in images[:1])
    six = "".join(figure(image.pk) for image in images)

    with django_assert_num_queries(1):
        render_body(one)
    with django_assert_num_queries(1):
        html = render_body(six)
    with django_assert_num_queries(0):
        render_body("<p>No picture here.</p>")
    assert html.count('<figure class="inline-figure">') == 6


def test_the_article_page_runs_one_query_for_its_pictures_however_many(
    client, no_page_cache, author, politics
):
    def article_with(count):
        images = [ImageFactory() for _ in range(count)]
        body = "".join(f"<p>Part {n}.</p>{figure(image.pk)}" for n, image in enumerate(images))
        return ArticleFactory(published=True, section=politics, author=author, body=body)

    plain, one, six = article_with(0), article_with(1), article_with(6)
    client.get(plain.get_absolute_url())  # warm the site-settings and navigation caches

    counts = [queries_of(client, article.get_absolute_url()) for article in (plain, one, six)]

    assert counts == [counts[0], counts[0] + 1, counts[0] + 1]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_new_caption_of_a_picture_in_the_text_changes_the_page(
    client, django_capture_on_commit_callbacks
):
    image = ImageFactory(caption="The crane at dawn.")
    article = ArticleFactory(published=True, body=f"<p>Text.</p>{figure(image.pk)}")
    assert "The crane at dawn." in client.get(article.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "The crane at dusk."
        image.save()

    assert "The crane at dusk." in client.get(article.get_absolute_url()).text


def test_a_share_link_shows_no_note_about_a_missing_picture(client, author):
    draft = ArticleFactory(
        author=author, body=f"<p>Text.</p>{figure(ImageFactory(renditions=False).pk)}"
    )
    link = share_links.create(draft, author)

    page = client.get(link.get_absolute_url()).text

    assert "Text." in page
    assert "still being processed" not in page
