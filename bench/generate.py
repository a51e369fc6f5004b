"""Fill the benchmark database with a newsroom-sized archive, fast.

    .venv/bin/python bench/generate.py --articles 100000

100,000 articles across 8 sections by 500 authors with profiles, 2,000 tags used with a
long-tail distribution (3 to 8 per article), ~800-word bodies, a handful of real images with
renditions shared by most articles, op-eds, analyses and press releases among them, a few
drafts, submissions and scheduled pieces, editor's picks and read counts for Top News.

Rows go in with PostgreSQL ``COPY`` with explicit ids (no round trip per row); the secondary
indexes of the two big tables are dropped first and rebuilt afterwards, then ``ANALYZE``.
It replaces whatever content the database had, so it refuses a database whose name does
not contain "bench" or "test". The default database is ``BENCH_DATABASE_URL`` (see
bench/environment.py).
"""

import argparse
import io
import itertools
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment
from bench.text import TextGenerator, zipf_weights

SECTIONS = [
    ("Politics", "politics"),
    ("World", "world"),
    ("Business", "business"),
    ("Science", "science"),
    ("Culture", "culture"),
    ("Sport", "sport"),
    ("Opinion", "opinion"),
    ("City", "city"),
]
# Share of each kind among articles; op-eds cluster in the Opinion section.
KIND_WEIGHTS = {"news": 80, "op_ed": 12, "analysis": 6, "press_release": 2}
# Share of each status; "scheduled" is published with a publication time in the future.
STATUS_WEIGHTS = {"published": 970, "draft": 10, "submitted": 10, "unpublished": 5, "scheduled": 5}
IMAGE_COUNT = 6
ARCHIVE_YEARS = 10


def log(message, started):
    print(f"[{time.monotonic() - started:6.1f} s] {message}", flush=True)


def copy_rows(cursor, model, rows):
    """COPY ``rows`` (dicts by column name) into ``model``'s table.

    Columns the dict does not name get the field's default, so a column another part of
    the project adds later does not break the generator; generated columns are skipped.
    """
    from django.db import models

    fields = [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.GeneratedField)
    ]
    columns = [field.column for field in fields]
    defaults = {}
    for field in fields:
        if field.has_default():
            default = field.get_default()
            defaults[field.column] = default
        elif field.null:
            defaults[field.column] = None
        else:
            defaults[field.column] = "" if field.empty_strings_allowed else None
    table = model._meta.db_table
    column_list = ", ".join(f'"{column}"' for column in columns)
    count = 0
    with cursor.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
        for row in rows:
            values = []
            for column in columns:
                value = row[column] if column in row else defaults[column]
                if isinstance(value, list | dict):
                    value = json.dumps(value)
                values.append(value)
            copy.write_row(values)
            count += 1
    return count


def secondary_indexes(cursor, table):
    """(name, definition) of the indexes of ``table`` that no constraint owns."""
    cursor.execute(
        """
        SELECT index_class.relname, pg_get_indexdef(index_class.oid)
        FROM pg_index
        JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
        WHERE pg_index.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = pg_index.indexrelid)
        """,
        [table],
    )
    return cursor.fetchall()


def make_images(text, uploaded_by_id):
    """A handful of real pictures, saved through the model, with their renditions written by
    the site's own task (run here, so the archive needs no worker); most articles share
    them. Returns their ids."""
    from django.core.files.base import ContentFile
    from PIL import Image as Picture
    from PIL import ImageDraw

    from media.models import Image
    from media.tasks import create_image_renditions

    palette = [(32, 84, 120), (150, 60, 40), (40, 110, 70), (90, 70, 130), (180, 140, 40)]
    ids = []
    for number in range(1, IMAGE_COUNT + 1):
        picture = Picture.new("RGB", (1600, 1067), palette[number % len(palette)])
        draw = ImageDraw.Draw(picture)
        for stripe in range(0, 1600, 80):
            draw.rectangle([stripe, 0, stripe + 30, 1067], fill=palette[(number + 2) % 5])
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=80)
        image = Image(
            alt_text=f"Striped test picture number {number} in two colours",
            caption=text.sentence(8, 14),
            credit="Photo: Newsroom bench",
            uploaded_by_id=uploaded_by_id,
        )
        image.file.save(f"bench-picture-{number}.jpg", ContentFile(buffer.getvalue()), save=False)
        # FieldFile.save() on a new instance leaves the dimensions empty, and an Image with
        # empty dimensions opens its file on every load (ImageField's post_init): set them.
        image.width, image.height = picture.size
        image.save()
        create_image_renditions.call(image.pk, image.file.name)
        ids.append(image.pk)
    return ids


def store_related(cursor, table, tagged_table, now):
    """Store every published article's "Related" ids, as the write path does at publication
    (``Article.choose_related``), by the same rule computed here in memory: the site's query,
    run once per article, would take most of an hour at 100,000 articles.

    The rule: candidates are the ``RELATED_CANDIDATES_PER_TAG`` newest articles of each of
    the article's tags; each public candidate scores the number of tags it shares; best
    first, newest first on ties, ``RELATED_STORED`` of them.
    """
    import heapq
    from collections import defaultdict

    from articles.models import RELATED_STORED
    from articles.querysets import RELATED_CANDIDATES_PER_TAG

    cursor.execute(f'SELECT content_object_id, tag_id FROM "{tagged_table}"')  # noqa: S608
    tags_of = defaultdict(set)
    articles_of = defaultdict(list)
    for article_id, tag_id in cursor.fetchall():
        tags_of[article_id].add(tag_id)
        articles_of[tag_id].append(article_id)
    newest = {
        tag_id: heapq.nlargest(RELATED_CANDIDATES_PER_TAG, ids)
        for tag_id, ids in articles_of.items()
    }
    cursor.execute(f'SELECT id, published_at FROM "{table}" WHERE status = %s', ["published"])  # noqa: S608
    published = dict(cursor.fetchall())
    public = {pk: at for pk, at in published.items() if at <= now}
    rows = []
    for article_id in published:
        tags = tags_of.get(article_id, set())
        candidates = {pk for tag_id in tags for pk in newest[tag_id]}
        candidates.discard(article_id)
        ranked = heapq.nlargest(
            RELATED_STORED,
            ((len(tags & tags_of[pk]), public[pk], pk) for pk in candidates if pk in public),
        )
        rows.append(f"{article_id}\t{{{','.join(str(pk) for *_, pk in ranked)}}}\n")
    cursor.execute("CREATE TEMPORARY TABLE related_ids (id integer, ids integer[]) ON COMMIT DROP")
    with cursor.copy("COPY related_ids (id, ids) FROM STDIN") as copy:
        copy.write("".join(rows))
    cursor.execute(
        f'UPDATE "{table}" SET related_ids = related_ids.ids FROM related_ids '  # noqa: S608
        f'WHERE "{table}".id = related_ids.id'
    )
    return len(rows)


def generate(articles=100_000, authors=500, tags=2_000, seed=8, verbose=True):
    """Replace the content of the configured database with a generated archive."""
    from django.db import connection, transaction
    from django.utils.text import slugify
    from taggit.models import Tag

    from accounts.models import AuthorProfile, User
    from articles.models import Article, Section, TaggedArticle
    from articles.search import rebuild_vocabulary
    from masthead.models import SiteSettings
    from media.models import Image
    from readership.models import DailyReads

    clock = time.monotonic()

    def say(message):
        if verbose:
            log(message, clock)

    rng = random.Random(seed)
    text = TextGenerator(seed=seed, paragraph_pool=min(4000, max(200, articles // 10)))
    now = datetime.now(tz=UTC).replace(microsecond=0)
    article_table = Article._meta.db_table
    tagged_table = TaggedArticle._meta.db_table

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            "TRUNCATE {} RESTART IDENTITY CASCADE".format(
                ", ".join(
                    f'"{model._meta.db_table}"'
                    for model in (Article, TaggedArticle, Tag, Image, Section, User)
                )
            )
        )
        dropped = secondary_indexes(cursor, article_table) + secondary_indexes(cursor, tagged_table)
        for name, _definition in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
        say(f"emptied the archive, dropped {len(dropped)} indexes for the load")

        # Sections, authors with profiles (plus one moderator who uploads the pictures).
        copy_rows(
            cursor,
            Section,
            (
                {
                    "id": number,
                    "name": name,
                    "slug": slug,
                    "description": text.sentence(),
                    "order": number,
                }
                for number, (name, slug) in enumerate(SECTIONS, start=1)
            ),
        )
        user_rows = []
        profile_rows = []
        for number in range(1, authors + 2):
            first, last = text.person(number)
            username = f"{slugify(first)}.{slugify(last)}.{number}"
            user_rows.append(
                {
                    "id": number,
                    "password": "!",  # unusable: nobody logs in as a generated writer
                    "username": username,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.test",
                    "is_staff": True,
                    "is_active": True,
                    "is_superuser": False,
                    "date_joined": now - timedelta(days=ARCHIVE_YEARS * 366),
                }
            )
            if number <= authors:
                profile_rows.append(
                    {
                        "id": number,
                        "user_id": number,
                        "display_name": f"{first} {last}",
                        "slug": f"{slugify(first)}-{slugify(last)}-{number}",
                        "bio": text.sentence(14, 24),
                        "twitter_handle": f"{slugify(first)}{number}"[:15],
                    }
                )
        copy_rows(cursor, User, user_rows)
        copy_rows(cursor, AuthorProfile, profile_rows)
        moderator_id = authors + 1
        image_ids = make_images(text, moderator_id)

        names = text.tag_names(tags)
        copy_rows(
            cursor,
            Tag,
            (
                {"id": number, "name": name, "slug": slugify(name)}
                for number, name in enumerate(names, 1)
            ),
        )
        say(f"{len(SECTIONS)} sections, {authors} authors, {IMAGE_COUNT} images, {tags} tags")

        # Articles, oldest first, spread over ten years; the newest are from the last hours.
        # The most used tag is on about one article in eight, the rarest on a few dozen.
        tag_weights = list(itertools.accumulate(zipf_weights(tags, 1.1, offset=10)))
        tag_ids = list(range(1, tags + 1))
        author_weights = list(itertools.accumulate(zipf_weights(authors, 0.6)))
        author_ids = list(range(1, authors + 1))
        kinds, kind_weights = zip(*KIND_WEIGHTS.items(), strict=True)
        statuses, status_weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        span = timedelta(days=ARCHIVE_YEARS * 365).total_seconds()
        tag_links = []

        def article_rows():
            for number in range(1, articles + 1):
                kind = rng.choices(kinds, kind_weights)[0]
                status = rng.choices(statuses, status_weights)[0]
                section_id = 7 if kind == "op_ed" and rng.random() < 0.8 else rng.randint(1, 8)
                published_at = now - timedelta(
                    seconds=span * (articles - number) / articles + rng.randint(60, 600)
                )
                if status == "scheduled":
                    status, published_at = "published", now + timedelta(hours=rng.randint(1, 72))
                elif status in ("draft", "submitted"):
                    published_at = None
                chosen = set()
                wanted = rng.randint(3, 8)
                while len(chosen) < wanted:
                    chosen.add(rng.choices(tag_ids, cum_weights=tag_weights)[0])
                tag_links.extend((number, tag_id) for tag_id in chosen)
                title = text.headline()
                created = (published_at or now) - timedelta(hours=rng.randint(1, 48))
                author_id = rng.choices(author_ids, cum_weights=author_weights)[0]
                yield {
                    "id": number,
                    "kind": kind,
                    "title": title,
                    "slug": f"{slugify(title)[:180]}-{number}",
                    "dek": text.dek(),
                    "body": text.body(),
                    "tag_names": " ".join(sorted(names[tag_id - 1] for tag_id in chosen)),
                    "status": status,
                    "published_at": published_at,
                    "submitted_at": created if status != "draft" else None,
                    "reviewer_id": moderator_id if status in ("published", "unpublished") else None,
                    "review_note": "",
                    "top_rank": None,
                    "created_at": created,
                    "updated_at": published_at or created,
                    "version": 1,
                    "author_id": author_id,
                    "author_name": profile_rows[author_id - 1]["display_name"],
                    "section_id": section_id,
                    "lead_image_id": rng.choice(image_ids) if rng.random() < 0.85 else None,
                }

        count = copy_rows(cursor, Article, article_rows())
        say(f"{count} articles")
        copy_rows(
            cursor,
            TaggedArticle,
            (
                {"id": number, "content_object_id": article_id, "tag_id": tag_id}
                for number, (article_id, tag_id) in enumerate(tag_links, 1)
            ),
        )
        say(f"{len(tag_links)} tag links")
        related = store_related(cursor, article_table, tagged_table, datetime.now(tz=UTC))
        say(f"the related articles of {related} published articles")

        # Top News: three editor's picks and reads over the last 30 days, mostly recent.
        cursor.execute(
            f"""
            UPDATE "{article_table}" SET top_rank = pick.rank
            FROM (SELECT id, row_number() OVER (ORDER BY published_at DESC) AS rank
                  FROM "{article_table}"
                  WHERE status = 'published' AND published_at <= now()
                  ORDER BY published_at DESC LIMIT 3) AS pick
            WHERE "{article_table}".id = pick.id
            """  # noqa: S608 (our own table name)
        )
        recent = max(1, articles // 30)
        reads = (
            {
                "article_id": rng.randint(articles - recent + 1, articles),
                "day": (now - timedelta(days=day)).date(),
                "count": count,
                "readers": count * 2 // 3,
            }
            for day in range(30)
            for _ in range(min(1000, recent))
            for count in [int(rng.paretovariate(1.2) * 20)]
        )
        seen = set()
        unique_reads = []
        for number, row in enumerate(reads, 1):
            if (row["article_id"], row["day"]) not in seen:
                seen.add((row["article_id"], row["day"]))
                unique_reads.append({"id": number, **row})
        copy_rows(cursor, DailyReads, unique_reads)
        say(f"{len(unique_reads)} daily read counts")

        # Check the deferred foreign keys now: an index cannot be built while they are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in dropped:
            cursor.execute(definition)
        say(f"rebuilt {len(dropped)} indexes")

        from django.core.management.color import no_style

        for statement in connection.ops.sequence_reset_sql(
            no_style(),
            [Section, User, AuthorProfile, Image, Tag, Article, TaggedArticle, DailyReads],
        ):
            cursor.execute(statement)
        SiteSettings.objects.get_or_create(pk=1)
        say(f"{rebuild_vocabulary()} words in the search vocabulary")

    with connection.cursor() as cursor:
        # VACUUM also sets the visibility map, so counts can use index-only scans, as they
        # do on a live site after autovacuum; inside a transaction (tests) ANALYZE only.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    say("vacuumed and analysed")

    from django.core.cache import cache

    from articles.caching import purge_public_pages

    cache.delete(Section.NAVIGATION_CACHE_KEY)
    cache.delete(SiteSettings.CACHE_KEY)
    purge_public_pages()
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--authors", type=int, default=500)
    parser.add_argument("--tags", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=8)
    options = parser.parse_args(argv)

    url = environment.database_url()
    name = environment.database_name(url)
    if "bench" not in name and "test" not in name:
        parser.error(f"refusing to replace the content of database “{name}” (not a bench database)")
    environment.ensure_database(url)
    environment.setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate(options.articles, options.authors, options.tags, options.seed)


if __name__ == "__main__":
    main()
