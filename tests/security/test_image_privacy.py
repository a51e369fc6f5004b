"""Pictures keep their secrets: private originals, metadata-free renditions with names that
reveal nothing, author photos treated like article images, decoding within a memory budget."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from accounts.models import AuthorProfile
from accounts.roles import make_writer
from media.images import (
    create_renditions,
    open_within_budget,
    originals_storage,
    protect_original,
    validate_image_file,
)
from media.models import Image
from media.tasks import create_image_renditions
from tests.factories import ArticleFactory, AuthorProfileFactory

pytestmark = pytest.mark.django_db

GPS = {2: (55.0, 40.0, 0.0), 1: "N", 4: (12.0, 34.0, 0.0), 3: "E"}  # 55 40 N, 12 34 E


def uploaded_image(**fields):
    """A picture saved, with the renditions the worker makes once the upload commits."""
    image = Image.objects.create(**fields)
    create_image_renditions.call(image.pk, image.file.name)
    image.refresh_from_db()
    return image


def jpeg_with_gps(name="portrait-of-maria.jpg", size=(800, 800)):
    picture = PillowImage.new("RGB", size, "teal")
    exif = PillowImage.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = GPS
    buffer = BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def assert_no_metadata(path):
    with default_storage.open(path) as stored:
        picture = PillowImage.open(stored)
        assert not picture.getexif()
        assert "exif" not in picture.info


def test_an_article_image_original_is_kept_outside_public_media(settings):
    image = uploaded_image(file=jpeg_with_gps("harbour.jpg"), alt_text="The harbour")
    assert Path(originals_storage().path(image.file.name)).is_relative_to(settings.ORIGINALS_ROOT)
    assert not default_storage.exists(image.file.name)
    assert not Path(settings.ORIGINALS_ROOT).is_relative_to(settings.MEDIA_ROOT)


def test_an_original_has_no_public_address():
    image = uploaded_image(file=jpeg_with_gps("harbour.jpg"), alt_text="The harbour")
    with pytest.raises(ValueError, match="private original"):
        image.file.url  # noqa: B018


def test_rendition_names_reveal_neither_the_original_name_nor_the_row():
    image = uploaded_image(
        file=jpeg_with_gps("secret-merger-talks.jpg"), alt_text="Two chief executives"
    )
    for rendition in image.renditions:
        for key in ("webp", "jpeg"):
            assert "secret" not in rendition[key]
            assert f"/{image.pk}/" not in rendition[key]
            assert len(Path(rendition[key]).stem.split("-")[0]) == 32


def test_renditions_of_a_draft_picture_cannot_be_found_from_a_public_one():
    public = uploaded_image(file=jpeg_with_gps("a.jpg"), alt_text="Public")
    draft_picture = PillowImage.new("RGB", (800, 600), "maroon")
    buffer = BytesIO()
    draft_picture.save(buffer, "JPEG")
    draft_image = uploaded_image(
        file=SimpleUploadedFile("b.jpg", buffer.getvalue()), alt_text="Draft"
    )
    ArticleFactory(lead_image=draft_image)
    public_stem = Path(public.renditions[0]["jpeg"]).stem.split("-")[0]
    draft_stem = Path(draft_image.renditions[0]["jpeg"]).stem.split("-")[0]
    # Keyed hashes of different content: no shared prefix, no counter to step through.
    assert public_stem[:8] != draft_stem[:8]


def test_article_renditions_carry_no_gps():
    image = uploaded_image(file=jpeg_with_gps("harbour.jpg"), alt_text="The harbour")
    for rendition in image.renditions:
        assert_no_metadata(rendition["jpeg"])
        assert_no_metadata(rendition["webp"])


def test_an_author_photo_uploaded_in_the_admin_is_published_without_gps(client):
    writer = make_writer(AuthorProfileFactory(display_name="Maria Jensen").user)
    profile = writer.profile
    client.force_login(writer)
    url = reverse("admin:accounts_authorprofile_change", args=[profile.pk])
    response = client.post(
        url,
        {
            "display_name": "Maria Jensen",
            "bio": "",
            "photo": jpeg_with_gps(),
            "twitter_handle": "",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = AuthorProfile.objects.get(pk=profile.pk)
    assert [rendition["width"] for rendition in profile.photo_renditions] == [120, 240, 480]
    for rendition in profile.photo_renditions:
        assert_no_metadata(rendition["jpeg"])
        assert_no_metadata(rendition["webp"])
    assert not default_storage.exists(profile.photo.name)
    page = client.get(profile.get_absolute_url()).content.decode()
    assert profile.photo_src in page
    assert "portrait-of-maria" not in page


def test_the_author_admin_page_links_the_photo_to_a_rendition(client):
    writer = make_writer(AuthorProfileFactory(display_name="Maria Jensen").user)
    writer.profile.photo.save("maria.jpg", jpeg_with_gps())
    client.force_login(writer)
    page = client.get(
        reverse("admin:accounts_authorprofile_change", args=[writer.profile.pk])
    ).content.decode()
    assert f'href="{AuthorProfile.objects.get(pk=writer.profile.pk).photo_src}"' in page


def test_an_author_photo_goes_through_the_upload_checks(client):
    writer = make_writer(AuthorProfileFactory(display_name="Maria Jensen").user)
    client.force_login(writer)
    response = client.post(
        reverse("admin:accounts_authorprofile_change", args=[writer.profile.pk]),
        {
            "display_name": "Maria Jensen",
            "photo": SimpleUploadedFile("me.jpg", b"<svg onload=alert(1)>", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert "SVG drawings are not accepted" in response.content.decode()
    assert not AuthorProfile.objects.get(pk=writer.profile.pk).photo


def test_removing_an_author_photo_removes_its_renditions():
    profile = AuthorProfileFactory()
    profile.photo.save("me.jpg", jpeg_with_gps())
    paths = [rendition["jpeg"] for rendition in profile.photo_renditions]
    profile = AuthorProfile.objects.get(pk=profile.pk)
    profile.photo = ""
    profile.save()
    assert profile.photo_renditions == []
    assert not any(default_storage.exists(path) for path in paths)


def test_a_png_over_the_decoded_budget_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_DECODED_BYTES = 1024 * 1024
    buffer = BytesIO()
    PillowImage.new("RGBA", (1000, 1000), "white").save(buffer, "PNG")
    with pytest.raises(ValidationError) as refused:
        validate_image_file(SimpleUploadedFile("wide.png", buffer.getvalue(), "image/png"))
    assert refused.value.code == "too_large_to_decode"
    assert "Please save it as a JPEG or scale it down" in refused.value.messages[0] % (
        refused.value.params
    )


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(settings):
    settings.IMAGE_MAX_DECODED_BYTES = 8 * 1024 * 1024
    buffer = BytesIO()
    PillowImage.new("RGB", (6400, 4000), "navy").save(buffer, "JPEG")  # 77 MB decoded
    buffer.seek(0)
    with open_within_budget(buffer, widest=1600) as picture:
        assert picture.size == (1600, 1000)
    image = uploaded_image(file=SimpleUploadedFile("big.jpg", buffer.getvalue()), alt_text="Wide")
    assert [rendition["width"] for rendition in image.renditions] == [480, 960, 1600]


def test_an_original_from_before_is_moved_out_of_public_media():
    name = "images/2025/01/old.jpg"
    default_storage.save(name, ContentFile(jpeg_with_gps().read()))
    image = Image(file=name, width=800, height=800)
    assert protect_original(image.file) is True
    assert not default_storage.exists(name)
    assert originals_storage().exists(name)
    renditions = create_renditions(image.file)
    assert all("old" not in rendition["jpeg"] for rendition in renditions)


def test_the_image_admin_page_links_the_picture_to_a_rendition_not_the_original(client):
    from tests.factories import UserFactory

    admin = UserFactory(username="chief", is_staff=True, is_superuser=True)
    image = uploaded_image(file=jpeg_with_gps("harbour.jpg"), alt_text="The harbour")
    client.force_login(admin)
    page = client.get(reverse("admin:media_image_change", args=[image.pk])).content.decode()
    assert f'<a href="{image.thumbnail_src}">{image.file.name}</a>' in page
