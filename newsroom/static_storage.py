"""The static files' storage: WhiteNoise's compressed manifest storage, addresses remembered.

Every page asks for the same few files (the style sheet, the scripts, the icon) on every
render, and each ``{% static %}`` looks the name up in the manifest, quotes and joins it
again: tens of microseconds each. The manifest does not change while a process runs (a
deploy starts new processes), so each address is kept once found.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Names come from templates and code, not from requests; the cap is only a safeguard.
MAX_REMEMBERED = 1000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        key = (name, force)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            # With DEBUG on, the storage answers unhashed names; only the manifest's are kept.
            if not settings.DEBUG and len(self._urls) < MAX_REMEMBERED:
                self._urls[key] = url
        return url
