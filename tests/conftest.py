import importlib

import pytest
from django.apps import apps
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


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_setup, django_db_blocker):
    """For a module with a transactional test: such a test empties every table when it ends,
    so put back what the data migrations made (groups, the site settings row) when the
    module is done, for later tests and the next run on a reused test database."""
    yield
    groups = importlib.import_module("accounts.migrations.0002_writer_and_moderator_groups")
    security_log = importlib.import_module("accounts.migrations.0004_moderators_read_security_log")
    with django_db_blocker.unblock():
        groups.create_groups(apps, None)
        security_log.grant(apps, None)
        apps.get_model("articles", "SiteSettings").objects.get_or_create(pk=1)
