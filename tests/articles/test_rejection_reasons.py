"""Reason codes on rejection: chosen with the note, stored, shown in the queue and the
writer's history, counted per writer on the desk's report; the queue's filters; deciding
several articles at once."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import make_moderator, make_writer
from articles.models import Article
from publishing import services, workflow
from publishing.models import RejectionReason, TransitionLog
from tests.factories import ArticleFactory, AuthorProfileFactory, SectionFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = "admin:articles_article_changelist"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(draft, writer):
    workflow.submit(draft, writer)
    return draft


@pytest.fixture
def second_moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Nils Nightdesk").user)


def transition_url(article, action="reject"):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


# The single rejection.


def test_rejecting_needs_a_reason(submitted, moderator):
    with pytest.raises(workflow.TransitionError, match="choose why"):
        workflow.reject(submitted, moderator, note="Please add sources.")
    with pytest.raises(workflow.TransitionError, match="choose why"):
        workflow.reject(submitted, moderator, note="Please add sources.", reason="bad_mood")

    assert Article.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    assert not TransitionLog.objects.filter(action="reject").exists()


def test_the_reason_is_stored_with_the_step(client, submitted, moderator):
    client.force_login(moderator)

    client.post(transition_url(submitted), {"note": "Cite the minutes.", "reason": "too_short"})

    log = TransitionLog.objects.get(action="reject")
    assert log.reason == RejectionReason.TOO_SHORT
    assert log.note == "Cite the minutes."


@pytest.mark.parametrize(
    "data",
    [{"note": "Cite the minutes."}, {"note": "Cite the minutes.", "reason": "<script>"}],
    ids=["missing", "unknown"],
)
def test_rejecting_in_the_admin_without_a_known_reason_says_so(client, submitted, moderator, data):
    client.force_login(moderator)

    response = client.post(transition_url(submitted), data)

    assert response.status_code == 302
    assert any("reason" in message for message in messages_of(response))
    assert Article.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_the_workflow_box_offers_the_reasons(client, submitted, moderator):
    client.force_login(moderator)

    page = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text

    assert '<select name="reason"' in page
    assert "Libellous risk" in page
    assert '<label for="id_reason">Reason for sending it back</label>' in page


def test_the_writer_sees_the_reason_on_the_form_and_in_the_history(
    client, submitted, writer, moderator
):
    workflow.reject(submitted, moderator, note="Who said this?", reason="needs_sources")
    client.force_login(writer)

    form = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text
    history = client.get(reverse("admin:articles_article_history", args=[submitted.pk])).text
    listing = client.get(reverse(CHANGELIST)).text

    assert "Reason: Needs sources" in form
    assert "Sent back to the writer by Mona Moderator. Reason: needs sources." in history
    assert "Needs sources" in listing


# The queue.


def test_the_queue_shows_why_an_article_was_sent_back(client, submitted, writer, moderator):
    workflow.reject(submitted, moderator, note="Libel?", reason="libel_risk")
    client.force_login(moderator)

    page = client.get(reverse(CHANGELIST)).text

    assert '<td class="field-sent_back">Libellous risk</td>' in page


def test_waiting_longest_lists_the_queue_oldest_first(client, writer, moderator):
    now = timezone.now()
    for hours, title in [(1, "Newest"), (5, "Oldest"), (3, "Middle")]:
        with time_machine.travel(now - timedelta(hours=hours), tick=False):
            workflow.submit(ArticleFactory(author=writer, title=title), writer)
    ArticleFactory(author=writer, title="Not submitted")
    client.force_login(moderator)

    page = client.get(reverse(CHANGELIST) + "?waiting=longest")

    titles = [article.title for article in page.context["cl"].result_list]
    assert titles == ["Oldest", "Middle", "Newest"]
    assert "Waiting longest first" in page.text


def test_the_queue_filters_by_section_and_writer(client, writer, other_writer, moderator):
    politics = SectionFactory(name="Politics", slug="politics")
    mine = ArticleFactory(author=writer, section=politics, title="Mine in politics")
    theirs = ArticleFactory(author=other_writer, section=politics, title="Theirs")
    workflow.submit(mine, writer)
    workflow.submit(theirs, other_writer)
    client.force_login(moderator)
    queue = reverse(CHANGELIST) + "?status__exact=submitted"

    by_section = client.get(f"{queue}&section__id__exact={politics.pk}").context["cl"]
    by_writer = client.get(f"{queue}&author__id__exact={writer.pk}").context["cl"]

    assert {article.title for article in by_section.result_list} == {"Mine in politics", "Theirs"}
    assert [article.title for article in by_writer.result_list] == ["Mine in politics"]


# Several articles at once.


def bulk(client, action, articles, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [article.pk for article in articles], **data},
    )


@pytest.fixture
def two_submitted(submitted, writer):
    other = ArticleFactory(author=writer, title="Bridge closes")
    workflow.submit(other, writer)
    return [submitted, other]


def test_bulk_reject_asks_for_a_reason_and_a_note_first(client, two_submitted, moderator):
    client.force_login(moderator)

    page = bulk(client, "reject_selected", two_submitted)

    assert page.status_code == 200
    assert "Reason for sending it back" in page.text
    assert "Bridge closes" in page.text
    assert Article.objects.filter(status=Status.SUBMITTED).count() == 2


def test_bulk_reject_without_a_reason_or_a_note_changes_nothing(client, two_submitted, moderator):
    client.force_login(moderator)

    page = bulk(client, "reject_selected", two_submitted, post="yes", note="", reason="")

    assert page.status_code == 200
    assert "Please choose why these articles are sent back." in page.text
    assert "Please write a note saying what to change." in page.text
    assert Article.objects.filter(status=Status.SUBMITTED).count() == 2


def test_bulk_reject_sends_them_back_with_the_reason(client, two_submitted, moderator):
    client.force_login(moderator)

    response = bulk(
        client, "reject_selected", two_submitted, post="yes", note="Too long.", reason="style"
    )

    assert response.status_code == 302
    assert Article.objects.filter(status=Status.REJECTED).count() == 2
    assert set(TransitionLog.objects.filter(action="reject").values_list("reason", flat=True)) == {
        "style"
    }


def test_bulk_reject_of_someone_elses_claim_needs_the_tick(
    client, two_submitted, moderator, second_moderator
):
    services.claim_article(two_submitted[0], second_moderator)
    client.force_login(moderator)
    data = {"post": "yes", "note": "Too long.", "reason": "style"}

    asked = bulk(client, "reject_selected", two_submitted, **data)
    assert asked.status_code == 200
    assert "Nils Nightdesk since" in asked.text
    assert Article.objects.filter(status=Status.REJECTED).count() == 0

    bulk(client, "reject_selected", two_submitted, decide_anyway="on", **data)
    assert Article.objects.filter(status=Status.REJECTED).count() == 2


def test_bulk_approve_of_someone_elses_claim_asks_first(
    client, two_submitted, moderator, second_moderator
):
    services.claim_article(two_submitted[0], second_moderator)
    client.force_login(moderator)

    asked = bulk(client, "approve_selected", two_submitted)
    assert asked.status_code == 200
    assert "Another moderator is reviewing" in asked.text
    assert "Yes, approve them all" in asked.text
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 0

    bulk(client, "approve_selected", two_submitted, decide_anyway="yes")
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 2


def test_bulk_approve_of_unclaimed_or_own_claims_needs_no_question(
    client, two_submitted, moderator
):
    services.claim_article(two_submitted[0], moderator)
    client.force_login(moderator)

    response = bulk(client, "approve_selected", two_submitted)

    assert response.status_code == 302
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 2


def test_writers_have_no_bulk_reject(client, two_submitted, writer):
    client.force_login(writer)

    page = client.get(reverse(CHANGELIST)).text
    response = bulk(client, "reject_selected", two_submitted, post="yes", note="x", reason="style")

    assert "reject_selected" not in page
    assert Article.objects.filter(status=Status.SUBMITTED).count() == 2
    assert response.status_code in (200, 302)


# The report.

REPORT = "admin:articles_article_rejection_report"


def reject_at(when, article, moderator, reason):
    with time_machine.travel(when, tick=False):
        workflow.submit(article, article.author)
        workflow.reject(article, moderator, note="Please revise.", reason=reason)


def test_the_report_counts_reasons_per_writer_over_the_period(
    client, writer, other_writer, moderator
):
    now = timezone.now()
    first = ArticleFactory(author=writer)
    reject_at(now - timedelta(days=2), first, moderator, "needs_sources")
    reject_at(now - timedelta(days=1), first, moderator, "needs_sources")
    reject_at(now - timedelta(days=1), ArticleFactory(author=writer), moderator, "style")
    reject_at(now - timedelta(days=1), ArticleFactory(author=other_writer), moderator, "duplicate")
    reject_at(now - timedelta(days=90), ArticleFactory(author=other_writer), moderator, "style")
    client.force_login(moderator)

    page = client.get(reverse(REPORT))

    assert page.status_code == 200
    rows = {row["writer"].display_name: row for row in page.context["rows"]}
    reasons = [str(label) for label in page.context["columns"]]
    wanda = dict(zip(reasons, rows["Wanda Writer"]["counts"], strict=True))
    otto = dict(zip(reasons, rows["Otto Otherwriter"]["counts"], strict=True))
    assert (wanda["Needs sources"], wanda["Style"], rows["Wanda Writer"]["total"]) == (2, 1, 3)
    assert (otto["Duplicate"], otto["Style"], rows["Otto Otherwriter"]["total"]) == (1, 0, 1)
    assert page.context["grand_total"] == 4
    assert "4 articles sent back" in page.text


def test_the_report_reads_the_chosen_days(client, writer, moderator):
    now = timezone.now()
    reject_at(now - timedelta(days=90), ArticleFactory(author=writer), moderator, "style")
    client.force_login(moderator)
    since = (timezone.localdate() - timedelta(days=100)).isoformat()

    page = client.get(reverse(REPORT), {"since": since, "until": timezone.localdate().isoformat()})

    assert page.context["grand_total"] == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "yesterday"}, "Enter a valid date."),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "The first day comes after the last one."),
        ({"since": "0001-01-01"}, "Choose days between 2000 and 2999."),
    ],
    ids=["not-a-date", "backwards", "out-of-range"],
)
def test_the_report_explains_a_bad_period(client, moderator, query, message):
    client.force_login(moderator)

    page = client.get(reverse(REPORT), query)

    assert page.status_code == 200
    assert message in page.text


def test_the_desk_links_to_the_report(client, moderator):
    client.force_login(moderator)

    assert reverse(REPORT) in client.get(reverse(CHANGELIST)).text


def test_the_report_runs_a_fixed_number_of_queries(client, moderator):
    client.force_login(moderator)

    def queries():
        client.get(reverse(REPORT))  # warm the settings cache
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(REPORT))
        return len(captured)

    now = timezone.now()
    for reason in ("style", "duplicate"):
        author = make_writer(AuthorProfileFactory().user)
        reject_at(now, ArticleFactory(author=author), moderator, reason)
    few = queries()
    for reason in RejectionReason.values * 3:
        author = make_writer(AuthorProfileFactory().user)
        reject_at(now, ArticleFactory(author=author), moderator, reason)
    many = queries()

    assert many == few <= 10


def test_the_report_shows_its_period_in_the_form(client, moderator):
    client.force_login(moderator)
    today = timezone.localdate()

    page = client.get(reverse(REPORT)).text

    assert f'value="{today.isoformat()}"' in page
    assert f'value="{(today - timedelta(days=29)).isoformat()}"' in page


def test_the_queue_says_how_long_each_article_has_waited(client, writer, moderator):
    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        workflow.submit(ArticleFactory(author=writer), writer)
    client.force_login(moderator)

    page = client.get(reverse(CHANGELIST) + "?waiting=longest").text

    assert '<td class="field-waiting_since"><span title="Submitted ' in page
    assert "3\xa0hours</span>" in page
