"""Autosave: the article form's unsaved text, kept beside the article so nothing is lost.

The editor (static/js/article-autosave.js) posts the whole form every few seconds of
inactivity and when the writer leaves a field. What it posts is stored as one
``ArticleAutosave`` per person and article, never written to the article itself: the
article changes only through ``publishing.services`` when the writer presses Save, so
the optimistic lock still protects a newer version saved by someone else.
"""

import difflib
import re
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Section
from articles.permissions import can_change_article, can_write_articles
from articles.sanitize import sanitize_body
from media.models import Image
from newsroom.text import strip_control_characters
from publishing.models import ArticleAutosave

# The form fields worth keeping, with the label the restore offer shows.
FIELDS = {
    "kind": gettext_lazy("Kind"),
    "title": gettext_lazy("Title"),
    "slug": gettext_lazy("Slug"),
    "dek": gettext_lazy("Summary"),
    "body": gettext_lazy("Body"),
    "lead_image": gettext_lazy("Lead image"),
    "section": gettext_lazy("Section"),
    "tags": gettext_lazy("Tags"),
}
# Generous for any article (about 100,000 words), small enough that nobody fills the
# database through the autosave address.
MAX_FIELD_CHARACTERS = 1_000_000
# How long an autosave nobody restored or discarded is kept.
KEPT_FOR = timedelta(days=30)


class AutosaveRefused(Exception):
    """An autosave that cannot be kept; ``str(error)`` says why, ``status`` is the HTTP code."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def fields_from_form(data):
    """The autosaved fields out of the posted form, as plain strings without control
    characters; the body is sanitised as it will be when saved, except that an image from
    outside the library keeps its address: the writer gets it back, and saving the form
    says which picture to replace (``publishing.forms.ArticleBodyField``)."""
    fields = {}
    for name in FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if len(value) > MAX_FIELD_CHARACTERS:
            raise AutosaveRefused(
                _("The %(field)s is too long to autosave; save the article to keep it.")
                % {"field": FIELDS[name].lower()},
                status=413,
            )
        fields[name] = strip_control_characters(value)
    if "body" in fields:
        fields["body"] = sanitize_body(fields["body"], keep_external_images=True)
    return fields


def parse_draft_key(value):
    """The UUID naming a new article's form, or ``AutosaveRefused``."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise AutosaveRefused(
            _("This form has no valid draft key; reload the page to keep autosaving.")
        ) from None


def store(user, data, *, article=None):
    """Keep what ``user`` typed in the form ``data`` (a ``QueryDict``) of ``article``, or of
    a new article named by ``data["draft_key"]``.

    Returns the autosave and a warning (empty when none): a form opened on an older version
    than the article's current one is kept all the same, and the writer is told that
    someone saved in between.
    """
    fields = fields_from_form(data)
    if article is None:
        if not can_write_articles(user):
            raise AutosaveRefused(_("You cannot write articles."), status=403)
        key = {"draft_key": parse_draft_key(data.get("draft_key", ""))}
        known_version = None
    else:
        if not can_change_article(user, article):
            raise AutosaveRefused(
                _("You can no longer change “%(title)s”, so it was not autosaved.")
                % {"title": article.title},
                status=403,
            )
        key = {"article": article}
        known_version = _number(data.get("known_version"))
    with transaction.atomic():
        # Text left unsaved for a month is not coming back: forget it on the next autosave.
        ArticleAutosave.objects.filter(user=user, saved_at__lt=timezone.now() - KEPT_FOR).delete()
        autosave, _created = ArticleAutosave.objects.update_or_create(
            user=user,
            **key,
            defaults={
                "fields": fields,
                "based_on_version": known_version,
                "saved_at": timezone.now(),
            },
        )
    return autosave, stale_warning(autosave, article)


def stale_warning(autosave, article):
    """A sentence when ``article`` was saved after the form behind ``autosave`` was opened."""
    if article is None or autosave.based_on_version == article.version:
        return ""
    who = article.updated_by.display_name if article.updated_by else _("Someone")
    when = date_format(timezone.localtime(article.updated_at), "j F Y, H:i")
    return _(
        "%(who)s saved this article on %(when)s, after you opened it. Your text is "
        "autosaved, but saving it will first ask you to replace their version; open the "
        "article in another tab to compare."
    ) % {"who": who, "when": when}


def pending(user, article):
    """``user``'s autosave of ``article`` when it holds text the article does not."""
    autosave = ArticleAutosave.objects.filter(user=user, article=article).first()
    if autosave is None or not differences(autosave, article):
        return None
    return autosave


def pending_draft(user, draft_key=None):
    """``user``'s newest autosave of a never-saved article (that one, given ``draft_key``)."""
    drafts = ArticleAutosave.objects.filter(user=user, article__isnull=True)
    if draft_key is not None:
        drafts = drafts.filter(draft_key=draft_key)
    return drafts.first()


def discard(user, *, article=None, draft_key=None):
    """Forget ``user``'s autosave of ``article`` (or of the new article ``draft_key``)."""
    autosaves = ArticleAutosave.objects.filter(user=user)
    if article is not None:
        autosaves.filter(article=article).delete()
    elif draft_key is not None:
        autosaves.filter(draft_key=draft_key).delete()


def apply(autosave, article):
    """Put the autosaved text into ``article`` in memory, for the form to show (the form
    takes the tags and the version it was typed on from ``article.restored_autosave``)."""
    fields = autosave.fields
    for name in ("kind", "title", "slug", "dek", "body"):
        if name in fields:
            setattr(article, name, fields[name])
    if "lead_image" in fields:
        article.lead_image_id = _number(fields["lead_image"])
    section_id = _number(fields.get("section"))
    if Section.objects.filter(pk=section_id).exists():  # an article always has a section
        article.section_id = section_id
    article.restored_autosave = autosave


def saved_values(article):
    """The article's saved fields in the form's terms, to compare with an autosave (all
    empty for a new article)."""
    if article is None:
        return {**dict.fromkeys(FIELDS, ""), "kind": Article.Kind.NEWS}
    return {
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "lead_image": str(article.lead_image_id or ""),
        "section": str(article.section_id or ""),
        "tags": ", ".join(article.tags.names()),
    }


def differences(autosave, article=None):
    """What the autosave changes, field by field: ``[(label, removed, added), ...]``; the
    body is compared as text, paragraph by paragraph."""
    saved = saved_values(article)
    changes = []
    for name, label in FIELDS.items():
        if name not in autosave.fields:
            continue
        old, new = saved[name], autosave.fields[name]
        if name == "tags":
            old, new = _tag_list(old), _tag_list(new)
        if old == new:
            continue
        if name == "body":
            removed, added = _paragraph_changes(old, new)
            if not (removed or added):
                continue
        else:
            removed, added = _shown(name, old), _shown(name, new)
        changes.append((label, removed, added))
    return changes


def _shown(name, value):
    """``value`` of the field ``name`` as the writer knows it (a name, not a number)."""
    if not value:
        return []
    if name == "tags":
        return [", ".join(value)]
    if name == "kind":
        return [str(Article.Kind(value).label) if value in Article.Kind.values else value]
    models = {"section": (Section, "name"), "lead_image": (Image, "alt_text")}
    if name in models:
        model, attribute = models[name]
        number = _number(value)
        found = model.objects.filter(pk=number).values_list(attribute, flat=True).first()
        return [found or str(value)]
    return [str(value)]


def _paragraph_changes(old_html, new_html):
    old, new = _paragraphs(old_html), _paragraphs(new_html)
    removed, added = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag != "equal":
            removed += old[old_start:old_end]
            added += new[new_start:new_end]
    return removed, added


def _paragraphs(html):
    blocks = re.split(r"</(?:p|h[2-4]|li|blockquote|figcaption)>", html or "")
    return [text for text in (" ".join(strip_tags(block).split()) for block in blocks) if text]


def _tag_list(text):
    return [name.strip() for name in str(text).split(",") if name.strip()]


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
