"""Email sent from tasks, once: a marker row per message, written with the sending.

``send_once`` takes the message's key (fixed when the mail was decided, the same for every
run of its task) and sends only if no marker exists. The marker is inserted in the same
transaction as the sending: if the relay refuses, the transaction rolls back and a retry
sends; if it accepts, the marker commits and a second run finds it. A second worker running
the same task at the same moment waits on the marker's unique key and then finds it.
"""

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from background.models import SentMail

logger = logging.getLogger(__name__)


def send_once(key, message):
    """Send ``message`` (an ``EmailMessage``) unless the mail ``key`` already went out."""
    with transaction.atomic():
        marker, created = SentMail.objects.get_or_create(
            key=key, defaults={"subject": message.subject[:300]}
        )
        if not created:
            logger.info("Mail %s was sent before (%s); not sending it again.", key, marker.sent_at)
            return False
        message.send()
    return True


def message_to_data(message):
    """A JSON-ready copy of ``message``, to pass to a task."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def message_from_data(data):
    """The message ``message_to_data`` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data.get("cc") or None,
        bcc=data.get("bcc") or None,
        reply_to=data.get("reply_to") or None,
        headers=data.get("headers") or None,
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    message.content_subtype = data.get("content_subtype", "plain")
    return message
