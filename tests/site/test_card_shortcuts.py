"""The shortcuts that make a card and an article page cheaper to render print exactly what
the straightforward way prints: each is compared with it here, on ordinary and odd input."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.template import Variable, VariableDoesNotExist, engines
from django.template.backends.django import DjangoTemplates
from django.test import RequestFactory
from django.urls import NoReverseMatch, clear_script_prefix, resolve, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from storages.backends.s3 import S3Storage

from articles import seo
from articles.cards import STYLES, card_context, render_card
from articles.models import Article
from media.images import RenditionSet, srcset, storage_urls
from media.models import Image
from newsroom.object_storage import s3_storages
from newsroom.reversing import SLUG_MARKER, reverse_with_slug
from tests.factories import ArticleFactory, AuthorProfileFactory, ImageFactory, SectionFactory

# Pictures: a srcset from one storage address and the names of the renditions.

# Names as media/images.py writes them, and names it never writes, which must still come
# out as the storage's own url() gives them.
RENDITION_NAMES = [
    "renditions/54/54a841fe86d84361bbbc8daefe7a14e0-480.webp",
    "renditions/54/54a841fe86d84361bbbc8daefe7a14e0-16x9-960.jpg",
    "renditions/ab/abc_Xy12Kq9.jpg",
    "x",
]
ODD_NAMES = [
    "a b.jpg",
    "ü/straße.jpg",
    "../escape.jpg",
    "./here.jpg",
    "a/./b.jpg",
    "a/../b.jpg",
    "a//b.jpg",
    "/rooted.jpg",
    "trailing/",
    ".hidden/x.jpg",
    "x?y=1.jpg",
    "x#top.jpg",
    "a;b.jpg",
    "c:/x.jpg",
    "back\\slash.jpg",
    "100%.jpg",
    "~tilde/(1)!*'.jpg",
]


def srcset_by_name(storage, renditions, key):
    """The straightforward srcset: one url() per rendition."""
    return ", ".join(
        f"{storage.url(rendition[key])} {rendition['width']}w" for rendition in renditions
    )


def s3_storage(public_domain=None, location=None):
    options = s3_storages(
        bucket="newsroom-media",
        endpoint_url="http://127.0.0.1:9",
        region="us-east-1",
        public_domain=public_domain,
    )["default"]["OPTIONS"]
    if location is not None:
        options = {**options, "location": location}
    return S3Storage(**options)


STORAGES = {
    "media folder": lambda: FileSystemStorage(base_url="/media/"),
    "media on another host": lambda: FileSystemStorage(base_url="https://media.example.org/m/"),
    "media folder with odd characters": lambda: FileSystemStorage(base_url="/bilder und ö/"),
    "media folder with dots and doubled slashes": lambda: FileSystemStorage(
        base_url="//cdn.example.org//a/./b/../media/"
    ),
    "S3 behind a public domain": lambda: s3_storage(public_domain="media.example.org"),
    "S3 behind a public domain, in a folder": lambda: s3_storage(
        public_domain="media.example.org", location="site/media"
    ),
    "S3 straight": lambda: s3_storage(),
    "S3 straight, in a folder": lambda: s3_storage(location="site/media"),
}


@pytest.mark.parametrize("storage_name", STORAGES)
@pytest.mark.parametrize("name", RENDITION_NAMES + ODD_NAMES)
def test_storage_urls_give_what_url_gives(storage_name, name):
    storage = STORAGES[storage_name]()
    try:
        expected = storage.url(name)
    except SuspiciousOperation:  # S3: a name that leaves its folder
        with pytest.raises(SuspiciousOperation):
            storage_urls(storage)(name)
    else:
        assert storage_urls(storage)(name) == expected


def test_s3_without_a_public_domain_asks_its_url_for_every_name():
    storage = s3_storage()
    assert storage_urls(storage) == storage.url


def renditions_named(names):
    return [
        {"width": 480 * (number + 1), "height": 270, "webp": f"{name}.webp", "jpeg": f"{name}.jpg"}
        for number, name in enumerate(names)
    ]


@pytest.mark.parametrize(
    "media_url", ["/media/", "https://media.example.org/media/", "/a b/ü/", "//cdn.example.org/"]
)
@pytest.mark.parametrize("key", ["webp", "jpeg"])
def test_a_srcset_is_what_one_url_per_rendition_gives(settings, media_url, key):
    settings.MEDIA_URL = media_url
    names = ["renditions/54/54a841fe86d84361bbbc8daefe7a14e0-480", "odd name/ü", "../up"]
    renditions = renditions_named(names)
    storage = FileSystemStorage()
    expected = srcset_by_name(storage, renditions, key)
    assert srcset(renditions, key) == expected
    assert getattr(Image(renditions=renditions), f"srcset_{key}") == expected
    assert getattr(RenditionSet(renditions), f"srcset_{key}") == expected


def test_a_srcset_in_an_s3_bucket_is_what_one_url_per_rendition_gives(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket="newsroom-media", region="us-east-1", public_domain="media.example.org"
        ),
    }
    renditions = renditions_named(["renditions/ab/abc-480", "odd name/ü"])
    assert srcset(renditions, "jpeg") == srcset_by_name(default_storage, renditions, "jpeg")
    assert srcset([], "jpeg") == ""


# Cards: the card template as it is, against the same template with every shortcut undone
# and given only the parameters each list passes.

TEMPLATES_DIR = settings.BASE_DIR / "templates"
CARD_TEMPLATES = ["includes/article_card.html", "includes/lead_image.html"]


def straightforward(source):
    """A template's source with the shortcuts undone: numbers printed as they come, dates
    through Django's date filter."""
    return source.replace("|unlocalize", "").replace("|short_date", '|date:"j M Y"')


@pytest.fixture
def reference_engine():
    """Templates rendered the straightforward way: the card templates with the shortcuts
    undone, from memory."""
    sources = {name: straightforward((TEMPLATES_DIR / name).read_text()) for name in CARD_TEMPLATES}
    return DjangoTemplates(
        {
            "NAME": "reference",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", sources)]},
        }
    )


def reference_card(engine, article, options):
    template = engine.from_string('{% include "includes/article_card.html" %}')
    return template.render({"article": article, **options})


def listed_card(article, options):
    """A card as a listing's template shows it: ``{% article_card article name=value … %}``."""
    arguments = " ".join(f"{name}={name}" for name in options)
    template = engines["django"].from_string(
        f"{{% load cards %}}{{% article_card article {arguments} %}}"
    )
    return template.render({"article": article, **options})


SIZES = "(min-width: 40rem) 14rem, 100vw"
# What the listing templates pass (templates/articles/).
LISTING_CARDS = [
    {"variant": "lead", "show_image": True, "image_sizes": SIZES, "lazy": False},
    {"variant": "compact", "hide_dek": True},
    {"variant": "feature", "show_image": True, "image_sizes": SIZES, "lazy": True},
    {"variant": "compact", "hide_section": True},
    {"heading_level": 2, "variant": "row", "show_image": True, "lazy": 0, "image_sizes": SIZES},
    {"heading_level": 2, "variant": "row", "show_image": True, "lazy": 3, "hide_section": True},
    {"heading_level": 3, "variant": "row"},
    {
        "heading_level": 2,
        "variant": "row",
        "title_html": mark_safe("Council approves <mark>harbour</mark> plan"),
        "snippet": mark_safe("… the <mark>harbour</mark> & the quay …"),
    },
]


def named_renditions(stem, widths, height_ratio=(9, 16)):
    return [
        {
            "width": width,
            "height": width * height_ratio[0] // height_ratio[1],
            "webp": f"renditions/{stem[:2]}/{stem}-{width}.webp",
            "jpeg": f"renditions/{stem[:2]}/{stem}-{width}.jpg",
            "jpeg_bytes": 1000,
        }
        for width in widths
    ]


def picture(renditions=(), crops=None):
    image = ImageFactory(renditions=False, alt_text="Cranes & containers at “dusk”")
    Image.objects.filter(pk=image.pk).update(renditions=list(renditions), crops=crops or {})
    return image


@pytest.fixture
def card_articles(db):
    """Articles of each kind a card shows, fetched as the lists fetch them."""
    section = SectionFactory(name="Harbour & Port", slug="harbour")
    author = AuthorProfileFactory(display_name="Maria <Jensen>", slug="maria-jensen").user
    cropped = picture(
        named_renditions("54a841fe86d84361bbbc8daefe7a14e0", (480, 960, 1200), (2, 3)),
        {"focal": [0.5, 0.5], "16:9": named_renditions("802d95a0", (480, 960, 1280))},
    )
    uncropped = picture(named_renditions("ab12", (480, 640), (3, 4)))
    processing = picture()
    published_at = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)  # 30 March in Berlin
    common = {"published": True, "section": section, "author": author}
    for number, fields in enumerate(
        [
            {"lead_image": cropped, "title": "Council approves harbour plan", "tags": ["Port"]},
            {
                "lead_image": uncropped,
                "kind": Article.Kind.OP_ED,
                "title": "Build the rail link honestly",
                "dek": "",
            },
            {
                "lead_image": processing,
                "kind": Article.Kind.ANALYSIS,
                "title": "What the storms cost the port",
                "dek": "Three winters of repairs, added up.",
            },
            {"lead_image": None, "title": "Rates & <b>rises</b>", "dek": "Fees “up” 5%"},
        ]
    ):
        ArticleFactory(
            **common,
            **fields,
            slug=f"card-{number}",
            published_at=published_at - timedelta(days=40 * number),
        )
    return list(Article.objects.for_cards().order_by("pk"))


def test_each_card_style_prints_what_the_straightforward_template_prints(
    card_articles, reference_engine
):
    for article in card_articles:
        for style, options in STYLES.items():
            assert render_card(article, style) == reference_card(
                reference_engine, article, options
            ), (article.slug, style)


def test_each_listing_card_prints_what_the_straightforward_template_prints(
    card_articles, reference_engine
):
    for article in card_articles:
        for options in LISTING_CARDS:
            assert listed_card(article, options) == reference_card(
                reference_engine, article, options
            ), (article.slug, options)


@pytest.fixture
def failed_lookups(monkeypatch):
    """The names the template engine looks up in vain while a test renders."""
    failed = []
    resolve = Variable._resolve_lookup

    def resolve_or_note(variable, context):
        try:
            return resolve(variable, context)
        except VariableDoesNotExist:
            failed.append(variable.var)
            raise

    monkeypatch.setattr(Variable, "_resolve_lookup", resolve_or_note)
    return failed


def test_a_card_looks_up_no_name_in_vain(card_articles, failed_lookups):
    for article in card_articles:
        for style in STYLES:
            render_card(article, style)
        for options in LISTING_CARDS:
            listed_card(article, options)
    assert failed_lookups == []


def test_the_article_page_looks_up_no_name_in_vain(
    client, no_page_cache, card_articles, failed_lookups
):
    for article in card_articles:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert failed_lookups == []


def test_a_card_takes_only_its_own_parameters(card_articles):
    with pytest.raises(TypeError, match="takes no colour"):
        card_context(card_articles[0], colour="red", variant="row")


def test_numbers_in_markup_stay_plain_digits_whatever_the_number_format(settings, card_articles):
    settings.USE_THOUSAND_SEPARATOR = True
    settings.NUMBER_GROUPING = 3
    html = render_card(card_articles[0], "with-image")
    assert 'width="1280" height="720"' in html
    assert "<h3 " in html


# The card's date: remembered per day and language, printed as the date filter prints it.

DATES = [
    datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    datetime(1999, 5, 3, 7, 0, tzinfo=UTC),
    datetime(2026, 9, 9, 23, 0),  # naive
    date(2026, 5, 1),
    None,
    "",
    "not a date",
    0,
]


def rendered(source, value):
    template = engines["django"].from_string("{% load timestamps tz %}" + source)
    return template.render({"value": value})


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati"]
)
@pytest.mark.parametrize("language", ["en-us", "de", "fr", "ru", None])
def test_short_date_prints_what_the_date_filter_prints(zone, language):
    with timezone.override(zone), translation.override(language):
        for value in DATES:
            expected = rendered('{{ value|date:"j M Y" }}', value)
            for _ in range(2):  # the second time from memory
                assert rendered("{{ value|short_date }}", value) == expected, value
            assert rendered(
                "{% localtime off %}{{ value|short_date }}{% endlocaltime %}", value
            ) == (rendered('{% localtime off %}{{ value|date:"j M Y" }}{% endlocaltime %}', value))


def test_short_date_follows_the_reader_across_midnight():
    moment = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    with timezone.override("UTC"):
        assert rendered("{{ value|short_date }}", moment) == "29 Mar 2026"
    with timezone.override("Europe/Berlin"):
        assert rendered("{{ value|short_date }}", moment) == "30 Mar 2026"
    with timezone.override("Europe/Berlin"), translation.override("de"):
        assert rendered("{{ value|short_date }}", moment) == "30 Mär 2026"


# Article addresses: the section's address reversed once, the slug written into it.

ODD_SLUGS = [
    "a",
    "0",
    "-",
    "_",
    "--a--",
    "Mixed-CASE_and_123",
    "x" * 300,
    SLUG_MARKER,
    f"{SLUG_MARKER}-{SLUG_MARKER}",
    # Slugs the slug converter refuses: reverse() finds no address for them.
    "",
    "café",
    "a b",
    "a/b",
    "a%20b",
    "a.b",
    "trailing\n",
    "<script>",
    "a?b#c",
    42,
]
SECTION_SLUGS = ["politics", "a", "x-y_z-0", SLUG_MARKER, f"pre-{SLUG_MARKER}", "bad slug"]
SCRIPT_PREFIXES = ["/", "/news/", "/städtische zeitung/", "/a%20b/", "//"]


def address_or_refusal(reverser, *args, **kwargs):
    try:
        return reverser(*args, **kwargs)
    except NoReverseMatch as refusal:
        return ("refused", str(refusal))


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    clear_script_prefix()


def test_the_article_address_takes_its_slug_with_the_slug_converter():
    assert resolve("/politics/harbour-crane-arrives/").route == "<slug:section_slug>/<slug:slug>/"


@pytest.mark.parametrize("prefix", SCRIPT_PREFIXES)
def test_reverse_with_slug_gives_what_reverse_gives(script_prefix, prefix):
    script_prefix(prefix)
    for section_slug in SECTION_SLUGS:
        for slug in ODD_SLUGS:
            expected = address_or_refusal(
                reverse, "articles:article", kwargs={"section_slug": section_slug, "slug": slug}
            )
            for _ in range(2):  # the second time the section's address is remembered
                assert (
                    address_or_refusal(
                        reverse_with_slug, "articles:article", slug, section_slug=section_slug
                    )
                    == expected
                ), (prefix, section_slug, slug)


def test_an_article_address_is_what_reverse_gives(card_articles, script_prefix):
    for prefix in ["/", "/news/"]:
        script_prefix(prefix)
        for article in card_articles:
            assert article.get_absolute_url() == reverse(
                "articles:article",
                kwargs={"section_slug": article.section.slug, "slug": article.slug},
            )


# The article page's JSON-LD: the summary and the author's address the tags print, not
# worked out a second time.


@pytest.mark.parametrize("dek", ["The vote ends two years of debate.", ""])
def test_the_json_ld_states_the_summary_and_author_the_page_works_out_once(
    card_articles, monkeypatch, dek
):
    article = Article.objects.for_listing().get(pk=card_articles[0].pk)
    article.dek = dek
    article.body = "<p>The council <b>voted</b> on Tuesday &amp; the port agreed.</p>"
    request = RequestFactory().get(article.get_absolute_url())
    calls = {"description": 0, "author_url": 0}

    def counted(name):
        original = getattr(seo, name)

        def count(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        return count

    for name in calls:
        monkeypatch.setattr(seo, name, counted(name))
    meta = seo.article_meta(article, request)
    assert calls == {"description": 1, "author_url": 1}
    assert meta["json_ld"]["description"] == seo.description(article) == meta["description"]
    assert meta["json_ld"]["author"] == [
        {
            "@type": "Person",
            "name": "Maria <Jensen>",
            "url": "http://testserver/author/maria-jensen/",
        }
    ]
    assert ("article:author", "http://testserver/author/maria-jensen/") in meta["opengraph"]


# A card as it was printed before any shortcut (the card of main at b5d6409, the same
# articles): unchanged to the byte. When a card is meant to change, print these anew.

SEARCH_ROW = {
    "heading_level": 2,
    "variant": "row",
    "show_image": True,
    "lazy": 1,
    "image_sizes": SIZES,
    "title_html": mark_safe("Council approves <mark>harbour</mark> plan"),
    "snippet": mark_safe("… the <mark>harbour</mark> …"),
}

# sha256 of each card's HTML, by article slug and how the card is drawn.
CARD_DIGESTS = {
    "card-0 compact": "2cbbf7d70b1c173a5abf414fa64c0b41bdbb21520871a40f2e88d0c5910b1728",
    "card-0 with-image": "072156804686f1de41dab18e4649b4c3af533c259068c9872cc25bda45d4a8af",
    "card-0 search-row": "583284662c8f572544b2d1139ea8d7cfa1305dc80cee539ecae403b66e12a663",
    "card-1 compact": "43d6f802755e2d33763549c60de7d6a02cb1cfa02b500403a2bb99a08f4b5a10",
    "card-1 with-image": "ff7cc3722043e5494022cd065af409ab87e7e965db27520e236b8698d95b9a2f",
    "card-1 search-row": "f95d5b33f755e4043a1c86836300a20750b7dc4f56915f2bb2f0274a56eb104d",
    "card-2 compact": "77a03d882cf2f1494cdcc9f3b5f3e2e5e4b115c466c1130950416b8d8e4bf823",
    "card-2 with-image": "18fc912f39bc3126e9e71475741f26e41bdc3113fb66d9d17c09a00d328bca8a",
    "card-2 search-row": "17ad2fe361bc86999d8ab75dcb81a6e0eb290771222f576f2087e5a99cb7fc74",
    "card-3 compact": "0f49430685093851087241472d27d016bc504cbe164919dfe6ae7d467d5d15a9",
    "card-3 with-image": "ec7331b0ef356c4c530200ae5c75e2ca5113a558a575c988fa7bf73fdb9ffa7b",
    "card-3 search-row": "29072ed8803762659074555fa9973f32ef74493ec7d600814d79dafdc04c4c3a",
}
WITH_IMAGE_CARD = "\n".join(  # card-0 with-image
    [
        "",
        '<article class="card">',
        "  ",
        "    ",
        "      ",
        '      <div class="card__image">',
        "        ",
        "",
        "  <picture>",
        (
            '    <source type="image/webp" srcset="/media/renditions/80/802d95a0-480.webp '
            "480w, /media/renditions/80/802d95a0-960.webp 960w, "
            '/media/renditions/80/802d95a0-1280.webp 1280w" sizes="(min-width: 40rem) '
            '22rem, 100vw">'
        ),
        (
            '    <img src="/media/renditions/80/802d95a0-960.jpg" '
            'srcset="/media/renditions/80/802d95a0-480.jpg 480w, '
            "/media/renditions/80/802d95a0-960.jpg 960w, "
            '/media/renditions/80/802d95a0-1280.jpg 1280w" sizes="(min-width: 40rem) '
            '22rem, 100vw" width="1280" height="720" alt="Cranes &amp; containers at '
            '“dusk”" loading="lazy" decoding="async">'
        ),
        "  </picture>",
        "",
        "",
        "      </div>",
        "    ",
        "  ",
        '  <div class="card__text">',
        '    <h3 class="card__title">',
        '      <a href="/harbour/card-0/">Council approves harbour plan</a>',
        "    </h3>",
        "    ",
        "    ",
        '    <p class="card__meta">',
        "      ",
        '        <a href="/author/maria-jensen/">Maria &lt;Jensen&gt;</a>',
        "      ",
        '      <span aria-hidden="true">·</span>',
        '      <time datetime="2026-03-29T23:30:00+00:00">29 Mar 2026</time>',
        (
            '      <span aria-hidden="true">·</span> <a href="/section/harbour/">Harbour '
            "&amp; Port</a>"
        ),
        "    </p>",
        "  </div>",
        "</article>",
        "",
    ]
)
COMPACT_OP_ED_CARD = "\n".join(  # card-1 compact
    [
        "",
        '<article class="card card--compact">',
        "  ",
        '  <div class="card__text">',
        '    <h3 class="card__title">',
        (
            '      <a href="/harbour/card-1/"><span class="kicker">Op-Ed:</span> Build the '
            "rail link honestly</a>"
        ),
        "    </h3>",
        "    ",
        "    ",
        '    <p class="card__meta">',
        "      ",
        '        <a href="/author/maria-jensen/">Maria &lt;Jensen&gt;</a>',
        "      ",
        '      <span aria-hidden="true">·</span>',
        '      <time datetime="2026-02-17T23:30:00+00:00">17 Feb 2026</time>',
        (
            '      <span aria-hidden="true">·</span> <a href="/section/harbour/">Harbour '
            "&amp; Port</a>"
        ),
        "    </p>",
        "  </div>",
        "</article>",
        "",
    ]
)
SEARCH_ROW_CARD = "\n".join(  # card-3 search-row
    [
        "",
        '<article class="card card--row">',
        "  ",
        '  <div class="card__text">',
        '    <h2 class="card__title">',
        ('      <a href="/harbour/card-3/">Council approves <mark>harbour</mark> plan</a>'),
        "    </h2>",
        '    <p class="card__dek">Fees “up” 5%</p>',
        '    <p class="card__snippet">… the <mark>harbour</mark> …</p>',
        '    <p class="card__meta">',
        "      ",
        '        <a href="/author/maria-jensen/">Maria &lt;Jensen&gt;</a>',
        "      ",
        '      <span aria-hidden="true">·</span>',
        '      <time datetime="2025-11-29T23:30:00+00:00">29 Nov 2025</time>',
        (
            '      <span aria-hidden="true">·</span> <a href="/section/harbour/">Harbour '
            "&amp; Port</a>"
        ),
        "    </p>",
        "  </div>",
        "</article>",
        "",
    ]
)


def test_a_card_prints_what_it_printed_before_the_shortcuts(card_articles):
    printed = {}
    for article in card_articles:
        for style in ("compact", "with-image"):
            printed[f"{article.slug} {style}"] = render_card(article, style)
        printed[f"{article.slug} search-row"] = listed_card(article, SEARCH_ROW)
    assert printed["card-0 with-image"] == WITH_IMAGE_CARD
    assert printed["card-1 compact"] == COMPACT_OP_ED_CARD
    assert printed["card-3 search-row"] == SEARCH_ROW_CARD
    digests = {key: hashlib.sha256(html.encode()).hexdigest() for key, html in printed.items()}
    assert digests == CARD_DIGESTS
