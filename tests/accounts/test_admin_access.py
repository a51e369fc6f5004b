import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from accounts.roles import make_moderator, make_writer
from tests.factories import AuthorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png_upload(width=40, height=40):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def _profile_form(profile, **changes):
    data = {
        "display_name": profile.display_name,
        "bio": profile.bio,
        "twitter_handle": profile.twitter_handle,
        "website": profile.website,
    }
    data.update(changes)
    return data


def test_writer_can_reach_the_admin(client):
    writer = make_writer(UserFactory())
    client.force_login(writer)

    response = client.get("/admin/")

    assert response.status_code == 200


def test_plain_reader_cannot_reach_the_admin(client):
    client.force_login(UserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_moderator_can_reach_the_admin(client):
    client.force_login(make_moderator(UserFactory()))

    assert client.get("/admin/").status_code == 200


def test_writer_sees_only_their_own_author_profile(client):
    writer = make_writer(UserFactory(first_name="Own", last_name="Writer"))
    AuthorProfileFactory(display_name="Someone Else")
    client.force_login(writer)

    page = client.get("/admin/accounts/authorprofile/").content.decode()

    assert "Own Writer" in page
    assert "Someone Else" not in page


def test_writer_edits_their_own_profile_but_not_its_address(client):
    writer = make_writer(UserFactory(first_name="Own", last_name="Writer"))
    profile = writer.profile
    client.force_login(writer)

    response = client.post(
        f"/admin/accounts/authorprofile/{profile.pk}/change/",
        _profile_form(profile, bio="Covers the harbour.", slug="new-address"),
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.bio == "Covers the harbour."
    assert profile.slug == "own-writer"


def test_writer_cannot_open_another_writers_profile(client):
    writer = make_writer(UserFactory())
    other = AuthorProfileFactory(bio="Original bio.")
    client.force_login(writer)

    response = client.post(
        f"/admin/accounts/authorprofile/{other.pk}/change/",
        _profile_form(other, bio="Defaced."),
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    other.refresh_from_db()
    assert other.bio == "Original bio."


def test_moderator_edits_any_profile(client):
    moderator = make_moderator(UserFactory())
    other = AuthorProfileFactory()
    client.force_login(moderator)

    response = client.post(
        f"/admin/accounts/authorprofile/{other.pk}/change/",
        {
            **_profile_form(other, bio="Edited by the desk."),
            "user": other.user_id,
            "slug": other.slug,
        },
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.bio == "Edited by the desk."


def test_author_photo_accepts_a_real_picture(client):
    writer = make_writer(UserFactory())
    client.force_login(writer)

    response = client.post(
        f"/admin/accounts/authorprofile/{writer.profile.pk}/change/",
        _profile_form(writer.profile, photo=_png_upload()),
    )

    assert response.status_code == 302
    writer.profile.refresh_from_db()
    assert writer.profile.photo.name.endswith(".png")


def test_author_photo_refuses_svg(client):
    writer = make_writer(UserFactory())
    client.force_login(writer)
    svg = SimpleUploadedFile(
        "portrait.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )

    response = client.post(
        f"/admin/accounts/authorprofile/{writer.profile.pk}/change/",
        _profile_form(writer.profile, photo=svg),
    )

    assert response.status_code == 200
    assert b"SVG drawings are not accepted" in response.content
    writer.profile.refresh_from_db()
    assert not writer.profile.photo


def test_author_photo_refuses_too_many_pixels(client, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    writer = make_writer(UserFactory())
    client.force_login(writer)

    response = client.post(
        f"/admin/accounts/authorprofile/{writer.profile.pk}/change/",
        _profile_form(writer.profile, photo=_png_upload(50, 50)),
    )

    assert response.status_code == 200
    assert b"megapixels" in response.content
