"""The preview at a phone's and a desktop's width side by side, from what is typed in the form
(before the first save too): a page of two frames, each posting the form's content to the
unsaved preview. Only those frames may be shown in a frame, and only by our own pages."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def side_by_side(client, article=None, **data):
    args = [article.pk] if article else []
    return client.post(reverse("admin:articles_article_side_by_side_preview", args=args), data)


def new_article_data(writer, **changes):
    return change_form_data(
        ArticleFactory.build(section=SectionFactory()),
        title="Ferry strike called off",
        body="<p>Talks ended at dawn.</p>",
        author=writer.pk,
        known_version="",
        **changes,
    )


def test_a_new_article_is_shown_at_two_widths_before_its_first_save(client, writer):
    client.force_login(writer)
    data = new_article_data(writer)

    response = side_by_side(client, **data)

    assert response.status_code == 200
    page = response.text
    frames = re.findall(r'<iframe name="preview-frame-(\w+)" title="[^"]+" width="(\d+)"', page)
    assert frames == [("phone", "390"), ("desktop", "1280")]
    frame_url = reverse("admin:articles_article_unsaved_preview") + "?framed=1"
    assert page.count(f'action="{frame_url}" target="preview-frame-') == 2
    # Each frame's form carries what was typed, for the unsaved preview.
    assert page.count('name="title" value="Ferry strike called off"') == 2
    assert page.count('name="body" value="&lt;p&gt;Talks ended at dawn.&lt;/p&gt;"') == 2
    assert "js/preview-side-by-side" in page
    assert "<script>" not in page  # the strict CSP: no inline script
    assert not Article.objects.exists()


def test_a_saved_article_is_shown_at_two_widths_with_the_typed_changes(client, draft):
    client.force_login(draft.author)

    response = side_by_side(client, draft, **change_form_data(draft, title="A better headline"))

    assert response.status_code == 200
    frame_url = reverse("admin:articles_article_unsaved_preview", args=[draft.pk])
    assert f'action="{frame_url}?framed=1"' in response.text
    assert "A better headline" in response.text
    assert Article.objects.get(pk=draft.pk).title == "Harbour cranes arrive"


def test_a_frame_may_be_shown_by_our_own_pages_only(client, writer):
    client.force_login(writer)
    url = reverse("admin:articles_article_unsaved_preview") + "?framed=1"

    response = client.post(url, new_article_data(writer))

    assert response.status_code == 200
    assert "Ferry strike called off" in response.text
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_every_other_page_stays_out_of_frames(client, writer, draft):
    client.force_login(writer)

    unframed = client.post(
        reverse("admin:articles_article_unsaved_preview"), new_article_data(writer)
    )
    saved_preview = client.get(reverse("publishing:preview", args=[draft.pk]))
    side_by_side_page = side_by_side(client, **new_article_data(writer))

    for response in (unframed, saved_preview, side_by_side_page):
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_side_by_side_preview_answers_only_posts(client, writer):
    client.force_login(writer)

    assert client.get(reverse("admin:articles_article_side_by_side_preview")).status_code == 405


def test_another_writers_article_is_not_shown_side_by_side(client, draft, other_writer):
    client.force_login(other_writer)

    response = side_by_side(client, draft, **change_form_data(draft))

    assert response.status_code == 404


def test_a_reader_gets_no_side_by_side_preview(client, reader, writer):
    client.force_login(reader)

    response = side_by_side(client, **new_article_data(writer))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_form_offers_the_side_by_side_preview(client, writer, draft):
    client.force_login(writer)

    new_form = client.get(reverse("admin:articles_article_add")).text
    saved_form = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text

    url = reverse("admin:articles_article_side_by_side_preview")
    assert f'formaction="{url}" formtarget="_blank"' in new_form
    url = reverse("admin:articles_article_side_by_side_preview", args=[draft.pk])
    assert f'formaction="{url}" formtarget="_blank"' in saved_form
