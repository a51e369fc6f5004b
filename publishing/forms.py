"""Admin forms of the newsroom: the article form (sanitised body, refused stale edits) and
the workflow box."""

import uuid
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.forms import TagField, TagWidget
from taggit.models import Tag

from articles.inline_images import MAX_INLINE_IMAGES
from articles.models import Article
from articles.permissions import image_scope
from articles.sanitize import external_images, inline_image_ids, sanitize_body
from media.models import Image
from newsroom.text import CleanTextFormField, strip_control_characters
from newsroom.timezones import local_time, zone_name
from publishing import share_links
from publishing.models import Correction, RejectionReason

# What the editor offers; the server-side allow-list (articles.sanitize) is the same set.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    # Figures of the library: the figure button opens the picture picker
    # (static/js/article-image-picker.js, loaded through DJANGO_PROSE_EDITOR_EXTENSIONS).
    "LibraryFigure": True,
    # Kept so that figures of older bodies (an image from our media storage) stay editable,
    # and so that a pasted image from elsewhere reaches the form, which names and refuses it.
    "Figure": True,
    "Caption": True,
    "Image": True,
    "History": True,
    # django-prose-editor switches the browser's spell-check off unless told otherwise;
    # writers want the red underlines.
    "NoSpellCheck": False,
}


class TagSuggestionWidget(TagWidget):
    """The taggit text input, with suggestions of existing tags as the writer types
    (static/js/articles-admin-tags.js asks the admin's tag-suggestions address)."""

    class Media:
        js = ["js/articles-admin-tags.js"]

    def __init__(self, suggestions_url="", attrs=None):
        self.suggestions_url = suggestions_url
        super().__init__(attrs=attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-suggestions"] = self.suggestions_url
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-suggestions"
        context["widget"]["attrs"]["autocomplete"] = "off"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id', 'id_' + name)}-suggestions"
        return html + format_html('<datalist id="{}"></datalist>', list_id)


class ArticleTagField(TagField):
    """The comma-separated tags of an article, without control characters, each short
    enough for the tag table (a longer one is refused with the form, text kept)."""

    max_tag_length = Tag._meta.get_field("name").max_length

    def to_python(self, value):
        return super().to_python(strip_control_characters(value))

    def clean(self, value):
        names = super().clean(value)
        too_long = [name for name in names if len(name) > self.max_tag_length]
        if too_long:
            raise forms.ValidationError(
                _(
                    "A tag can have at most %(limit)d characters; “%(tag)s” has %(length)d. "
                    "Shorten it, or split it into several tags separated by commas."
                ),
                code="tag_too_long",
                params={
                    "limit": self.max_tag_length,
                    "tag": Truncator(too_long[0]).chars(40),
                    "length": len(too_long[0]),
                },
            )
        return names


class ArticleBodyField(ProseEditorFormField):
    """The body editor's field: cleaned to the allow-list, but an image from outside the
    picture library is refused with the form (text kept) instead of silently dropped."""

    def clean(self, value):
        outside = external_images(value)
        if outside:
            raise forms.ValidationError(
                _(
                    "Pictures must come from the library: %(addresses)s. Remove them from the "
                    "text, then add each picture with the editor's figure button (you can "
                    "upload a new one there)."
                ),
                code="external_image",
                params={
                    "addresses": ", ".join(Truncator(address).chars(80) for address in outside)
                },
            )
        return super().clean(value)


class ArticleAdminForm(forms.ModelForm):
    """The article form of the admin.

    ``known_version`` carries the version the editor started from: if somebody saved the
    article in between, saving is refused with their name and time, and everything typed
    stays in the form.
    """

    known_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Names a new article's form for its autosaves (publishing.autosave) until it is saved.
    draft_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    body = ArticleBodyField(
        extensions=EDITOR_EXTENSIONS,
        sanitize=sanitize_body,
        widget=AdminProseEditorWidget,
        required=False,
        help_text=Article._meta.get_field("body").help_text,
    )
    tags = ArticleTagField(
        required=False,
        widget=TagSuggestionWidget,
        help_text=_("A few topics, separated by commas. Existing tags are suggested as you type."),
    )

    class Media:
        js = ["js/unsaved-changes.js", "js/article-autosave.js", "js/article-writing-aids.js"]

    class Meta:
        model = Article
        fields = [
            "kind",
            "title",
            "slug",
            "dek",
            "body",
            "lead_image",
            "section",
            "tags",
            "author",
            "published_at",
            "review_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["known_version"].initial = self.instance.version
            # In the order they were typed (taggit's own initial value has no order).
            self.initial["tags"] = list(self.instance.tags.all())
        else:
            self.fields["draft_key"].initial = uuid.uuid4()
        restored = getattr(self.instance, "restored_autosave", None)
        if restored is not None:
            # The restored text keeps the version it was typed on: if someone saved the
            # article since, saving it is refused with their name first (optimistic lock).
            self.fields["known_version"].initial = restored.based_on_version
            if "tags" in restored.fields:
                self.initial["tags"] = restored.fields["tags"]
        if "slug" in self.fields:
            self.fields["slug"].required = False
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "When readers first see it, in %(zone)s time. A future time schedules the article."
            ) % {"zone": zone_name()}

    # Who fills the form in (the admin sets it, ``ArticleAdmin.get_form``): the pictures a
    # body may show are the ones they may pick (``articles.permissions.image_scope``).
    editing_user = None

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        ids = inline_image_ids(body)
        if len(ids) > MAX_INLINE_IMAGES:
            raise forms.ValidationError(
                _("An article can show at most %(limit)d pictures from the library."),
                code="too_many_images",
                params={"limit": MAX_INLINE_IMAGES},
            )
        # A picture the saved article already shows stays, whoever put it there.
        new_ids = set(ids) - set(inline_image_ids(self.instance.body))
        if not new_ids:
            return body
        pictures = Image.objects.filter(pk__in=new_ids)
        if self.editing_user is not None:
            pictures = pictures.filter(image_scope(self.editing_user))
        unknown = sorted(new_ids - set(pictures.values_list("pk", flat=True)))
        if unknown:
            raise forms.ValidationError(
                _(
                    "These pictures are not in your picture library (deleted, or uploaded by "
                    "someone else): %(numbers)s. Remove those figures and choose pictures with "
                    "the editor's figure button."
                ),
                code="unknown_image",
                params={"numbers": ", ".join(str(number) for number in unknown)},
            )
        return body

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:200]
        if not slug:
            raise forms.ValidationError(_("Please give the article an address (slug)."))
        return slug

    def clean_published_at(self):
        published_at = self.cleaned_data.get("published_at")
        if published_at is None and self.instance.status == Article.Status.PUBLISHED:
            raise forms.ValidationError(
                _(
                    "A published article needs its publication time. To take it off the "
                    "site, unpublish it instead."
                ),
                code="published_without_time",
            )
        return published_at

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._refuse_stale_edit(cleaned_data.get("known_version"))
        return cleaned_data

    def _refuse_stale_edit(self, known_version):
        # The admin wraps the whole save in one transaction: this row lock holds until
        # the save has committed, so two simultaneous saves are decided one after the other.
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by__profile")
            .get(pk=self.instance.pk)
        )
        if known_version == current.version:
            return
        # The next save is a deliberate overwrite: the writer has now seen the warning.
        self.data = self.data.copy()
        self.data[self.add_prefix("known_version")] = current.version
        if known_version is None:
            # A post that does not say which version it started from might overwrite a
            # newer edit unseen: refused like a stale one.
            raise forms.ValidationError(
                _(
                    "This form did not say which version of the article you started from, "
                    "so it was not saved: someone may have changed the article meanwhile. "
                    "Your text is still in the form below. Open the article in another tab "
                    "to compare; saving this form again will replace the saved version."
                ),
                code="unknown_version",
            )
        who = current.updated_by.display_name if current.updated_by else "Someone"
        when = local_time(current.updated_at)
        raise forms.ValidationError(
            _(
                "%(who)s changed this article on %(when)s, after you opened it, so it was not "
                "saved. Your text is still in the form below. Open the article in another tab "
                "to see their version; saving this form again will replace their changes."
            ),
            code="stale_version",
            params={"who": who, "when": when},
        )


def rejection_reason_field(required=False):
    return forms.ChoiceField(
        label=_("Reason for sending it back"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
        required=required,
        help_text=_("Required when rejecting; counted per writer on the rejection report."),
        error_messages={"invalid_choice": _("Choose one of the reasons in the list.")},
    )


class TransitionForm(forms.Form):
    """The fields under the workflow buttons: a note, a reason for rejecting, and for
    approving an optional time."""

    reason = rejection_reason_field()
    note = CleanTextFormField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Required when rejecting; the writer receives it by email."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now; a future time schedules the article."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed times are read in the active zone (the staff member's): say which.
        self.fields["publish_at"].label = _("Publish at (%(zone)s time)") % {"zone": zone_name()}

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at is not None and publish_at < timezone.now():
            raise forms.ValidationError(
                _(
                    "The publication time is in the past. Choose a future time, or leave it "
                    "empty to publish now."
                )
            )
        return publish_at


class CorrectionForm(forms.ModelForm):
    """A correction or clarification for a published article (``services.add_correction``)."""

    class Meta:
        model = Correction
        fields = ["kind", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}


def _ends_at_field():
    return forms.DateTimeField(
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class TopNewsForm(forms.Form):
    """The Top News list: for each current pick its position, an optional end and a
    removal box; and one story to add. Positions that collide are settled, never refused:
    a story put at a taken position goes before the one holding it."""

    # Stories a moderator can add: the public ones of the last week (a real choice list,
    # not the whole archive).
    ADDABLE_DAYS = 7

    known_signature = forms.CharField(widget=forms.HiddenInput, required=False)
    add = forms.ModelChoiceField(
        label=_("Add a story"),
        queryset=Article.objects.none(),
        required=False,
        help_text=_("Published in the last seven days."),
    )
    add_position = forms.IntegerField(label=_("at position"), min_value=1, required=False)
    add_ends_at = _ends_at_field()

    def __init__(self, *args, picks, **kwargs):
        super().__init__(*args, **kwargs)
        self.picks = picks
        zone = zone_name()
        self.fields["add_ends_at"].label = _("ending (%(zone)s time)") % {"zone": zone}
        since = timezone.now() - timedelta(days=self.ADDABLE_DAYS)
        self.fields["add"].queryset = (
            Article.objects.published()
            .filter(published_at__gte=since, top_rank__isnull=True)
            .select_related("section")
            .order_by("-published_at")
        )
        for article in picks:
            self.fields[f"position_{article.pk}"] = forms.IntegerField(
                label=_("Position of “%(title)s”") % {"title": article.title},
                min_value=1,
                initial=article.top_rank,
            )
            self.fields[f"ends_at_{article.pk}"] = _ends_at_field()
            self.fields[f"ends_at_{article.pk}"].label = _(
                "End of the pick of “%(title)s” (%(zone)s time)"
            ) % {"title": article.title, "zone": zone}
            self.fields[f"ends_at_{article.pk}"].initial = article.top_until
            self.fields[f"remove_{article.pk}"] = forms.BooleanField(
                label=_("Remove “%(title)s”") % {"title": article.title}, required=False
            )

    def rows(self):
        """The bound fields of each current pick, for the template."""
        return [
            {
                "article": article,
                "position": self[f"position_{article.pk}"],
                "ends_at": self[f"ends_at_{article.pk}"],
                "remove": self[f"remove_{article.pk}"],
            }
            for article in self.picks
        ]

    def clean(self):
        cleaned_data = super().clean()
        now = timezone.now()
        for name, value in list(cleaned_data.items()):
            is_end = name == "add_ends_at" or name.startswith("ends_at_")
            if is_end and value is not None and value <= now:
                self.add_error(
                    name,
                    _("This end time has passed. Choose a later one, or leave it empty."),
                )
        return cleaned_data

    def ordered_picks(self):
        """``(article_pk, ends_at)`` pairs in the new order."""
        data = self.cleaned_data
        keyed = [
            (
                (data[f"position_{article.pk}"], 1, article.top_rank),
                article.pk,
                data[f"ends_at_{article.pk}"],
            )
            for article in self.picks
            if not data[f"remove_{article.pk}"]
        ]
        if data.get("add") is not None:
            position = data.get("add_position") or len(keyed) + 1
            keyed.append(((position, 0, 0), data["add"].pk, data.get("add_ends_at")))
        return [(pk, ends_at) for _key, pk, ends_at in sorted(keyed, key=lambda item: item[0])]


class ShareLinkForm(forms.Form):
    """How long a new share link of an article's preview works."""

    hours = forms.IntegerField(
        label=_("Works for (hours)"),
        initial=share_links.DEFAULT_HOURS,
        min_value=1,
        max_value=share_links.MAX_HOURS,
        help_text=_("48 hours unless you choose otherwise; at most 30 days."),
    )


class BulkRejectForm(forms.Form):
    """Sending several submitted articles back at once: one reason and one note for all,
    both required, and a tick when some are claimed by another moderator."""

    reason = rejection_reason_field(required=True)
    note = CleanTextFormField(
        label=_("Note to the writers"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Each writer receives it by email."),
        error_messages={"required": _("Please write a note saying what to change.")},
    )
    decide_anyway = forms.BooleanField(required=False)

    def __init__(self, *args, claimed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.claimed = list(claimed)
        self.fields["reason"].error_messages["required"] = _(
            "Please choose why these articles are sent back."
        )
        self.fields["decide_anyway"].label = _(
            "Send them back although another moderator is reviewing some of them"
        )

    def clean_decide_anyway(self):
        decide_anyway = self.cleaned_data["decide_anyway"]
        if self.claimed and not decide_anyway:
            raise forms.ValidationError(
                _(
                    "Some of these articles are claimed by another moderator: tick the box to "
                    "decide anyway, or go back and leave them out."
                )
            )
        return decide_anyway


class RejectionReportForm(forms.Form):
    """The period of the rejection report: from and to a day (both included), in the
    staff member's time zone; the last 30 days unless chosen."""

    DEFAULT_DAYS = 30
    MAX_DAYS = 5 * 366
    # Days a time zone can turn into a time without overflowing.
    EARLIEST = date(2000, 1, 1)
    LATEST = date(2999, 12, 31)

    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        for day in (since, until):
            if day and not (self.EARLIEST <= day <= self.LATEST):
                raise forms.ValidationError(
                    _("Choose days between %(earliest)s and %(latest)s.")
                    % {"earliest": self.EARLIEST.year, "latest": self.LATEST.year}
                )
        if since and until and since > until:
            raise forms.ValidationError(_("The first day comes after the last one."))
        if since and until and (until - since).days > self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most five years."))
        return cleaned_data

    def period(self):
        """``(since, until)``: the chosen days, or the last 30 days when nothing (or
        something invalid) was chosen."""
        today = timezone.localdate()
        if self.is_bound and self.is_valid():
            until = self.cleaned_data["until"] or today
            since = self.cleaned_data["since"] or until - timedelta(days=self.DEFAULT_DAYS - 1)
            if since > until:  # only "from" was given, in the future
                until = since
            return since, until
        return today - timedelta(days=self.DEFAULT_DAYS - 1), today
