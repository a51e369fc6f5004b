from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.choices import Kind, Status
from articles.querysets import ArticleQuerySet
from masthead.models import SiteSettings
from newsroom.reversing import cached_reverse, reverse_with_slug
from newsroom.text import CleanCharField, CleanTextField

# First path segments the site uses for itself; a section cannot take one of them,
# because article URLs are /<section>/<slug>/.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "archive",
        "author",
        "corrections",
        "feeds",
        "healthz",
        "media",
        "preview",
        "read",
        "robots.txt",
        "search",
        "section",
        "sitemap.xml",
        "sitemaps",
        "static",
        "tag",
    }
)


def validate_section_slug(value):
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(
            _("“%(value)s” is used by the site itself; choose another slug."),
            params={"value": value},
        )


class Section(models.Model):
    """A department of the paper (Politics, World, …): navigation, listings and URLs."""

    name = CleanCharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_section_slug],
        help_text=_("Part of every article address in this section: /<slug>/<article>/."),
    )
    description = CleanTextField(
        blank=True, help_text=_("One or two sentences shown on the section page and in its feed.")
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text=_("Position in the site navigation; lower comes first.")
    )

    NAVIGATION_CACHE_KEY = "articles:navigation-sections"

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.NAVIGATION_CACHE_KEY)

    def get_absolute_url(self):
        return cached_reverse("articles:section", slug=self.slug)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.NAVIGATION_CACHE_KEY)
        return result

    @classmethod
    def navigation(cls):
        """All sections in navigation order, cached: the header shows them on every page."""
        sections = cache.get(cls.NAVIGATION_CACHE_KEY)
        if sections is None:
            sections = list(cls.objects.all())
            cache.set(cls.NAVIGATION_CACHE_KEY, sections, 60 * 60)
        return sections


class TaggedArticle(TaggedItemBase):
    """Tag links with a real foreign key (indexed joins), instead of taggit's generic one."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged article")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


# The text search configuration of the stored vectors and of every query: English stemming
# after accent folding ("cafe" finds "café"), created by migration 0007.
SEARCH_CONFIG = "newsroom"


def headline_search_vector():
    """Title (weight A), tags, summary and author (weight B): what search ranks by."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tag_names", weight="B", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("author_name", weight="B", config=SEARCH_CONFIG)
    )


# Related articles stored per article: twice what the page shows, so one that is
# unpublished later leaves a replacement.
RELATED_STORED = 8


class Article(models.Model):
    """A news article, op-ed, analysis or press release, from draft to publication."""

    Kind = Kind
    Status = Status

    KICKERS = {
        Kind.NEWS: "",
        Kind.OP_ED: _("Op-Ed:"),
        Kind.ANALYSIS: _("Analysis:"),
        Kind.PRESS_RELEASE: _("Press release:"),
    }

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = CleanCharField(max_length=200, help_text=_("The headline, plain text."))
    slug = models.SlugField(
        max_length=200,
        allow_unicode=False,
        help_text=_("The last part of the address. Made from the title; keep it once published."),
    )
    dek = CleanTextField(
        _("summary"),
        max_length=400,
        blank=True,
        help_text=_(
            "One or two sentences under the headline; also the description in feeds "
            "and social cards. Plain text."
        ),
    )
    body = CleanTextField(
        blank=True,
        help_text=_(
            "The article. Sub-headings, lists, links, quotes and images are kept; "
            "everything else is removed when saved."
        ),
    )
    lead_image = models.ForeignKey(
        "media.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_articles",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(
        through=TaggedArticle, blank=True, help_text=_("A few topics, separated by commas.")
    )
    # Tag names copied onto the row so the stored search vector can include them.
    tag_names = models.TextField(blank=True, default="", editable=False)
    # The byline copied onto the row, for the same reason; kept current by ``save`` and by
    # ``AuthorProfile.save``.
    author_name = models.CharField(max_length=100, blank=True, default="", editable=False)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("When readers first see it. A future time schedules the article."),
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        editable=False,
    )
    review_note = CleanTextField(
        blank=True,
        help_text=_("The moderator's note to the writer; required when rejecting."),
    )
    top_rank = models.PositiveSmallIntegerField(
        _("Top News position"),
        null=True,
        blank=True,
        help_text=_("Editor's pick: 1 is the first Top News story. Empty leaves it to readership."),
    )
    top_until = models.DateTimeField(
        _("Top News pick ends"),
        null=True,
        blank=True,
        help_text=_(
            "After this time the pick lapses and readership decides again. Empty: "
            "until it is removed."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Who saved it last; named when a stale edit is refused."),
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on every save; refuses a stale edit.")
    )
    # The "Related" articles, best first, chosen by the write path whenever the article is
    # saved as published (``refresh_related``), so the article page reads them with the row
    # instead of ranking tag links on every render. None until then (the page ranks live).
    related_ids = ArrayField(models.PositiveIntegerField(), null=True, blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=headline_search_vector()
        + SearchVector("body", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Search ranks by this one: title, tags and summary, small enough to stay in the row.
    # Ranking by ``search_vector`` means reading each match's whole-body vector out of
    # TOAST storage, about ten times slower; a match found only in the body ranks after
    # them, newest first.
    rank_vector = models.GeneratedField(
        expression=headline_search_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ArticleQuerySet.as_manager()

    # The status the row had when it was read from the database (None for a new article):
    # an unpublish changes public pages although the article is no longer published.
    loaded_status = None
    # What decides the public pages an article is on, as read from the database (or last
    # saved): moving an article to another section changes the old section's pages too.
    loaded_state = None
    PAGE_FIELDS = ("status", "published_at", "section_id", "author_id", "top_rank")

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("moderate_article", "Can review, publish, schedule, reject and unpublish articles"),
            ("pick_top_news", "Can pick articles for Top News"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["section", "slug"], name="unique_slug_per_section"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_time",
            ),
            # One story per Top News position (empty positions are NULL, never equal).
            models.UniqueConstraint(fields=["top_rank"], name="unique_top_news_position"),
        ]
        indexes = [
            # Latest News, section, author and archive listings of public articles.
            models.Index(
                fields=["-published_at", "-id"],
                name="article_public_latest",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["section", "-published_at", "-id"],
                name="article_public_section",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["author", "-published_at", "-id"],
                name="article_public_author",
                condition=Q(status="published"),
            ),
            # The moderators' review queue: submitted, oldest first.
            models.Index(fields=["status", "submitted_at"], name="article_review_queue"),
            models.Index(fields=["author", "status"], name="article_author_status"),
            GinIndex(fields=["search_vector"], name="article_search"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The byline is looked up only when the author is new or changed (two queries).
        update_fields = kwargs.get("update_fields")
        author_changed = self._state.adding or self.author_id != getattr(
            self, "_saved_author_id", None
        )
        if author_changed and (update_fields is None or "author" in update_fields):
            self.author_name = self.author.display_name
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "author_name"}
        super().save(*args, **kwargs)
        self._saved_author_id = self.author_id
        self.loaded_status = self.status
        self.loaded_state = {name: self.__dict__.get(name) for name in self.PAGE_FIELDS}

    def get_absolute_url(self):
        return reverse_with_slug("articles:article", self.slug, section_slug=self.section.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article.loaded_status = article.__dict__.get("status")
        article._saved_author_id = article.__dict__.get("author_id")
        article.loaded_state = {name: article.__dict__.get(name) for name in cls.PAGE_FIELDS}
        return article

    @property
    def kicker(self):
        """The label before the headline, e.g. “Op-Ed:”; empty for plain news."""
        return self.KICKERS[self.kind]

    @property
    def is_opinion(self):
        return self.kind == self.Kind.OP_ED

    @property
    def is_public(self):
        """Readers can see it: published and its publication time has come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        """Published with a publication time still to come (readers cannot see it yet)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def was_updated(self):
        """Edited noticeably after publication (shown as “Updated …”)."""
        return self.published_at is not None and self.updated_at - self.published_at > timedelta(
            minutes=5
        )

    def refresh_tag_names(self):
        """Copy the tag names onto the row, so the stored search vector includes them."""
        self.tag_names = " ".join(sorted(tag.name for tag in self.tags.all()))
        Article.objects.filter(pk=self.pk).update(tag_names=self.tag_names)

    def choose_related(self):
        """The ids of this article's "Related" articles, best first; None unless it is
        published (its tags are read through ``tags.all()``, prefetched or not)."""
        if self.status != Status.PUBLISHED:
            return None
        tag_ids = [tag.pk for tag in self.tags.all()]
        return list(
            Article.objects.related_ids(self, tag_ids, limit=RELATED_STORED).values_list(
                "content_object_id", flat=True
            )
        )

    def refresh_related(self):
        """Choose and store the "Related" articles (``related_ids``). Called by the write
        path after the tags are set; the page leaves out any that is no longer public."""
        self.related_ids = self.choose_related()
        Article.objects.filter(pk=self.pk).update(related_ids=self.related_ids)

    def disclaimer(self, site_settings=None):
        """The disclaimer for this article's kind; an op-ed always has one."""
        site_settings = site_settings or SiteSettings.load()
        return site_settings.disclaimer_for(self.kind)


class ArticleRedirect(models.Model):
    """An old public address of an article, kept when its slug or section changes (301)."""

    old_path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return f"{self.old_path} → {self.article}"


class SearchTerm(models.Model):
    """A word found in public articles: the vocabulary "Did you mean …" suggests from.

    Words are added when an article is published (``articles.search.learn_words``) and
    recounted from scratch by ``manage.py rebuild_search_terms``. The trigram index that
    finds close words is made by migration 0007, where pg_trgm is available.
    """

    word = models.CharField(max_length=40, unique=True)
    articles = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "Public articles using the word at the last rebuild, plus those published "
            "since; of two equally close words, the commoner one is suggested."
        ),
    )

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word
