"""Our wording and rules on allauth's forms (registered through ``ACCOUNT_FORMS``)."""

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NO_EMAIL_ADDRESS = _(
    "This account has no email address, so we cannot confirm that it is yours. Ask the "
    "newsroom to add your address to the account; we will then mail you a link to confirm it, "
    "and you can log in here."
)
STAFF_WITHOUT_EMAIL = _(
    "Your account has no confirmed email address, so you could not reset a forgotten "
    "password. Add one under Your account → Email addresses."
)


class LoginForm(AllauthLoginForm):
    """allauth's login form with the header box's words: the same three fields, plain labels.

    The "Forgot password?" link sits beside the button, so the password field drops
    allauth's own reset hint; visible labels replace the placeholders.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Email or username")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        if "password" in self.fields:
            self.fields["password"].help_text = ""
            self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me")

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "user", None)
        if self.errors or user is None:
            return cleaned_data
        if user.is_staff:
            # Staff were vouched for by whoever gave them their role, and /admin/login/ lets
            # them in without a confirmed address; this door agrees. (``_login`` is the login
            # allauth's form is about to perform.)
            self._login.email_verification = EmailVerificationMethod.NONE
        elif not user.email and not EmailAddress.objects.filter(user=user).exists():
            # allauth would send a confirmation to no address and show "check your email".
            raise ValidationError(NO_EMAIL_ADDRESS, code="no_email_address")
        return cleaned_data

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url=redirect_url)
        if (
            self.user.is_staff
            and not EmailAddress.objects.filter(user=self.user, verified=True).exists()
        ):
            messages.warning(request, STAFF_WITHOUT_EMAIL)
        return response


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, answering an address that has an account as slowly as a new one.

    For a taken address allauth creates nothing and mails the owner instead (so the page
    does not tell a stranger the address is registered); without this, skipping the
    password hash made that answer about 20 times faster than a real sign-up.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
