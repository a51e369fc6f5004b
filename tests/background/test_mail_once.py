"""Mail leaves the request for a worker, and a task that runs twice sends one mail."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tasks import send_account_email
from background.mail import message_from_data, message_to_data
from background.models import FailedTask, SentMail
from publishing import tasks, workflow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_notice_task_that_runs_twice_sends_one_mail(submitted, moderator):
    workflow.approve(submitted, moderator)  # no commit here: the notice is sent by hand

    tasks.send_workflow_notice.call("approved", submitted.pk, "workflow:approved:twice")
    tasks.send_workflow_notice.call("approved", submitted.pk, "workflow:approved:twice")

    assert len(mail.outbox) == 1
    assert SentMail.objects.get().subject == "Published: Harbour cranes arrive"


def test_a_second_approval_is_a_second_mail(submitted, moderator):
    tasks.send_workflow_notice.call("approved", submitted.pk, "workflow:approved:first")
    tasks.send_workflow_notice.call("approved", submitted.pk, "workflow:approved:second")

    assert len(mail.outbox) == 2


def test_a_refused_mail_leaves_no_marker_so_the_retry_sends_it(submitted, relay):
    send = tasks.send_workflow_notice.func.__wrapped__  # one attempt, without the retries
    relay.down = True
    with pytest.raises(OSError):
        send("approved", submitted.pk, "workflow:approved:refused")
    assert not SentMail.objects.exists()
    relay.down = False

    send("approved", submitted.pk, "workflow:approved:refused")

    assert len(mail.outbox) == 1


def test_a_notice_about_a_deleted_article_ends_with_a_log_line(submitted, caplog):
    article_id = submitted.pk
    submitted.delete()

    with caplog.at_level(logging.INFO, logger="publishing.tasks"):
        sent = tasks.send_workflow_notice.call("approved", article_id, "workflow:approved:gone")

    assert sent == 0
    assert mail.outbox == []
    assert not FailedTask.objects.exists()
    assert f"Article {article_id} was deleted before its approved notice went out." in caplog.text


def test_approving_leaves_the_mail_to_the_worker(
    client, submitted, moderator, relay, database_queue, django_capture_on_commit_callbacks
):
    relay.down = True
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_transition", args=[submitted.pk, "approve"]),
            {"note": ""},
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.is_public
    assert mail.outbox == []


def test_a_password_reset_mail_waits_for_the_worker(client, database_queue, run_worker):
    UserFactory(email="reader@example.test")

    response = client.post(reverse("account_reset_password"), {"email": "reader@example.test"})

    assert response.status_code == 302
    assert mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [["reader@example.test"]]


def test_an_account_mail_task_that_runs_twice_sends_one_mail():
    message = mail.EmailMultiAlternatives(
        "Confirm your address", "Plain words", "news@example.test", ["reader@example.test"]
    )
    message.attach_alternative("<p>Plain words</p>", "text/html")
    data = message_to_data(message)

    send_account_email.call(data, "account:twice")
    send_account_email.call(data, "account:twice")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_message_survives_the_trip_through_the_queue():
    message = mail.EmailMultiAlternatives(
        "Subject",
        "Body",
        "news@example.test",
        ["a@example.test"],
        cc=["b@example.test"],
        reply_to=["desk@example.test"],
        headers={"X-Newsroom": "1"},
    )
    message.attach_alternative("<p>Body</p>", "text/html")

    copy = message_from_data(message_to_data(message))

    assert copy.body == "Body"
    assert [tuple(alternative) for alternative in copy.alternatives] == [
        ("<p>Body</p>", "text/html")
    ]
    assert (copy.subject, copy.to, copy.cc, copy.reply_to) == (
        "Subject",
        ["a@example.test"],
        ["b@example.test"],
        ["desk@example.test"],
    )
    assert copy.extra_headers == {"X-Newsroom": "1"}
