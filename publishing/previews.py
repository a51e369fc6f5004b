"""The preview of what is typed in the article form, before it is saved.

The form's content is validated like a save, put into an ``Article`` in memory and shown
with the article page's template. Nothing is written: the article row, its tags and its
version stay as they were.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

# A new article has no number yet; the page needs one for its tags (never saved).
UNSAVED_PK = 0


def article_from_form(form_class, data, article):
    """``article`` (a saved one, or a new ``Article``) carrying the valid fields of the
    posted form ``data``; invalid fields keep their saved value."""
    form = form_class(data, instance=article)
    with transaction.atomic():  # the form's stale-edit check locks the row
        form.is_valid()
    preview = form.instance
    if preview.pk is None:
        preview.pk = UNSAVED_PK
        preview.created_at = preview.updated_at = timezone.now()
    preview._prefetched_objects_cache = {"tags": _tags(form.cleaned_data.get("tags") or [])}
    return preview


def _tags(names):
    """The typed tags in order: existing ones as they are, new ones unsaved."""
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [existing.get(name) or Tag(name=name, slug=slugify(name)) for name in names]
