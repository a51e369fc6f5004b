"""Renditions are made by a worker after the upload: pending until then (pages leave the
picture out, the original being private; the admin says "Processing"), one set however
often the task runs."""

import logging
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.images import create_renditions, crop_renditions
from media.models import Image
from media.tasks import create_image_renditions
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def rendition_files():
    """Every rendition file in public media."""
    root = Path(default_storage.path("renditions"))
    return sorted(str(path.relative_to(root.parent)) for path in root.rglob("*") if path.is_file())


def test_an_upload_commits_before_its_renditions_exist(database_queue_settings):
    image = Image.objects.create(file=ImageFactory.build().file, alt_text="The quay at noon")

    assert image.renditions == []
    assert image.is_processing
    assert image.src == ""
    assert rendition_files() == []


def test_the_renditions_task_is_enqueued_when_the_upload_commits(
    database_queue_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(renditions=False)

    queued = DBTaskResult.objects.get(task_path="media.tasks.create_image_renditions")
    assert queued.queue_name == "renditions"
    assert queued.args_kwargs["args"] == [image.pk, image.file.name]


def test_a_page_leaves_the_picture_out_while_the_renditions_are_made(client):
    image = ImageFactory(renditions=False, alt_text="The quay at noon")
    article = ArticleFactory(published=True, lead_image=image)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "The quay at noon" not in response.text
    assert '<figure class="lead-figure">' not in response.text


def test_the_picture_appears_once_the_renditions_exist(client):
    image = ImageFactory(renditions=False, alt_text="The quay at noon")
    article = ArticleFactory(published=True, lead_image=image)
    create_image_renditions.call(image.pk, image.file.name)

    response = client.get(article.get_absolute_url())

    assert 'alt="The quay at noon"' in response.text
    assert " 480w" in response.text


def test_the_admin_says_processing_until_the_renditions_exist(client, moderator):
    image = ImageFactory(renditions=False)
    client.force_login(moderator)

    listing = client.get(reverse("admin:media_image_changelist")).text
    detail = client.get(reverse("admin:media_image_change", args=[image.pk])).text

    assert "Processing" in listing
    assert "Processing: the renditions are being made." in detail


def test_the_task_writes_the_renditions_and_the_page_uses_them(client):
    image = ImageFactory(renditions=False)

    create_image_renditions.call(image.pk, image.file.name)

    image.refresh_from_db()
    assert [rendition["width"] for rendition in image.renditions] == [480, 960, 1200]
    assert not image.is_processing


def test_a_task_that_runs_twice_writes_one_rendition_set():
    image = ImageFactory(renditions=False)
    # A first run that stopped before storing its list.
    create_renditions(image.file, owner=f"image:{image.pk}")

    create_image_renditions.call(image.pk, image.file.name)
    create_image_renditions.call(image.pk, image.file.name)

    image.refresh_from_db()
    stored = sorted(
        rendition[key]
        for rendition in image.renditions + crop_renditions(image.crops)
        for key in ("webp", "jpeg")
    )
    # Three widths, three 16:9 cards, one social card and two squares; WebP and JPEG.
    assert len(stored) == 18
    assert rendition_files() == stored  # no copies beside them


def test_the_same_picture_uploaded_twice_keeps_its_own_renditions(
    django_capture_on_commit_callbacks,
):
    data = ImageFactory.build().file.read()
    first = ImageFactory(file=SimpleUploadedFile("quay.jpg", data))
    second = ImageFactory(file=SimpleUploadedFile("quay.jpg", data))

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()

    assert all(default_storage.exists(rendition["jpeg"]) for rendition in second.renditions)


def test_a_task_for_a_deleted_picture_ends_with_a_log_line(caplog):
    image = ImageFactory(renditions=False)
    image_id, name = image.pk, image.file.name
    image.delete()

    with caplog.at_level(logging.INFO, logger="media.tasks"):
        result = create_image_renditions.call(image_id, name)

    assert result == 0
    assert f"Picture {image_id} was deleted before its renditions were made." in caplog.text


def test_a_task_for_a_replaced_picture_leaves_it_to_the_newer_task():
    image = ImageFactory(renditions=False)
    old_name = image.file.name
    image.file = ImageFactory.build(file__width=800, file__height=600).file
    image.save()

    create_image_renditions.call(image.pk, old_name)

    image.refresh_from_db()
    assert image.renditions == []
    assert rendition_files() == []


def test_replacing_the_picture_drops_the_old_renditions(django_capture_on_commit_callbacks):
    image = ImageFactory(file__width=2000, file__height=1000)
    old_paths = [rendition["jpeg"] for rendition in image.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        image.file = ImageFactory.build(file__width=800, file__height=600).file
        image.save()

    image.refresh_from_db()
    assert [rendition["width"] for rendition in image.renditions] == [480, 800]
    assert not any(default_storage.exists(path) for path in old_paths)
