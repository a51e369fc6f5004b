"""Work of the articles app done by a worker: edge purges that did not go through at once,
and the purge of the pages a scheduled article joins when its time comes.

``articles.invalidation`` purges our own page cache and asks the edge caches at once, after
the commit, with short timeouts. An edge cache that did not answer is handed to
``purge_edge``, which a worker runs again with back-off until it answers (or the attempts
run out and the task becomes a dead letter staff can see).
"""

from articles import edge
from background.retry import retried_task


@retried_task
def purge_edge(keys, urls):
    """Purge ``keys`` at the edge caches of ``urls``; an OSError retries those still failing."""
    failed = [url for url in urls if not edge.send_purge(url, sorted(keys))]
    if failed:
        raise OSError(f"The edge caches at {', '.join(failed)} did not purge.")


@retried_task
def purge_when_public(article_id, published_at):
    """At a scheduled article's time, purge the pages it now appears on (its section, the
    front page, Latest News...). Nothing to do when it was deleted, withdrawn or given
    another time since: that change purged and, when scheduled again, queued its own."""
    from articles import invalidation
    from articles.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if (
        article is None
        or article.status != Article.Status.PUBLISHED
        or article.published_at is None
        or article.published_at.isoformat() != published_at
    ):
        return
    invalidation.purge_after_commit(invalidation.article_keys(article, appearing=True))
