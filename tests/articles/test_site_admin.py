"""Sections, site settings, images and moved articles in the admin."""

import pytest
from django.urls import reverse

from articles.caching import current_generation
from articles.models import ArticleRedirect, Section
from masthead.models import SiteSettings
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def test_moderator_edits_the_single_site_settings_row(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    generation = current_generation()

    listing = client.get(reverse("admin:masthead_sitesettings_changelist"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:masthead_sitesettings_change", args=[1]),
            {
                "site_name": "Harbour Herald",
                "tagline": "News from the coast",
                "language": "en",
                "twitter_handle": "",
                "op_ed_disclaimer": "Opinions are the writer's own, not {site_name}'s.",
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

    assert listing["Location"] == reverse("admin:masthead_sitesettings_change", args=[1])
    assert response.status_code == 302
    assert SiteSettings.load().site_name == "Harbour Herald"
    assert current_generation() > generation


def test_site_settings_cannot_be_added_or_deleted(client, moderator):
    client.force_login(moderator)

    assert client.get(reverse("admin:masthead_sitesettings_add")).status_code == 403
    assert client.get(reverse("admin:masthead_sitesettings_delete", args=[1])).status_code == 403


def test_moderator_adds_a_section_and_the_public_pages_are_purged(
    client, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    generation = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:articles_section_add"),
            {"name": "Science", "slug": "science", "description": "", "order": 5},
        )

    assert Section.objects.filter(slug="science").exists()
    assert current_generation() > generation


def test_a_section_cannot_take_a_reserved_address(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("admin:articles_section_add"),
        {"name": "Admin", "slug": "admin", "description": "", "order": 5},
    )

    assert "is used by the site itself" in response.text


def test_writer_cannot_change_sections(client, writer):
    section = SectionFactory()
    client.force_login(writer)

    response = client.get(reverse("admin:articles_section_change", args=[section.pk]))

    assert 'name="name"' not in response.text


def test_writer_sees_only_their_own_images(client, writer, other_writer):
    ImageFactory(alt_text="Wanda's crane", uploaded_by=writer)
    ImageFactory(alt_text="Otto's ferry", uploaded_by=other_writer)
    client.force_login(writer)

    page = client.get(reverse("admin:media_image_changelist")).text

    assert "Wanda&#x27;s crane" in page
    assert "Otto" not in page


def test_moving_a_published_article_keeps_its_old_address(client, writer, moderator):
    article = ArticleFactory(author=writer, published=True, slug="first-slug")
    old_path = article.get_absolute_url()
    client.force_login(moderator)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(
            article,
            slug="better-slug",
            published_at_0=article.published_at.strftime("%Y-%m-%d"),
            published_at_1=article.published_at.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 302
    assert ArticleRedirect.objects.get().old_path == old_path
    client.logout()
    moved = client.get(old_path)
    assert moved.status_code == 301
    assert moved["Location"].endswith("/better-slug/")


def test_view_on_site_is_offered_only_for_public_articles(client, writer):
    draft = ArticleFactory(author=writer)
    public = ArticleFactory(author=writer, published=True)
    client.force_login(writer)

    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    public_page = client.get(reverse("admin:articles_article_change", args=[public.pk])).text

    assert "View on site" not in draft_page
    assert "View on site" in public_page
    assert reverse("publishing:preview", args=[draft.pk]) in draft_page
