"""The workflow's notices, sent by a worker: an approval never waits on the mail relay.

``send_notice_on_commit`` fixes the notice's key when the transition commits; the task
renders the mail from the article as it is then and sends it once, retrying while the relay
is down (``background.retry``). An article deleted meanwhile gets no notice.
"""

import logging
import uuid

from articles.models import Article
from background.dispatch import enqueue_on_commit
from background.retry import retried_task
from publishing import emails

logger = logging.getLogger(__name__)

NOTICES = {
    "submitted": emails.notify_moderators_of_submission,
    "approved": emails.notify_writer_of_approval,
    "rejected": emails.notify_writer_of_rejection,
}


@retried_task(queue_name="mail")
def send_workflow_notice(notice, article_id, key):
    """Send the ``notice`` ("submitted", "approved", "rejected") about one article, once."""
    article = Article.objects.select_related("author", "section").filter(pk=article_id).first()
    if article is None:
        logger.info("Article %s was deleted before its %s notice went out.", article_id, notice)
        return 0
    return NOTICES[notice](article, key)


def send_notice_on_commit(notice, article):
    """Send the workflow ``notice`` about ``article`` once the transition has committed."""
    key = f"workflow:{notice}:{article.pk}:{uuid.uuid4().hex}"
    enqueue_on_commit(send_workflow_notice, notice, article.pk, key)
