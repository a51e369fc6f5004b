"""The focal point on the image form: the picker, numbers that stay usable without it, a
clear refusal of a point outside the picture, and only those who may edit the picture may
move it."""

import pytest
from django.urls import reverse

from media.models import Image
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def change_url(image):
    return reverse("admin:media_image_change", args=[image.pk])


def form_data(image, **changes):
    return {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        **changes,
    }


def test_the_form_shows_the_picture_to_click_and_the_two_numbers(client, writer):
    image = ImageFactory(uploaded_by=writer, alt_text="The ferry at the quay")
    client.force_login(writer)

    page = client.get(change_url(image)).text

    assert "data-focal-picker" in page
    assert f'src="{image.src}"' in page
    assert "js/focal-point.js" in page
    assert '<label for="id_focal_x">Focal point across:</label>' in page
    assert '<label for="id_focal_y">Focal point down:</label>' in page
    assert 'name="focal_x" value="0.5" step="0.001" min="0" max="1"' in page


def test_before_the_renditions_exist_the_form_says_to_type_the_point(client, writer):
    image = ImageFactory(uploaded_by=writer, renditions=False)
    client.force_login(writer)

    page = client.get(change_url(image)).text

    assert "data-focal-picker" not in page
    assert "The picture to click appears here once its renditions are made" in page
    assert 'name="focal_x"' in page


def test_the_writer_moves_the_focal_point(client, writer, django_capture_on_commit_callbacks):
    image = ImageFactory(uploaded_by=writer)
    client.force_login(writer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(image), form_data(image, focal_x="0.25", focal_y="0.8"))

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.focal_point == (0.25, 0.8)
    assert image.crops["focal"] == [0.25, 0.8]  # cut again, without a new upload


@pytest.mark.parametrize(
    ("field", "value"),
    [("focal_x", "1.5"), ("focal_x", "-0.1"), ("focal_y", "2"), ("focal_y", "nan")],
)
def test_a_focal_point_outside_the_picture_is_refused_clearly(client, writer, field, value):
    image = ImageFactory(uploaded_by=writer)
    client.force_login(writer)

    response = client.post(change_url(image), form_data(image, **{field: value}))

    assert response.status_code == 200
    edges = "0 (left edge) to 1 (right edge)" if field == "focal_x" else "0 (top edge) to 1"
    assert "The focal point must lie inside the picture: give a number from" in response.text
    assert edges in response.text
    assert Image.objects.get(pk=image.pk).focal_point == (0.5, 0.5)


def test_a_form_without_the_focal_point_keeps_it(client, writer):
    image = ImageFactory(uploaded_by=writer, focal_x=0.3, focal_y=0.7)
    client.force_login(writer)
    data = form_data(image, caption="A new caption.")
    del data["focal_x"], data["focal_y"]

    response = client.post(change_url(image), data)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.caption, image.focal_point) == ("A new caption.", (0.3, 0.7))


def test_the_list_says_when_new_crops_are_being_cut(client, writer):
    ready = ImageFactory(uploaded_by=writer, alt_text="The quay at noon")
    moved = ImageFactory(uploaded_by=writer, alt_text="The ferry at dusk")
    Image.objects.filter(pk=moved.pk).update(focal_x=0.9)  # saved, its task not yet run
    client.force_login(writer)

    page = client.get(reverse("admin:media_image_changelist")).text

    rows = {image.alt_text: page.split(image.alt_text, 1)[1][:600] for image in (ready, moved)}
    assert "Ready" in rows["The quay at noon"]
    assert "Cutting crops" in rows["The ferry at dusk"]


def test_the_database_refuses_a_point_outside_the_picture():
    from django.db import IntegrityError, transaction

    image = ImageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_y=1.01)


# Who may move it: those who may edit the picture (its uploader, moderators, admins).
MATRIX = {
    "anonymous": "login",
    "reader": "login",  # not staff: the admin asks for a staff login
    "writer": "moved",
    "other_writer": "hidden",
    "moderator": "moved",
    "superuser": "moved",
}


@pytest.mark.parametrize(("role", "expected"), MATRIX.items())
def test_who_may_move_the_focal_point(client, users, role, expected):
    image = ImageFactory(uploaded_by=users["writer"])
    if users[role] is not None:
        client.force_login(users[role])

    response = client.post(change_url(image), form_data(image, focal_x="0.9"))

    image.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif expected == "hidden":
        # Another writer's picture is outside their scope: "doesn't exist", back to the index.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code == 302
    assert image.focal_x == (0.9 if expected == "moved" else 0.5)
