"""Renditions are made by a worker, so an upload returns as soon as the picture is stored.

``Image.save`` enqueues ``create_image_renditions`` on commit with the picture's file name:
for a new picture, and again when its focal point moves. The task makes what is missing:
the renditions and the crops of a new picture from one decoded copy, or only new crops
around the moved focal point. It does nothing if all is made, if the picture was replaced
meanwhile (the newer file has its own task) or deleted (a log line, no retry). What it made
for a picture or focal point that changed while it ran is dropped again.
"""

import logging

from django.db import transaction

from background.retry import retried_task
from media.images import (
    create_crops,
    create_renditions_and_crops,
    crop_renditions,
    delete_renditions,
)
from media.models import Image

logger = logging.getLogger(__name__)


@retried_task(queue_name="renditions")
def create_image_renditions(image_id, file_name):
    """Write the renditions and crops of picture ``image_id`` if it still holds
    ``file_name``; returns how many rendition sizes it wrote."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        logger.info("Picture %s was deleted before its renditions were made.", image_id)
        return 0
    if image.file.name != file_name:
        logger.info("Picture %s was replaced before its renditions were made.", image_id)
        return 0
    if image.renditions and image.crops_are_current:
        return 0
    owner, focal = f"image:{image.pk}", image.focal_point
    if image.renditions:
        renditions = []
        crops = create_crops(image.file, focal, owner)
    else:
        renditions, crops = create_renditions_and_crops(image.file, focal, owner)
    made = renditions + crop_renditions(crops)
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image_id).first()
        if (
            current is not None
            and current.file.name == file_name
            and current.focal_point == focal
            and (not current.renditions) == bool(renditions)
        ):
            old_crops = crop_renditions(current.crops)
            if renditions:
                current.renditions = renditions
            current.crops = crops
            # A save, not an update: the public pages showing the picture are purged.
            current.save(update_fields=["renditions", "crops"])
            transaction.on_commit(lambda: _delete_unused(old_crops, current))
            return len(made)
    _delete_unused(made, current)
    logger.info("Picture %s changed while its renditions were made; dropped them.", image_id)
    return 0


def _delete_unused(renditions, image):
    """Delete the files of ``renditions`` that ``image`` (if any) does not use."""
    kept = (image.renditions + crop_renditions(image.crops)) if image is not None else []
    in_use = {rendition.get(key) for rendition in kept for key in ("webp", "jpeg")}
    delete_renditions(
        [
            {key: path for key, path in rendition.items() if path not in in_use}
            for rendition in renditions
        ]
    )
