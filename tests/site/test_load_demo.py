"""`manage.py load_demo` fills every page and can run twice without duplicating anything."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag

from accounts.models import AuthorProfile
from accounts.roles import is_moderator, is_writer
from articles.models import Article, Section
from articles.sanitize import sanitize_body
from articles.views.listings import ARTICLES_PER_PAGE
from media.models import Image
from publishing.management.commands import _demo_text, load_demo
from publishing.models import TransitionLog
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
    assert AuthorProfile.objects.exclude(photo="").count() == 8
    public = Article.objects.published()
    assert public.count() >= 300
    assert public.filter(kind=Article.Kind.OP_ED).values("author").distinct().count() >= 5
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


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Article.objects.published()


def paragraphs(body):
    return re.findall(r"<p>(.*?)</p>", body, flags=re.DOTALL)


def test_no_paragraph_appears_in_two_demo_articles(demo):
    seen = Counter(
        paragraph
        for body in Article.objects.values_list("body", flat=True)
        for paragraph in set(paragraphs(body))
    )
    assert [paragraph for paragraph, count in seen.items() if count > 1] == []


def test_demo_bodies_are_articles_of_400_to_1200_words_with_sub_headings(demo):
    for article in Article.objects.all():
        words = len(re.sub(r"<[^>]+>", " ", article.body).split())
        assert 400 <= words <= 1200, (article.title, words)
        assert "<h2>" in article.body, article.title


def test_demo_spans_months_and_fills_every_listing_beyond_one_page(demo):
    oldest, newest = demo.order_by("published_at")[0], demo.order_by("-published_at")[0]
    assert (newest.published_at - oldest.published_at).days >= 90
    for section in Section.objects.all():
        assert demo.filter(section=section).count() > ARTICLES_PER_PAGE, section.slug
    busy_tags = [tag for tag in Tag.objects.all() if demo.tagged(tag).count() > ARTICLES_PER_PAGE]
    assert len(busy_tags) >= 5


def test_some_demo_bodies_show_pictures_from_the_library(demo, client):
    with_figures = demo.filter(body__contains="<figure><img")
    assert with_figures.count() >= 30
    article = with_figures.first()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<figcaption>" in page
    source = re.search(r'<figure><img src="([^"]+)"', article.body).group(1)
    assert any(
        source.endswith(rendition["jpeg"])
        for image in Image.objects.all()
        for rendition in image.renditions
    )


def test_demo_articles_end_as_the_write_service_leaves_them(demo):
    desk = get_user_model().objects.get(username="demo-desk")
    for article in Article.objects.prefetch_related("tags").select_related("lead_image"):
        assert article.body == sanitize_body(article.body)
        assert article.tag_names == " ".join(sorted(tag.name for tag in article.tags.all()))
        assert article.version == 1
        assert article.updated_by == desk
        if article.lead_image:
            assert article.lead_image.renditions
    imported = TransitionLog.objects.filter(action="import").values("article").distinct()
    assert imported.count() == Article.objects.count()
    assert Article.objects.filter(search_vector="harbour").exists()


def test_the_demo_text_is_the_same_for_the_same_seed():
    _, first = _demo_text.published_stories(1)
    _, again = _demo_text.published_stories(1)
    _, other = _demo_text.published_stories(2)
    assert [story.blocks for story in first] == [story.blocks for story in again]
    assert [story.blocks for story in first] != [story.blocks for story in other]
