"""Article history with django-reversion: every save keeps a revision; moderators read
old versions and restore one.

Restoring brings back the writing (kind, headline, summary, body, picture, tags), never
the workflow state: status and publication time only change through the workflow, and the
address (section, slug) stays stable.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Section, TaggedArticle
from media.models import Image
from newsroom.timezones import local_time
from publishing import services

RESTORED_FIELDS = ["kind", "title", "dek", "body", "lead_image_id"]

if not reversion.is_registered(TaggedArticle):
    reversion.register(TaggedArticle)
if not reversion.is_registered(Article):
    reversion.register(
        Article, exclude=["search_vector", "rank_vector"], follow=["taggedarticle_set"]
    )


def version_content(version):
    """What a stored version of an article said: its fields and its tag names."""
    fields = version.field_dict
    tag_type = ContentType.objects.get_for_model(TaggedArticle)
    tag_ids = [
        tagged.field_dict["tag_id"]
        for tagged in version.revision.version_set.filter(content_type=tag_type)
    ]
    return {
        "kind": Article.Kind(fields["kind"]).label,
        "title": fields["title"],
        "dek": fields["dek"],
        "body": fields["body"],
        "section": Section.objects.filter(pk=fields["section_id"]).first(),
        "lead_image": Image.objects.filter(pk=fields["lead_image_id"]).first(),
        "tag_names": sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
        "fields": fields,
    }


def restore_version(article, version, user):
    """Bring back the writing of ``version`` as a new save, through the write service (which
    sanitises the body, keeps a revision and purges what readers see)."""
    content = version_content(version)
    fields = {field: content["fields"][field] for field in RESTORED_FIELDS}
    if content["lead_image"] is None:
        fields["lead_image_id"] = None  # the picture was deleted since
    when = local_time(version.revision.date_created)
    return services.restore_revision(
        article, {"fields": fields, "tag_names": content["tag_names"]}, user, when=when
    )


def versions_of(article):
    """The saved versions of ``article``, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user__profile")


def last_rejection(article):
    """The latest time ``article`` was sent back (its ``TransitionLog`` row), or None."""
    return article.transitions.filter(action="reject").select_related("actor__profile").first()


def version_at_step(log):
    """The version of the article as it was at the workflow step ``log``: the revision the
    step saved carries the step's time (``services.apply_transition``); for a step logged
    before that was so, the last version saved up to it."""
    versions = versions_of(log.article)
    return (
        versions.filter(revision__date_created=log.created_at).first()
        or versions.filter(revision__date_created__lte=log.created_at).first()
    )
