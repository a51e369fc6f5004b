"""Uploaded pictures: what we accept, and the renditions the site serves.

``validate_image_file`` is the one gate for every upload (article images here, author
photos in accounts): a real JPEG, PNG or WebP that Pillow can read, at most
``settings.IMAGE_MAX_BYTES`` and ``settings.IMAGE_MAX_PIXELS``, never SVG. Each refusal
says in a sentence what was wrong.

``create_renditions`` runs once when an ``Image`` is saved with a new file: it writes a
few widths as WebP and as JPEG, without EXIF metadata (GPS positions stay private), and
keeps their storage paths on ``Image.renditions``. Pages then build ``srcset`` from that
list: no image work and no query while rendering.
"""

import warnings
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Widths of the generated renditions, in pixels; a narrower original gets its own width.
RENDITION_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 82


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
            "This file is %(size)s; pictures can be at most %(limit)s.",
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
            "SVG drawings are not accepted (they can carry scripts). "
            "Please upload a JPEG, PNG or WebP picture.",
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
            # (a truncated file fails here, not later while saving).
            upload.seek(0)
            with PillowImage.open(upload) as picture:
                picture.load()
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as error:
        raise ValidationError(
            "This picture unpacks to far too many pixels (it looks like a decompression "
            "bomb) and was refused.",
            code="decompression_bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can read. Please upload a JPEG, PNG or WebP image.",
            code="not_an_image",
        ) from error
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s pictures are not accepted. Please upload a JPEG, PNG or WebP image.",
            code="unsupported_format",
            params={"format": image_format or "This kind of"},
        )


def _too_many_pixels(width, height):
    return ValidationError(
        "This picture is %(width)s x %(height)s pixels (%(megapixels)s megapixels); "
        "the limit is %(limit)s megapixels. Please scale it down.",
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
            message="Please give the file a name ending in .jpg, .jpeg, .png or .webp "
            "(it was “%(extension)s”).",
        )
    ]

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            validate_image_file(data)
        return super().to_python(data)


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


def _encode(picture, image_format, **options):
    buffer = BytesIO()
    picture.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue())


def rendition_widths(original_width):
    """The widths to generate for an original of ``original_width`` pixels."""
    widths = [width for width in RENDITION_WIDTHS if width < original_width]
    if len(widths) < len(RENDITION_WIDTHS):
        widths.append(original_width)
    return widths


def create_renditions(image):
    """Write the WebP and JPEG renditions of ``image.file``; return the list to store."""
    delete_renditions(image.renditions)
    image.file.open("rb")
    try:
        with PillowImage.open(image.file) as original:
            original.load()
            picture = _flatten(original)
    finally:
        image.file.close()
    stem = PurePosixPath(image.file.name).stem[:60]
    renditions = []
    for width in rendition_widths(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        resized = (
            picture
            if width == picture.width
            else picture.resize((width, height), PillowImage.Resampling.LANCZOS)
        )
        folder = f"renditions/{image.pk}"
        webp = default_storage.save(
            f"{folder}/{stem}-{width}.webp",
            _encode(resized, "WEBP", quality=WEBP_QUALITY, method=4),
        )
        jpeg = default_storage.save(
            f"{folder}/{stem}-{width}.jpg",
            _encode(resized, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True),
        )
        renditions.append({"width": width, "height": height, "webp": webp, "jpeg": jpeg})
    return renditions


def delete_renditions(renditions):
    """Remove rendition files that are no longer used (a replaced or deleted picture)."""
    for rendition in renditions or []:
        for key in ("webp", "jpeg"):
            path = rendition.get(key)
            if path and default_storage.exists(path):
                default_storage.delete(path)


def srcset(renditions, key):
    """``"url 480w, url 960w, …"`` for one format (``"webp"`` or ``"jpeg"``)."""
    return ", ".join(
        f"{default_storage.url(rendition[key])} {rendition['width']}w" for rendition in renditions
    )
