"""The article page and its old addresses (301); ``render_article`` also serves previews."""

from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, CharField, F
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from taggit.models import Tag

from articles.caching import add_page_keys, public_page
from articles.cards import cards
from articles.inline_images import render_body
from articles.models import Article, ArticleRedirect
from articles.querysets import CORRECTION_ROW, TAG_ROW
from articles.views.frame import page_frame
from articles.views.sidebars import news_sidebars
from newsroom.prepared import InArray, Placeholder, PreparedQuery


@public_page
def article_detail(request, section_slug, slug):
    """A public article; an old address of a public article answers 301 to the current one."""
    try:
        article = public_article.get(section=section_slug, slug=slug)
    except Article.DoesNotExist:
        return redirect_from_old_address(request)
    return render_article(request, article)


# The public article with all its page shows, in one query, compiled and prepared once
# (newsroom/prepared.py): "now" is read each time it runs (``CurrentTime``).
public_article = PreparedQuery(
    lambda: (
        Article.objects.published()
        .for_listing()
        .with_tags()
        .with_neighbour_ids(more_from_author=MORE_FROM_AUTHOR)
        .with_corrections()
        .filter(
            section__slug=Placeholder("section", CharField()),
            slug=Placeholder("slug", CharField()),
        )[:2]
    )
)
# The cards of the page's neighbours that the cache did not have, whatever their number.
cards_by_id = PreparedQuery(
    lambda: Article.objects.for_cards().filter(
        InArray(F("pk"), Placeholder("ids", ArrayField(BigIntegerField())))
    )
)


def redirect_from_old_address(request):
    redirect = (
        ArticleRedirect.objects.select_related("article__section")
        .filter(old_path=request.path)
        .first()
    )
    if redirect is None or not redirect.article.is_public:
        raise Http404("No article at this address.")
    return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())


def render_article(request, article, preview=False, share_link=None):
    frame = page_frame()
    site_settings = frame["site_settings"]
    tags = tags_of(article)
    corrections = corrections_of(article)
    more_ids, related_ids, more_from_author, related_articles = neighbours(article, tags)
    # The page shows this article, the cards of a few others and the author's newest
    # (``w<author>``): a change to any of them, or a new article by the author, purges it.
    # (Its sidebars are a page part: articles/views/sidebars.py.)
    add_page_keys(
        request,
        *(f"a{pk}" for pk in [article.pk, *more_ids, *related_ids]),
        f"w{article.author_id}",
    )
    context = {
        **frame,
        "article": article,
        # Staff previews say where a picture is missing; readers and share links see nothing.
        "body": render_body(article.body, preview=preview and share_link is None),
        "tags": tags,
        "corrections": corrections,
        "top_corrections": [notice for notice in corrections if notice.position == "top"],
        "bottom_corrections": [notice for notice in corrections if notice.position != "top"],
        "disclaimer": article.disclaimer(site_settings),
        "more_from_author": more_from_author,
        "related_articles": related_articles,
        "preview": preview,
        "share_link": share_link,
        "current_section_slug": article.section.slug,
        **news_sidebars(request, site_settings),
    }
    return TemplateResponse(request, "articles/article_detail.html", context)


MORE_FROM_AUTHOR = 5
RELATED = 4


def neighbours(article, tags):
    """The cards of "More news from <author>" and "Related", as two lists of HTML.

    A public article has its related articles chosen at publication (``related_ids``,
    stored by the write path); the page's query also brought which of them are public and
    the author's latest others (``with_neighbour_ids``), and the cards come rendered from
    the cache (``articles.cards``): only cards not kept there are fetched, in one query. A
    preview, or an article saved before the ids were stored, ranks them now (two queries).
    """
    if article.related_ids is None or not hasattr(article, "public_related_ids"):
        more = list(Article.objects.for_cards().more_from_author(article, limit=MORE_FROM_AUTHOR))
        related = list(
            Article.objects.for_cards().related_to(article, [tag.pk for tag in tags], limit=RELATED)
        )
        fetched = {card.pk: card for card in [*more, *related]}
        more_ids = [card.pk for card in more]
        related_ids = [card.pk for card in related]

        def fetch(pks):
            return [fetched[pk] for pk in pks]

    else:
        more_ids = article.more_from_author_ids
        public = set(article.public_related_ids)
        related_ids = [pk for pk in article.related_ids if pk in public][:RELATED]

        def fetch(pks):
            return cards_by_id(ids=list(pks))

    shown = [("compact", pk) for pk in more_ids] + [("with-image", pk) for pk in related_ids]
    html = cards(shown, fetch)
    return more_ids, related_ids, html[: len(more_ids)], html[len(more_ids) :]


def tags_of(article):
    """The article's tags, in their order: from ``with_tags()`` when the query fetched them
    (kept as the article's prefetched tags, so ``article.tags.all()`` asks nothing more),
    else from ``tags.all()`` (prefetched by ``for_listing()``)."""
    rows = getattr(article, "tag_rows", None)
    if rows is None:
        return list(article.tags.all())
    tags = [Tag(**dict(zip(TAG_ROW, row, strict=True))) for row in rows]
    prefetched = Tag.objects.none()
    prefetched._result_cache, prefetched._prefetch_done = tags, True  # as a prefetch leaves it
    article._prefetched_objects_cache = {"tags": prefetched}
    return tags


def corrections_of(article):
    """The article's corrections and clarifications (``publishing.Correction``), oldest
    first: from ``with_corrections()`` when the query fetched them, else one query."""
    rows = getattr(article, "correction_rows", None)
    if rows is None:
        return list(article.corrections.all())
    model = article.corrections.model
    notices = []
    for row in rows:
        fields = dict(zip(CORRECTION_ROW, row, strict=True))
        fields["created_at"] = datetime.fromisoformat(fields["created_at"])
        notices.append(model(article=article, **fields))
    return notices
