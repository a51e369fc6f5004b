"""Pictures: the uploaded image with its credit and the renditions the site serves."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from background.dispatch import enqueue_on_commit
from media.images import RenditionSet, crop_renditions, delete_renditions, originals_storage
from newsroom.text import CleanCharField


class Image(models.Model):
    """An uploaded picture with its credit and the renditions the site serves."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        storage=originals_storage,
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG or WebP, at most 20 MB and 40 megapixels. The original is "
            "kept private; readers see copies without the camera's data (GPS, serial numbers)."
        ),
    )
    alt_text = CleanCharField(
        max_length=250,
        help_text=_("What the picture shows, for readers who cannot see it. Required."),
    )
    caption = CleanCharField(max_length=300, blank=True, help_text=_("Plain text under the image."))
    credit = CleanCharField(
        max_length=120, blank=True, help_text=_("Photographer or agency, e.g. “Photo: A. Berg”.")
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    renditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Made by a worker after the upload: [{width, height, webp, jpeg}] with "
            "media-relative paths; empty while they are being made."
        ),
    )
    focal_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("From 0 (left edge) to 1 (right edge); 0.5 is the middle."),
    )
    focal_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("From 0 (top edge) to 1 (bottom edge); 0.5 is the middle."),
    )
    crops = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Made by a worker with the renditions, and again when the focal point moves: "
            '{"focal": [x, y], "16:9": [...], "1200x630": [...], "1:1": [...]}, each list '
            "like the renditions; empty until they are made."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "articles_image"  # kept from before the media app existed
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1),
                name="image_focal_x_inside_picture",
            ),
            models.CheckConstraint(
                condition=models.Q(focal_y__gte=0, focal_y__lte=1),
                name="image_focal_y_inside_picture",
            ),
        ]

    def __str__(self):
        return self.alt_text[:60]

    def save(self, *args, **kwargs):
        """Save; if the picture itself is new or replaced, have a worker make its renditions
        and crops once this commits (``media.tasks``), and drop the old picture's files
        then. A moved focal point has the worker cut new crops; the old ones stay on the
        pages until the new ones replace them."""
        from media.tasks import create_image_renditions  # the task imports this module

        file_changed = self._state.adding or self.file.name != getattr(
            self, "_saved_file_name", None
        )
        if file_changed and (self.renditions or self.crops):
            old = self.renditions + crop_renditions(self.crops)
            self.renditions, self.crops = [], {}
            transaction.on_commit(lambda: delete_renditions(old))
        super().save(*args, **kwargs)
        if file_changed or not self.renditions or not self.crops_are_current:
            enqueue_on_commit(create_image_renditions, self.pk, self.file.name)
        self._saved_file_name = self.file.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_file_name = instance.__dict__.get("file")
        return instance

    @property
    def focal_point(self):
        """``(across, down)``, fractions of the width and height."""
        return (self.focal_x, self.focal_y)

    @property
    def crops_are_current(self):
        """The crops exist and were cut around the focal point the row holds now."""
        made_for = (self.crops or {}).get("focal")
        return bool(made_for) and all(
            abs(made - now) < 1e-9 for made, now in zip(made_for, self.focal_point, strict=True)
        )

    @property
    def is_processing(self):
        """The renditions are still being made: pages leave the picture out meanwhile (the
        original is private), and the admin says "Processing"."""
        return not self.renditions

    def _rendition(self, index):
        return self.renditions[index] if self.renditions else None

    @property
    def srcset_webp(self):
        """``srcset`` value of the WebP renditions: ``<source type="image/webp" srcset=…>``."""
        from media.images import srcset

        return srcset(self.renditions, "webp")

    @property
    def srcset_jpeg(self):
        """``srcset`` value of the JPEG fallbacks, for the ``<img>`` itself."""
        from media.images import srcset

        return srcset(self.renditions, "jpeg")

    @property
    def src(self):
        """A mid-sized JPEG for ``<img src>`` (browsers without srcset, feeds, social cards)."""
        rendition = self._rendition(min(1, len(self.renditions) - 1))
        return default_storage.url(rendition["jpeg"]) if rendition else ""

    @property
    def largest_src(self):
        """The widest JPEG rendition (OpenGraph image, JSON-LD)."""
        rendition = self._rendition(-1)
        return default_storage.url(rendition["jpeg"]) if rendition else ""

    @property
    def thumbnail_src(self):
        """The smallest square crop (admin lists), or before crops exist the narrowest
        JPEG rendition."""
        square = self.square
        rendition = square.smallest if square else self._rendition(0)
        return default_storage.url(rendition["jpeg"]) if rendition else ""

    def _crop(self, key):
        # Also while new crops are being cut for a moved focal point: the last ones made.
        return RenditionSet((self.crops or {}).get(key) or [])

    @property
    def card(self):
        """The 16:9 crops around the focal point (cards), empty before they are made."""
        return self._crop("16:9")

    @property
    def social(self):
        """The 1200x630 crop (OpenGraph and Twitter cards; smaller for a smaller
        picture), empty before it is made."""
        return self._crop("1200x630")

    @property
    def square(self):
        """The 1:1 crops (thumbnails), empty before they are made."""
        return self._crop("1:1")
