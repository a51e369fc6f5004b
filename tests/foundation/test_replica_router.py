"""Anonymous public pages read from the replica; everything else reads the primary."""

from django.core.signing import get_cookie_signer
from django.test import RequestFactory

from accounts.signed_in import SIGNED_IN_SALT
from articles.caching import public_page
from articles.models import Article
from newsroom.routers import PrimaryReplicaRouter, reads_from_replica
from tests.foundation.test_settings import run_settings

router = PrimaryReplicaRouter()


def test_reads_go_to_the_primary_by_default():
    assert router.db_for_read(Article) == "default"


def test_reads_go_to_the_replica_inside_a_public_page():
    with reads_from_replica():
        assert router.db_for_read(Article) == "replica"
    assert router.db_for_read(Article) == "default"


def test_writes_and_migrations_always_go_to_the_primary():
    with reads_from_replica():
        assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_public_page_view_reads_from_the_replica_for_anonymous_readers(settings):
    settings.PUBLIC_PAGE_CACHE = False
    seen = []

    @public_page
    def view(request):
        from django.http import HttpResponse

        seen.append(router.db_for_read(Article))
        return HttpResponse("ok")

    view(RequestFactory().get("/"))
    signed_in = RequestFactory().get("/")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    marker = settings.SIGNED_IN_COOKIE_NAME
    signed_in.COOKIES[marker] = get_cookie_signer(salt=marker + SIGNED_IN_SALT).sign("1")
    view(signed_in)
    assert seen == ["replica", "default"]


def test_replica_url_adds_the_alias_and_the_router():
    result = run_settings(
        "print(s.DATABASES['replica']['HOST'], s.DATABASE_ROUTERS)",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/newsroom",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "replica.internal",
        "['newsroom.routers.PrimaryReplicaRouter']",
    ]


def test_no_replica_means_no_router():
    result = run_settings("print('replica' in s.DATABASES, hasattr(s, 'DATABASE_ROUTERS'))")
    assert result.stdout.split() == ["False", "False"]
