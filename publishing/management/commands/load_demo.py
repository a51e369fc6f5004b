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
from articles.invalidation import purge_after_commit
from articles.models import Article, Section
from articles.search import rebuild_vocabulary
from media.models import Image
from publishing import services
from publishing.management.commands import _demo_art as art
from publishing.management.commands import _demo_content as content
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


def slug_for(title):
    from django.utils.text import slugify

    return slugify(title)[:80].strip("-")


class Command(BaseCommand):
    help = "Load the demo newsroom: sections, six authors, about sixty articles, pictures, reads."

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
            created = self.load_articles()
            created += self.load_unpublished()
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

    # Articles -----------------------------------------------------------------------------

    def load_articles(self):
        now = timezone.now()
        created = 0
        same_section = {}
        for index, (section_slug, kind, username, title, dek, tags) in enumerate(content.ARTICLES):
            published_at = now - timedelta(hours=1.5 + index * 6.5, minutes=index * 7 % 60)
            article, was_created = self.article(
                section_slug,
                kind,
                username,
                title,
                dek,
                tags,
                index,
                status=Article.Status.PUBLISHED,
                published_at=published_at,
                link_to=same_section.get(section_slug),
                with_image=index % 7 != 5,
            )
            same_section.setdefault(section_slug, article)
            created += was_created
        return created

    def load_unpublished(self):
        now = timezone.now()
        created = 0
        for offset, (state, section_slug, kind, username, title, dek, tags) in enumerate(
            content.UNPUBLISHED
        ):
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
                    "submitted_at": now - timedelta(hours=3 + offset),
                }
            _, was_created = self.article(
                section_slug,
                kind,
                username,
                title,
                dek,
                tags,
                100 + offset,
                with_image=state == "scheduled",
                **fields,
            )
            created += was_created
        return created

    def article(
        self,
        section_slug,
        kind,
        username,
        title,
        dek,
        tags,
        index,
        *,
        with_image,
        link_to=None,
        **fields,
    ):
        section = self.sections[section_slug]
        slug = slug_for(title)
        existing = Article.objects.filter(section=section, slug=slug).first()
        if existing is not None:
            return existing, False
        if index == 1:
            body = content.FEATURED_OP_ED_BODY.strip()
        else:
            body = self.body(section_slug, index, link_to)
        status, published_at = fields.pop("status"), fields.pop("published_at")
        article = services.import_article(
            Article(
                kind=kind,
                title=title,
                slug=slug,
                dek=dek,
                body=body,
                section=section,
                author=self.authors[username],
                lead_image=self.picture(section_slug, index, title) if with_image else None,
                **fields,
            ),
            self.desk,
            tags=tags,
            status=status,
            published_at=published_at,
        )
        if article.published_at:
            # Look as if last saved when published; every ninth story has a later correction.
            updated_at = article.published_at + timedelta(
                hours=3 if index % 9 == 4 else 0, minutes=1
            )
            Article.objects.filter(pk=article.pk).update(updated_at=min(updated_at, timezone.now()))
        return article, True

    def body(self, section_slug, index, link_to):
        rng = random.Random(SEED + index)
        paragraphs = content.PARAGRAPHS[section_slug][:]
        rng.shuffle(paragraphs)
        headings = content.SUB_HEADINGS[section_slug][:]
        rng.shuffle(headings)
        length = 3 + index % 4  # three to six paragraphs
        parts = []
        for position, paragraph in enumerate(paragraphs[:length]):
            if position in (2, 4):
                parts.append(f"<h2>{escape(headings[position // 2 - 1])}</h2>")
            parts.append(f"<p>{escape(paragraph)}</p>")
        if index % 5 == 2:
            parts.insert(2, f"<blockquote><p>{escape(paragraphs[-1])}</p></blockquote>")
        if link_to is not None:
            url = reverse(
                "articles:article",
                kwargs={"section_slug": link_to.section.slug, "slug": link_to.slug},
            )
            parts.append(f'<p>Read more: <a href="{url}">{escape(link_to.title)}</a>.</p>')
        return "\n".join(parts)

    def picture(self, section_slug, index, title):
        file, alt_text = art.landscape(section_slug, SEED + index, size=PICTURE_SIZE)
        image = Image(
            alt_text=alt_text,
            caption=f"An illustration for “{title}”.",
            credit="Illustration: Newsroom demo art",
        )
        image.file.save(file.name, file, save=False)
        image.save()
        return image

    # Top News ------------------------------------------------------------------------------

    def load_picks_and_reads(self):
        Article.objects.exclude(top_rank=None).update(top_rank=None)
        for rank, title in enumerate(content.EDITORS_PICKS, start=1):
            Article.objects.filter(title=title).update(top_rank=rank)
        # Queryset updates send no signals: ask for the purge they would have caused.
        purge_after_commit()
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
