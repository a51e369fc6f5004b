"""Media on S3-compatible object storage (MEDIA_STORAGE=s3), against a real S3 server on
loopback: moto in server mode, spoken to over HTTP by django-storages and boto3."""

import uuid
from io import BytesIO

import boto3
import pytest
import requests
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image as PillowImage

from articles.feeds import enclosure_length
from media.models import Image
from media.tasks import create_image_renditions
from newsroom.object_storage import RENDITION_CACHE_CONTROL, s3_storages

pytestmark = pytest.mark.django_db

CREDENTIALS = {"access_key": "newsroom-test", "secret_key": "newsroom-test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and the site's media stored in it."""
    name = f"newsroom-media-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    use_storages(
        settings,
        monkeypatch,
        s3_storages(bucket=name, endpoint_url=s3_endpoint, region="us-east-1", **CREDENTIALS),
    )
    return client, name


def use_storages(settings, monkeypatch, entries):
    settings.STORAGES = {**settings.STORAGES, **entries}
    # The image field took its storage when the model was defined: hand it the new one.
    monkeypatch.setattr(Image._meta.get_field("file"), "storage", storages["originals"])


def keys_in(bucket):
    client, name = bucket
    return {item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])}


def upload(width=1200, height=800):
    buffer = BytesIO()
    PillowImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")


def rendered(image):
    """``image`` with its renditions made, as the worker makes them after the upload."""
    create_image_renditions.call(image.pk, image.file.name)
    image.refresh_from_db(fields=["renditions", "crops"])
    return image


def test_an_upload_keeps_the_original_private_and_its_renditions_public(bucket):
    client, name = bucket
    image = rendered(Image.objects.create(file=upload(), alt_text="The harbour at dusk"))

    stored = keys_in(bucket)
    assert f"originals/{image.file.name}" in stored
    assert {rendition["jpeg"] for rendition in image.renditions} <= stored
    endpoint = client.meta.endpoint_url
    assert requests.get(f"{endpoint}/{name}/originals/{image.file.name}").status_code == 403
    assert "Signature=" in image.file.url or "X-Amz-Signature=" in image.file.url
    rendition = requests.get(image.src)
    assert rendition.status_code == 200
    assert rendition.headers["Content-Type"] == "image/jpeg"
    assert rendition.headers["Cache-Control"] == RENDITION_CACHE_CONTROL
    assert "Signature" not in image.src


def test_originals_may_live_in_a_bucket_of_their_own(bucket, settings, monkeypatch):
    client, name = bucket
    client.create_bucket(Bucket=f"{name}-originals")
    use_storages(
        settings,
        monkeypatch,
        s3_storages(
            bucket=name,
            originals_bucket=f"{name}-originals",
            endpoint_url=client.meta.endpoint_url,
            region="us-east-1",
            **CREDENTIALS,
        ),
    )

    image = rendered(Image.objects.create(file=upload(), alt_text="The harbour at dusk"))

    originals = client.list_objects_v2(Bucket=f"{name}-originals")["Contents"]
    assert [item["Key"] for item in originals] == [image.file.name]
    assert image.file.name not in keys_in(bucket)


def test_a_feed_enclosure_states_the_stored_size_without_asking_the_bucket(bucket, monkeypatch):
    image = rendered(Image.objects.create(file=upload(), alt_text="The harbour at dusk"))
    largest = image.renditions[-1]
    size = bucket[0].head_object(Bucket=bucket[1], Key=largest["jpeg"])["ContentLength"]

    def no_round_trip(*args):
        raise AssertionError("the feed asked the bucket for a size")

    monkeypatch.setattr(type(storages["default"]), "size", no_round_trip)

    assert enclosure_length(image) == size


def test_deleting_a_picture_removes_its_objects(bucket, django_capture_on_commit_callbacks):
    image = rendered(Image.objects.create(file=upload(), alt_text="The harbour at dusk"))
    assert keys_in(bucket)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert keys_in(bucket) == set()


def test_a_missing_object_costs_no_error(bucket, django_capture_on_commit_callbacks):
    image = rendered(Image.objects.create(file=upload(), alt_text="The harbour at dusk"))
    client, name = bucket
    for key in keys_in(bucket):
        client.delete_object(Bucket=name, Key=key)
    for rendition in image.renditions:
        del rendition["jpeg_bytes"]  # as renditions made before sizes were stored

    assert not storages["originals"].exists(image.file.name)
    assert enclosure_length(image) == 0
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert keys_in(bucket) == set()
