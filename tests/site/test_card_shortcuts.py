"""The shortcuts that make a card and an article page cheaper to render print exactly what
the straightforward way prints: each is compared with it here, on ordinary and odd input."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, default_storage
from storages.backends.s3 import S3Storage

from media.images import RenditionSet, srcset, storage_urls
from media.models import Image
from newsroom.object_storage import s3_storages

# Names as media/images.py writes them, and names it never writes, which must still come
# out as the storage's own url() gives them.
RENDITION_NAMES = [
    "renditions/54/54a841fe86d84361bbbc8daefe7a14e0-480.webp",
    "renditions/54/54a841fe86d84361bbbc8daefe7a14e0-16x9-960.jpg",
    "renditions/ab/abc_Xy12Kq9.jpg",
    "x",
]
ODD_NAMES = [
    "a b.jpg",
    "ü/straße.jpg",
    "../escape.jpg",
    "./here.jpg",
    "a/./b.jpg",
    "a/../b.jpg",
    "a//b.jpg",
    "/rooted.jpg",
    "trailing/",
    ".hidden/x.jpg",
    "x?y=1.jpg",
    "x#top.jpg",
    "a;b.jpg",
    "c:/x.jpg",
    "back\\slash.jpg",
    "100%.jpg",
    "~tilde/(1)!*'.jpg",
]


def srcset_by_name(storage, renditions, key):
    """The straightforward srcset: one url() per rendition."""
    return ", ".join(
        f"{storage.url(rendition[key])} {rendition['width']}w" for rendition in renditions
    )


def s3_storage(public_domain=None, location=None):
    options = s3_storages(
        bucket="newsroom-media",
        endpoint_url="http://127.0.0.1:9",
        region="us-east-1",
        public_domain=public_domain,
    )["default"]["OPTIONS"]
    if location is not None:
        options = {**options, "location": location}
    return S3Storage(**options)


STORAGES = {
    "media folder": lambda: FileSystemStorage(base_url="/media/"),
    "media on another host": lambda: FileSystemStorage(base_url="https://media.example.org/m/"),
    "media folder with odd characters": lambda: FileSystemStorage(base_url="/bilder und ö/"),
    "media folder with dots and doubled slashes": lambda: FileSystemStorage(
        base_url="//cdn.example.org//a/./b/../media/"
    ),
    "S3 behind a public domain": lambda: s3_storage(public_domain="media.example.org"),
    "S3 behind a public domain, in a folder": lambda: s3_storage(
        public_domain="media.example.org", location="site/media"
    ),
    "S3 straight": lambda: s3_storage(),
    "S3 straight, in a folder": lambda: s3_storage(location="site/media"),
}


@pytest.mark.parametrize("storage_name", STORAGES)
@pytest.mark.parametrize("name", RENDITION_NAMES + ODD_NAMES)
def test_storage_urls_give_what_url_gives(storage_name, name):
    storage = STORAGES[storage_name]()
    try:
        expected = storage.url(name)
    except SuspiciousOperation:  # S3: a name that leaves its folder
        with pytest.raises(SuspiciousOperation):
            storage_urls(storage)(name)
    else:
        assert storage_urls(storage)(name) == expected


def test_s3_without_a_public_domain_asks_its_url_for_every_name():
    storage = s3_storage()
    assert storage_urls(storage) == storage.url


def renditions_named(names):
    return [
        {"width": 480 * (number + 1), "height": 270, "webp": f"{name}.webp", "jpeg": f"{name}.jpg"}
        for number, name in enumerate(names)
    ]


@pytest.mark.parametrize(
    "media_url", ["/media/", "https://media.example.org/media/", "/a b/ü/", "//cdn.example.org/"]
)
@pytest.mark.parametrize("key", ["webp", "jpeg"])
def test_a_srcset_is_what_one_url_per_rendition_gives(settings, media_url, key):
    settings.MEDIA_URL = media_url
    names = ["renditions/54/54a841fe86d84361bbbc8daefe7a14e0-480", "odd name/ü", "../up"]
    renditions = renditions_named(names)
    storage = FileSystemStorage()
    expected = srcset_by_name(storage, renditions, key)
    assert srcset(renditions, key) == expected
    assert getattr(Image(renditions=renditions), f"srcset_{key}") == expected
    assert getattr(RenditionSet(renditions), f"srcset_{key}") == expected


def test_a_srcset_in_an_s3_bucket_is_what_one_url_per_rendition_gives(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket="newsroom-media", region="us-east-1", public_domain="media.example.org"
        ),
    }
    renditions = renditions_named(["renditions/ab/abc-480", "odd name/ü"])
    assert srcset(renditions, "jpeg") == srcset_by_name(default_storage, renditions, "jpeg")
    assert srcset([], "jpeg") == ""
