"""`manage.py load_demo` fills every page and can run twice without duplicating anything."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.models import AuthorProfile
from accounts.roles import is_moderator, is_writer
from articles.models import Article, Section
from media.models import Image
from publishing.management.commands import load_demo
from readership.models import DailyReads

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    monkeypatch.setattr(load_demo, "PICTURE_SIZE", (160, 90))


def counts():
    return {
        "sections": Section.objects.count(),
        "articles": Article.objects.count(),
        "images": Image.objects.count(),
        "authors": AuthorProfile.objects.count(),
        "users": get_user_model().objects.count(),
        "reads": DailyReads.objects.count(),
    }


def test_load_demo_builds_a_newsroom(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Section.objects.count() == 8
    assert AuthorProfile.objects.exclude(photo="").count() == 6
    public = Article.objects.published()
    assert public.count() >= 55
    assert public.filter(kind=Article.Kind.OP_ED).count() >= 5
    assert set(public.values_list("kind", flat=True)) == set(Article.Kind.values)
    assert Article.objects.filter(top_rank__isnull=False).count() == 2
    assert Article.objects.filter(status="published").exclude(pk__in=public).count() == 1
    assert Image.objects.exclude(renditions=[]).exists()
    assert Image.objects.filter(alt_text="").count() == 0


def test_load_demo_twice_adds_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only in development"):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == {
        "sections": 0,
        "articles": 0,
        "images": 0,
        "authors": 0,
        "users": 0,
        "reads": 0,
    }


def test_demo_logins_have_their_roles(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    User = get_user_model()
    assert is_writer(User.objects.get(username="writer"))
    assert is_moderator(User.objects.get(username="moderator"))
    assert User.objects.get(username="admin").is_superuser


def test_demo_pages_render(settings, client):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    op_ed = Article.objects.published().filter(kind=Article.Kind.OP_ED).first()
    for url in ["/", op_ed.get_absolute_url(), "/section/opinion/", "/author/maren-holt/"]:
        assert client.get(url).status_code == 200, url
    assert (
        "This is an opinion piece by an independent contributor."
        in client.get(op_ed.get_absolute_url()).content.decode()
    )
