import pytest
from django.core.cache import cache

from articles.caching import forget_local_pages


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, a private media folder, plain static storage and a clean cache per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    forget_local_pages()
    yield
    cache.clear()
    forget_local_pages()
