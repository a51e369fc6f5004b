"""Our wording on allauth's forms (registered through ``ACCOUNT_FORMS``)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class LoginForm(AllauthLoginForm):
    """allauth's login form with the header box's words: the same three fields, plain labels.

    The "Forgot password?" link sits beside the button, so the password field drops
    allauth's own reset hint; visible labels replace the placeholders.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email or username"
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        if "password" in self.fields:
            self.fields["password"].help_text = ""
            self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me"


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
