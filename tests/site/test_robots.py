"""/robots.txt: the sitemaps, and the paths crawlers should leave alone."""

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemap_index_and_the_news_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_robots_txt_keeps_crawlers_out_of_admin_accounts_search_and_previews(client):
    lines = client.get("/robots.txt").text.splitlines()

    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/search/", "/preview/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines  # the rest of the site stays open


def test_robots_txt_sitemap_addresses_follow_the_requested_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]

    response = client.get("/robots.txt", HTTP_HOST="news.example.org", secure=True)

    assert "Sitemap: https://news.example.org/sitemap.xml" in response.text.splitlines()


def test_robots_txt_is_cacheable(client):
    response = client.get("/robots.txt")

    assert "public" in response["Cache-Control"]
    assert not response.cookies
