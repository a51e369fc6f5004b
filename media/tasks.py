"""Renditions are made by a worker, so an upload returns as soon as the picture is stored.

``Image.save`` enqueues ``create_image_renditions`` on commit with the picture's file name.
The task makes one rendition set: it does nothing if the set exists, if the picture was
replaced meanwhile (the newer file has its own task) or deleted (a log line, no retry).
"""

import logging

from django.db import transaction

from background.retry import retried_task
from media.images import create_renditions, delete_renditions
from media.models import Image

logger = logging.getLogger(__name__)


@retried_task(queue_name="renditions")
def create_image_renditions(image_id, file_name):
    """Write the renditions of picture ``image_id`` if it still holds ``file_name``."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        logger.info("Picture %s was deleted before its renditions were made.", image_id)
        return 0
    if image.file.name != file_name:
        logger.info("Picture %s was replaced before its renditions were made.", image_id)
        return 0
    if image.renditions:
        return len(image.renditions)
    renditions = create_renditions(image.file, owner=f"image:{image.pk}")
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image_id).first()
        if current is not None and current.file.name == file_name and not current.renditions:
            current.renditions = renditions
            # A save, not an update: the public pages showing the picture are purged.
            current.save(update_fields=["renditions"])
            return len(renditions)
    kept = current.renditions if current is not None else []
    in_use = {rendition.get(key) for rendition in kept for key in ("webp", "jpeg")}
    delete_renditions(
        [
            {key: path for key, path in rendition.items() if path not in in_use}
            for rendition in renditions
        ]
    )
    logger.info("Picture %s changed while its renditions were made; dropped them.", image_id)
    return 0
