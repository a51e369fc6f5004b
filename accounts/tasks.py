"""Account mail (address confirmation, password reset, security notices), sent by a worker.

``AccountAdapter.send_mail`` renders the message in the request, as allauth does, and
enqueues it here with a fresh key: a slow or absent mail relay never holds up a sign-up or a
reset, and a retried task sends the message once.
"""

from background.mail import message_from_data, send_once
from background.retry import retried_task


@retried_task(queue_name="mail")
def send_account_email(message, key):
    """Send one rendered account email (``background.mail.message_to_data``), once."""
    return send_once(key, message_from_data(message))
