"""Work of the articles app done by a worker: edge purges that did not go through at once.

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
