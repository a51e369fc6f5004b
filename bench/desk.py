"""The newsroom desk of the newsroom-day benchmark: publishes and edits on a clock, through
the one write path (``publishing.services`` and ``publishing.workflow``), so every change
purges what it touches the way a real one does: in the app's page cache and, when
``VARNISH_PURGE_URLS`` is set, at the edge.

    .venv/bin/python bench/desk.py --every 10 --seconds 60     # a change every 10 s
    .venv/bin/python bench/desk.py --clean-up                  # delete what the desk published

Changes alternate: a new article (a writer creates and submits it, the moderator approves
it at once) and an edit of one of the newest public articles (a new summary, by the
moderator). Each prints one JSON line (what, which article, how long the write took). The
desk's own articles have slugs starting ``newsroom-day-``; ``--clean-up`` deletes them
(through the service, purging too), so the archive keeps the size bench/run.py expects.
It runs against the benchmark database with production settings (bench/environment.py).
"""

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment

SLUG_PREFIX = "newsroom-day-"
# The generated archive's writers the desk works with, and the moderator (bench/generate.py
# makes ``authors`` writers and one moderator after them).
WRITERS = 20
# An edit goes to one of this many newest public articles: what a desk updates.
EDITED_FROM_NEWEST = 20
# New articles get three of this many most used tags.
POPULAR_TAGS = 200


class Desk:
    def __init__(self, seed):
        import random

        from bench.text import TextGenerator

        self.random = random.Random(seed)
        self.text = TextGenerator(seed=seed, paragraph_pool=12)
        self.moderator, self.writers = staff()
        self.sections = list(section_ids())
        self.tags = popular_tag_names()

    def publish(self, number):
        from articles.models import Article
        from publishing import services, workflow

        writer = self.random.choice(self.writers)
        article = Article(
            title=self.text.headline().capitalize(),
            slug=f"{SLUG_PREFIX}{int(time.time())}-{number}",
            dek=self.text.dek(),
            body=self.text.body(400),
            section_id=self.random.choice(self.sections),
            author=writer,
        )
        services.create_article(article, writer, tags=self.random.sample(self.tags, 3))
        workflow.submit(article, writer)
        workflow.approve(article, self.moderator)
        return article

    def edit(self, number):
        from articles.models import Article
        from publishing import services

        newest = list(Article.objects.latest().values_list("pk", flat=True)[:EDITED_FROM_NEWEST])
        article = Article.objects.get(pk=self.random.choice(newest))
        article.dek = self.text.dek()
        services.edit_article(article, self.moderator)
        return article


def staff():
    """The generated moderator (given the Moderators group) and the first ``WRITERS``
    generated authors (given the Writers group)."""
    from accounts.models import User
    from accounts.roles import is_moderator, is_writer, make_moderator, make_writer

    authors = list(User.objects.filter(profile__isnull=False).order_by("pk")[:WRITERS])
    moderator = User.objects.filter(profile__isnull=True, is_superuser=False).order_by("pk").last()
    if moderator is None:
        raise SystemExit("The benchmark archive has no moderator: run bench/generate.py.")
    if not is_moderator(moderator):
        make_moderator(moderator)
    writers = [author if is_writer(author) else make_writer(author) for author in authors]
    return moderator, writers


def section_ids():
    from articles.models import Section

    return Section.objects.order_by("order").values_list("pk", flat=True)


def popular_tag_names():
    from django.db.models import Count
    from taggit.models import Tag

    return list(
        Tag.objects.annotate(uses=Count("articles_taggedarticle_items"))
        .order_by("-uses", "pk")
        .values_list("name", flat=True)[:POPULAR_TAGS]
    )


def run(every, seconds, seed):
    """A change every ``every`` seconds for ``seconds``, alternating publish and edit."""
    desk = Desk(seed)
    print(json.dumps({"action": "ready"}), flush=True)
    started = time.monotonic()
    number = 0
    while True:
        due = started + number * every
        if due - started >= seconds:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        action = "publish" if number % 2 == 0 else "edit"
        began = time.monotonic()
        article = getattr(desk, action)(number)
        print(
            json.dumps(
                {
                    "action": action,
                    "article": article.pk,
                    "at": round(began - started, 2),
                    "seconds": round(time.monotonic() - began, 3),
                }
            ),
            flush=True,
        )
        number += 1


def clean_up():
    """Delete the articles the desk published (through the service: their pages are purged)."""
    from articles.models import Article
    from publishing import services

    moderator, _writers = staff()
    deleted = 0
    for article in Article.objects.filter(slug__startswith=SLUG_PREFIX):
        services.delete_article(article, moderator)
        deleted += 1
    print(json.dumps({"action": "clean-up", "deleted": deleted}), flush=True)
    return deleted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, help="seconds between two changes")
    parser.add_argument("--seconds", type=float, default=60, help="how long to go on")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--clean-up", action="store_true", help="delete the desk's articles")
    options = parser.parse_args(argv)
    if not options.clean_up and not (options.every and options.every > 0):
        parser.error("give --every SECONDS (above 0), or --clean-up")
    environment.setup_django(environment.production_environment(page_cache=True))
    if options.clean_up:
        clean_up()
    else:
        run(options.every, options.seconds, options.seed)


if __name__ == "__main__":
    main()
