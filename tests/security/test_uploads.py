"""Upload validation: only real JPEG, PNG or WebP pictures within the size limits."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from accounts.roles import make_writer
from media.forms import ImageAdminForm
from media.models import Image
from tests.factories import AuthorProfileFactory

pytestmark = pytest.mark.django_db


def picture_bytes(image_format="JPEG", size=(640, 480), mode="RGB"):
    buffer = BytesIO()
    PillowImage.new(mode, size, "white" if mode != "1" else 1).save(buffer, image_format)
    return buffer.getvalue()


def png_header_claiming(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def upload_errors(name, content, content_type="image/jpeg"):
    form = ImageAdminForm(
        data={"alt_text": "A test picture"},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )
    assert not form.is_valid()
    return form.errors["file"]


def test_a_real_jpeg_is_accepted():
    form = ImageAdminForm(
        data={"alt_text": "A test picture"},
        files={"file": SimpleUploadedFile("ok.jpg", picture_bytes(), "image/jpeg")},
    )

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(image_format):
    form = ImageAdminForm(
        data={"alt_text": "A test picture"},
        files={
            "file": SimpleUploadedFile(
                f"ok.{image_format.lower()}", picture_bytes(image_format), "image/png"
            )
        },
    )

    assert form.is_valid(), form.errors


def test_a_file_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    content = picture_bytes(size=(2000, 2000), image_format="PNG") + b"\0" * 10_000

    errors = upload_errors("big.png", content, "image/png")

    assert errors[0].startswith("This file is 2")
    assert errors[0].endswith("KB; pictures can be at most 9.8\xa0KB.")


def test_the_default_byte_limit_is_twenty_megabytes(settings):
    assert settings.IMAGE_MAX_BYTES == 20 * 1024 * 1024


def test_too_many_megapixels_is_refused():
    errors = upload_errors("wide.png", png_header_claiming(8000, 6000), "image/png")

    assert errors == [
        "This picture is 8000 x 6000 pixels (48.0 megapixels); the limit is 40 megapixels. "
        "Please scale it down."
    ]


def test_a_decompression_bomb_is_refused():
    bomb = picture_bytes("PNG", size=(15000, 15000), mode="1")
    assert len(bomb) < 100_000  # tiny on disk, 225 megapixels unpacked

    errors = upload_errors("bomb.png", bomb, "image/png")

    assert "decompression bomb" in errors[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
    ids=["svg-by-name", "svg-disguised-as-png"],
)
def test_svg_is_refused(name, content):
    errors = upload_errors(name, content, "image/svg+xml")

    assert errors[0].startswith("SVG drawings are not accepted")


def test_a_text_file_named_jpg_is_refused():
    errors = upload_errors("photo.jpg", b"This is not a picture at all.")

    assert errors == [
        "This file is not a picture we can read. Please upload a JPEG, PNG or WebP image."
    ]


def test_a_wrong_file_name_ending_is_refused():
    errors = upload_errors("picture.exe", picture_bytes())

    assert errors == [
        "Please give the file a name ending in .jpg, .jpeg, .png or .webp (it was “exe”)."
    ]


def test_a_truncated_jpeg_is_refused():
    content = picture_bytes(size=(800, 600))

    errors = upload_errors("cut.jpg", content[: len(content) // 2])

    assert "not a picture we can read" in errors[0]


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_other_picture_formats_are_refused(image_format):
    errors = upload_errors("picture.jpg", picture_bytes(image_format))

    assert errors[0].endswith("pictures are not accepted. Please upload a JPEG, PNG or WebP image.")


def test_the_admin_shows_the_refusal_as_a_form_error(client):
    writer = make_writer(AuthorProfileFactory().user)
    client.force_login(writer)

    response = client.post(
        reverse("admin:media_image_add"),
        {
            "alt_text": "A drawing",
            "file": SimpleUploadedFile("drawing.svg", b"<svg/>", content_type="image/svg+xml"),
        },
    )

    assert response.status_code == 200
    assert "SVG drawings are not accepted" in response.text
    assert not Image.objects.exists()


def test_the_admin_saves_a_good_upload_with_renditions(client, django_capture_on_commit_callbacks):
    writer = make_writer(AuthorProfileFactory().user)
    client.force_login(writer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_image_add"),
            {
                "alt_text": "The quay",
                "file": SimpleUploadedFile(
                    "quay.jpg", picture_bytes(size=(1200, 800)), "image/jpeg"
                ),
            },
        )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == writer
    assert [rendition["width"] for rendition in image.renditions] == [480, 960, 1200]
