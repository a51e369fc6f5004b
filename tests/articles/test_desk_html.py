"""The desk's own pages (history, comparison, changes since sent back, the rejection report,
the page between choosing articles and sending them back) are valid HTML."""

import pytest
from django.urls import reverse
from reversion.models import Version

from publishing import workflow
from tests.articles.test_revisions import save_in_admin
from tests.site.nu_checker import nu_errors

pytestmark = pytest.mark.django_db


def test_the_desk_pages_are_valid_html(client, writer, moderator, draft, tmp_path):
    client.force_login(writer)
    save_in_admin(client, draft, body="<p>The council spent a fortune.</p>")
    workflow.submit(draft, writer)
    workflow.reject(draft, moderator, note="How much?", reason="needs_sources")
    save_in_admin(client, draft, body="<p>The council spent <b>2 million</b>.</p>")
    workflow.submit(draft, writer)
    newer, older = Version.objects.get_for_object(draft)[:2]
    client.force_login(moderator)
    compare = reverse("admin:articles_article_compare", args=[draft.pk])
    urls = {
        "history": reverse("admin:articles_article_history", args=[draft.pk]),
        "compare": f"{compare}?from={older.pk}&to={newer.pk}",
        "since-sent-back": reverse(
            "admin:articles_article_changes_since_sent_back", args=[draft.pk]
        ),
        "report": reverse("admin:articles_article_rejection_report"),
        "report-bad-period": reverse("admin:articles_article_rejection_report") + "?since=x",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    pages["bulk-reject"] = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "reject_selected", "_selected_action": [draft.pk], "post": "yes"},
    ).content.decode()

    errors = {name: found for name, found in nu_errors(pages, tmp_path).items() if found}

    assert not errors, "\n".join(
        f"{name}: {message}" for name, found in errors.items() for message in found
    )
