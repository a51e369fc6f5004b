"""Full history with django-reversion: every save keeps a revision; moderators restore."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from publishing import workflow
from tests.factories import ImageFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def save_in_admin(client, article, **changes):
    article.refresh_from_db()
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, **changes),
    )


def test_every_admin_save_keeps_a_revision(client, writer, draft):
    client.force_login(writer)

    save_in_admin(client, draft, title="First headline", tags="harbour")
    save_in_admin(client, draft, title="Second headline")

    versions = Version.objects.get_for_object(draft)
    assert [version.field_dict["title"] for version in versions] == [
        "Second headline",
        "First headline",
    ]


def test_workflow_steps_are_revisions_with_a_comment(writer, draft):
    workflow.submit(draft, writer)

    assert Version.objects.get_for_object(draft).first().revision.get_comment() == (
        "Submitted for review by Wanda Writer."
    )


def test_moderator_reads_an_old_version(client, writer, moderator, draft):
    client.force_login(writer)
    save_in_admin(client, draft, title="First headline", body="<p>The first body.</p>")
    save_in_admin(client, draft, title="Second headline", body="<p>The second body.</p>")
    old = Version.objects.get_for_object(draft).last()
    client.force_login(moderator)

    history = client.get(reverse("admin:articles_article_history", args=[draft.pk]))
    page = client.get(reverse("admin:articles_article_revision", args=[draft.pk, old.pk]))

    assert history.status_code == 200
    assert page.status_code == 200
    assert "First headline" in page.text
    assert "<p>The first body.</p>" in page.text
    assert Article.objects.get(pk=draft.pk).title == "Second headline"


def test_an_old_version_shows_its_pictures_from_the_library(client, writer, moderator, draft):
    shown, gone = (
        ImageFactory(uploaded_by=writer, alt_text="Cranes"),
        ImageFactory(uploaded_by=writer),
    )
    gone_id = gone.pk
    client.force_login(writer)
    body = f'<figure data-image="{shown.pk}"></figure><figure data-image="{gone_id}"></figure>'
    save_in_admin(client, draft, body=body)
    gone.delete()
    version = Version.objects.get_for_object(draft).first()
    client.force_login(moderator)

    page = client.get(reverse("admin:articles_article_revision", args=[draft.pk, version.pk]))

    assert 'alt="Cranes"' in page.text
    assert f"Picture {gone_id} is no longer in the library" in page.text


def test_moderator_restores_an_old_version_without_touching_the_status(
    client, writer, moderator, draft
):
    client.force_login(writer)
    save_in_admin(client, draft, title="First headline", tags="harbour, cranes")
    save_in_admin(client, draft, title="Second headline", tags="weather")
    workflow.submit(draft, writer)
    first = next(
        v
        for v in Version.objects.get_for_object(draft)
        if v.field_dict["title"] == "First headline"
    )
    client.force_login(moderator)

    response = client.post(reverse("admin:articles_article_revision", args=[draft.pk, first.pk]))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "First headline"
    assert sorted(draft.tags.names()) == ["cranes", "harbour"]
    assert draft.status == Article.Status.SUBMITTED
    assert (
        Version.objects.get_for_object(draft)
        .first()
        .revision.get_comment()
        .startswith("Restored the version of")
    )


def test_writer_cannot_open_or_restore_revisions(client, writer, draft):
    client.force_login(writer)
    save_in_admin(client, draft, title="First headline")
    version = Version.objects.get_for_object(draft).first()
    url = reverse("admin:articles_article_revision", args=[draft.pk, version.pk])

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403


def test_writer_history_shows_real_rows(client, writer, draft):
    client.force_login(writer)
    save_in_admin(client, draft, title="First headline")
    workflow.submit(draft, writer)

    page = client.get(reverse("admin:articles_article_history", args=[draft.pk])).text

    assert "Wanda Writer" in page
    assert "Submitted for review by Wanda Writer." in page
    assert page.count('<th scope="row">') == 2
    assert timezone.localtime().strftime("%Y") in page
    # No links to open or restore a version: that is the moderators' screen.
    assert "/revision/" not in page


def test_a_writer_cannot_read_the_history_of_another_writers_article(client, other_writer, draft):
    client.force_login(other_writer)
    response = client.get(reverse("admin:articles_article_history", args=[draft.pk]))

    assert response.status_code == 302
    assert "Harbour cranes arrive" not in client.get(response.url).text
