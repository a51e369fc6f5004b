"""Log in with Twitter: allauth's X/Twitter OAuth 2 provider, plus the reader's email.

The stock provider asks X only for the profile (id, name, username), so a reader who
already has an account here with the same address would get a second account. X hands
out the account's confirmed address with the ``users.email`` scope and the
``confirmed_email`` user field; we ask for both and pass the address on as verified, so
allauth's email authentication (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``) connects the
Twitter login to the existing account. Registered through
``SOCIALACCOUNT_PROVIDERS["twitter_oauth2"]["provider_class"]``; URLs and views stay
allauth's.
"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.twitter_oauth2.provider import TwitterOAuth2Provider


class TwitterProvider(TwitterOAuth2Provider):
    name = "Twitter"
    package = "allauth.socialaccount.providers.twitter_oauth2"

    def get_default_scope(self):
        return [*super().get_default_scope(), "users.email"]

    def get_fields(self):
        fields = super().get_fields()
        return fields if "confirmed_email" in fields else [*fields, "confirmed_email"]

    def extract_common_fields(self, data):
        fields = super().extract_common_fields(data)
        if data.get("confirmed_email"):
            fields["email"] = data["confirmed_email"]
        return fields

    def extract_email_addresses(self, data):
        email = data.get("confirmed_email")
        if not email:
            return []
        # X only returns an address its owner has confirmed.
        return [EmailAddress(email=email, verified=True, primary=True)]
