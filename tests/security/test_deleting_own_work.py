"""Writers delete their own unused pictures and their own drafts, each after a confirmation
page; never a picture in use (the refusal names where it is used), never another writer's
work, never a submitted, scheduled or published article. Test ids read as the table:
``<role>-<what>-<outcome>``; "writer" owns everything under test.

Outcomes: ``ok`` deleted, ``login`` sent to the login page, ``hidden`` not shown to them
(404 or the admin's "doesn't exist"), ``forbidden`` 403, ``refused`` kept with a message.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.permissions import can_delete_image
from media.models import Image
from publishing import services
from tests.factories import ArticleFactory, ImageFactory
from tests.security.test_admin_permissions import ROLES, outcome_of_page

pytestmark = pytest.mark.django_db

Status = Article.Status


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


#                          anonymous  reader   writer       other_writer moderator superuser
PICTURES = {
    "unused_picture": row("login", "login", "ok", "hidden", "ok", "ok"),
    "lead_picture": row("login", "login", "refused", "hidden", "refused", "refused"),
    "inline_picture": row("login", "login", "refused", "hidden", "refused", "refused"),
}
ARTICLES = {
    "draft": row("login", "login", "ok", "hidden", "ok", "ok"),
    "submitted": row("login", "login", "forbidden", "hidden", "ok", "ok"),
    "scheduled": row("login", "login", "forbidden", "hidden", "ok", "ok"),
    "published": row("login", "login", "forbidden", "hidden", "ok", "ok"),
}


def cases(matrix):
    return [
        pytest.param(role, what, expected, id=f"{role}-{what}-{expected}")
        for what, outcomes in matrix.items()
        for role, expected in outcomes.items()
    ]


def picture(what, owner):
    image = ImageFactory(uploaded_by=owner, alt_text="Cranes at the east quay")
    if what == "lead_picture":
        ArticleFactory(author=owner, title="Cranes arrive", lead_image=image)
    if what == "inline_picture":
        ArticleFactory(
            author=owner, title="Cranes arrive", body=f'<figure data-image="{image.pk}"></figure>'
        )
    return image


def article(what, owner):
    now = timezone.now()
    times = {
        "draft": (Status.DRAFT, None),
        "submitted": (Status.SUBMITTED, None),
        "scheduled": (Status.PUBLISHED, now + timedelta(days=1)),
        "published": (Status.PUBLISHED, now - timedelta(hours=1)),
    }
    status, published_at = times[what]
    return ArticleFactory(author=owner, status=status, published_at=published_at)


def delete(client, url, gone):
    """Open the confirmation page, then confirm; the outcome of the whole attempt."""
    confirmation = client.get(url)
    outcome = outcome_of_page(confirmation, None)
    if outcome is not confirmation:
        return outcome
    if confirmation.status_code == 302:
        return "refused"  # back to the form with a message, no confirmation offered
    assert confirmation.status_code == 200
    assert "Are you sure" in confirmation.text
    response = client.post(url, {"post": "yes"})
    outcome = outcome_of_page(response, None)
    if outcome is not response:
        return outcome
    return "ok" if gone() else "refused"


@pytest.mark.parametrize(("role", "what", "expected"), cases(PICTURES))
def test_who_deletes_which_picture(client, people, role, what, expected):
    image = picture(what, people["writer"])
    if people[role] is not None:
        client.force_login(people[role])
    url = reverse("admin:media_image_delete", args=[image.pk])

    outcome = delete(client, url, lambda: not Image.objects.filter(pk=image.pk).exists())

    assert outcome == expected
    assert Image.objects.filter(pk=image.pk).exists() is (expected != "ok")


@pytest.mark.parametrize(("role", "what", "expected"), cases(ARTICLES))
def test_who_deletes_which_article(client, people, role, what, expected):
    story = article(what, people["writer"])
    if people[role] is not None:
        client.force_login(people[role])
    url = reverse("admin:articles_article_delete", args=[story.pk])

    outcome = delete(client, url, lambda: not Article.objects.filter(pk=story.pk).exists())

    assert outcome == expected
    assert Article.objects.filter(pk=story.pk).exists() is (expected != "ok")


def test_a_picture_in_use_is_refused_with_the_articles_that_show_it(client, people):
    writer = people["writer"]
    image = ImageFactory(uploaded_by=writer, alt_text="Cranes at the east quay")
    ArticleFactory(author=writer, title="Cranes arrive", lead_image=image)
    ArticleFactory(
        author=writer, title="Cranes at work", body=f'<figure data-image="{image.pk}"></figure>'
    )
    client.force_login(writer)

    response = client.get(reverse("admin:media_image_delete", args=[image.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:media_image_change", args=[image.pk])
    assert (
        "“Cranes at the east quay” is used, so it was not deleted. Remove it from these "
        "articles first (as lead image or figure in the text): “Cranes arrive”, “Cranes at "
        "work”." in response.text
    )
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_refusal_does_not_name_articles_the_writer_cannot_open(people):
    writer, moderator = people["writer"], people["moderator"]
    image = ImageFactory(uploaded_by=writer)
    # A moderator used the writer's picture in another writer's draft.
    ArticleFactory(
        author=people["other_writer"],
        title="Secret draft",
        body=f'<figure data-image="{image.pk}"></figure>',
    )

    with pytest.raises(services.WriteRefused) as refusal:
        services.delete_image(image, writer)

    assert "Secret draft" not in str(refusal.value)
    assert "1 article you cannot open" in str(refusal.value)
    with pytest.raises(services.WriteRefused, match="Secret draft"):
        services.delete_image(image, moderator)


def test_a_writer_cannot_delete_another_writers_picture_through_the_service(people):
    image = ImageFactory(uploaded_by=people["other_writer"])

    assert not can_delete_image(people["writer"], image)
    with pytest.raises(services.WriteRefused, match="only the pictures you uploaded"):
        services.delete_image(image, people["writer"])
    assert Image.objects.filter(pk=image.pk).exists()


def test_a_writer_cannot_delete_a_submitted_article_through_the_service(people):
    submitted = ArticleFactory(author=people["writer"], status=Status.SUBMITTED)

    with pytest.raises(services.WriteRefused, match="only their own drafts"):
        services.delete_article(submitted, people["writer"])
    assert Article.objects.filter(pk=submitted.pk).exists()


def test_the_writers_draft_form_offers_delete_and_the_submitted_one_does_not(client, people):
    writer = people["writer"]
    draft = ArticleFactory(author=writer, status=Status.DRAFT)
    submitted = ArticleFactory(author=writer, status=Status.SUBMITTED)
    client.force_login(writer)

    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    submitted_page = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text

    assert reverse("admin:articles_article_delete", args=[draft.pk]) in draft_page
    assert reverse("admin:articles_article_delete", args=[submitted.pk]) not in submitted_page


def test_writers_have_no_bulk_delete(client, people):
    client.force_login(people["writer"])

    page = client.get(reverse("admin:articles_article_changelist")).text

    assert "delete_selected" not in page


def test_the_picture_form_says_where_the_picture_is_used(client, people):
    writer = people["writer"]
    image = ImageFactory(uploaded_by=writer)
    unused = ImageFactory(uploaded_by=writer)
    article = ArticleFactory(
        author=writer, title="Cranes arrive", body=f'<figure data-image="{image.pk}"></figure>'
    )
    ArticleFactory(author=people["other_writer"], title="Secret draft", lead_image=image)
    client.force_login(writer)

    used_page = client.get(reverse("admin:media_image_change", args=[image.pk])).text
    unused_page = client.get(reverse("admin:media_image_change", args=[unused.pk])).text

    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{change_url}">Cranes arrive</a>' in used_page
    assert "1 article you cannot open" in used_page
    assert "Secret draft" not in used_page
    assert "No article shows this picture. You can delete it." in unused_page


def test_a_picture_number_is_not_mistaken_for_a_longer_one(people):
    image = ImageFactory(uploaded_by=people["writer"])
    ArticleFactory(body=f'<figure data-image="{image.pk}0"></figure><p>data-image="{image.pk}"</p>')

    assert not Article.objects.showing_image(image).exists()
    services.delete_image(image, people["writer"])
    assert not Image.objects.filter(pk=image.pk).exists()


def test_a_moderator_deletes_selected_articles_in_bulk(client, people):
    stories = [ArticleFactory(author=people["writer"]) for _ in range(2)]
    client.force_login(people["moderator"])

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [story.pk for story in stories],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not Article.objects.filter(pk__in=[story.pk for story in stories]).exists()
