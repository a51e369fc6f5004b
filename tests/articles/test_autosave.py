"""Autosave: the article form's unsaved text is kept beside the article, offered back when
the form is opened again, and never overwrites the article or someone else's newer save."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article
from publishing.models import ArticleAutosave
from tests.factories import ArticleFactory, SectionFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def autosave(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_autosave", args=[article.pk]),
        change_form_data(article, **changes),
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def new_article_data(draft_key, **fields):
    section = SectionFactory()
    return {"draft_key": str(draft_key), "title": "", "section": section.pk, **fields}


def test_autosave_keeps_the_text_beside_the_article_without_changing_it(client, draft):
    client.force_login(draft.author)

    response = autosave(client, draft, title="Harbour cranes arrive early", body="<p>New</p>")

    assert response.status_code == 200
    assert response.json()["saved_at"]
    assert response.json()["warning"] == ""
    kept = ArticleAutosave.objects.get(article=draft, user=draft.author)
    assert kept.fields["title"] == "Harbour cranes arrive early"
    assert kept.fields["body"] == "<p>New</p>"
    assert kept.based_on_version == draft.version
    unchanged = Article.objects.get(pk=draft.pk)
    assert unchanged.title == "Harbour cranes arrive"
    assert unchanged.version == draft.version


def test_a_second_autosave_replaces_the_first(client, draft):
    client.force_login(draft.author)

    autosave(client, draft, title="First try")
    autosave(client, draft, title="Second try")

    assert ArticleAutosave.objects.get().fields["title"] == "Second try"


def test_autosave_from_a_stale_form_is_kept_and_names_who_saved_since(client, draft, moderator):
    opened_version = draft.version
    moderator_client = Client()
    moderator_client.force_login(moderator)
    moderator_client.post(
        change_url(draft), change_form_data(draft, title="The moderator's headline")
    )
    client.force_login(draft.author)

    response = autosave(client, draft, known_version=opened_version, title="The writer's words")

    assert response.status_code == 200
    assert "Mona Moderator saved this article on" in response.json()["warning"]
    assert ArticleAutosave.objects.get().fields["title"] == "The writer's words"
    assert Article.objects.get(pk=draft.pk).title == "The moderator's headline"


def test_opening_the_article_offers_the_autosave_with_what_differs(client, draft):
    client.force_login(draft.author)
    autosave(
        client,
        draft,
        title="Harbour cranes arrive early",
        body="<p>The council voted on Tuesday.</p><p>A paragraph typed before the crash.</p>",
    )

    page = client.get(change_url(draft)).text

    assert "You have unsaved text" in page
    assert "<del>Harbour cranes arrive</del>" in page
    assert "<ins>Harbour cranes arrive early</ins>" in page
    assert "<ins>A paragraph typed before the crash.</ins>" in page
    assert "<del>Work starts in spring.</del>" in page


def test_no_offer_when_the_autosave_matches_the_saved_article(client, draft):
    client.force_login(draft.author)
    autosave(client, draft)

    assert "You have unsaved text" not in client.get(change_url(draft)).text


def test_restoring_puts_the_autosaved_text_in_the_form_and_saving_removes_it(client, draft):
    client.force_login(draft.author)
    autosave(client, draft, title="Cranes arrive early", tags="cranes, port")

    restored = client.get(change_url(draft) + "?restore-autosave")
    form = restored.context["adminform"].form
    title_while_restored = Article.objects.get(pk=draft.pk).title
    saved = client.post(
        change_url(draft),
        change_form_data(draft, title="Cranes arrive early", tags="cranes, port"),
    )

    assert "Your autosaved text is back in the form" in restored.text
    assert form["title"].value() == "Cranes arrive early"
    assert form["tags"].value() == "cranes, port"
    assert title_while_restored == "Harbour cranes arrive"  # restoring only shows it
    assert saved.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Cranes arrive early"
    assert not ArticleAutosave.objects.exists()


def test_a_restored_stale_autosave_is_not_saved_over_a_newer_version(client, draft, moderator):
    opened_version = draft.version
    moderator_client = Client()
    moderator_client.force_login(moderator)
    moderator_client.post(change_url(draft), change_form_data(draft, title="Moderator's title"))
    client.force_login(draft.author)
    autosave(client, draft, known_version=opened_version, title="Writer's title")

    offer = client.get(change_url(draft)).text
    restored = client.get(change_url(draft) + "?restore-autosave")
    known_version = restored.context["adminform"].form["known_version"].value()
    saved = client.post(
        change_url(draft),
        change_form_data(draft, known_version=known_version, title="Writer's title"),
    )

    assert "Mona Moderator saved this article on" in offer
    assert known_version == opened_version
    assert saved.status_code == 200
    assert "Mona Moderator changed this article on" in saved.text
    assert Article.objects.get(pk=draft.pk).title == "Moderator's title"
    assert ArticleAutosave.objects.exists()


def test_discarding_forgets_the_autosave(client, draft):
    client.force_login(draft.author)
    autosave(client, draft, title="Not wanted")

    response = client.post(
        reverse("admin:articles_article_discard_autosave", args=[draft.pk]), follow=True
    )

    assert "The autosaved text was discarded." in response.text
    assert "You have unsaved text" not in response.text
    assert not ArticleAutosave.objects.exists()


def test_each_person_has_their_own_autosave(client, draft, moderator):
    client.force_login(draft.author)
    autosave(client, draft, title="The writer's words")
    moderator_client = Client()
    moderator_client.force_login(moderator)

    assert "You have unsaved text" not in moderator_client.get(change_url(draft)).text


def test_a_new_article_is_autosaved_by_its_draft_key_and_offered_on_the_add_form(client, writer):
    client.force_login(writer)
    draft_key = uuid.uuid4()
    add_url = reverse("admin:articles_article_add")

    response = client.post(
        reverse("admin:articles_article_autosave"),
        new_article_data(draft_key, title="Ferry strike called off", body="<p>Typed</p>"),
    )
    offer = client.get(add_url).text
    restored = client.get(f"{add_url}?restore-autosave={draft_key}")
    form = restored.context["adminform"].form

    assert response.status_code == 200
    assert ArticleAutosave.objects.get(draft_key=draft_key, article=None).user == writer
    assert "You have unsaved text" in offer
    assert "<ins>Ferry strike called off</ins>" in offer
    assert form["title"].value() == "Ferry strike called off"
    assert str(form["draft_key"].value()) == str(draft_key)


def test_saving_a_new_article_removes_its_autosave(client, writer):
    client.force_login(writer)
    draft_key = uuid.uuid4()
    data = new_article_data(draft_key, title="Ferry strike called off")
    client.post(reverse("admin:articles_article_autosave"), data)

    saved = client.post(
        reverse("admin:articles_article_add"),
        {
            **change_form_data(ArticleFactory.build(section_id=data["section"])),
            **data,
            "slug": "ferry-strike-called-off",
            "known_version": "",
        },
    )

    assert saved.status_code == 302
    assert Article.objects.filter(title="Ferry strike called off").exists()
    assert not ArticleAutosave.objects.exists()


def test_a_new_article_without_a_valid_draft_key_gets_a_clear_answer(client, writer):
    client.force_login(writer)

    response = client.post(reverse("admin:articles_article_autosave"), {"title": "Lost?"})

    assert response.status_code == 400
    assert "reload the page" in response.json()["error"]
    assert not ArticleAutosave.objects.exists()


def test_another_writers_article_cannot_be_autosaved(client, draft, other_writer):
    client.force_login(other_writer)

    response = autosave(client, draft, title="Not mine")

    assert response.status_code == 404
    assert "no longer open it" in response.json()["error"]
    assert not ArticleAutosave.objects.exists()


def test_a_submitted_article_is_no_longer_autosaved_for_its_writer(client, writer):
    submitted = ArticleFactory(author=writer, status=Article.Status.SUBMITTED)
    client.force_login(writer)

    response = autosave(client, submitted, title="Too late")

    assert response.status_code == 403
    assert "can no longer change" in response.json()["error"]


def test_autosave_answers_only_posts(client, draft):
    client.force_login(draft.author)

    response = client.get(reverse("admin:articles_article_autosave", args=[draft.pk]))

    assert response.status_code == 405


def test_autosave_needs_a_signed_in_writer(client, draft):
    response = autosave(client, draft, title="Anonymous")

    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_an_oversized_field_is_refused_with_a_message(client, draft):
    client.force_login(draft.author)

    response = autosave(client, draft, body="x" * 1_000_001)

    assert response.status_code == 413
    assert "too long to autosave" in response.json()["error"]


def test_an_autosave_left_for_a_month_is_forgotten_at_the_next_one(client, writer):
    old_key, new_key = uuid.uuid4(), uuid.uuid4()
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC), tick=False):
        client.force_login(writer)
        client.post(reverse("admin:articles_article_autosave"), new_article_data(old_key))
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC), tick=False):
        client.force_login(writer)  # a month later: a new session
        client.post(reverse("admin:articles_article_autosave"), new_article_data(new_key))

    assert list(ArticleAutosave.objects.values_list("draft_key", flat=True)) == [new_key]
