from django.conf import settings


def login_box(request):
    """Whether the header's login box offers "Log in with Twitter" (only when configured)."""
    return {
        "twitter_login_enabled": bool(settings.TWITTER_CLIENT_ID and settings.TWITTER_CLIENT_SECRET)
    }
