"""The workflow's emails: moderators hear of new submissions, writers hear the verdict.

Plain-text messages from ``templates/publishing/email/``; links are absolute, built from
``settings.SITE_URL`` because they are sent after the request (on commit).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from articles.permissions import moderators_for


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def _send(template, recipients, context):
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"publishing/email/{template}_subject.txt", context)
    body = render_to_string(f"publishing/email/{template}.txt", context)
    return send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def moderator_addresses(article):
    """Email addresses of everyone who moderates ``article`` (``articles.permissions``)."""
    return moderators_for(article).exclude(email="").values_list("email", flat=True)


def notify_moderators_of_submission(article):
    """Tell the moderators an article waits in the review queue."""
    return _send(
        "submitted",
        moderator_addresses(article),
        {
            "article": article,
            "writer": article.author.display_name,
            "review_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
            "queue_url": absolute_url(reverse("admin:articles_article_changelist"))
            + "?status__exact=submitted",
        },
    )


def notify_writer_of_approval(article):
    """Tell the writer their article is published (or when it will be), with its link."""
    return _send(
        "approved",
        [article.author.email],
        {
            "article": article,
            "public_url": absolute_url(article.get_absolute_url()),
            "is_scheduled": article.is_scheduled,
        },
    )


def notify_writer_of_rejection(article):
    """Tell the writer their article was sent back, with the moderator's note."""
    return _send(
        "rejected",
        [article.author.email],
        {
            "article": article,
            "edit_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
        },
    )
