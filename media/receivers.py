"""A picture's files go with its row, however the row is deleted (admin, ORM, cascade)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from media.images import crop_renditions, delete_renditions, originals_storage
from media.models import Image


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    name = instance.file.name
    renditions = list(instance.renditions or []) + crop_renditions(instance.crops)

    def delete_files():
        delete_renditions(renditions)
        if name and originals_storage().exists(name):
            originals_storage().delete(name)

    # Only once the deletion is certain: a rolled-back delete keeps its files.
    transaction.on_commit(delete_files)
