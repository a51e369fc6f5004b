"""Home, section, tag, author and archive listings: content, pagination and their edges."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from readership.models import DailyReads
from tests.factories import ArticleFactory, AuthorProfileFactory, SectionFactory
from tests.site.html_checks import page_problems

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main_of(client, url):
    """The <main> element only, without the Latest and Top News sidebars."""
    return html_of(client, url).split("<main")[1].split("</main>")[0]


def test_home_shows_top_news_latest_news_and_a_block_per_section(client, politics):
    sport = SectionFactory(name="Sport", slug="sport")
    for number in range(2):
        ArticleFactory(published=True, section=politics, title=f"Council story {number}")
        ArticleFactory(published=True, section=sport, title=f"Derby story {number}")
    html = html_of(client, "/")
    assert '<h2 id="top-news-heading" class="rule-heading">Top News</h2>' in html
    assert '<h2 id="sidebar-latest">Latest News</h2>' in html
    assert '<a href="/section/politics/">Politics</a></h2>' in html
    assert '<a href="/section/sport/">Sport</a></h2>' in html
    for number in range(2):
        assert f"Council story {number}" in html and f"Derby story {number}" in html


def test_home_section_blocks_show_each_sections_newest_four_in_navigation_order(client):
    politics = SectionFactory(name="Politics", slug="politics", order=2)
    sport = SectionFactory(name="Sport", slug="sport", order=1)
    now = timezone.now()
    for hours in range(1, 7):  # the newest of all leads the page, not its block
        ArticleFactory(
            published=True,
            section=politics,
            title=f"Politics {hours}h",
            published_at=now - timedelta(hours=hours),
        )
    for hours in range(10, 15):
        ArticleFactory(
            published=True,
            section=sport,
            title=f"Sport {hours}h",
            published_at=now - timedelta(hours=hours),
        )
    blocks = main_of(client, "/").split('<section class="section-block"')[1:]
    titles = [re.findall(r"(?:Politics|Sport) \d+h", block) for block in blocks]
    assert titles == [
        ["Sport 10h", "Sport 11h", "Sport 12h", "Sport 13h"],
        ["Politics 2h", "Politics 3h", "Politics 4h", "Politics 5h"],
    ]


def test_home_leaves_out_articles_readers_cannot_see(client):
    ArticleFactory(title="A draft on the home page")
    ArticleFactory(
        published=True, title="A scheduled story", published_at=timezone.now() + timedelta(hours=3)
    )
    html = html_of(client, "/")
    assert "A draft on the home page" not in html
    assert "A scheduled story" not in html


def test_top_news_puts_editors_picks_first_then_most_read(client):
    today = timezone.localdate()
    most_read = ArticleFactory(published=True, title="Most read story")
    less_read = ArticleFactory(published=True, title="Less read story")
    pick = ArticleFactory(published=True, title="Editor pick story", top_rank=1)
    DailyReads.objects.create(article=most_read, day=today, count=90, readers=90)
    DailyReads.objects.create(article=less_read, day=today, count=10, readers=10)
    html = html_of(client, "/").split('id="top-news-heading"')[1].split("</section>")[0]
    assert html.index(pick.title) < html.index(most_read.title) < html.index(less_read.title)


def test_top_news_ignores_reads_older_than_the_window(client):
    today = timezone.localdate()
    old_hit = ArticleFactory(published=True, title="Read a lot last week")
    recent = ArticleFactory(published=True, title="Read a little today")
    DailyReads.objects.create(
        article=old_hit, day=today - timedelta(days=7), count=5000, readers=5000
    )
    DailyReads.objects.create(article=recent, day=today, count=3, readers=3)
    html = html_of(client, "/").split('id="top-news-heading"')[1].split("</section>")[0]
    assert html.index(recent.title) < html.index(old_hit.title)


def test_section_page_lists_only_its_public_articles_newest_first(client, politics):
    now = timezone.now()
    ArticleFactory(published=True, section=politics, title="Older", published_at=now - timedelta(2))
    ArticleFactory(published=True, section=politics, title="Newer", published_at=now - timedelta(1))
    ArticleFactory(published=True, title="Elsewhere")
    ArticleFactory(section=politics, title="Draft here")
    html = html_of(client, "/section/politics/")
    assert '<h1 class="listing-header__title">Politics</h1>' in html
    main = html.split("<main")[1].split("</main>")[0]
    assert main.index("Newer") < main.index("Older")
    assert "Elsewhere" not in main and "Draft here" not in main


def test_unknown_section_is_404(client):
    assert client.get("/section/no-such-section/").status_code == 404


def test_tag_page_lists_articles_with_that_tag(client):
    ArticleFactory(published=True, title="Tagged story", tags=["Harbour"])
    ArticleFactory(published=True, title="Untagged story")
    html = html_of(client, "/tag/harbour/")
    main = html.split("<main")[1].split("</main>")[0]
    assert "More about" in main and "Harbour" in main
    assert "Tagged story" in main and "Untagged story" not in main


def test_unknown_tag_is_404(client):
    assert client.get("/tag/nothing-here/").status_code == 404


def test_author_page_shows_profile_and_their_articles(client, author):
    profile = author.profile
    profile.bio = "Covers the harbour and the council."
    profile.twitter_handle = "mariajensen"
    profile.save()
    ArticleFactory(published=True, author=author, title="Her story")
    ArticleFactory(published=True, title="Someone else's story")
    html = html_of(client, "/author/maria-jensen/")
    main = html.split("<main")[1].split("</main>")[0]
    assert '<h1 class="listing-header__title">Maria Jensen</h1>' in main
    assert "Covers the harbour and the council." in main
    assert 'href="https://twitter.com/mariajensen"' in main
    assert "Her story" in main and "Someone else&#x27;s story" not in main


def test_author_photo_is_shown_with_alt_text(client):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (50, 50), "teal").save(buffer, "JPEG")
    profile = AuthorProfileFactory(display_name="Pia Photo", slug="pia-photo")
    profile.photo.save("pia.jpg", ContentFile(buffer.getvalue()))
    html = html_of(client, "/author/pia-photo/")
    profile.refresh_from_db()
    assert f'src="{profile.photo_src}" srcset=' in html
    assert 'alt="Portrait of Pia Photo"' in html


def test_archive_lists_one_month(client):
    ArticleFactory(
        published=True,
        title="March story",
        published_at=timezone.make_aware(datetime(2025, 3, 15, 12)),
    )
    ArticleFactory(
        published=True,
        title="April story",
        published_at=timezone.make_aware(datetime(2025, 4, 2, 12)),
    )
    html = main_of(client, "/archive/2025/3/")
    assert "March 2025" in html
    assert "March story" in html and "April story" not in html


@pytest.mark.parametrize("url", ["/archive/2025/13/", "/archive/2025/0/", "/archive/12/1/"])
def test_archive_of_an_impossible_month_is_404(client, url):
    assert client.get(url).status_code == 404


def make_articles(count, section):
    now = timezone.now()
    for number in range(count):
        ArticleFactory(
            published=True,
            section=section,
            title=f"Numbered story {number:03d}",
            published_at=now - timedelta(hours=number + 1),
        )


def test_listing_is_split_into_pages_with_links(client, politics):
    make_articles(13, politics)
    first = html_of(client, "/section/politics/")
    assert '<link rel="next" href="?page=2">' in first
    first = main_of(client, "/section/politics/")
    assert "Numbered story 011" in first and "Numbered story 012" not in first
    assert '<a href="?page=2" rel="next">' in first
    second = main_of(client, "/section/politics/?page=2")
    assert "Numbered story 012" in second and "Numbered story 000" not in second
    assert '<a href="?page=1" rel="prev">' in second
    assert '<a href="?page=2" aria-current="page">2</a>' in second


def test_page_past_the_end_is_404(client, politics):
    make_articles(13, politics)
    assert client.get("/section/politics/?page=3").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999"])
def test_nonsense_page_number_is_404(client, politics, page):
    make_articles(2, politics)
    assert client.get(f"/section/politics/?page={page}").status_code == 404


def test_empty_section_shows_a_friendly_first_page(client, politics):
    html = html_of(client, "/section/politics/")
    assert "Nothing published here yet." in html


def test_second_page_has_its_own_canonical_address(client, politics):
    make_articles(13, politics)
    html = html_of(client, "/section/politics/?page=2")
    assert '<link rel="canonical" href="http://testserver/section/politics/?page=2">' in html


@pytest.mark.parametrize(
    "url", ["/", "/section/politics/", "/tag/harbour/", "/author/maria-jensen/", "/archive/2025/3/"]
)
def test_listing_pages_are_well_formed_html(client, author, politics, url):
    ArticleFactory(
        published=True,
        author=author,
        section=politics,
        tags=["harbour"],
        kind=Article.Kind.OP_ED,
        published_at=timezone.make_aware(datetime(2025, 3, 15, 12)),
    )
    ArticleFactory(published=True, author=author, section=politics, tags=["harbour"])
    assert page_problems(html_of(client, url)) == []


def test_archive_links_to_the_months_before_and_after(client):
    for month in (12, 1, 2):
        ArticleFactory(
            published=True,
            published_at=timezone.make_aware(datetime(2025 if month < 12 else 2024, month, 3, 9)),
        )
    html = main_of(client, "/archive/2025/1/")
    assert '<a href="/archive/2024/12/" rel="prev">← December 2024</a>' in html
    assert '<a href="/archive/2025/2/" rel="next">February 2025 →</a>' in html


@time_machine.travel(datetime(2026, 6, 15, 12, tzinfo=UTC), tick=False)
def test_archive_of_this_month_links_to_no_future_month(client):
    ArticleFactory(published=True, published_at=timezone.now() - timedelta(days=40))
    ArticleFactory(published=True)
    today = timezone.localdate()
    html = main_of(client, f"/archive/{today.year}/{today.month}/")
    assert 'rel="prev"' in html
    assert "→</a>" not in html
