"""Renditions: written once after the upload commits, several widths in WebP and JPEG, no
EXIF left (the task runs at once here; tests/media covers it pending and repeated)."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from media.images import originals_storage
from media.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def jpeg_with_gps(width=2000, height=1000):
    picture = PillowImage.new("RGB", (width, height), "navy")
    exif = PillowImage.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (55.0, 40.0, 0.0), 4: (12.0, 34.0, 0.0)}  # GPS latitude/longitude
    buffer = BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Save a picture and commit, so its renditions are made (by the immediate backend)."""

    def upload(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            image = Image.objects.create(**fields)
        image.refresh_from_db()
        return image

    return upload


def test_saving_an_image_writes_three_widths_in_webp_and_jpeg(upload):
    image = upload(file=jpeg_with_gps(), alt_text="The harbour at night")

    assert [rendition["width"] for rendition in image.renditions] == [480, 960, 1600]
    for rendition in image.renditions:
        with default_storage.open(rendition["webp"]) as stored:
            assert PillowImage.open(stored).format == "WEBP"
        with default_storage.open(rendition["jpeg"]) as stored:
            picture = PillowImage.open(stored)
            assert picture.format == "JPEG"
            assert picture.size == (rendition["width"], rendition["height"])


def test_renditions_are_kept_on_the_row(upload):
    image = upload(file=jpeg_with_gps(), alt_text="The harbour at night")

    assert Image.objects.get(pk=image.pk).renditions == image.renditions


def test_renditions_carry_no_exif_or_gps(upload):
    image = upload(file=jpeg_with_gps(), alt_text="The harbour at night")

    for rendition in image.renditions:
        for key in ("webp", "jpeg"):
            with default_storage.open(rendition[key]) as stored:
                picture = PillowImage.open(stored)
                assert not picture.getexif()
                assert "exif" not in picture.info


def test_a_narrow_original_is_not_enlarged():
    image = ImageFactory(file__width=600, file__height=400)

    assert [rendition["width"] for rendition in image.renditions] == [480, 600]


def test_saving_the_caption_again_does_not_regenerate_renditions():
    image = ImageFactory()
    paths = [rendition["jpeg"] for rendition in image.renditions]

    image = Image.objects.get(pk=image.pk)
    image.caption = "A new caption"
    image.save()

    assert [rendition["jpeg"] for rendition in image.renditions] == paths
    assert all(default_storage.exists(path) for path in paths)


def test_srcset_lists_every_width_without_a_query(django_assert_num_queries):
    image = Image.objects.get(pk=ImageFactory(file__width=2000, file__height=1000).pk)

    with django_assert_num_queries(0):
        webp, jpeg = image.srcset_webp, image.srcset_jpeg

    assert webp.count(".webp") == 3
    assert "/media/renditions/" in jpeg
    assert jpeg.endswith(" 1600w")
    assert image.thumbnail_src.endswith("-1x1-160.jpg")  # the square crop


def test_deleting_an_image_in_the_admin_removes_its_files(
    client, moderator, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    paths = [rendition["webp"] for rendition in image.renditions]
    assert originals_storage().exists(image.file.name)
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})

    assert not Image.objects.exists()
    assert not any(default_storage.exists(path) for path in paths)
    assert not originals_storage().exists(image.file.name)
