"""The site header ({% site_header %}): kept per process for anonymous readers, with each
page's own address in the login box, the current section marked, and never a signed-in
reader's header (or an old section name) shown to anyone else."""

from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.utils import translation

from masthead.models import SiteSettings
from masthead.templatetags import masthead
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


class HeaderParser(HTMLParser):
    """The login box's ``next`` value, the navigation links and the one marked current."""

    def __init__(self, html):
        super().__init__()
        self.next_values, self.links, self.current = [], [], []
        self._in_nav = False
        self._link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "next":
            self.next_values.append(attributes["value"])
        if tag == "ul" and attributes.get("id") == "section-list":
            self._in_nav = True
        if tag == "a" and self._in_nav:
            self._link = attributes
            if attributes.get("aria-current") == "page":
                self.current.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_nav = False
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self.links.append((self._link["href"], data))


@pytest.fixture
def culture(db):
    return SectionFactory(name="Culture", slug="culture")


def test_anonymous_pages_share_one_kept_header_each_with_its_own_address(client, story, culture):
    other = ArticleFactory(published=True, section=story.section, title="Ferry timetable")
    first = HeaderParser(client.get(story.get_absolute_url()).text)
    second = HeaderParser(client.get(other.get_absolute_url()).text)

    assert first.next_values == [story.get_absolute_url()]
    assert second.next_values == [other.get_absolute_url()]
    assert first.links == second.links
    assert ("/section/culture/", "Culture") in first.links
    assert len(masthead._kept_headers) == 1


def test_the_address_in_the_login_box_is_escaped(rf, story):
    # Quotes and angle brackets come percent-encoded; "&" and "'" do not.
    path = "/politics/a&b'c/"
    context = {"request": rf.get(path), "site_settings": SiteSettings.load()}
    masthead.site_header(context)  # kept
    html = masthead.site_header(context)

    assert 'value="/politics/a&amp;b&#x27;c/"' in html
    assert HeaderParser(html).next_values == [path]


def test_a_search_address_in_the_login_box_is_escaped(client, story):
    page = client.get("/search/", {"q": '"><script>alert(1)</script>'}).text

    assert "<script>alert(1)" not in page
    (value,) = HeaderParser(page).next_values
    assert value.startswith("/search/?q=")


def test_the_current_section_is_marked_in_its_own_kept_header(client, story, culture):
    on_politics = HeaderParser(client.get(story.get_absolute_url()).text)
    on_culture = HeaderParser(client.get("/section/culture/").text)
    home = HeaderParser(client.get("/").text)

    assert on_politics.current == ["/section/politics/"]
    assert on_culture.current == ["/section/culture/"]
    assert home.current == []


def test_a_renamed_section_or_site_shows_at_once(client, story, culture):
    client.get(story.get_absolute_url())
    culture.name = "Arts"
    culture.save()
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Post"
    site_settings.save()

    page = client.get(story.get_absolute_url()).text

    assert ("/section/culture/", "Arts") in HeaderParser(page).links
    assert '<p class="site-name"><a href="/">The Harbour Post</a></p>' in page


def test_a_signed_in_reader_gets_their_own_header_and_anonymous_readers_never_see_it(
    client, story, author
):
    client.get(story.get_absolute_url())  # an anonymous header is kept
    client.force_login(author)
    signed_in = client.get(story.get_absolute_url()).text
    client.logout()
    anonymous = client.get(story.get_absolute_url()).text

    assert "Logged in as <strong>Maria Jensen</strong>" in signed_in
    assert 'name="csrfmiddlewaretoken"' in signed_in
    assert "Maria Jensen</strong>" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous
    assert 'name="password"' in anonymous


def test_search_words_are_shown_and_not_kept(client, story):
    page = client.get("/search/", {"q": "harbour crane"}).text

    assert 'name="q" value="harbour crane"' in page
    assert masthead._kept_headers == {}


def test_each_language_has_its_own_kept_header(rf, story):
    request = rf.get("/")
    context = {"request": request, "site_settings": SiteSettings.load()}
    with translation.override("en"):
        masthead.site_header(context)
    with translation.override("de"):
        masthead.site_header(context)

    assert {key[0] for key in masthead._kept_headers} == {"en", "de"}


def test_with_debug_on_the_header_is_rendered_every_time(client, story, settings):
    with override_settings(DEBUG=True):
        client.get(story.get_absolute_url())

    assert masthead._kept_headers == {}


def test_the_kept_headers_are_bounded(rf, story, monkeypatch):
    monkeypatch.setattr(masthead, "KEPT_HEADERS_MAX", 3)
    site_settings = SiteSettings.load()
    for number in range(5):
        site_settings.site_name = f"Site {number}"
        masthead.site_header({"request": rf.get("/"), "site_settings": site_settings})

    assert 1 <= len(masthead._kept_headers) <= 3
