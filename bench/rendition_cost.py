"""CPU time of one rendition set: what the worker spends on one uploaded photo.

    python bench/rendition_cost.py [--code PATH] [--runs 5]

Makes a 30-megapixel JPEG (6336 x 4752, photo-like noise over a gradient), then, in a fresh
process, has the code at PATH (default: this checkout; point it at an older checkout to
compare) write its renditions as the worker does: ``create_renditions_and_crops`` (widths
and crops from one decoded picture) where the code has it, else ``create_renditions``.
Prints the CPU seconds of each run and their median: CPU time, not the clock, so other work
on a shared machine changes the figure little. No database needed.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6336, 4752  # 30 megapixels, as in bench/tasks.py

CHILD = r"""
import json, sys, time
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from media import images
from media.models import Image

path, runs = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
seconds = []
for run in range(runs):
    image = Image(alt_text="bench", width=1, height=1)
    image.file.save("photo.jpg", SimpleUploadedFile("photo.jpg", data), save=False)
    image.pk = 1
    start = time.process_time()
    if hasattr(images, "create_renditions_and_crops"):
        renditions, crops = images.create_renditions_and_crops(
            image.file, (0.5, 0.5), owner="image:1"
        )
        files = 2 * (len(renditions) + len(images.crop_renditions(crops)))
    else:
        files = 2 * len(images.create_renditions(image.file, owner="image:1"))
    seconds.append(round(time.process_time() - start, 3))
print(json.dumps({"seconds": seconds, "files": files}))
"""

MAKE_PHOTO = (
    "import sys; from PIL import Image, ImageFilter; "
    "noise = Image.effect_noise((792, 594), 60).convert('RGB'); "
    "gradient = Image.linear_gradient('L').resize((792, 594)).convert('RGB'); "
    "small = Image.blend(noise, gradient, 0.5).filter(ImageFilter.GaussianBlur(1)); "
    f"small.resize(({WIDTH}, {HEIGHT}), Image.BICUBIC).save(sys.argv[1], quality=90)"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(BASE_DIR), help="checkout whose code to measure")
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "photo.jpg"
        subprocess.run([sys.executable, "-c", MAKE_PHOTO, str(photo)], check=True)
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "PYTHONPATH": arguments.code,
            "DEBUG": "true",
            "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://unused@127.0.0.1/unused"),
            "MEDIA_ROOT": str(Path(folder) / "media"),
            "ORIGINALS_ROOT": str(Path(folder) / "originals"),
        }
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(photo), str(arguments.runs)],
            cwd=arguments.code,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(result.stderr[-2000:])
            sys.exit(result.returncode)
        measured = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"JPEG {WIDTH}x{HEIGHT} ({photo.stat().st_size // 1024} KB), code in "
            f"{arguments.code}: {measured['files']} files a set, CPU seconds "
            f"{measured['seconds']}, median {statistics.median(measured['seconds']):.2f}"
        )


if __name__ == "__main__":
    main()
