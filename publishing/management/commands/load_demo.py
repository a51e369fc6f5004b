"""`manage.py load_demo`: an invented newsroom, so every public page looks real.

Idempotent: running it again adds nothing twice (existing articles, authors and pictures are
kept; today's read counts are refreshed so Top News stays populated). Development only: it
refuses to run with DEBUG off, because its logins have passwords printed in this file (the
deploy check ``publishing.E001`` also fails while any of them still works).
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AuthorProfile
from articles.caching import SITE_KEY
from articles.invalidation import purge_after_commit
from articles.models import Article, Section
from articles.search import rebuild_vocabulary
from media.models import Image
from media.tasks import create_image_renditions
from publishing import services
from publishing.management.commands import _demo_art as art
from publishing.management.commands import _demo_content as content
from publishing.management.commands import _demo_text as text
from readership.models import DailyReads

DEMO_LOGINS = [
    # username, password (development only), role
    ("writer", "writer-demo-2026", "writer"),
    ("moderator", "moderator-demo-2026", "moderator"),
    ("admin", "admin-demo-2026", "admin"),
]
SEED = 20261125
# Big enough for a sharp lead image on a laptop, small enough to load the demo in seconds.
PICTURE_SIZE = (960, 540)
PICTURES_PER_SECTION = 5


def slug_for(title):
    from django.utils.text import slugify

    return slugify(title)[:80].strip("-")


class Command(BaseCommand):
    help = "Load the demo newsroom: sections, eight authors, about 320 articles, pictures, reads."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo fills the site with invented articles and logins with known "
                "passwords, so it runs only in development (DEBUG on). Refusing with DEBUG off."
            )
        started = time.monotonic()
        self.rng = random.Random(SEED)
        with transaction.atomic():
            self.sections = self.load_sections()
            self.authors = self.load_authors()
            self.desk = self.load_desk()
            self.library = self.load_pictures()
            created = self.load_articles()
            self.load_picks_and_reads()
            rebuild_vocabulary()
            logins = self.load_logins()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {created} new articles "
                f"({Article.objects.published().count()} public) in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
        if logins:
            self.stdout.write("Demo logins (development only):")
            for username, password, role in logins:
                self.stdout.write(f"  {role:<10} {username} / {password}")

    # Sections and people ------------------------------------------------------------------

    def load_sections(self):
        sections = {}
        for order, (slug, name, description) in enumerate(content.SECTIONS):
            section, _ = Section.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
            sections[slug] = section
        return sections

    def load_authors(self):
        User = get_user_model()
        authors = {}
        for username, name, slug, bio, twitter, colours in content.AUTHORS:
            first_name, last_name = name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{slug}@example.test",
                },
            )
            if created:
                user.set_unusable_password()
                user.save()
            profile, _ = AuthorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": name,
                    "slug": slug,
                    "bio": bio,
                    "twitter_handle": twitter,
                },
            )
            if not profile.photo:
                initials = "".join(part[0] for part in name.split())
                profile.photo.save(f"{slug}.jpg", art.portrait(initials, colours), save=True)
            self.grant("writer", user)
            authors[username] = user
        return authors

    def load_desk(self):
        """The account the demo articles are imported under (a moderator who cannot log in)."""
        desk, created = get_user_model().objects.get_or_create(
            username="demo-desk", defaults={"first_name": "Demo", "last_name": "Desk"}
        )
        if created:
            desk.set_unusable_password()
            desk.save()
        self.grant("moderator", desk)
        return desk

    def grant(self, role, user):
        from accounts import roles

        if role == "writer":
            roles.make_writer(user)
        elif role == "moderator":
            roles.make_moderator(user)

    def load_logins(self):
        from accounts import roles

        User = get_user_model()
        logins = []
        for username, password, role in DEMO_LOGINS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.test"}
            )
            if role == "moderator" and not user.first_name:
                user.first_name, user.last_name = "Sam", "Okafor"
            if role == "admin":
                user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            self.grant(role, user)
            roles.confirm_email_address(user)
            logins.append((username, password, role))
        return logins

    # Pictures -----------------------------------------------------------------------------

    def load_pictures(self):
        """A small library of pictures per section, shared by stories as file photos are."""
        library = {}
        for section_slug, _, _ in content.SECTIONS:
            section_name = self.sections[section_slug].name
            library[section_slug] = [
                self.picture(section_slug, number, section_name)
                for number in range(1, PICTURES_PER_SECTION + 1)
            ]
        return library

    def picture(self, section_slug, number, section_name):
        caption = f"Newsroom demo art: {section_name}, picture {number}."
        image = Image.objects.filter(caption=caption).first()
        if image is None:
            seed = SEED + sum(map(ord, section_slug)) * 100 + number
            file, alt_text = art.landscape(section_slug, seed, size=PICTURE_SIZE)
            image = Image(
                alt_text=alt_text, caption=caption, credit="Illustration: Newsroom demo art"
            )
            image.file.save(file.name, file, save=False)
            image.save()  # enqueues the renditions, as an upload in the admin does
        if not image.renditions:
            # The stories' figures need them now, before any worker runs: make them here as
            # the worker would (the enqueued task then finds them made).
            create_image_renditions.call(image.pk, image.file.name)
            image.refresh_from_db(fields=["renditions", "crops"])
        return image

    # Articles -----------------------------------------------------------------------------

    def load_articles(self):
        """Save every story the generator writes that is not in the database yet."""
        now = timezone.now()
        writer, stories = text.published_stories(SEED)
        rows = []
        for story in stories:
            published_at = now - timedelta(hours=story.hours_ago)
            fields = {"status": Article.Status.PUBLISHED, "published_at": published_at}
            rows.append((story, fields))
        for state, story in text.unpublished_stories(writer):
            fields = {"status": Article.Status.DRAFT, "published_at": None}
            if state == "scheduled":
                fields = {
                    "status": Article.Status.PUBLISHED,
                    "published_at": now + timedelta(days=1, hours=9),
                }
            elif state == "submitted":
                fields = {
                    "status": Article.Status.SUBMITTED,
                    "published_at": None,
                    "submitted_at": now - timedelta(hours=3 + story.position % 10),
                }
            rows.append((story, fields))
        return self.save_stories(rows, now)

    def save_stories(self, rows, now):
        """Save each new story through the write service, as any imported article is saved
        (sanitised body, tags and tag_names, version, history), then date its last edit."""
        existing = set(Article.objects.values_list("section__slug", "slug"))
        planned, previous_in_section, created = set(), {}, 0
        for story, fields in reversed(rows):  # oldest first, so each links to an older one
            slug = base = slug_for(story.title)
            number = 2
            while (story.section, slug) in planned:  # two headlines cut to one slug
                slug, number = f"{base}-{number}", number + 1
            planned.add((story.section, slug))
            link_to = previous_in_section.get(story.section)
            if fields["status"] == Article.Status.PUBLISHED:
                previous_in_section[story.section] = (story.title, slug)
            if (story.section, slug) in existing:
                continue
            status, published_at = fields.pop("status"), fields.pop("published_at")
            article = services.import_article(
                Article(
                    kind=story.kind,
                    title=story.title,
                    slug=slug,
                    dek=story.dek,
                    body=self.body_html(story, link_to),
                    section=self.sections[story.section],
                    author=self.authors[story.author],
                    lead_image=self.lead_image(story),
                    **fields,
                ),
                self.desk,
                tags=story.tags,
                status=status,
                published_at=published_at,
            )
            if published_at:
                # Look as if last saved at publication (a corrected story: later).
                updated_at = published_at + timedelta(minutes=1)
                if story.correction:
                    updated_at = self.record_correction(article, story.correction)
                Article.objects.filter(pk=article.pk).update(updated_at=min(updated_at, now))
            created += 1
        return created

    def record_correction(self, article, note):
        """A story corrected after publication shows “Updated” three hours later.

        Corrections have no model yet: when one exists, this is where the demo records
        ``note`` as the correction readers see; until then the note is not stored.
        Returns the time of the corrected edit.
        """
        return article.published_at + timedelta(hours=3)

    def lead_image(self, story):
        if story.position % 7 == 5 or story.kind == Article.Kind.PRESS_RELEASE:
            return None  # some stories have no picture, as in any newsroom
        pictures = self.library[story.section]
        return pictures[story.position % len(pictures)]

    def body_html(self, story, link_to):
        if story.body_html:
            return story.body_html
        pictures = self.library[story.section]
        parts = []
        for kind, value in story.blocks:
            if kind == "figure":
                # A different picture from the lead one, at the width the body column uses.
                picture = pictures[(story.position + 2) % len(pictures)]
                rendition = picture.renditions[min(1, len(picture.renditions) - 1)]
                parts.append(
                    f'<figure><img src="{escape(picture.src)}" alt="{escape(picture.alt_text)}"'
                    f' width="{rendition["width"]}" height="{rendition["height"]}">'
                    f"<figcaption>{escape(value)}</figcaption></figure>"
                )
            elif kind == "quote":
                parts.append(f"<blockquote><p>{escape(value)}</p></blockquote>")
            else:
                parts.append(f"<{kind}>{escape(value)}</{kind}>")
        if link_to is not None:
            title, slug = link_to
            url = reverse("articles:article", kwargs={"section_slug": story.section, "slug": slug})
            parts.append(f'<p>Earlier: <a href="{url}">{escape(title)}</a>.</p>')
        return "\n".join(parts)

    # Top News ------------------------------------------------------------------------------

    def load_picks_and_reads(self):
        Article.objects.exclude(top_rank=None).update(top_rank=None)
        for rank, title in enumerate(content.EDITORS_PICKS, start=1):
            Article.objects.filter(title=title).update(top_rank=rank)
        # Queryset updates send no signals: ask for the purge they would have caused.
        purge_after_commit([SITE_KEY])
        today = timezone.localdate()
        public = list(Article.objects.latest().values_list("pk", flat=True)[:30])
        rng = random.Random(SEED)
        for position, pk in enumerate(public):
            for day, share in ((today, 1.0), (today - timedelta(days=1), 0.6)):
                count = int(rng.randint(40, 900) * share / (1 + position * 0.15))
                if position == 1:
                    count = int(2400 * share)  # the featured op-ed is the most read
                DailyReads.objects.update_or_create(
                    article_id=pk, day=day, defaults={"count": count, "readers": count * 2 // 3}
                )
