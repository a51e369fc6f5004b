from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.querysets import ArticleQuerySet

# First path segments the site uses for itself; a section cannot take one of them,
# because article URLs are /<section>/<slug>/.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "archive",
        "author",
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
        raise ValidationError(f"“{value}” is used by the site itself; choose another slug.")


class Section(models.Model):
    """A department of the paper (Politics, World, …): navigation, listings and URLs."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[validate_section_slug],
        help_text="Part of every article address in this section: /<slug>/<article>/.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the section page and in its feed."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the site navigation; lower comes first."
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
        return reverse("articles:section", kwargs={"slug": self.slug})

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


class SiteSettings(models.Model):
    """The one row of site-wide settings a site admin edits in the admin."""

    CACHE_KEY = "articles:site-settings"

    site_name = models.CharField(max_length=100, default="Newsroom")
    tagline = models.CharField(max_length=200, blank=True, default="Independent news and opinion")
    op_ed_disclaimer = models.TextField(
        "op-ed disclaimer",
        default=(
            "This opinion article was written by an independent writer. The opinions and "
            "views expressed herein are those of the author and are not necessarily intended "
            "to reflect those of {site_name}."
        ),
        help_text="Shown under every op-ed. {site_name} is replaced by the site name.",
    )
    analysis_disclaimer = models.TextField(
        blank=True,
        default="",
        help_text="Shown under analysis pieces when set. {site_name} is replaced.",
    )
    press_release_disclaimer = models.TextField(
        blank=True,
        default=(
            "This is a press release. {site_name} publishes it as received and has not "
            "verified its claims."
        ),
        help_text="Shown under press releases when set. {site_name} is replaced.",
    )
    twitter_handle = models.CharField(
        max_length=15, blank=True, help_text="The site's account without the @ (Twitter card)."
    )
    top_news_window_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Top News counts reads over this many hours."
    )
    language = models.CharField(
        max_length=10, default="en", help_text="Language code of the publication (news sitemap)."
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        """The settings row, from the cache when possible (created on first use)."""
        site_settings = cache.get(cls.CACHE_KEY)
        if site_settings is None:
            site_settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, site_settings, 60 * 60)
        return site_settings

    def disclaimer_for(self, kind):
        """The disclaimer printed under an article of ``kind``, with the site name filled in."""
        text = {
            Article.Kind.OP_ED: self.op_ed_disclaimer,
            Article.Kind.ANALYSIS: self.analysis_disclaimer,
            Article.Kind.PRESS_RELEASE: self.press_release_disclaimer,
        }.get(kind, "")
        return text.replace("{site_name}", self.site_name)


class Image(models.Model):
    """An uploaded picture with its credit and the renditions the site serves."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG or WebP, at most 20 MB and 40 megapixels.",
    )
    alt_text = models.CharField(
        max_length=250,
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Plain text under the image.")
    credit = models.CharField(
        max_length=120, blank=True, help_text="Photographer or agency, e.g. “Photo: A. Berg”."
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    renditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Generated on upload: [{width, height, webp, jpeg}] with media-relative paths.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"])]

    def __str__(self):
        return self.alt_text[:60]

    def save(self, *args, **kwargs):
        """Save, then write the renditions once if the picture itself is new or replaced."""
        from articles.images import create_renditions  # images imports nothing from here

        file_changed = self._state.adding or self.file.name != getattr(
            self, "_saved_file_name", None
        )
        super().save(*args, **kwargs)
        if file_changed or not self.renditions:
            self.renditions = create_renditions(self)
            Image.objects.filter(pk=self.pk).update(renditions=self.renditions)
        self._saved_file_name = self.file.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_file_name = instance.__dict__.get("file")
        return instance

    def _rendition(self, index):
        return self.renditions[index] if self.renditions else None

    @property
    def srcset_webp(self):
        """``srcset`` value of the WebP renditions: ``<source type="image/webp" srcset=…>``."""
        from articles.images import srcset

        return srcset(self.renditions, "webp")

    @property
    def srcset_jpeg(self):
        """``srcset`` value of the JPEG fallbacks, for the ``<img>`` itself."""
        from articles.images import srcset

        return srcset(self.renditions, "jpeg")

    @property
    def src(self):
        """A mid-sized JPEG for ``<img src>`` (browsers without srcset, feeds, social cards)."""
        rendition = self._rendition(min(1, len(self.renditions) - 1))
        return default_storage.url(rendition["jpeg"]) if rendition else self.file.url

    @property
    def largest_src(self):
        """The widest JPEG rendition (OpenGraph image, JSON-LD)."""
        rendition = self._rendition(-1)
        return default_storage.url(rendition["jpeg"]) if rendition else self.file.url

    @property
    def thumbnail_src(self):
        """The narrowest JPEG rendition (admin lists, small cards)."""
        rendition = self._rendition(0)
        return default_storage.url(rendition["jpeg"]) if rendition else self.file.url


class TaggedArticle(TaggedItemBase):
    """Tag links with a real foreign key (indexed joins), instead of taggit's generic one."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tagged article"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


# The text search configuration of the stored vectors and of every query: English stemming
# after accent folding ("cafe" finds "café"), created by migration 0005.
SEARCH_CONFIG = "newsroom"


def headline_search_vector():
    """Title (weight A), tags, summary and author (weight B): what search ranks by."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tag_names", weight="B", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("author_name", weight="B", config=SEARCH_CONFIG)
    )


class Article(models.Model):
    """A news article, op-ed, analysis or press release, from draft to publication."""

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        OP_ED = "op_ed", "Op-Ed"
        ANALYSIS = "analysis", "Analysis"
        PRESS_RELEASE = "press_release", "Press release"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        UNPUBLISHED = "unpublished", "Unpublished"

    KICKERS = {
        Kind.NEWS: "",
        Kind.OP_ED: "Op-Ed:",
        Kind.ANALYSIS: "Analysis:",
        Kind.PRESS_RELEASE: "Press release:",
    }

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(max_length=200, help_text="The headline, plain text.")
    slug = models.SlugField(
        max_length=200,
        allow_unicode=False,
        help_text="The last part of the address. Made from the title; keep it once published.",
    )
    dek = models.TextField(
        "summary",
        max_length=400,
        blank=True,
        help_text="One or two sentences under the headline; also the description in feeds "
        "and social cards. Plain text.",
    )
    body = models.TextField(
        blank=True,
        help_text="The article. Sub-headings, lists, links, quotes and images are kept; "
        "everything else is removed when saved.",
    )
    lead_image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="lead_articles"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(
        through=TaggedArticle, blank=True, help_text="A few topics, separated by commas."
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
        "publication time",
        null=True,
        blank=True,
        help_text="When readers first see it. A future time schedules the article.",
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
    review_note = models.TextField(
        blank=True,
        help_text="The moderator's note to the writer; required when rejecting.",
    )
    top_rank = models.PositiveSmallIntegerField(
        "Top News position",
        null=True,
        blank=True,
        help_text="Editor's pick: 1 is the first Top News story. Empty leaves it to readership.",
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
        help_text="Who saved it last; named when a stale edit is refused.",
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every save; refuses a stale edit."
    )
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
            models.Index(
                fields=["top_rank"], name="article_top_pick", condition=Q(top_rank__isnull=False)
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

    def get_absolute_url(self):
        return reverse(
            "articles:article",
            kwargs={"section_slug": self.section.slug, "slug": self.slug},
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._saved_author_id = article.__dict__.get("author_id")
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
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

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
    finds close words is made by migration 0005, where pg_trgm is available.
    """

    word = models.CharField(max_length=40, unique=True)
    articles = models.PositiveIntegerField(
        default=0,
        help_text="Public articles using the word at the last rebuild, plus those published "
        "since; of two equally close words, the commoner one is suggested.",
    )

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class DailyReads(models.Model):
    """How often an article was read on one day; Top News ranks by these counts."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_reads")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily reads"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="unique_reads_per_day")
        ]
        indexes = [models.Index(fields=["day", "article"])]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.count}"


class TransitionLog(models.Model):
    """The audit trail: one row for every workflow transition, who did it and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.article_id} by {self.actor_id}"
