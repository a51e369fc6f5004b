"""Purging the shared page cache, done by a worker after a change readers see.

``articles.invalidation`` drops this process's own copies of pages at once (free) and
enqueues ``purge_public_pages``, which makes every cached page stale for every process
(``articles.caching``) and, where an edge cache is configured, is the place to purge it.
"""

from articles import caching
from background.retry import retried_task


@retried_task
def purge_public_pages():
    """Make every cached public page stale, everywhere."""
    caching.purge_public_pages()
