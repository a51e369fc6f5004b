"""Account views: the login view that also accepts the header's login box, and "Your account".

Everything else (sign-up, logout, password reset and change, email management, Twitter)
is allauth's own views with our templates.
"""

from allauth.account.internal.flows.logout import logout
from allauth.account.models import EmailAddress
from allauth.account.views import login as allauth_login
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.models import AuthorProfile, SecurityEvent
from accounts.roles import is_moderator, is_staff_member, is_writer

# Django's own CSRF check, run by hand for the requests that cannot prove their origin.
_csrf_check = CsrfViewMiddleware(lambda request: None)


def proves_same_origin(request):
    """Whether the browser says this request comes from one of our own pages.

    Browsers set ``Sec-Fetch-Site`` and ``Origin`` themselves; a page on another site
    cannot fake either, so a login form posted from elsewhere (login CSRF) is refused.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
def login(request, *args, **kwargs):
    """allauth's login view, also for the header's login box, which has no CSRF token.

    Public pages carry no token so they stay cookie-free and cacheable. A POST without a
    valid token is accepted only when the browser proves it was sent from our own origin;
    anything else gets Django's usual CSRF failure (403).
    """
    if request.method == "POST" and not proves_same_origin(request):
        rejection = _csrf_check.process_view(request, allauth_login, args, kwargs)
        if rejection is not None:
            return rejection
    return allauth_login(request, *args, **kwargs)


@never_cache
@login_required
def overview(request):
    """The "Your account" page: addresses, connected logins and, for writers, the author profile."""
    user = request.user
    writer = is_writer(user)
    context = {
        "email_addresses": list(EmailAddress.objects.filter(user=user).order_by("-primary")),
        "social_accounts": list(SocialAccount.objects.filter(user=user)),
        "is_writer": writer,
        "is_moderator": is_moderator(user),
        "profile": AuthorProfile.objects.filter(user=user).first() if writer else None,
        "mfa_enabled": is_mfa_enabled(user),
        "session_count": UserSession.objects.filter(user=user).count(),
    }
    return render(request, "account/overview.html", context)


@never_cache
@login_required
@require_POST
def logout_everywhere(request):
    """End every session of the user, this browser's included ("I lost my laptop")."""
    user = request.user
    sessions = list(UserSession.objects.filter(user=user))
    if is_staff_member(user):
        audit.record(
            SecurityEvent.Kind.LOGGED_OUT_EVERYWHERE,
            user,
            request=request,
            detail=f"{len(sessions)} sessions",
        )
    end_sessions(request, sessions)
    # A session from before sessions were tracked ends here too.
    if request.user.is_authenticated:
        logout(request, show_message=False)
    messages.success(request, _("You are logged out on every device."))
    return redirect("account_login")
