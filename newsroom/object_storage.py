"""Media on S3-compatible object storage (``MEDIA_STORAGE=s3``, docs/deploy.md).

``default`` holds the renditions pages show: public, kept by browsers and CDNs for a year
(their names come from a hash of the original, media/images.py, so a new picture gets new
names). ``originals`` holds the uploads: private (no public read; any link is signed and
expires), under ``originals/`` in the same bucket or in a bucket of their own. Needs the
optional extra ``django-storages[s3]``.
"""

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# Renditions never change under their name: a year, and no revalidation.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"


def s3_storages(
    *,
    bucket,
    endpoint_url=None,
    access_key=None,
    secret_key=None,
    region=None,
    public_domain=None,
    public_acl="public-read",
    originals_bucket=None,
):
    """The ``default`` (renditions) and ``originals`` entries of ``STORAGES``."""
    try:
        import storages.backends.s3  # noqa: F401
    except ImportError as error:
        raise ImproperlyConfigured(
            'MEDIA_STORAGE=s3 needs django-storages with boto3: pip install "newsroom[s3]".'
        ) from error
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.")
    connection = {
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "default_acl": public_acl or None,
                "querystring_auth": False,
                "custom_domain": public_domain or None,
                "object_parameters": {"CacheControl": RENDITION_CACHE_CONTROL},
            },
        },
        "originals": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **connection,
                "bucket_name": originals_bucket or bucket,
                "location": "" if originals_bucket else "originals",
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
    }
