import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client

from accounts.signed_in import SIGNED_IN_SALT
from articles.caching import forget_local_pages
from masthead.models import SiteSettings
from masthead.templatetags.masthead import forget_kept_headers
from newsroom.database import start_development_database


def pytest_configure(config):
    # Without DATABASE_URL the tests use the embedded PostgreSQL, as manage.py does.
    start_development_database()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, private media and originals folders, plain static storage and a clean
    cache per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tasks run at once, in the test's process (tests/background and tests/e2e use a worker).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    cache.clear()
    forget_local_pages()
    forget_kept_headers()
    yield
    cache.clear()
    forget_local_pages()
    forget_kept_headers()


@pytest.fixture(autouse=True)
def _signed_in_marker(monkeypatch):
    """The test client's ``login``/``force_login`` skip the middleware that sets the signed-in
    marker at a real sign-in (accounts/middleware.py); set it as that middleware would."""
    log_in = Client._login

    def _login(client, user, backend=None):
        log_in(client, user, backend)
        name = settings.SIGNED_IN_COOKIE_NAME
        client.cookies[name] = signing.get_cookie_signer(salt=name + SIGNED_IN_SALT).sign("1")

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_setup, django_db_blocker):
    """For a module with a transactional test: such a test empties every table when it ends,
    so put back what the data migrations made (the groups with their permissions, the site
    settings row) when the module is done, for later tests and the next run on a reused
    test database.

    When the run keeps the rows as the test database was made (a test in it uses
    ``serialized_rollback``), they are loaded back as they were, ids included: a later such
    test loads them again, and a group or content type of the same name under another id
    would refuse them (``pytest tests/site tests/articles`` failed that way). Otherwise
    they are made again."""
    with django_db_blocker.unblock():
        groups = {
            group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        }
    yield
    with django_db_blocker.unblock():
        serialized = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            # The flush after a transactional test made the content types and permissions
            # again under new ids (post_migrate); those rows come back under their own.
            ContentType.objects.all().delete()  # and, by cascade, the permissions
            ContentType.objects.clear_cache()
            connection.creation.deserialize_db_from_string(serialized)
            return
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
        for name, permissions in groups.items():
            group, _ = Group.objects.get_or_create(name=name)
            for app_label, codename in permissions:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
        SiteSettings.objects.get_or_create(pk=1)
