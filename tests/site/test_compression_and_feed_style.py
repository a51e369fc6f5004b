"""Anonymous public pages go out gzipped; signed-in pages (with CSRF tokens) never do.
RSS feeds name the XSL stylesheet that shows them as a page in a browser."""

import gzip

import pytest
from django.contrib.staticfiles import finders

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_gzipped_for_a_client_that_accepts_it(client):
    ArticleFactory(published=True)
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!DOCTYPE html>" in gzip.decompress(response.content)


def test_a_signed_in_page_is_not_compressed(client, author):
    client.force_login(author)
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_a_client_that_does_not_accept_gzip_gets_plain_html(client):
    response = client.get("/")
    assert not response.has_header("Content-Encoding")


def test_rss_feeds_name_the_browser_stylesheet(client):
    # Django writes the processing instruction in RSS feeds only, not in Atom.
    body = client.get("/feeds/latest/").content.decode()
    assert '<?xml-stylesheet href="/static/feeds/feed.xsl"' in body
    assert finders.find("feeds/feed.xsl")
