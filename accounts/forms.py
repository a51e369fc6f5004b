"""Our wording on allauth's forms (registered through ``ACCOUNT_FORMS``)."""

from allauth.account.forms import LoginForm as AllauthLoginForm


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
