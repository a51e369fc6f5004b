"""Control characters pasted into text fields: stripped when saved, and harmless in feeds and
sitemaps when they are already stored (a feed with one used to answer 500)."""

import xml.etree.ElementTree as ElementTree

import feedparser
import pytest
from django.urls import reverse

from accounts.models import AuthorProfile
from accounts.roles import make_moderator, make_writer
from articles.models import Article, Section
from masthead.models import SiteSettings
from media.forms import ImageAdminForm
from media.models import Image
from newsroom.text import strip_control_characters
from publishing.forms import TransitionForm
from tests.factories import ArticleFactory, AuthorProfileFactory, ImageFactory, SectionFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db

VERTICAL_TAB = "\x0b"


@pytest.fixture
def writer(db):
    return make_writer(AuthorProfileFactory(display_name="Wanda Writer").user)


@pytest.fixture
def moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Mona Moderator").user)


HOSTILE = "a\x00b\x01c\x08d\x0be\x0cf\x0eg\x1fh\x7fi\x85j\ufffek\uffffl\ud800m"


def test_strip_control_characters_keeps_tab_newline_and_return():
    assert strip_control_characters(HOSTILE) == "abcdefghijklm"
    assert strip_control_characters("one\ttwo\nthree\r\nfour") == "one\ttwo\nthree\r\nfour"
    assert strip_control_characters("Zürich, Москва, 北京 — “quoted” 🎉") == (
        "Zürich, Москва, 北京 — “quoted” 🎉"
    )


def test_article_form_strips_control_characters_from_every_text_field(client, writer):
    article = ArticleFactory(author=writer)
    client.force_login(writer)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(
            article,
            title=f"Harbour{VERTICAL_TAB} cranes",
            dek=f"Two cranes\x0c arrive{VERTICAL_TAB}.",
            body=f"<p>They came by sea\x1b.</p><p>Big{VERTICAL_TAB} ones.</p>",
            tags=f"Port{VERTICAL_TAB}, Cranes",
        ),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Harbour cranes"
    assert article.dek == "Two cranes arrive."
    assert article.body == "<p>They came by sea.</p><p>Big ones.</p>"
    assert sorted(article.tags.names()) == ["Cranes", "Port"]


def test_image_form_strips_control_characters(writer):
    image = ImageFactory(uploaded_by=writer)
    form = ImageAdminForm(
        data={
            "alt_text": f"A crane{VERTICAL_TAB} at dusk",
            "caption": "The east\x07 quay.",
            "credit": f"Photo:{VERTICAL_TAB} A. Berg",
        },
        instance=image,
    )

    assert form.is_valid(), form.errors
    form.save()
    image = Image.objects.get(pk=image.pk)
    assert (image.alt_text, image.caption, image.credit) == (
        "A crane at dusk",
        "The east quay.",
        "Photo: A. Berg",
    )


def test_author_profile_admin_strips_control_characters(client, moderator):
    profile = AuthorProfileFactory(display_name="Maria Jensen", slug="maria-jensen")
    client.force_login(moderator)

    response = client.post(
        reverse("admin:accounts_authorprofile_change", args=[profile.pk]),
        {
            "user": profile.user_id,
            "display_name": f"Maria{VERTICAL_TAB} Jensen",
            "slug": "maria-jensen",
            "bio": f"Covers the port.{VERTICAL_TAB}\nLives by the sea\x01.",
            "twitter_handle": "",
            "website": "",
        },
    )

    assert response.status_code == 302
    profile = AuthorProfile.objects.get(pk=profile.pk)
    assert profile.display_name == "Maria Jensen"
    assert profile.bio == "Covers the port.\nLives by the sea."


def test_section_and_site_settings_strip_control_characters(client, moderator):
    client.force_login(moderator)

    client.post(
        reverse("admin:articles_section_add"),
        {
            "name": f"Sci{VERTICAL_TAB}ence",
            "slug": "science",
            "description": "All\x02 of it.",
            "order": 5,
        },
    )
    client.post(
        reverse("admin:masthead_sitesettings_change", args=[1]),
        {
            "site_name": f"Harbour{VERTICAL_TAB} Herald",
            "tagline": "News\x1f from the coast",
            "language": "en",
            "twitter_handle": "",
            "op_ed_disclaimer": f"Opinions{VERTICAL_TAB} are the writer's own.",
            "analysis_disclaimer": "",
            "press_release_disclaimer": "",
            "top_news_window_hours": 48,
            "headline_max_characters": 70,
            "body_min_words": 300,
            "body_max_words": 2500,
            "subheading_after_words": 600,
            "summary_max_characters": 300,
        },
    )

    section = Section.objects.get(slug="science")
    assert (section.name, section.description) == ("Science", "All of it.")
    site_settings = SiteSettings.objects.get()
    assert site_settings.site_name == "Harbour Herald"
    assert site_settings.tagline == "News from the coast"
    assert site_settings.op_ed_disclaimer == "Opinions are the writer's own."


def test_workflow_note_is_stripped_of_control_characters():
    form = TransitionForm(data={"note": f"Please{VERTICAL_TAB} check the quote.", "publish_at": ""})

    assert form.is_valid()
    assert form.cleaned_data["note"] == "Please check the quote."


def test_a_save_outside_any_form_strips_control_characters_too(writer):
    article = ArticleFactory(author=writer, title=f"Harbour{VERTICAL_TAB} cranes")

    assert Article.objects.get(pk=article.pk).title == "Harbour cranes"


def stored_with_control_characters():
    """An article, its author and section, with control characters already in the database
    (saved before the rule, or by a script that bypassed the models)."""
    section = SectionFactory(slug="port")
    article = ArticleFactory(published=True, section=section)
    Article.objects.filter(pk=article.pk).update(
        title=f"Harbour{VERTICAL_TAB} cranes\ufffe", dek="Two\x0c cranes\x00 arrive."
    )
    Section.objects.filter(pk=section.pk).update(description=f"The port{VERTICAL_TAB}.")
    AuthorProfile.objects.filter(user=article.author).update(
        display_name=f"Maria{VERTICAL_TAB} Jensen", bio=f"Covers{VERTICAL_TAB} the port."
    )
    SiteSettings.objects.filter(pk=1).update(
        site_name=f"Harbour{VERTICAL_TAB} Herald", tagline="News\x1f"
    )
    return article


@pytest.mark.parametrize("atom", [False, True])
@pytest.mark.parametrize("feed", ["latest", "section", "author"])
def test_feeds_stay_valid_xml_with_control_characters_stored(client, feed, atom):
    article = stored_with_control_characters()
    path = {
        "latest": "/feeds/latest/",
        "section": "/feeds/section/port/",
        "author": f"/feeds/author/{article.author.profile.slug}/",
    }[feed] + ("atom/" if atom else "")

    response = client.get(path)

    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # noqa: S314 (our own response); raises if invalid
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries[0].title == "Harbour cranes"


def test_news_sitemap_stays_valid_xml_with_control_characters_stored(client):
    stored_with_control_characters()

    response = client.get("/sitemap-news.xml")

    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    titles = [
        element.text
        for element in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ]
    assert titles == ["Harbour cranes"]
