from django.core.management.base import BaseCommand

from media.models import Image
from media.tasks import create_image_renditions


class Command(BaseCommand):
    help = (
        "Have the worker cut the crops (16:9 cards, 1200x630 social cards, 1:1 thumbnails) "
        "of every picture that has none yet, such as pictures uploaded before focal points "
        "existed. Pages show the whole picture, centred, until then."
    )

    def handle(self, *args, **options):
        queued = 0
        pictures = Image.objects.only("pk", "file", "renditions", "crops", "focal_x", "focal_y")
        for image in pictures.iterator(chunk_size=500):
            if not image.renditions or not image.crops_are_current:
                create_image_renditions.enqueue(image.pk, image.file.name)
                queued += 1
        self.stdout.write(f"Queued the crops of {queued} pictures.")
