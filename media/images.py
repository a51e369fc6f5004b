"""Uploaded pictures: what we accept, and the renditions the site serves.

``validate_image_file`` is the one gate for every upload (article images here, author
photos in accounts): a real JPEG, PNG or WebP that Pillow can read, at most
``settings.IMAGE_MAX_BYTES``, ``settings.IMAGE_MAX_PIXELS`` and, decoded,
``settings.IMAGE_MAX_DECODED_BYTES``, never SVG. Each refusal says in a sentence what was
wrong.

Originals are kept in private storage (``OriginalsStorage``, ``ORIGINALS_ROOT``), never
served. ``create_renditions`` writes a few widths as WebP and as JPEG, without EXIF metadata
(GPS positions stay private), under names derived from a keyed hash of the content and its
owner, so neither the original's name nor a draft's picture can be guessed, and a second run
for the same owner writes over the first instead of beside it. For an ``Image`` a worker runs
it once the upload has committed (``media.tasks``); an author photo is small and gets its
renditions when saved. The storage paths are kept on the row (``Image.renditions``,
``AuthorProfile.photo_renditions``); pages build ``srcset`` from that list: no image work
and no query while rendering, and a picture whose renditions are still being made is left
out of the page.

Crops (``CROPS``: 16:9 cards, the 1200x630 social card, 1:1 thumbnails) are cut around the
picture's focal point (``crop_box``) from the same decoded picture, by ``create_crops`` or,
for a new upload, together with the widths by ``create_renditions_and_crops``. Their names
also hash the focal point, so moving it gives new addresses that no browser or CDN has kept.
"""

import hashlib
import hmac
import os
import re
import warnings
from io import BytesIO
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import (
    DEFAULT_STORAGE_ALIAS,
    FileSystemStorage,
    default_storage,
    storages,
)
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Widths of the generated renditions, in pixels; a narrower original gets its own width.
RENDITION_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# Modes Pillow can shrink with reduce() before any conversion.
REDUCIBLE_MODES = ("L", "LA", "RGB", "RGBA")


class Crop(NamedTuple):
    """A crop ratio the site shows and the widths it is written at (never wider than the
    largest window of that ratio the picture holds: nothing is enlarged)."""

    ratio: tuple[int, int]
    widths: tuple[int, ...]


# The crops every picture gets, by the key they are kept under in ``Image.crops``.
CROPS = {
    "16:9": Crop((16, 9), (480, 960, 1280)),  # cards in listings
    "1200x630": Crop((1200, 630), (1200,)),  # OpenGraph and Twitter cards
    "1:1": Crop((1, 1), (160, 320)),  # thumbnails
}


def _looks_like_svg(upload, head):
    name = (getattr(upload, "name", "") or "").lower()
    content_type = (getattr(upload, "content_type", "") or "").lower()
    text = head.lstrip().lower()
    return (
        name.endswith((".svg", ".svgz"))
        or "svg" in content_type
        or text.startswith((b"<?xml", b"<svg", b"<!doctype svg"))
        or b"<svg" in text
    )


def validate_image_file(upload):
    """Refuse anything that is not a real, reasonably sized JPEG, PNG or WebP picture."""
    if upload is None:
        return
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; pictures can be at most %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if _looks_like_svg(upload, head):
        raise ValidationError(
            _(
                "SVG drawings are not accepted (they can carry scripts). "
                "Please upload a JPEG, PNG or WebP picture."
            ),
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit; treat it as refusal.
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(upload) as picture:
                image_format = picture.format
                width, height = picture.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                picture.verify()
            # verify() checks the structure only; decoding proves the renditions can be made
            # (a truncated file fails here, not later while saving), within the same memory
            # budget and at the same scale as the renditions and crops.
            upload.seek(0)
            with open_within_budget(upload, *_needed_size(RENDITION_WIDTHS, CROPS)):
                pass
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as error:
        raise ValidationError(
            _(
                "This picture unpacks to far too many pixels (it looks like a decompression "
                "bomb) and was refused."
            ),
            code="decompression_bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a picture we can read. Please upload a JPEG, PNG or WebP image."),
            code="not_an_image",
        ) from error
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s pictures are not accepted. Please upload a JPEG, PNG or WebP image."),
            code="unsupported_format",
            params={"format": image_format or _("This kind of")},
        )


def _too_many_pixels(width, height):
    return ValidationError(
        _(
            "This picture is %(width)s x %(height)s pixels (%(megapixels)s megapixels); "
            "the limit is %(limit)s megapixels. Please scale it down."
        ),
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000, 1),
            "limit": round(settings.IMAGE_MAX_PIXELS / 1_000_000),
        },
    )


class ImageUploadField(forms.ImageField):
    """A form field that runs ``validate_image_file`` before Django's own image check,
    so each refusal gets its own clear message (also for author photos)."""

    default_validators = [
        FileExtensionValidator(
            allowed_extensions=["jpg", "jpeg", "png", "webp"],
            message=_(
                "Please give the file a name ending in .jpg, .jpeg, .png or .webp "
                "(it was “%(extension)s”)."
            ),
        )
    ]

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            validate_image_file(data)
        return super().to_python(data)


class OriginalsStorage(FileSystemStorage):
    """Uploaded originals, outside the public media folder: ``ORIGINALS_ROOT``.

    Originals keep what the camera wrote (GPS position, serial numbers) and, for a draft,
    show a picture before it is public, so nothing serves them: they have no URL. The site
    serves only the renditions, which carry no metadata and have unguessable names. (With
    object storage, point ``STORAGES["originals"]`` at a private bucket.)
    """

    @property
    def base_location(self):
        return str(settings.ORIGINALS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(f"{name} is a private original; serve one of its renditions instead.")


def originals_storage():
    """The storage of uploaded originals (``STORAGES["originals"]``)."""
    return storages["originals"]


class PreviewOfOriginal:
    """What the admin's file widget shows for a private original: its name, linked to the
    rendition the site serves (the original itself has no URL)."""

    def __init__(self, file, url):
        self.name = file.name
        self.url = url

    def __str__(self):
        return self.name


class PrivateOriginalInput(AdminFileWidget):
    """The admin file input for a field in ``OriginalsStorage``; ``preview`` names the
    model property with the URL of a rendition to link to."""

    def __init__(self, attrs=None, preview="thumbnail_src"):
        super().__init__(attrs)
        self.preview = preview

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def format_value(self, value):
        if self.is_initial(value) and hasattr(value, "instance"):
            return PreviewOfOriginal(value, getattr(value.instance, self.preview, "") or "")
        return super().format_value(value)


def _flatten(picture):
    """RGB pixels only: transparency on white, orientation applied, metadata dropped."""
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        picture = picture.convert("RGBA")
        background = PillowImage.new("RGB", picture.size, "white")
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    elif picture.mode != "RGB":
        picture = picture.convert("RGB")
    # A fresh image carries no EXIF, XMP or ICC block from the upload.
    clean = PillowImage.new("RGB", picture.size)
    clean.paste(picture)
    return clean


def decoded_size(picture):
    """Bytes the pixels of an opened (not yet loaded) picture take once decoded, including
    the conversion to RGB(A) that modes other than L, LA, RGB and RGBA need first."""
    bands = len(picture.getbands())
    conversion = 0 if picture.mode in REDUCIBLE_MODES else 4
    return picture.width * picture.height * (bands + conversion)


def open_within_budget(file, widest=None, tallest=0):
    """Open and decode a picture without exceeding ``IMAGE_MAX_DECODED_BYTES`` of pixels.

    A JPEG is decoded straight at the smallest scale (1/2, 1/4, 1/8) that still covers
    ``widest`` pixels across and ``tallest`` down, as the picture is shown (Pillow's
    ``draft``); any other picture whose decoded pixels would exceed the budget is refused
    with a ``ValidationError`` before decoding. Use the result in a ``with`` block; the
    caller's file stays open.
    """
    picture = PillowImage.open(file)
    try:
        if picture.format == "JPEG" and widest and picture.width > widest:
            widest, tallest = _as_stored(picture, widest, tallest)
            height = max(1, round(picture.height * widest / picture.width), tallest)
            picture.draft("RGB", (widest, height))
        if decoded_size(picture) > settings.IMAGE_MAX_DECODED_BYTES:
            raise ValidationError(
                _(
                    "This picture would take %(size)s of memory to process; the limit is "
                    "%(limit)s. Please save it as a JPEG or scale it down."
                ),
                code="too_large_to_decode",
                params={
                    "size": filesizeformat(decoded_size(picture)),
                    "limit": filesizeformat(settings.IMAGE_MAX_DECODED_BYTES),
                },
            )
        picture.load()
    except BaseException:
        # Like leaving a ``with`` block: lets go of the file without closing the caller's.
        picture.__exit__(None, None, None)
        raise
    return picture


def _as_stored(picture, across, down):
    """A size given as the picture is shown, turned as the file stores it: a camera that
    was held upright stores the picture on its side with an EXIF orientation of 5 to 8."""
    if picture.getexif().get(0x0112) in (5, 6, 7, 8):
        return down, across
    return across, down


def _encode(picture, image_format, **options):
    buffer = BytesIO()
    picture.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue())


def rendition_widths(original_width, widths=RENDITION_WIDTHS):
    """The widths to generate for an original of ``original_width`` pixels."""
    chosen = [width for width in widths if width < original_width]
    if len(chosen) < len(widths):
        chosen.append(original_width)
    return chosen


def rendition_stem(file, owner=""):
    """A name for the renditions of ``file`` that reveals neither the original's name nor
    anything guessable: a keyed hash of its content and ``owner`` (the same upload for the
    same owner gets the same name)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), digestmod=hashlib.sha256)
    digest.update(owner.encode())
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    token = digest.hexdigest()[:32]
    return f"renditions/{token[:2]}/{token}"


def crop_box(width, height, ratio, focal=(0.5, 0.5)):
    """The largest window of ``ratio`` (across, down) inside a ``width`` x ``height``
    picture, centred on the focal point (fractions of the width and height) as far as the
    edges allow: a window that would stick out is pushed back inside. Returns
    ``(left, top, right, bottom)`` in pixels, for ``PIL.Image.crop`` and ``resize(box=)``."""
    ratio_across, ratio_down = ratio
    if width * ratio_down > height * ratio_across:  # wider than the ratio: full height
        window_height = height
        window_width = min(width, max(1, round(height * ratio_across / ratio_down)))
    else:  # taller (or exactly the ratio): full width
        window_width = width
        window_height = min(height, max(1, round(width * ratio_down / ratio_across)))
    focal_x, focal_y = focal
    left = min(max(0, round(focal_x * width - window_width / 2)), width - window_width)
    top = min(max(0, round(focal_y * height - window_height / 2)), height - window_height)
    return left, top, left + window_width, top + window_height


def crop_sizes(window_width, crop):
    """The ``(width, height)`` sizes a crop is written at, for a window ``window_width``
    pixels wide: each of the crop's widths that fits, and the window's own width instead
    of those that do not (a picture smaller than the target is never enlarged)."""
    ratio_across, ratio_down = crop.ratio
    return [
        (width, max(1, round(width * ratio_down / ratio_across)))
        for width in rendition_widths(window_width, crop.widths)
    ]


def _needed_size(widths, crops):
    """How large the decoded picture must stay for every rendition and every crop to be
    written at full size: the widest width across, the tallest crop height down."""
    widest = max([widths[-1], *(crop.widths[-1] for crop in crops.values())])
    tallest = max(
        (round(crop.widths[-1] * crop.ratio[1] / crop.ratio[0]) for crop in crops.values()),
        default=0,
    )
    return widest, tallest


def _decode(file, widest, tallest=0):
    """The picture in ``file`` as RGB pixels without metadata, shrunk before any other work
    (while both sides stay at least ``widest`` x ``tallest``), so only one full-size copy of
    the pixels ever exists. Opens and closes ``file``."""
    file.open("rb")
    try:
        with open_within_budget(file, widest=widest, tallest=tallest) as original:
            picture = original
            across, down = _as_stored(picture, widest, tallest)
            factor = picture.width // across
            if down:
                factor = min(factor, picture.height // down)
            if factor >= 2 and picture.mode in REDUCIBLE_MODES:
                picture = picture.reduce(factor)
                # reduce() drops nothing the orientation needs: EXIF stays in info.
            return _flatten(picture)
    finally:
        file.close()


def _write(picture, name, save):
    """Write ``picture`` as ``name``.webp and ``name``.jpg; the entry to keep on the row."""
    webp = save(f"{name}.webp", _encode(picture, "WEBP", quality=WEBP_QUALITY, method=4))
    jpeg_content = _encode(picture, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    jpeg = save(f"{name}.jpg", jpeg_content)
    # Its size goes with it: a feed enclosure states it without asking the storage (a
    # round trip per item to object storage).
    return {
        "width": picture.width,
        "height": picture.height,
        "webp": webp,
        "jpeg": jpeg,
        "jpeg_bytes": jpeg_content.size,
    }


def _write_widths(picture, stem, widths, save):
    renditions = []
    for width in rendition_widths(picture.width, widths):
        height = max(1, round(picture.height * width / picture.width))
        resized = (
            picture
            if width == picture.width
            else picture.resize((width, height), PillowImage.Resampling.LANCZOS)
        )
        renditions.append(_write(resized, f"{stem}-{width}", save))
    return renditions


def _write_crops(picture, stem, focal, crops, save):
    made = {"focal": list(focal)}
    for key, crop in crops.items():
        box = crop_box(picture.width, picture.height, crop.ratio, focal)
        label = key.replace(":", "x")
        made[key] = [
            _write(
                picture.resize(size, PillowImage.Resampling.LANCZOS, box=box),
                f"{stem}-{label}-{size[0]}",
                save,
            )
            for size in crop_sizes(box[2] - box[0], crop)
        ]
    return made


def crop_stem(stem, focal):
    """The name stem of the crops for the focal point ``focal``: the keyed hash of the
    picture's stem and the point, so each focal point gets addresses of its own."""
    digest = hmac.new(settings.SECRET_KEY.encode(), digestmod=hashlib.sha256)
    digest.update(f"{stem}|{focal[0]!r},{focal[1]!r}".encode())
    token = digest.hexdigest()[:32]
    return f"renditions/{token[:2]}/{token}"


def create_renditions(file, old_renditions=(), widths=RENDITION_WIDTHS, owner="", ratio=None):
    """Write the WebP and JPEG renditions of the original ``file``; return the list to store.

    With an ``owner`` (``"image:<id>"``) the names are fixed for that owner and a rerun
    replaces the files; without one, the storage picks free names. With a ``ratio``
    (``(1, 1)`` for author photos) each width is cut from the centred window of that ratio,
    as the crops are (``crop_box``).

    Decodes within the memory budget (``open_within_budget``) and shrinks the picture to
    about the widest rendition before any other work, so only one full-size copy of the
    pixels ever exists.
    """
    delete_renditions(old_renditions)
    if ratio is None:
        return _create(file, widths, owner, crops={})[0]
    key = f"{ratio[0]}:{ratio[1]}"
    return _create(file, (), owner, crops={key: Crop(tuple(ratio), tuple(widths))})[1][key]


def create_renditions_and_crops(file, focal, owner, crops=CROPS, widths=RENDITION_WIDTHS):
    """The renditions (a list, as ``create_renditions``) and the crops around ``focal``
    (``{"focal": [x, y], "16:9": [...], "1200x630": [...], "1:1": [...]}``) of ``file``,
    all cut from one decoded copy of the picture."""
    return _create(file, widths, owner, crops, focal)


def create_crops(file, focal, owner, crops=CROPS):
    """Only the crops around ``focal`` (a moved focal point), as in
    ``create_renditions_and_crops``; the renditions of every width stay as they are."""
    return _create(file, (), owner, crops, focal)[1]


def _create(file, widths, owner, crops, focal=(0.5, 0.5)):
    file.open("rb")
    try:
        stem = rendition_stem(file, owner)
    finally:
        file.close()
    picture = _decode(file, *_needed_size(widths or (1,), crops))
    save = _save_over if owner else default_storage.save
    renditions = _write_widths(picture, stem, widths, save) if widths else []
    made = _write_crops(picture, crop_stem(stem, focal), focal, crops, save) if crops else {}
    return renditions, made


def protect_original(file):
    """Move an original that an older version kept in public media to the private storage
    (same name); returns whether it moved. For the data migrations of existing uploads."""
    name = file.name
    if not name or originals_storage().exists(name) or not default_storage.exists(name):
        return False
    with default_storage.open(name, "rb") as public:
        saved = originals_storage().save(name, public)
    if saved != name:
        raise ValueError(f"Could not keep the original {name} under its own name ({saved}).")
    default_storage.delete(name)
    return True


def protect_originals(rows, field, renditions_field, widths=RENDITION_WIDTHS):
    """Data migrations: move each row's original out of public media and redo its
    renditions under unguessable names."""
    for row in rows:
        file = getattr(row, field)
        if not file:
            continue
        protect_original(file)
        if not originals_storage().exists(file.name):
            continue  # a missing file: nothing to render, the row stays as it was
        renditions = create_renditions(file, getattr(row, renditions_field), widths=widths)
        type(row).objects.filter(pk=row.pk).update(**{renditions_field: renditions})


def _save_over(path, content):
    # Storage would pick a new name beside an existing file; a rerun must replace it instead.
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, content)


def crop_renditions(crops):
    """Every rendition entry of a crops mapping (``Image.crops``), as one list, in the
    order of ``CROPS`` (the database keeps no order of keys)."""
    crops = crops or {}
    return [rendition for key in CROPS for rendition in crops.get(key, [])]


def delete_renditions(renditions):
    """Remove rendition files that are no longer used (a replaced or deleted picture)."""
    for rendition in renditions or []:
        for key in ("webp", "jpeg"):
            path = rendition.get(key)
            if path and default_storage.exists(path):
                default_storage.delete(path)


def srcset(renditions, key):
    """``"url 480w, url 960w, …"`` for one format (``"webp"`` or ``"jpeg"``): the addresses
    ``default_storage.url()`` gives, asking the storage once (``storage_urls``)."""
    if not renditions:
        return ""
    url = storage_urls(storages[DEFAULT_STORAGE_ALIAS])
    return ", ".join(f"{url(rendition[key])} {rendition['width']}w" for rendition in renditions)


# A name as this module writes them (``renditions/ab/<hash>-480.webp``, or with the suffix
# the storage adds to a taken name): segments of letters, digits, "_", "-" and ".", none
# empty and none starting with a dot (so none is "." or ".."). Quoting a URL leaves such a
# name as it is, and no storage below normalises anything in it.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")
_PROBE = "x"


def storage_urls(storage):
    """A function that gives ``storage.url(name)`` of each name.

    A picture on a page prints a few addresses, and each ``url()`` quotes its name and
    joins it to the storage's address anew. Where the storage is known to write a plain
    name (``PLAIN_NAME``) unchanged after an address that is the same for every name, that
    address is asked once and the names are joined to it; any other name, or another
    storage, goes through ``url()``:
    - ``FileSystemStorage.url()`` is ``urljoin(base_url, quoted name)``: a relative path
      whose segments are neither empty nor dots lands after the base's last "/", and the
      rest of the result comes from the base alone.
    - django-storages' ``S3Storage.url()`` with a custom domain (``MEDIA_S3_PUBLIC_DOMAIN``)
      and no CloudFront signing is ``<protocol>//<domain>/`` and the quoted name under its
      ``location``. Without a custom domain boto3 builds the address, and nothing here
      says what it does with a name: every name goes through ``url()``.
    """
    prefix = _plain_name_prefix(storage)
    if prefix is None:
        return storage.url

    def url(name):
        return prefix + name if PLAIN_NAME.fullmatch(name) else storage.url(name)

    return url


def _plain_name_prefix(storage):
    """What ``storage.url()`` writes before every plain name, or None where that is not
    known (see ``storage_urls``)."""
    if not _writes_plain_names_after_one_address(storage):
        return None
    address = storage.url(_PROBE)
    return address[: -len(_PROBE)] if address.endswith(_PROBE) else None


def _writes_plain_names_after_one_address(storage):
    url = type(storage).url
    if url is FileSystemStorage.url:
        return True
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # the optional extra for object storage is not installed
        return False
    return (
        url is S3Storage.url
        and bool(storage.custom_domain)
        and not (storage.querystring_auth and storage.cloudfront_signer)
    )


class RenditionSet:
    """One set of renditions (a crop's, or the uncropped widths) as a template prints it:
    ``srcset`` values, a mid-sized ``src`` and the size of the largest for ``width`` and
    ``height``, with the same names as on ``Image``, so ``includes/lead_image.html`` takes
    either."""

    def __init__(self, renditions):
        self.renditions = renditions

    def __bool__(self):
        return bool(self.renditions)

    @property
    def srcset_webp(self):
        return srcset(self.renditions, "webp")

    @property
    def srcset_jpeg(self):
        return srcset(self.renditions, "jpeg")

    @property
    def src(self):
        rendition = self.renditions[min(1, len(self.renditions) - 1)]
        return default_storage.url(rendition["jpeg"])

    @property
    def largest(self):
        return self.renditions[-1]

    @property
    def smallest(self):
        return self.renditions[0]

    @property
    def width(self):
        return self.largest["width"]

    @property
    def height(self):
        return self.largest["height"]
