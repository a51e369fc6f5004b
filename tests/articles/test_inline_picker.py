"""The body editor's picture picker and what the article form accepts: the library the user
may use as JSON (search, pages, bounded queries), uploads checked like the image form,
figures naming a known picture, and an image from another site refused by name with the
writer's text kept (in the form and in the autosave)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage

from articles.models import Article
from media.models import Image
from publishing.models import ArticleAutosave
from tests.factories import ArticleFactory, ImageFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db

PICKER = reverse("admin:media_image_picker")
UPLOAD = reverse("admin:media_image_picker_upload")
EXTERNAL = "https://pictures.example.net/harbour.jpg"


def figure(image_id):
    return f'<figure data-image="{image_id}"></figure>'


def jpeg(width=40, height=30):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("quay.jpg", buffer.getvalue(), content_type="image/jpeg")


# The picker's list.


def test_a_writer_picks_among_their_own_pictures(client, writer, other_writer):
    mine = ImageFactory(uploaded_by=writer, alt_text="Cranes at the east quay")
    ImageFactory(uploaded_by=other_writer, alt_text="Cranes seen by someone else")
    client.force_login(writer)

    answer = client.get(PICKER).json()

    assert [image["id"] for image in answer["images"]] == [mine.pk]
    picked = answer["images"][0]
    assert picked["alt_text"] == "Cranes at the east quay"
    assert picked["thumbnail"].startswith("/media/")
    assert picked["processing"] is False
    assert answer["count"] == 1


def test_a_moderator_picks_among_every_picture(client, writer, other_writer, moderator):
    ImageFactory(uploaded_by=writer)
    ImageFactory(uploaded_by=other_writer)
    client.force_login(moderator)

    assert client.get(PICKER).json()["count"] == 2


def test_the_picker_searches_alt_text_and_caption(client, writer):
    ImageFactory(uploaded_by=writer, alt_text="A ferry at night", caption="")
    ImageFactory(uploaded_by=writer, alt_text="Boats", caption="The ferry at the quay.")
    ImageFactory(uploaded_by=writer, alt_text="A crane", caption="Container port.")
    client.force_login(writer)

    answer = client.get(PICKER, {"q": "FERRY"}).json()

    assert sorted(image["alt_text"] for image in answer["images"]) == ["A ferry at night", "Boats"]


def test_the_picker_pages_the_library(client, writer):
    for number in range(14):
        ImageFactory(uploaded_by=writer, alt_text=f"Picture {number}", renditions=False)
    client.force_login(writer)

    first = client.get(PICKER).json()
    second = client.get(PICKER, {"page": "2"}).json()
    beyond = client.get(PICKER, {"page": "99"}).json()
    nonsense = client.get(PICKER, {"page": "two"}).json()

    assert (first["count"], first["pages"], len(first["images"])) == (14, 2, 12)
    assert first["has_next"] and not first["has_previous"]
    assert (second["page"], len(second["images"])) == (2, 2)
    assert beyond["page"] == 2
    assert nonsense["page"] == 1


def test_the_picker_runs_the_same_queries_for_a_small_and_a_big_library(client, writer):
    def queries_for(count):
        Image.objects.all().delete()
        for number in range(count):
            ImageFactory(uploaded_by=writer, alt_text=f"Picture {number}", renditions=False)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PICKER, {"q": "picture"}).status_code == 200
        return len(queries)

    client.force_login(writer)
    client.get(PICKER)  # the first request of a session does a little more

    assert queries_for(2) == queries_for(40)


def test_the_picker_names_the_pictures_an_editor_shows(client, writer, other_writer):
    mine = ImageFactory(uploaded_by=writer)
    theirs = ImageFactory(uploaded_by=other_writer)
    client.force_login(writer)

    answer = client.get(PICKER, {"ids": f"{mine.pk}, {theirs.pk},nonsense,²,-1,"}).json()

    assert [image["id"] for image in answer["images"]] == [mine.pk]


@pytest.mark.parametrize(
    ("role", "listed", "uploaded"),
    [
        ("anonymous", 302, 302),  # to the login page
        ("reader", 302, 302),
        ("writer", 200, 400),  # an empty upload is refused with the form's errors
        ("moderator", 200, 400),
        ("superuser", 200, 400),
    ],
)
def test_only_writers_and_moderators_use_the_picker(client, users, role, listed, uploaded):
    if users[role] is not None:
        client.force_login(users[role])

    assert client.get(PICKER).status_code == listed
    assert client.post(UPLOAD).status_code == uploaded
    assert not Image.objects.exists()


# Uploading in the picker.


def test_a_picture_uploaded_in_the_picker_joins_the_writers_library(client, writer):
    client.force_login(writer)

    response = client.post(
        UPLOAD, {"file": jpeg(), "alt_text": "The quay", "caption": "Dawn.", "credit": ""}
    )

    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json()["image"]["id"] == image.pk
    assert (image.uploaded_by, image.alt_text, image.caption) == (writer, "The quay", "Dawn.")


def test_a_file_that_is_no_picture_is_refused_with_a_message(client, writer):
    client.force_login(writer)
    notes = SimpleUploadedFile("notes.jpg", b"These are notes.", content_type="image/jpeg")

    response = client.post(UPLOAD, {"file": notes, "alt_text": "Notes"})

    assert response.status_code == 400
    assert "not a picture we can read" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()


def test_an_over_large_picture_is_refused_with_a_message(client, writer, settings):
    settings.IMAGE_MAX_BYTES = 100
    client.force_login(writer)

    response = client.post(UPLOAD, {"file": jpeg(), "alt_text": "Too big"})

    assert response.status_code == 400
    assert "at most" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()


def test_an_upload_without_alt_text_or_file_says_what_is_missing(client, writer):
    client.force_login(writer)

    answer = client.post(UPLOAD, {"alt_text": ""}).json()

    assert set(answer["errors"]) == {"file", "alt_text"}


def test_the_picker_upload_answers_only_posts(client, writer):
    client.force_login(writer)

    assert client.get(UPLOAD).status_code == 405


# The article form.


def save(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, **changes),
    )


def test_a_figure_of_the_writers_own_picture_is_saved(client, writer):
    image = ImageFactory(uploaded_by=writer)
    draft = ArticleFactory(author=writer)
    client.force_login(writer)

    response = save(client, draft, body=f"<p>Text.</p>{figure(image.pk)}")

    assert response.status_code == 302
    assert figure(image.pk) in Article.objects.get(pk=draft.pk).body


def test_an_image_from_another_site_is_refused_by_name_and_the_text_kept(client, writer):
    draft = ArticleFactory(author=writer, body="<p>Saved text.</p>")
    client.force_login(writer)
    typed = f'<p>New paragraph.</p><p><img src="{EXTERNAL}" alt="Harbour"></p>'

    response = save(client, draft, body=typed)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert errors == [
        f"Pictures must come from the library: {EXTERNAL}. Remove them from the text, then "
        "add each picture with the editor's figure button (you can upload a new one there)."
    ]
    assert "New paragraph." in response.context["adminform"].form["body"].value()
    assert Article.objects.get(pk=draft.pk).body == "<p>Saved text.</p>"


def test_a_pasted_data_image_is_refused_too(client, writer):
    draft = ArticleFactory(author=writer)
    client.force_login(writer)

    response = save(client, draft, body='<p><img src="data:image/png;base64,iVBORw0KGgo="></p>')

    assert "Pictures must come from the library: data:image/png" in response.text


def test_an_unknown_picture_number_is_refused(client, writer):
    draft = ArticleFactory(author=writer)
    client.force_login(writer)

    response = save(client, draft, body=f"<p>Text.</p>{figure(999999)}")

    assert response.status_code == 200
    assert "not in your picture library" in response.text
    assert "999999" in response.context["adminform"].form.errors["body"][0]


def test_a_writer_cannot_put_another_writers_picture_in_the_text(client, writer, other_writer):
    theirs = ImageFactory(uploaded_by=other_writer)
    draft = ArticleFactory(author=writer)
    client.force_login(writer)

    response = save(client, draft, body=figure(theirs.pk))

    assert "not in your picture library" in response.text
    assert "data-image" not in Article.objects.get(pk=draft.pk).body


def test_a_picture_already_in_the_text_stays_whoever_put_it_there(
    client, writer, moderator, other_writer
):
    moderators_picture = ImageFactory(uploaded_by=moderator)
    draft = ArticleFactory(author=writer, body=figure(moderators_picture.pk))
    client.force_login(writer)

    response = save(client, draft, body=f"<p>Added.</p>{figure(moderators_picture.pk)}")

    assert response.status_code == 302


def test_the_autosave_keeps_an_image_from_another_site(client, writer):
    draft = ArticleFactory(author=writer)
    client.force_login(writer)
    typed = f'<p>Typed.</p><p><img src="{EXTERNAL}" alt=""></p>'

    response = client.post(
        reverse("admin:articles_article_autosave", args=[draft.pk]),
        change_form_data(draft, body=typed),
    )

    assert response.status_code == 200
    assert EXTERNAL in ArticleAutosave.objects.get().fields["body"]


def test_the_form_page_holds_the_picker(client, writer):
    client.force_login(writer)

    page = client.get(reverse("admin:articles_article_add")).text

    assert '<dialog id="inline-image-picker"' in page
    assert 'aria-labelledby="inline-image-picker-heading"' in page
    assert f'data-picker-url="{PICKER}"' in page
    assert f'action="{UPLOAD}"' in page
    assert "js/article-image-picker" in page  # the editor loads the figure extension
    for name in ("file", "alt_text", "caption", "credit"):
        assert f'id="inline-image-picker-{name}"' in page
    assert "focal_x" not in page  # set on the picture's own form, once it can be seen


def test_a_writer_looking_at_a_submitted_article_gets_no_picker(client, writer):
    submitted = ArticleFactory(author=writer, status=Article.Status.SUBMITTED)
    client.force_login(writer)

    page = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text

    assert "inline-image-picker" not in page
