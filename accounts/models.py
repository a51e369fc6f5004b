from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.text import slugify


class User(AbstractUser):
    """Everyone with an account: readers, writers, moderators and site admins.

    Roles are the groups "Writers" and "Moderators" (see ``accounts.roles``);
    a public byline comes from the user's ``AuthorProfile``.
    """

    email = models.EmailField("email address", blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self):
        profile = getattr(self, "profile", None)
        if profile is not None:
            return profile.display_name
        return self.get_full_name() or self.username


class AuthorProfile(models.Model):
    """The public face of someone who writes: byline, author page, feed and JSON-LD author."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        max_length=100, help_text="The name printed in bylines, e.g. “Maria Jensen”."
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The author page address: /author/<slug>/. Keep it stable once public.",
    )
    bio = models.TextField(
        "short bio", max_length=600, blank=True, help_text="Two or three sentences, plain text."
    )
    photo = models.ImageField(
        upload_to="authors/%Y/",
        blank=True,
        help_text="A square portrait works best. JPEG, PNG or WebP, at most 20 MB.",
    )
    twitter_handle = models.CharField(
        max_length=15,
        blank=True,
        help_text="Without the @, e.g. “mariajensen”. Used for the Twitter card creator.",
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = "author profile"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.display_name)[:100]
        super().save(*args, **kwargs)
        # The byline stored on each article for search follows a renamed author.
        self.user.articles.exclude(author_name=self.display_name).update(
            author_name=self.display_name
        )

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def twitter_url(self):
        return f"https://twitter.com/{self.twitter_handle}" if self.twitter_handle else ""
