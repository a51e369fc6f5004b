"""The home page's Topics strip: the tags readers can follow from the front page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.querysets import trending_tags
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def topics_of(client):
    """The tag links of the Topics strip, in order, as (name, href)."""
    html = client.get("/").content.decode()
    assert 'aria-labelledby="topics-heading"' in html
    strip = html.split('aria-labelledby="topics-heading"')[1].split("</nav>")[0]
    links = []
    for item in strip.split("<li>")[1:]:
        href = item.split('href="')[1].split('"')[0]
        name = item.split('">', 1)[1].split("</a>")[0]
        links.append((name, href))
    return links


def publish(tags, days_ago=1, **fields):
    return ArticleFactory(
        published=True,
        tags=tags,
        published_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


def test_home_lists_tags_of_the_week_busiest_first_linking_to_their_pages(client):
    for _ in range(3):
        publish(["ferries"])
    for _ in range(2):
        publish(["harbour"])
    for name in ["tides", "islands", "budget"]:
        publish([name])
    assert topics_of(client) == [
        ("ferries", "/tag/ferries/"),
        ("harbour", "/tag/harbour/"),
        ("budget", "/tag/budget/"),
        ("islands", "/tag/islands/"),
        ("tides", "/tag/tides/"),
    ]


def test_a_tag_linked_from_home_opens_its_page(client):
    publish(["ferries"], title="Night ferry returns")
    (_, href), *_ = topics_of(client)
    response = client.get(href)
    assert response.status_code == 200
    assert "Night ferry returns" in response.content.decode()


def test_tags_of_older_articles_do_not_count_when_the_week_has_five(client):
    for name in ["one", "two", "three", "four", "five"]:
        publish([name])
    for _ in range(4):
        publish(["old news"], days_ago=30)
    names = [name for name, _ in topics_of(client)]
    assert "old news" not in names
    assert len(names) == 5


def test_a_quiet_week_is_filled_up_with_the_most_used_tags_of_all_time(client):
    publish(["ferries"])
    for _ in range(3):
        publish(["archive favourite"], days_ago=60)
    publish(["rarely used"], days_ago=90)
    assert [name for name, _ in topics_of(client)] == [
        "ferries",
        "archive favourite",
        "rarely used",
    ]


def test_tags_of_drafts_and_scheduled_articles_are_left_out(client):
    publish(["ferries"])
    ArticleFactory(tags=["secret draft"])
    ArticleFactory(
        tags=["embargoed"],
        status="published",
        published_at=timezone.now() + timedelta(days=1),
    )
    assert [name for name, _ in topics_of(client)] == ["ferries"]


def test_the_strip_shows_at_most_ten_topics(client):
    for number in range(14):
        publish([f"topic {number:02d}"])
    assert len(topics_of(client)) == 10


def test_home_has_no_topics_strip_without_tagged_articles(client):
    ArticleFactory(published=True)
    assert 'aria-labelledby="topics-heading"' not in client.get("/").content.decode()


def test_trending_tags_run_one_query_whatever_the_number_of_tags(django_assert_num_queries):
    for number in range(12):
        publish([f"topic {number}", "ferries"], days_ago=number)
    with django_assert_num_queries(1):
        tags = trending_tags()
    assert tags[0].name == "ferries"
    assert tags[0].recent_articles == 7  # published 0 to 6 days ago; 7 or more is outside
