"""The desk's permission matrix: comparing versions, "changes since it was sent back",
rejecting with a reason (one or several articles) and the rejection report. Test ids read
as the table: ``<role>-<action>-<outcome>``; outcomes as in test_admin_permissions.py.

The article belongs to "writer" and was sent back once, then submitted again.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from publishing import workflow
from publishing.models import TransitionLog
from tests.factories import ArticleFactory
from tests.security.test_admin_permissions import outcome_of_page

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["anonymous", "reader", "writer", "other_writer", "moderator", "superuser"]

MATRIX = {
    #                 anonymous  reader   writer       other_writer moderator superuser
    "compare": ["login", "login", "ok", "hidden", "ok", "ok"],
    "changes_since_sent_back": ["login", "login", "ok", "hidden", "ok", "ok"],
    "reject_with_reason": ["login", "login", "refused", "hidden", "ok", "ok"],
    "bulk_reject": ["login", "login", "refused", "refused", "ok", "ok"],
    "report": ["login", "login", "forbidden", "forbidden", "ok", "ok"],
}


@pytest.fixture
def resubmitted(people):
    writer = people["writer"]
    article = ArticleFactory(author=writer, title="Harbour cranes arrive")
    workflow.submit(article, writer)
    workflow.reject(article, people["moderator"], note="Sources?", reason="needs_sources")
    workflow.submit(article, writer)
    return article


def perform(client, action, article):
    if action == "compare":
        newer, older = Version.objects.get_for_object(article)[:2]
        url = reverse("admin:articles_article_compare", args=[article.pk])
        response = client.get(f"{url}?from={older.pk}&to={newer.pk}")
    elif action == "changes_since_sent_back":
        url = reverse("admin:articles_article_changes_since_sent_back", args=[article.pk])
        response = client.get(url)
    elif action == "report":
        response = client.get(reverse("admin:articles_article_rejection_report"))
    else:
        if action == "reject_with_reason":
            url = reverse("admin:articles_article_transition", args=[article.pk, "reject"])
            data = {"note": "Please add sources.", "reason": "needs_sources"}
        else:
            url = reverse("admin:articles_article_changelist")
            data = {
                "action": "reject_selected",
                "_selected_action": [article.pk],
                "post": "yes",
                "note": "Please add sources.",
                "reason": "needs_sources",
            }
        response = client.post(url, data)
        outcome = outcome_of_page(response, article)
        if outcome is not response:
            return outcome
        rejections = TransitionLog.objects.filter(article=article, action="reject")
        return "ok" if rejections.count() == 2 else "refused"
    outcome = outcome_of_page(response, article)
    if outcome is not response:
        return outcome
    assert response.status_code == 200
    return "ok"


CASES = [
    pytest.param(role, action, expected, id=f"{role}-{action}-{expected}")
    for action, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_desk_permission_matrix(client, people, resubmitted, role, action, expected):
    if people[role] is not None:
        client.force_login(people[role])

    assert perform(client, action, resubmitted) == expected


def test_the_writer_is_offered_no_reasons_and_no_report(client, people, resubmitted):
    client.force_login(people["writer"])

    form = client.get(reverse("admin:articles_article_change", args=[resubmitted.pk])).text
    listing = client.get(reverse("admin:articles_article_changelist")).text

    assert 'name="reason"' not in form
    assert reverse("admin:articles_article_rejection_report") not in listing
    assert "reject_selected" not in listing


def test_writers_cannot_reject_through_the_workflow_either(people, resubmitted):
    with pytest.raises(workflow.TransitionError, match="Only a moderator"):
        workflow.reject(resubmitted, people["writer"], note="Me?", reason="style")
