"""Top News: unique positions in the database, one ordered list of picks with ends, and the
list as readers will see it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import Article
from publishing import services
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
URL = "/admin/articles/article/top-news/"


@pytest.fixture
def stories(db):
    with time_machine.travel(NOW - timedelta(hours=2), tick=False):
        return [
            ArticleFactory(title=title, published=True)
            for title in ("Harbour vote", "Bridge closes", "Ferry strike", "Quay reopens")
        ]


def picks():
    return list(
        Article.objects.filter(top_rank__isnull=False)
        .order_by("top_rank")
        .values_list("title", "top_rank")
    )


def page_form(client):
    """The Top News page's form fields as the browser would send them back."""
    response = client.get(URL)
    form = response.context["form"]
    data = {"known_signature": form.initial["known_signature"]}
    for row in form.rows():
        data[row["position"].html_name] = row["article"].top_rank
    return data


def test_two_stories_cannot_hold_the_same_position(stories):
    first, second, *_ = stories
    Article.objects.filter(pk=first.pk).update(top_rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=second.pk).update(top_rank=1)


def test_moderator_adds_a_story_at_a_taken_position(client, stories, moderator):
    services.set_top_news(moderator, [(stories[0].pk, None), (stories[1].pk, None)])
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        data = page_form(client)
        data.update({"add": stories[2].pk, "add_position": 1})
        response = client.post(URL, data)

    assert response.status_code == 302
    assert picks() == [("Ferry strike", 1), ("Harbour vote", 2), ("Bridge closes", 3)]


def test_moderator_reorders_and_removes(client, stories, moderator):
    services.set_top_news(moderator, [(story.pk, None) for story in stories[:3]])
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        data = page_form(client)
        first, second, third = stories[:3]
        data[f"position_{first.pk}"] = 3
        data[f"position_{third.pk}"] = 1
        data[f"remove_{second.pk}"] = "on"
        client.post(URL, data)

    assert picks() == [("Ferry strike", 1), ("Harbour vote", 2)]


def test_reordering_keeps_the_articles_versions(stories, moderator):
    before = {story.pk: (story.version, story.updated_at) for story in stories}
    services.set_top_news(moderator, [(stories[1].pk, None), (stories[0].pk, None)])
    services.set_top_news(moderator, [(stories[0].pk, None), (stories[1].pk, None)])

    for story in Article.objects.filter(pk__in=before):
        assert (story.version, story.updated_at) == before[story.pk]


def test_a_pick_ends_at_its_time_in_the_moderators_zone(client, stories, moderator):
    moderator.profile.time_zone = "Europe/Berlin"
    moderator.profile.save()
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        data = page_form(client)
        data.update({"add": stories[0].pk, "add_ends_at": "2026-03-29T18:00"})
        client.post(URL, data)

    story = Article.objects.get(pk=stories[0].pk)
    assert story.top_until == datetime(2026, 3, 29, 16, 0, tzinfo=UTC)
    with time_machine.travel(datetime(2026, 3, 29, 15, 59, tzinfo=UTC), tick=False):
        assert Article.objects.top()[0] == story
        assert list(Article.objects.current_picks()) == [story]
    with time_machine.travel(datetime(2026, 3, 29, 16, 0, tzinfo=UTC), tick=False):
        assert list(Article.objects.current_picks()) == []
        assert Article.objects.top()[0].pick_position is None


def test_an_end_in_the_past_is_refused_and_nothing_changes(client, stories, moderator):
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        data = page_form(client)
        data.update({"add": stories[0].pk, "add_ends_at": "2026-03-28T18:00"})
        response = client.post(URL, data)

    assert response.status_code == 200
    assert "This end time has passed" in response.text
    assert picks() == []


def test_a_list_changed_meanwhile_is_refused(client, stories, moderator):
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        data = page_form(client)
        services.set_top_news(moderator, [(stories[3].pk, None)])  # another desk
        data.update({"add": stories[0].pk})
        response = client.post(URL, data, follow=True)

    assert picks() == [("Quay reopens", 1)]
    assert "Someone changed Top News after you opened this page" in response.text


def test_only_published_articles_can_be_picked(stories, moderator):
    draft = ArticleFactory()
    with pytest.raises(services.WriteRefused):
        services.set_top_news(moderator, [(draft.pk, None)])


def test_the_page_shows_top_news_as_readers_see_it(client, stories, moderator):
    services.set_top_news(moderator, [(stories[3].pk, None)])
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        response = client.get(URL)
        readers = [item.title for item in Article.objects.top().headlines()[:5]]

    assert [item.title for item in response.context["readers_see"]] == readers
    assert readers[0] == "Quay reopens"


def test_unpublishing_frees_the_position(stories, moderator):
    from publishing import workflow

    services.set_top_news(moderator, [(stories[0].pk, None)])
    workflow.unpublish(Article.objects.get(pk=stories[0].pk), moderator)
    services.set_top_news(moderator, [(stories[1].pk, None)])

    assert picks() == [("Bridge closes", 1)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("reader", "login"),
        ("writer", 403),
        ("other_writer", 403),
        ("moderator", 200),
        ("superuser", 200),
    ],
)
def test_who_may_open_and_save_top_news(client, stories, users, role, expected):
    if users[role] is not None:
        client.force_login(users[role])
    with time_machine.travel(NOW, tick=False):
        page = client.get(URL)
        saved = client.post(URL, {"add": stories[0].pk, "known_signature": ""})

    if expected == "login":
        assert page.status_code == saved.status_code == 302
        assert "login" in page.url
    else:
        assert page.status_code == expected
    if expected == 200:
        assert picks() == [("Harbour vote", 1)]
    else:
        assert picks() == []


def test_writers_cannot_pick_through_the_service(stories, writer):
    with pytest.raises(services.WriteRefused):
        services.set_top_news(writer, [(stories[0].pk, None)])


def test_no_top_news_position_on_the_article_form(client, stories, moderator):
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_article_change", args=[stories[0].pk])).text

    assert 'name="top_rank"' not in page


def test_a_reader_cannot_pick(stories):
    with pytest.raises(services.WriteRefused):
        services.set_top_news(UserFactory(), [(stories[0].pk, None)])
