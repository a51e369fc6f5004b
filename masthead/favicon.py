"""/favicon.ico: browsers ask for it on pages that name no icon (raw files, old clients)."""

from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

# A day: the icon's static name carries a hash of its content, which changes with the file.
FAVICON_MAX_AGE = 60 * 60 * 24


class FaviconView(RedirectView):
    """Send the request to the site's SVG icon (the one ``<link rel="icon">`` names)."""

    permanent = False  # the hashed static name is not forever

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


favicon = cache_control(public=True, max_age=FAVICON_MAX_AGE)(FaviconView.as_view())
