"""Which articles: every listing on the site is a chain of these methods."""

from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import models
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    Expression,
    F,
    Func,
    JSONField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from taggit.models import Tag

from articles import permissions
from articles.caching import SITE_KEY, current_generation
from articles.sanitize import inline_figure_marker
from newsroom.prepared import InArray, now_or_placeholder

# Never shown, and read only by the database (the search vectors, the large one of the whole
# body and the one search ranks by): left in the database by listings and the article page.
UNSHOWN_FIELDS = ("search_vector", "rank_vector")
# Top News lists at most this many articles (see ``ArticleQuerySet.top``).
TOP_NEWS_CANDIDATES = 20
# Related articles are chosen among this many of the newest articles of each tag.
RELATED_CANDIDATES_PER_TAG = 200


class CurrentTime(Expression):
    """The time now, read when the query runs (``timezone.now()``, so frozen time in tests
    counts) rather than when the queryset is built: the article page's queries, compiled
    once (newsroom/prepared.py), still mean "now" each time they run."""

    output_field = DateTimeField()

    def as_sql(self, compiler, connection):
        return "%s", [now_or_placeholder()]


class JSONRow(Func):
    """``jsonb_build_array(a, b, …)``: columns of a row as one JSON list. Django's
    ``JSONArray`` casts every argument and ``JSONObject`` also names each key, which costs
    the article page a good part of a millisecond to compile; columns need neither."""

    function = "JSONB_BUILD_ARRAY"
    output_field = JSONField()


# The fields of each row of ``with_tags()`` and ``with_corrections()``, in their order.
TAG_ROW = ("id", "name", "slug")
CORRECTION_ROW = ("id", "kind", "text", "position", "created_at")


class ArticleQuerySet(models.QuerySet):
    def with_corrections(self):
        """Each article's corrections and clarifications (``publishing.Correction``, reached
        through the reverse relation) as ``correction_rows``, lists of the
        ``CORRECTION_ROW`` fields, in the same query: the article page has no query to
        spare."""
        notices = (
            self.model.corrections.rel.related_model.objects.filter(article=OuterRef("pk"))
            .order_by("created_at", "id")
            .values(row=JSONRow(*CORRECTION_ROW))
        )
        return self.annotate(correction_rows=ArraySubquery(notices))

    def with_tags(self):
        """Each article's tags as ``tag_rows``, lists of the ``TAG_ROW`` fields, in the order
        they were given (the first is the main topic), in the same query: for the article
        page, where a prefetch would cost a second query. ``articles.views.article.tags_of``
        reads them."""
        links = (
            self.model.tags.through.objects.filter(content_object=OuterRef("pk"))
            .order_by("pk")
            .values(row=JSONRow("tag_id", "tag__name", "tag__slug"))
        )
        return self.prefetch_related(None).annotate(tag_rows=ArraySubquery(links))

    def with_neighbour_ids(self, more_from_author=5):
        """For the article page, in the same query: ``more_from_author_ids``, the author's
        latest other public articles (newest first), and ``public_related_ids``, those of
        the stored ``related_ids`` that are public now."""
        latest_by_author = (
            self.model.objects.latest()
            .filter(author_id=OuterRef("author_id"))
            .exclude(pk=OuterRef("pk"))
            .values("pk")[:more_from_author]
        )
        public_related = (
            self.model.objects.published()
            .filter(
                # "id = ANY(related_ids)" of the outer row.
                InArray(F("pk"), OuterRef("related_ids"))
            )
            .order_by()
            .values("pk")
        )
        return self.annotate(
            more_from_author_ids=ArraySubquery(latest_by_author),
            public_related_ids=ArraySubquery(public_related),
        )

    def published(self):
        """Public articles: status published and publication time reached (no cron needed)."""
        return self.filter(status="published", published_at__lte=CurrentTime())

    def for_listing(self):
        """Everything a card, byline or article page shows, fetched in a fixed number of queries."""
        return (
            self.select_related("section", "author__profile", "lead_image")
            .prefetch_related("tags")
            .defer(*UNSHOWN_FIELDS)
        )

    def for_cards(self):
        """What an article card shows (section, byline, lead image), in one query: no tags."""
        return self.select_related("section", "author__profile", "lead_image").defer(
            "body", *UNSHOWN_FIELDS
        )

    def headlines(self):
        """What a list of headlines shows (title, kicker, section), without the article text."""
        return self.select_related("section").defer("body", *UNSHOWN_FIELDS)

    def latest(self):
        """Public articles, newest first."""
        return self.published().order_by("-published_at", "-id")

    def published_since(self, since):
        """Public articles published at ``since`` or later, newest first (news sitemap)."""
        return self.latest().filter(published_at__gte=since)

    def in_section(self, section):
        """Articles of one section (a ``Section`` or its slug)."""
        if isinstance(section, str):
            return self.filter(section__slug=section)
        return self.filter(section=section)

    def tagged(self, tag):
        """Articles carrying one tag (a taggit ``Tag`` or its slug)."""
        if isinstance(tag, str):
            return self.filter(tags__slug=tag)
        return self.filter(tags=tag)

    def by_author(self, author):
        """Articles written by ``author`` (a user)."""
        return self.filter(author=author)

    def in_month(self, year, month):
        """Articles published in one calendar month (the date archive)."""
        return self.filter(published_at__year=year, published_at__month=month)

    def publication_span(self):
        """The first and the last month with a public article, as dates on the 1st (local
        time), or ``None`` when nothing is public: the archive's bounds."""
        span = self.published().aggregate(first=Min("published_at"), last=Max("published_at"))
        if span["first"] is None:
            return None
        first, last = (timezone.localtime(span[end]).date().replace(day=1) for end in span)
        return first, last

    def count_by_year(self):
        """``[(year, count)]`` of public articles, newest year first (the archive index)."""
        rows = (
            self.published()
            .order_by()
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("-year")
        )
        return [(row["year"], row["count"]) for row in rows]

    def count_by_month(self, year):
        """``{month: count}`` of public articles in ``year`` (months without any left out)."""
        rows = (
            self.published()
            .filter(published_at__year=year)
            .order_by()
            .annotate(month=ExtractMonth("published_at"))
            .values("month")
            .annotate(count=Count("id"))
        )
        return {row["month"]: row["count"] for row in rows}

    def more_from_author(self, article, limit=5):
        """The author's latest other public articles ("More news from …")."""
        return self.latest().by_author(article.author_id).exclude(pk=article.pk)[:limit]

    def related_ids(self, article, tag_ids, limit=4):
        """The ids of the public articles sharing most of ``tag_ids`` with ``article``, best
        first (newest first on ties), as rows of ``content_object_id``.

        Candidates are the ``RELATED_CANDIDATES_PER_TAG`` most recent articles of each tag,
        so a tag on thousands of articles does not make every ranking count them all.
        """
        links = self.model.tags.through.objects
        if not tag_ids:
            return links.none().values("content_object_id")
        recent_per_tag = [
            links.filter(tag_id=tag_id)
            .order_by("-content_object_id")
            .values("content_object_id")[:RELATED_CANDIDATES_PER_TAG]
            for tag_id in tag_ids
        ]
        candidates = recent_per_tag[0].union(*recent_per_tag[1:])
        # The ranking reads the tag links' index and, per candidate, its publication time by
        # primary key (none when it is not public); the joins of the cards are made for the
        # ``limit`` winners only. Joined instead of looked up, the public articles would be
        # read whole from their index (the planner's choice), all 100,000 of them.
        publication_time = (
            self.model.objects.published()
            .filter(pk=OuterRef("content_object_id"))
            .order_by()
            .values("published_at")
        )
        return (
            links.filter(tag_id__in=tag_ids, content_object_id__in=candidates)
            .exclude(content_object_id=article.pk)
            .values("content_object_id")
            .annotate(
                shared_tags=Count("content_object_id"),
                published_at=Max(Subquery(publication_time)),
            )
            .filter(published_at__isnull=False)
            .order_by("-shared_tags", "-published_at", "-content_object_id")
            .values("content_object_id")[:limit]
        )

    def related_to(self, article, tag_ids, limit=4):
        """Public articles sharing most of ``tag_ids`` with ``article``, ranked now (the
        article page reads the ranking stored at publication, ``Article.related_ids``)."""
        if not tag_ids:
            return self.none()
        links = self.model.tags.through.objects
        # Counted again for the winners only (``shared_tags``), to order them.
        shared_tags = (
            links.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
            .order_by()
            .values("content_object_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.filter(pk__in=self.related_ids(article, tag_ids, limit))
            .annotate(shared_tags=Subquery(shared_tags))
            .order_by("-shared_tags", "-published_at", "-id")
        )

    def section_fronts(self, per_section=4):
        """The newest ``per_section`` public articles of every section, in one query."""
        from articles.models import Section  # models imports this module

        # Each section's newest ids come from its index, so the query reads a few dozen rows
        # instead of the whole archive; the section list is cached (no query). Every section
        # brings at most ``per_section`` ids, so ordering them is all that is left to do.
        newest = self.latest().values("pk")
        newest_per_section = [
            newest.in_section(section)[:per_section] for section in Section.navigation()
        ]
        if not newest_per_section:
            return self.none()
        candidates = newest_per_section[0].union(*newest_per_section[1:])
        return (
            self.latest()
            .filter(pk__in=candidates)
            .order_by("section__order", "section__name", "-published_at", "-id")
        )

    def top(self, window_hours=48, since=None):
        """Top News: editor's picks by rank first, then the articles with the most distinct
        readers in the window (``DailyReads.readers``, which a flood from one address cannot
        raise).

        Only the first ``TOP_NEWS_CANDIDATES`` are meaningful: to stay fast on a large
        archive, the ranking looks at the picks, the most read in the window and the newest
        articles (those that can reach the top), not at every public article.
        """
        since = since or timezone.now() - timedelta(hours=window_hours)
        # The counts belong to the readership app, which points at articles; they are read
        # through its relation rather than an import, so articles stays below readership.
        DailyReads = self.model._meta.get_field("daily_reads").related_model
        window_reads = DailyReads.objects.filter(day__gte=since.date())
        picks = self.published().current_picks().values("pk")
        # Twice the length, so a read but since unpublished article cannot shorten the list.
        most_read = (
            window_reads.values("article_id")
            .annotate(total=Sum("readers"))
            .order_by("-total")
            .values("article_id")[: 2 * TOP_NEWS_CANDIDATES]
        )
        newest = self.latest().values("pk")[:TOP_NEWS_CANDIDATES]
        reads = (
            window_reads.filter(article=OuterRef("pk"))
            .values("article")
            .annotate(total=Sum("readers"))
            .values("total")
        )
        return (
            self.published()
            .filter(pk__in=picks.union(most_read, newest))
            .annotate(
                recent_reads=Coalesce(Subquery(reads), 0),
                # A pick whose time ran out is left to readership like any other story.
                pick_position=Case(When(self._pick_is_current(), then=F("top_rank"))),
            )
            .order_by(F("pick_position").asc(nulls_last=True), "-recent_reads", "-published_at")
        )

    @staticmethod
    def _pick_is_current():
        return Q(top_rank__isnull=False) & (
            Q(top_until__isnull=True) | Q(top_until__gt=timezone.now())
        )

    def current_picks(self):
        """The editors' Top News picks whose time has not run out, in their order."""
        return self.filter(self._pick_is_current()).order_by("top_rank")

    def visible_to(self, user):
        """What ``user`` may open: the public for everyone, plus what ``articles.permissions``
        lets them preview (their own; what they moderate)."""
        return self.published() | self.filter(permissions.visible_scope(user))

    def editable_by(self, user):
        """What ``user`` may change (``articles.permissions.editable_scope``)."""
        return self.filter(permissions.editable_scope(user))

    def deletable_by(self, user):
        """What ``user`` may delete (``articles.permissions.deletable_scope``)."""
        return self.filter(permissions.deletable_scope(user))

    def admin_list_for(self, user):
        """The newsroom's article list for ``user``: what they may open but the public
        articles of others (a writer sees only their own work)."""
        return self.filter(permissions.visible_scope(user))

    def showing_image(self, image):
        """Articles that show library picture ``image``: as their lead image or in a figure
        of their body (a body is cleaned when saved, so its figures read exactly as
        ``inline_figure_marker`` writes them)."""
        marker = inline_figure_marker(getattr(image, "pk", image))
        return self.filter(Q(lead_image=image) | Q(body__contains=marker))

    def review_queue(self):
        """Submitted articles waiting for a moderator, oldest first."""
        return self.filter(status="submitted").order_by("submitted_at", "id")


# Counting every tag link of the archive takes about a quarter of a second at 100,000
# articles, and the strip changes slowly: it is kept in the cache until something is
# published or unpublished (a purge of `latest` or of the whole site), and at most this long.
TRENDING_TAGS_SECONDS = 10 * 60


def tags_used_by(articles):
    """Tags carried by at least one of ``articles`` (an Article queryset): what a listing,
    a feed or a writer's suggestions may name, so a draft's tag stays unseen."""
    from taggit.models import Tag  # the app registry is ready by the time this runs

    from articles.models import TaggedArticle

    return Tag.objects.filter(
        Exists(TaggedArticle.objects.filter(tag=OuterRef("pk"), content_object__in=articles))
    )


def trending_tags(limit=10, days=7, minimum=5):
    """``_trending_tags``, from the cache when possible."""
    key = (
        f"articles:trending-tags:{current_generation(SITE_KEY, 'latest')}:{limit}:{days}:{minimum}"
    )
    tags = cache.get(key)
    if tags is None:
        tags = _trending_tags(limit, days, minimum)
        cache.set(key, tags, TRENDING_TAGS_SECONDS)
    return tags


def _trending_tags(limit, days, minimum):
    """The tags of the most public articles published in the last ``days``, in one query.

    When fewer than ``minimum`` tags were used in that window (a quiet week, a young site),
    the most used tags of all time fill up the list after them. Each tag carries
    ``recent_articles`` and ``public_articles`` (its counts in the window and of all time).
    """
    links = "articles_taggedarticle_items"
    now = timezone.now()
    # Both counts come from one pass over the links of public articles: recent tags first,
    # and the all-time count orders the rest, so one query covers a busy week and a quiet one.
    tags = list(
        Tag.objects.filter(
            **{
                f"{links}__content_object__status": "published",
                f"{links}__content_object__published_at__lte": now,
            }
        )
        .annotate(
            recent_articles=Count(
                links,
                filter=Q(
                    **{f"{links}__content_object__published_at__gte": now - timedelta(days=days)}
                ),
            ),
            public_articles=Count(links),
        )
        .order_by("-recent_articles", "-public_articles", "name")[:limit]
    )
    recent_tags = [tag for tag in tags if tag.recent_articles]
    return recent_tags if len(recent_tags) >= minimum else tags
