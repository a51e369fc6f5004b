"""Test data: one factory per model, producing valid, made-up content."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import AuthorProfile, User
from articles.models import Article, Section
from media.models import Image
from media.tasks import create_image_renditions


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class AuthorProfileFactory(DjangoModelFactory):
    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Writer Number {n}")
    slug = factory.Sequence(lambda n: f"writer-number-{n}")
    bio = "Covers the city council and the port."


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image
        skip_postgeneration_save = True

    file = factory.django.ImageField(width=1200, height=800, color="teal", format="JPEG")
    alt_text = "A harbour crane against an evening sky"
    caption = "The new crane at the east quay."
    credit = "Photo: Newsroom staff"

    @factory.post_generation
    def renditions(image, create, extracted, **kwargs):
        """Made as the worker would once the upload commits (pass ``renditions=False`` for a
        picture still being processed)."""
        if create and extracted is not False and not image.renditions:
            create_image_renditions.call(image.pk, image.file.name)
            image.refresh_from_db(fields=["renditions", "crops"])


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    kind = Article.Kind.NEWS
    title = factory.Sequence(lambda n: f"Council approves harbour plan, part {n}")
    slug = factory.Sequence(lambda n: f"council-approves-harbour-plan-{n}")
    dek = "The vote ends two years of debate over the east quay."
    body = (
        "<p>The council voted on Tuesday.</p>"
        "<h2>What happens next</h2><p>Work starts in spring.</p>"
    )
    author = factory.LazyFunction(lambda: AuthorProfileFactory().user)
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.refresh_tag_names()
