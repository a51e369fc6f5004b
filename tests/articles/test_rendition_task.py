"""Renditions are made by a worker after the upload: pending until then (pages show the
original, the admin says "processing"), one set however often the task runs."""

import logging

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from media.images import create_renditions
from media.models import Image
from media.tasks import create_image_renditions
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def rendition_files(image):
    folder = f"renditions/{image.pk}"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def test_an_upload_commits_before_its_renditions_exist(database_queue_settings):
    image = Image.objects.create(file=ImageFactory.build().file, alt_text="The quay at noon")

    assert image.renditions == []
    assert image.is_processing
    assert image.src == image.file.url
    assert image.srcset_jpeg == ""


def test_the_renditions_task_is_enqueued_when_the_upload_commits(
    database_queue_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(renditions=False)

    queued = DBTaskResult.objects.get(task_path="media.tasks.create_image_renditions")
    assert queued.queue_name == "renditions"
    assert queued.args_kwargs["args"] == [image.pk, image.file.name]


def test_a_page_shows_the_original_while_the_renditions_are_made(client):
    image = ImageFactory(renditions=False)
    article = ArticleFactory(published=True, lead_image=image)

    html = client.get(article.get_absolute_url()).text

    assert f'src="{image.file.url}"' in html
    assert 'width="1200" height="800"' in html
    assert "srcset" not in html.split('<figure class="lead-figure">')[1].split("</figure>")[0]


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
    create_renditions(image)  # a first run that stopped before storing its list

    create_image_renditions.call(image.pk, image.file.name)
    create_image_renditions.call(image.pk, image.file.name)

    image.refresh_from_db()
    assert len(rendition_files(image)) == 6  # three widths, WebP and JPEG, no copies
    assert sorted(
        path.rsplit("/", 1)[1]
        for rendition in image.renditions
        for path in rendition.values()
        if isinstance(path, str)
    ) == rendition_files(image)


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
    assert rendition_files(image) == []


def test_replacing_the_picture_drops_the_old_renditions(django_capture_on_commit_callbacks):
    image = ImageFactory(file__width=2000, file__height=1000)
    old_paths = [rendition["jpeg"] for rendition in image.renditions]

    with django_capture_on_commit_callbacks(execute=True):
        image.file = ImageFactory.build(file__width=800, file__height=600).file
        image.save()

    image.refresh_from_db()
    assert [rendition["width"] for rendition in image.renditions] == [480, 800]
    assert not any(default_storage.exists(path) for path in old_paths)
