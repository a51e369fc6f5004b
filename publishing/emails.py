"""The workflow's emails: moderators hear of new submissions, writers hear the verdict.

Plain-text messages from ``templates/publishing/email/``; links are absolute, built from
``settings.SITE_URL`` because they are sent by a worker after the request
(``publishing.tasks``). Times are written in each recipient's time zone, which the message
names. Each notice carries a ``key`` fixed when the transition happened, so a task that runs
twice sends each of its messages once (``background.mail.send_once``).
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.permissions import moderators_for
from background.mail import send_once


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def _send(template, recipients, context, key):
    """Send one message per time zone among ``recipients`` (users): each reads the times in
    the zone they chose (``newsroom.timezones``), with the zone named."""
    by_zone = defaultdict(set)
    for user in recipients:
        if user.email:
            by_zone[user.time_zone].add(user.email)
    context = {"site_url": settings.SITE_URL, **context}
    sent = 0
    for zone, addresses in sorted(by_zone.items(), key=lambda item: str(item[0])):
        with timezone.override(zone):
            subject = render_to_string(f"publishing/email/{template}_subject.txt", context)
            body = render_to_string(f"publishing/email/{template}.txt", context)
        message = EmailMessage(
            " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, sorted(addresses)
        )
        sent += send_once(f"{key}:{zone}", message)
    return sent


def _moderators(article):
    """Everyone who moderates ``article`` (``articles.permissions``) and has an address."""
    return moderators_for(article).exclude(email="").select_related("profile")


def notify_moderators_of_submission(article, key):
    """Tell the moderators an article waits in the review queue."""
    return _send(
        "submitted",
        _moderators(article),
        {
            "article": article,
            "writer": article.author.display_name,
            "review_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
            "queue_url": absolute_url(reverse("admin:articles_article_changelist"))
            + "?status__exact=submitted",
        },
        key,
    )


def notify_writer_of_approval(article, key):
    """Tell the writer their article is published (or when it will be), with its link."""
    return _send(
        "approved",
        [article.author],
        {
            "article": article,
            "public_url": absolute_url(article.get_absolute_url()),
            "is_scheduled": article.is_scheduled,
        },
        key,
    )


def notify_writer_of_rejection(article, key):
    """Tell the writer their article was sent back, with the reason and the note."""
    rejection = article.transitions.filter(action="reject").first()
    return _send(
        "rejected",
        [article.author],
        {
            "article": article,
            "reason": rejection.get_reason_display() if rejection and rejection.reason else "",
            "edit_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        },
        key,
    )
