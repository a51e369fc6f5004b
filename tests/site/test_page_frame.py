"""The frame of a public page (site settings, header sections) read in one cache round trip,
and the navigation context processor reading nothing once a view supplied the sections."""

from unittest import mock

import pytest
from django.core.cache import cache

from articles.models import Section
from articles.views.frame import page_frame
from masthead.models import SiteSettings
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def test_a_cold_cache_loads_both_from_the_database_and_keeps_them():
    SectionFactory(name="Politics", slug="politics")

    frame = page_frame()

    assert frame["site_settings"].pk == 1
    assert [section.slug for section in frame["navigation_sections"]] == ["politics"]
    assert cache.get(SiteSettings.CACHE_KEY) is not None
    assert cache.get(Section.NAVIGATION_CACHE_KEY) is not None


def test_once_warm_both_come_in_one_round_trip(django_assert_num_queries):
    SectionFactory(name="Politics", slug="politics")
    page_frame()

    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(SiteSettings, "load") as load,
        mock.patch.object(Section, "navigation") as navigation,
        django_assert_num_queries(0),
    ):
        frame = page_frame()

    # One read of both keys; neither one-key loader (a round trip each) is asked.
    get_many.assert_called_once_with([SiteSettings.CACHE_KEY, Section.NAVIGATION_CACHE_KEY])
    load.assert_not_called()
    navigation.assert_not_called()
    assert frame["site_settings"].site_name


def test_a_section_saved_shows_in_the_next_frame():
    section = SectionFactory(name="Politics", slug="politics")
    page_frame()
    section.name = "Government"
    section.save()

    assert [s.name for s in page_frame()["navigation_sections"]] == ["Government"]


def test_the_article_page_reads_the_sections_once(client, story, no_page_cache):
    client.get(story.get_absolute_url())  # warms the cache
    with mock.patch.object(Section, "navigation", wraps=Section.navigation) as navigation:
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert navigation.call_count == 0  # the view's frame, not the context processor
    assert 'href="/section/politics/"' in response.text
