"""A mail relay that tests can switch off: Django's locmem backend, refusing while down."""

import smtplib

from django.core.mail.backends import locmem


class SwitchableRelay(locmem.EmailBackend):
    down = False

    def send_messages(self, messages):
        if SwitchableRelay.down:
            raise smtplib.SMTPConnectError(421, b"Service not available, try again later")
        return super().send_messages(messages)
