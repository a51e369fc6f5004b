"""Stronger passwords for staff accounts.

A stolen staff password publishes under the masthead, so Writers, Moderators and admins
need more than a reader: at least ``STAFF_PASSWORD_MIN_LENGTH`` characters, nothing from a
list of about 40,000 breached and common passwords (``accounts/data/``), and none of the
patterns people reach for when a site demands "a number": the site's name, a season, a
month or a common word, dressed up with digits, a year or punctuation.
"""

import functools
import gzip
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.roles import is_staff_member

PASSWORD_LIST = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

SEASONS_AND_MONTHS = {
    "spring", "summer", "autumn", "fall", "winter",
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
}  # fmt: skip

# What people swap in for letters, undone before the list is asked.
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# Digits, years and punctuation stuck before or after a word.
DECORATION = re.compile(r"^[\d\W_]+|[\d\W_]+$")


@functools.cache
def common_passwords():
    with gzip.open(PASSWORD_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _site_names():
    from masthead.models import SiteSettings

    names = {"newsroom", SiteSettings.load().site_name.lower()}
    return {re.sub(r"\W", "", name) for name in names if name}


def weak_core(password):
    """The word a decorated password is built on, when it is a guessable one (else "")."""
    lowered = password.lower()
    core = DECORATION.sub("", lowered)
    candidates = {lowered, core, core.translate(LEET), lowered.translate(LEET)}
    candidates |= {DECORATION.sub("", candidate) for candidate in set(candidates)}
    candidates.discard("")
    guessable = common_passwords() | SEASONS_AND_MONTHS | _site_names()
    for candidate in sorted(candidates, key=len, reverse=True):
        if candidate in guessable:
            return candidate
    return ""


class StaffPasswordValidator:
    """For staff accounts only: a minimum length, no common password, no guessable pattern.

    Readers keep Django's default validators; an account that becomes staff is asked for a
    new password at its next change (the rule applies whenever a password is set).
    """

    def __init__(self, min_length=None):
        self.min_length = min_length

    def _min_length(self):
        return self.min_length or settings.STAFF_PASSWORD_MIN_LENGTH

    def validate(self, password, user=None):
        if user is None or not is_staff_member(user):
            return
        min_length = self._min_length()
        if len(password) < min_length:
            raise ValidationError(
                _("A staff password needs at least %(min_length)d characters.")
                % {"min_length": min_length},
                code="staff_password_too_short",
            )
        if weak_core(password):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is a common password, or a "
                    "common word, season or the site's name with digits added. Try a few "
                    "unrelated words instead."
                ),
                code="staff_password_guessable",
            )

    def get_help_text(self):
        return _(
            "Staff accounts need at least %(min_length)d characters and no common password "
            "or guessable pattern (site name, season or year)."
        ) % {"min_length": self._min_length()}
