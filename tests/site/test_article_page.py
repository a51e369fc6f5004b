"""The article page: what a reader sees, in what order, and what stays hidden."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from masthead.models import SiteSettings
from tests.factories import ArticleFactory, ImageFactory, SectionFactory
from tests.site.html_checks import page_problems

pytestmark = pytest.mark.django_db


def get_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_op_ed_headline_starts_with_its_kicker(client, author, politics):
    article = ArticleFactory(
        published=True,
        kind=Article.Kind.OP_ED,
        author=author,
        section=politics,
        title="We should build the rail link",
    )
    html = get_page(client, article)
    assert '<span class="kicker">Op-Ed:</span> We should build the rail link</h1>' in html


def test_news_headline_has_no_kicker(client, author):
    html = get_page(client, ArticleFactory(published=True, author=author, title="Plain news"))
    assert '<h1 class="headline">Plain news</h1>' in html


def test_byline_links_to_the_author_page(client, author):
    html = get_page(client, ArticleFactory(published=True, author=author))
    assert 'By <a href="/author/maria-jensen/" rel="author">Maria Jensen</a>' in html


def test_publication_date_is_a_machine_readable_time(client, author):
    published_at = timezone.now().replace(microsecond=0) - timedelta(days=2)
    article = ArticleFactory(published=True, author=author, published_at=published_at)
    html = get_page(client, article)
    local = timezone.localtime(published_at)
    assert f'<time datetime="{local.isoformat()}">{local:%-d %B %Y, %H:%M}</time>' in html


def test_article_edited_after_publication_says_updated(client, author):
    article = ArticleFactory(published=True, author=author)
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(days=1), updated_at=timezone.now()
    )
    assert "Updated <time" in get_page(client, article)


def test_article_not_edited_since_publication_shows_no_update(client, author):
    article = ArticleFactory(published=True, author=author)
    Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
    assert "Updated" not in get_page(client, article)


def test_byline_names_and_links_the_section(client, author, politics):
    html = get_page(client, ArticleFactory(published=True, author=author, section=politics))
    assert 'in <a href="/section/politics/">Politics</a>' in html


def test_body_keeps_its_sub_headings(client, author):
    html = get_page(client, ArticleFactory(published=True, author=author))
    assert "<h2>What happens next</h2>" in html


def test_op_ed_shows_the_disclaimer_with_the_site_name(client, author):
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Post"
    site_settings.save()
    article = ArticleFactory(published=True, author=author, kind=Article.Kind.OP_ED)
    html = get_page(client, article)
    assert 'class="disclaimer"' in html
    assert "The Harbour Post does not necessarily share them." in html


def test_news_article_has_no_disclaimer(client, author):
    html = get_page(client, ArticleFactory(published=True, author=author))
    assert 'class="disclaimer"' not in html


def test_tags_are_links_under_more_about(client, author):
    article = ArticleFactory(published=True, author=author, tags=["Harbour", "Rail link"])
    html = get_page(client, article)
    assert '<h2 id="more-about-heading">More about</h2>' in html
    assert '<a href="/tag/harbour/" rel="tag">Harbour</a>' in html
    assert '<a href="/tag/rail-link/" rel="tag">Rail link</a>' in html


def test_more_from_author_lists_their_other_public_articles(client, author):
    article = ArticleFactory(published=True, author=author, title="The current story")
    other = ArticleFactory(published=True, author=author, title="An older story")
    html = get_page(client, article)
    section = html.split('id="more-from-author-heading"')[1].split("</section>")[0]
    assert "More news from" in section and "Maria Jensen" in section
    assert other.title in section
    assert "The current story" not in section


def test_more_from_author_leaves_out_unpublished_and_scheduled(client, author):
    article = ArticleFactory(published=True, author=author)
    ArticleFactory(published=True, author=author, title="Visible sibling")
    ArticleFactory(author=author, title="A draft sibling")
    ArticleFactory(
        published=True,
        author=author,
        title="A scheduled sibling",
        published_at=timezone.now() + timedelta(days=1),
    )
    ArticleFactory(author=author, title="An unpublished sibling", status=Article.Status.UNPUBLISHED)
    html = get_page(client, article)
    assert "Visible sibling" in html
    for hidden in ("A draft sibling", "A scheduled sibling", "An unpublished sibling"):
        assert hidden not in html


def test_more_from_author_shows_the_latest_five(client, author):
    article = ArticleFactory(published=True, author=author)
    now = timezone.now()
    for number in range(7):
        ArticleFactory(
            published=True,
            author=author,
            title=f"Sibling number {number}",
            published_at=now - timedelta(hours=2 + number),
        )
    html = (
        get_page(client, article).split('id="more-from-author-heading"')[1].split("</section>")[0]
    )
    assert [f"Sibling number {n}" in html for n in range(7)] == [True] * 5 + [False] * 2


def test_related_articles_share_the_most_tags(client, author):
    article = ArticleFactory(published=True, author=author, tags=["port", "rail", "budget"])
    ArticleFactory(published=True, title="Shares one tag", tags=["port"])
    ArticleFactory(published=True, title="Shares three tags", tags=["port", "rail", "budget"])
    ArticleFactory(published=True, title="Shares no tag", tags=["football"])
    ArticleFactory(title="Draft sharing tags", tags=["port", "rail", "budget"])
    html = get_page(client, article).split('id="related-heading"')[1].split("</section>")[0]
    assert html.index("Shares three tags") < html.index("Shares one tag")
    assert "Shares no tag" not in html and "Draft sharing tags" not in html


def test_lead_image_is_responsive_with_caption_and_credit(client, author):
    image = ImageFactory(
        alt_text="A crane at dusk", caption="The east quay.", credit="Photo: A. Berg"
    )
    html = get_page(client, ArticleFactory(published=True, author=author, lead_image=image))
    figure = html.split('<figure class="lead-figure">')[1].split("</figure>")[0]
    assert '<source type="image/webp" srcset="' in figure
    assert " 480w" in figure and 'sizes="' in figure
    assert 'width="1200" height="800"' in figure
    assert 'alt="A crane at dusk"' in figure
    assert "The east quay." in figure and "Photo: A. Berg" in figure
    # The lead image is above the fold: never lazy.
    assert 'loading="lazy"' not in figure


def test_lead_image_without_renditions_is_left_out_not_served_as_the_original(client, author):
    image = ImageFactory()
    type(image).objects.filter(pk=image.pk).update(renditions=[])
    image.refresh_from_db()
    html = get_page(client, ArticleFactory(published=True, author=author, lead_image=image))
    assert '<figure class="lead-figure">' not in html
    assert image.file.name not in html


def test_article_page_has_the_latest_and_top_news_sidebars(client, author):
    ArticleFactory(published=True, title="Another fresh story")
    html = get_page(client, ArticleFactory(published=True, author=author))
    assert '<h2 id="sidebar-latest">Latest News</h2>' in html
    assert '<h2 id="sidebar-top">Top News</h2>' in html
    assert "Another fresh story" in html


def test_article_page_carries_the_read_beacon(client, author):
    article = ArticleFactory(published=True, author=author)
    html = get_page(client, article)
    assert f'data-read-url="/read/{article.pk}/"' in html
    assert '<script src="/static/js/read-beacon.js" defer></script>' in html


def test_article_page_is_well_formed_html(client, author):
    article = ArticleFactory(
        published=True,
        author=author,
        kind=Article.Kind.OP_ED,
        lead_image=ImageFactory(),
        tags=["harbour"],
    )
    ArticleFactory(published=True, author=author, tags=["harbour"])
    assert page_problems(get_page(client, article)) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SUBMITTED},
        {"status": Article.Status.REJECTED},
        {"status": Article.Status.UNPUBLISHED, "published_at": timezone.now()},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(hours=2)},
    ],
    ids=["draft", "submitted", "rejected", "unpublished", "scheduled"],
)
def test_hidden_articles_answer_404(client, author, fields):
    article = ArticleFactory(author=author, **fields)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert article.title not in response.content.decode()


def test_article_in_another_section_is_not_found_under_this_one(client, author):
    article = ArticleFactory(published=True, author=author)
    other_section = SectionFactory(slug="world")
    response = client.get(f"/{other_section.slug}/{article.slug}/")
    assert response.status_code == 404


def test_404_page_is_friendly_and_in_the_site_design(client):
    response = client.get("/no-such-section/no-such-story/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'class="site-header"' in html
