"""Comparing two versions of an article: word by word for the body, field by field for the
rest, and one click to "changes since it was sent back"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from publishing import services, workflow
from publishing.diffs import body_tokens, compare, text_tokens, word_diff
from publishing.revisions import version_at_step, version_content
from tests.articles.test_revisions import save_in_admin
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_body_words_inserted_and_deleted_are_marked():
    old = body_tokens("<p>The harbour cranes arrive today.</p>")
    new = body_tokens("<p>The new harbour cranes arrived today.</p>")

    assert str(word_diff(old, new, blocks=True)) == (
        "<p>The <ins>new</ins> harbour cranes <del>arrive</del> <ins>arrived</ins> today.</p>"
    )


def test_body_markup_from_the_writer_is_never_copied_into_the_comparison():
    old = body_tokens('<p onclick="x()">Plain &lt;b&gt;text&lt;/b&gt;</p>')
    new = body_tokens('<p>Plain <script>alert(1)</script> <b class="x">text</b></p>')

    html = str(word_diff(old, new, blocks=True))

    assert "<script" not in html
    assert "onclick" not in html
    assert 'class="x"' not in html
    assert "&lt;b&gt;text&lt;/b&gt;" in html  # the old text, escaped, struck out
    assert "<ins>alert(1)" in html  # a script's text is only text


def test_body_headings_keep_their_place_and_pictures_and_links_count():
    old = body_tokens('<h2>Costs</h2><p>See <a href="https://a.example/">the minutes</a>.</p>')
    new = body_tokens(
        '<h2>Costs</h2><p>See <a href="https://b.example/">the minutes</a>.</p>'
        '<figure><img src="/x.jpg" alt="The quay at night"></figure>'
    )

    html = str(word_diff(old, new, blocks=True))

    assert html.startswith("<h3>Costs</h3>")
    assert "<del>[link: https://a.example/]</del> <ins>[link: https://b.example/]</ins>" in html
    assert "<ins>[picture: The quay at night]</ins>" in html


def test_words_split_by_inline_tags_stay_one_word():
    assert [word for word, _block in body_tokens("<p><b>port</b>s open</p>")][1:] == [
        "ports",
        "open",
    ]


def test_unchanged_text_has_no_marks():
    tokens = text_tokens("Harbour cranes arrive")

    assert str(word_diff(tokens, tokens)) == "Harbour cranes arrive"


def content(**changes):
    base = {
        "kind": "News",
        "title": "Harbour cranes arrive",
        "dek": "",
        "body": "<p>Two cranes.</p>",
        "section": None,
        "lead_image": None,
        "tag_names": ["harbour"],
        "fields": {"lead_image_id": None},
    }
    base.update(changes)
    return base


def test_fields_are_compared_one_by_one():
    world, politics = SectionFactory(name="World"), SectionFactory(name="Politics")
    picture = ImageFactory(alt_text="A crane on the quay")

    comparison = compare(
        content(section=world, tag_names=["harbour", "cranes"]),
        content(
            title="Harbour cranes arrive early",
            section=politics,
            lead_image=picture,
            fields={"lead_image_id": picture.pk},
            tag_names=["harbour", "port"],
        ),
    )

    changed = {field.label: field for field in comparison.fields if field.changed}
    assert set(changed) == {"Headline", "Section", "Picture", "Tags"}
    assert str(changed["Headline"].after) == "Harbour cranes arrive <ins>early</ins>"
    assert str(changed["Section"].before) == "<del>World</del>"
    assert str(changed["Picture"].after) == "<ins>A crane on the quay</ins>"
    assert str(changed["Tags"].before) == "harbour, <del>cranes</del>"
    assert str(changed["Tags"].after) == "harbour, <ins>port</ins>"
    assert not comparison.body_changed
    assert comparison.changed


def test_the_same_content_is_no_change():
    assert not compare(content(), content()).changed


# The pages.


@pytest.fixture
def edited(client, writer, draft):
    """A draft saved twice by its writer: an old and a new version."""
    client.force_login(writer)
    save_in_admin(client, draft, title="First headline", body="<p>The ferry is late.</p>")
    save_in_admin(client, draft, title="Second headline", body="<p>The ferry is early.</p>")
    newer, older = Version.objects.get_for_object(draft)[:2]
    return draft, older, newer


def compare_url(article, older, newer):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={older.pk}&to={newer.pk}"


def test_moderator_compares_two_versions_from_the_history(client, moderator, edited):
    article, older, newer = edited
    client.force_login(moderator)

    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    page = client.get(compare_url(article, older, newer))

    assert reverse("admin:articles_article_compare", args=[article.pk]) in history
    assert f'name="from" value="{older.pk}"' in history
    assert page.status_code == 200
    assert "The ferry is <del>late.</del> <ins>early.</ins>" in page.text
    assert "<del>First</del> <ins>Second</ins> headline" in page.text


def test_the_older_version_is_always_before(client, moderator, edited):
    article, older, newer = edited
    client.force_login(moderator)

    page = client.get(compare_url(article, newer, older)).text

    assert "<del>late.</del> <ins>early.</ins>" in page


def test_a_writer_compares_versions_of_their_own_article(client, writer, edited):
    article, older, newer = edited

    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    page = client.get(compare_url(article, older, newer))

    assert "Compare the chosen versions" in history
    assert page.status_code == 200
    assert "<ins>early.</ins>" in page.text
    assert "/revision/" not in page.text  # no way to open or restore a version


def test_another_writer_cannot_compare(client, other_writer, edited):
    article, older, newer = edited
    client.force_login(other_writer)

    assert client.get(compare_url(article, older, newer)).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["", "?from=1", "?from=abc&to=2", "?from=&to="],
    ids=["nothing", "one", "not-a-number", "empty"],
)
def test_comparing_without_two_versions_says_so(client, moderator, edited, query):
    article, _older, _newer = edited
    client.force_login(moderator)

    response = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]) + query, follow=True
    )

    assert response.status_code == 200
    assert "Choose two versions to compare." in response.text


def test_an_unknown_version_or_one_of_another_article_is_not_found(client, moderator, edited):
    article, older, _newer = edited
    elsewhere = ArticleFactory(author=moderator)
    services.edit_article(elsewhere, moderator)
    foreign = Version.objects.get_for_object(elsewhere).first()
    client.force_login(moderator)
    url = reverse("admin:articles_article_compare", args=[article.pk])

    assert client.get(f"{url}?from={older.pk}&to=999999").status_code == 404
    assert client.get(f"{url}?from={older.pk}&to={10**30}").status_code == 404
    assert client.get(f"{url}?from={older.pk}&to={foreign.pk}").status_code == 404


def test_comparison_runs_a_fixed_number_of_queries(client, moderator, edited):
    article, older, _newer = edited
    client.force_login(moderator)

    def queries_with_tags(count):
        article.refresh_from_db()
        services.edit_article(article, moderator, tags=[f"tag {number}" for number in range(count)])
        url = compare_url(article, older, Version.objects.get_for_object(article).first())
        client.get(url)  # warm the caches (settings, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return queries

    few_tags, many_tags = queries_with_tags(1), queries_with_tags(12)

    assert len(many_tags) == len(few_tags) <= 20


# Changes since it was sent back.


@pytest.fixture
def resubmitted(client, writer, moderator, draft):
    """Sent back for sources, then revised and submitted again by the writer."""
    client.force_login(writer)
    save_in_admin(client, draft, body="<p>The council spent a fortune.</p>")
    workflow.submit(draft, writer)
    workflow.reject(draft, moderator, note="How much?", reason="needs_sources")
    save_in_admin(client, draft, body="<p>The council spent 2 million, say the minutes.</p>")
    workflow.submit(draft, writer)
    return draft


def test_the_version_at_the_rejection_is_the_one_that_was_sent_back(resubmitted):
    rejection = resubmitted.transitions.get(action="reject")

    version = version_at_step(rejection)

    assert version.revision.date_created == rejection.created_at
    assert version_content(version)["body"] == "<p>The council spent a fortune.</p>"


def test_moderator_sees_changes_since_it_was_sent_back(client, moderator, resubmitted):
    client.force_login(moderator)

    form = client.get(reverse("admin:articles_article_change", args=[resubmitted.pk])).text
    url = reverse("admin:articles_article_changes_since_sent_back", args=[resubmitted.pk])
    page = client.get(url)

    assert url in form
    assert page.status_code == 200
    assert "The council spent <del>a fortune.</del> <ins>2 million, say the minutes.</ins>" in (
        page.text
    )
    assert "Reason: Needs sources" in page.text
    assert "How much?" in page.text


def test_the_queue_links_a_resubmitted_article_to_its_changes(client, moderator, resubmitted):
    client.force_login(moderator)

    queue = client.get(reverse("admin:articles_article_changelist") + "?status__exact=submitted")

    url = reverse("admin:articles_article_changes_since_sent_back", args=[resubmitted.pk])
    assert url in queue.text
    assert "Needs sources" in queue.text


def test_an_article_never_sent_back_has_no_changes_since(client, moderator, draft):
    client.force_login(moderator)
    url = reverse("admin:articles_article_changes_since_sent_back", args=[draft.pk])

    response = client.get(url, follow=True)

    assert response.status_code == 200
    assert "was never sent back" in response.text
    assert url not in client.get(reverse("admin:articles_article_change", args=[draft.pk])).text


def test_changes_since_sent_back_of_an_unknown_article_is_not_found(client, moderator):
    client.force_login(moderator)
    url = reverse("admin:articles_article_changes_since_sent_back", args=[999999])

    assert client.get(url).status_code == 404


def test_restoring_from_the_comparison_still_goes_through_the_write_service(
    client, moderator, resubmitted
):
    client.force_login(moderator)
    rejection = resubmitted.transitions.get(action="reject")
    sent_back = version_at_step(rejection)

    page = client.get(
        reverse("admin:articles_article_changes_since_sent_back", args=[resubmitted.pk])
    ).text
    restore_url = reverse("admin:articles_article_revision", args=[resubmitted.pk, sent_back.pk])
    client.post(restore_url)

    assert restore_url in page
    resubmitted.refresh_from_db()
    assert resubmitted.body == "<p>The council spent a fortune.</p>"
    assert resubmitted.updated_by == moderator
    assert (
        Version.objects.get_for_object(resubmitted)
        .first()
        .revision.get_comment()
        .startswith("Restored the version of")
    )


def test_an_old_version_links_to_its_comparison_with_the_newest(client, moderator, edited):
    article, older, newer = edited
    client.force_login(moderator)

    page = client.get(reverse("admin:articles_article_revision", args=[article.pk, older.pk]))

    assert f"?from={older.pk}&amp;to={newer.pk}" in page.text
