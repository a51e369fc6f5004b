"""The article admin's permission matrix: who may list, view, change, delete and move
an article through the workflow. Test ids read as the table: ``<role>-<action>-<outcome>``.

The article belongs to "writer"; "other_writer" is a second writer. Outcomes:
``ok`` done, ``login`` sent to the login page, ``hidden`` the article is not shown to them
(absent from the list, "doesn't exist" for its pages), ``forbidden`` 403,
``refused`` the workflow said no with a message and nothing changed.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["anonymous", "reader", "writer", "other_writer", "moderator", "superuser"]

MATRIX = {
    #                      anonymous  reader   writer       other_writer moderator superuser
    "list": dict(zip(ROLES, ["login", "login", "ok", "hidden", "ok", "ok"], strict=True)),
    "view": dict(zip(ROLES, ["login", "login", "ok", "hidden", "ok", "ok"], strict=True)),
    "change_draft": dict(zip(ROLES, ["login", "login", "ok", "hidden", "ok", "ok"], strict=True)),
    "change_submitted": dict(
        zip(ROLES, ["login", "login", "forbidden", "hidden", "ok", "ok"], strict=True)
    ),
    "delete_draft": dict(zip(ROLES, ["login", "login", "ok", "hidden", "ok", "ok"], strict=True)),
    "delete_submitted": dict(
        zip(ROLES, ["login", "login", "forbidden", "hidden", "ok", "ok"], strict=True)
    ),
    "delete_published": dict(
        zip(ROLES, ["login", "login", "forbidden", "hidden", "ok", "ok"], strict=True)
    ),
    "submit": dict(
        zip(ROLES, ["login", "login", "ok", "hidden", "refused", "refused"], strict=True)
    ),
    "withdraw": dict(zip(ROLES, ["login", "login", "ok", "hidden", "ok", "ok"], strict=True)),
    "approve": dict(zip(ROLES, ["login", "login", "refused", "hidden", "ok", "ok"], strict=True)),
    "schedule": dict(zip(ROLES, ["login", "login", "refused", "hidden", "ok", "ok"], strict=True)),
    "reject": dict(zip(ROLES, ["login", "login", "refused", "hidden", "ok", "ok"], strict=True)),
    "unpublish": dict(zip(ROLES, ["login", "login", "refused", "hidden", "ok", "ok"], strict=True)),
}

STARTING_STATUS = {
    "list": Status.DRAFT,
    "view": Status.DRAFT,
    "change_draft": Status.DRAFT,
    "change_submitted": Status.SUBMITTED,
    "delete_draft": Status.DRAFT,
    "delete_submitted": Status.SUBMITTED,
    "delete_published": Status.PUBLISHED,
    "submit": Status.DRAFT,
    "withdraw": Status.SUBMITTED,
    "approve": Status.SUBMITTED,
    "schedule": Status.SUBMITTED,
    "reject": Status.SUBMITTED,
    "unpublish": Status.PUBLISHED,
}


def change_form_data(article, **changes):
    data = {
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "section": article.section_id,
        "tags": "",
        "author": article.author_id,
        "published_at_0": "",
        "published_at_1": "",
        "top_rank": "",
        "review_note": "",
        "known_version": article.version,
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        "transitions-MIN_NUM_FORMS": "0",
        "transitions-MAX_NUM_FORMS": "0",
    }
    data.update(changes)
    return data


def outcome_of_page(response, article, login_url="/admin/login/"):
    if response.status_code == 302 and response["Location"].startswith(login_url):
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "hidden"
    if response.status_code == 302 and response["Location"] == reverse("admin:index"):
        return "hidden"  # the admin's "doesn't exist. Perhaps it was deleted?"
    return response


def perform(client, action, article):
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    if action == "list":
        response = client.get(reverse("admin:articles_article_changelist"))
        outcome = outcome_of_page(response, article)
        if outcome is response:
            return "ok" if article.title in response.text else "hidden"
        return outcome
    if action == "view":
        response = client.get(change_url)
        outcome = outcome_of_page(response, article)
        return "ok" if outcome is response and response.status_code == 200 else outcome
    if action in ("change_draft", "change_submitted"):
        data = change_form_data(article, title="A sharper headline")
        response = client.post(change_url, data)
        outcome = outcome_of_page(response, article)
        if outcome is not response:
            return outcome
        assert response.status_code == 302, response.context["errors"]
        return "ok" if Article.objects.get(pk=article.pk).title == "A sharper headline" else "?"
    if action.startswith("delete"):
        url = reverse("admin:articles_article_delete", args=[article.pk])
        response = client.post(url, {"post": "yes"})
        outcome = outcome_of_page(response, article)
        if outcome is not response:
            return outcome
        return "ok" if not Article.objects.filter(pk=article.pk).exists() else "?"
    name = "approve" if action == "schedule" else action
    url = reverse("admin:articles_article_transition", args=[article.pk, name])
    data = {"note": "Please add a source for the figures.", "reason": "needs_sources"}
    if action == "schedule":
        later = timezone.localtime() + timedelta(days=2)
        data["publish_at"] = later.strftime("%Y-%m-%dT%H:%M")
    status_before = article.status
    response = client.post(url, data)
    outcome = outcome_of_page(response, article)
    if outcome is not response:
        return outcome
    article.refresh_from_db()
    if article.status == status_before:
        return "refused"
    if action == "schedule":
        return "ok" if article.is_scheduled else "?"
    return "ok"


CASES = [
    pytest.param(role, action, expected, id=f"{role}-{action}-{expected}")
    for action, row in MATRIX.items()
    for role, expected in row.items()
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_admin_permission_matrix(client, people, role, action, expected):
    status = STARTING_STATUS[action]
    article = ArticleFactory(
        author=people["writer"],
        section=SectionFactory(name="Politics", slug="politics"),
        status=status,
        submitted_at=timezone.now() if status != Status.DRAFT else None,
        published_at=timezone.now() - timedelta(hours=1) if status == Status.PUBLISHED else None,
    )
    if people[role] is not None:
        client.force_login(people[role])

    assert perform(client, action, article) == expected


def test_writer_does_not_see_the_top_news_or_author_fields(client, people):
    article = ArticleFactory(author=people["writer"])
    client.force_login(people["writer"])

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert 'name="top_rank"' not in page
    assert 'name="author"' not in page
    assert 'name="published_at_0"' not in page


def test_writer_cannot_change_the_author_by_posting_it(client, people):
    article = ArticleFactory(author=people["writer"])
    client.force_login(people["writer"])

    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, author=people["other_writer"].pk, top_rank="1"),
    )

    article.refresh_from_db()
    assert article.author == people["writer"]
    assert article.top_rank is None


def test_a_new_article_by_a_writer_is_theirs_and_a_draft(client, people):
    section = SectionFactory(name="World", slug="world")
    client.force_login(people["writer"])

    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "kind": Article.Kind.OP_ED,
            "title": "Why the port needs a night bus",
            "slug": "",
            "dek": "",
            "body": "<p>Shift workers wait an hour.</p><script>alert(1)</script>",
            "section": section.pk,
            "tags": "transport, port",
            "author": people["other_writer"].pk,
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Why the port needs a night bus")
    assert article.author == people["writer"]
    assert article.status == Status.DRAFT
    assert article.slug == "why-the-port-needs-a-night-bus"
    assert article.body == "<p>Shift workers wait an hour.</p>"
    assert sorted(article.tags.names()) == ["port", "transport"]
    assert "port" in article.tag_names


def test_writer_sees_the_moderators_note_on_a_rejected_article(client, people):
    article = ArticleFactory(
        author=people["writer"],
        status=Status.REJECTED,
        review_note="The second quote needs a source.",
        reviewer=people["moderator"],
    )
    client.force_login(people["writer"])

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert "Note from Mona Mod" in page
    assert "The second quote needs a source." in page


def test_moderator_can_bulk_approve(client, people):
    articles = ArticleFactory.create_batch(
        3, author=people["writer"], status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    client.force_login(people["moderator"])

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [article.pk for article in articles]},
        follow=True,
    )

    assert "3 articles were approved." in response.text
    assert Article.objects.published().count() == 3


def test_writer_is_not_offered_bulk_approve(client, people):
    ArticleFactory(author=people["writer"])
    client.force_login(people["writer"])

    page = client.get(reverse("admin:articles_article_changelist")).text

    assert "approve_selected" not in page
    assert "submit_selected" in page


def test_review_queue_lists_submitted_articles_oldest_first(client, people):
    now = timezone.now()
    newer = ArticleFactory(title="Newer submission", status=Status.SUBMITTED, submitted_at=now)
    older = ArticleFactory(
        title="Older submission", status=Status.SUBMITTED, submitted_at=now - timedelta(days=1)
    )
    ArticleFactory(title="Still a draft")
    client.force_login(people["moderator"])

    response = client.get(
        reverse("admin:articles_article_changelist"), {"status__exact": "submitted"}
    )

    listed = list(response.context["cl"].result_list)
    assert listed == [older, newer]
    assert "Review queue (2 waiting)" in response.text


def test_list_shows_preview_link_and_thumbnail(client, people):
    from tests.factories import ImageFactory

    article = ArticleFactory(author=people["writer"], lead_image=ImageFactory())
    client.force_login(people["writer"])

    page = client.get(reverse("admin:articles_article_changelist")).text

    assert reverse("publishing:preview", args=[article.pk]) in page
    assert "-1x1-160.jpg" in page  # the square thumbnail crop


def test_tag_suggestions_answer_writers_only(client, people):
    ArticleFactory(author=people["writer"], tags=["harbour", "housing"])
    url = reverse("admin:articles_article_tag_suggestions")

    client.force_login(people["writer"])
    assert client.get(url, {"q": "ha"}).json() == {"tags": ["harbour"]}
    client.force_login(people["reader"])
    assert client.get(url, {"q": "ha"}).status_code == 302
