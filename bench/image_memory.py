"""Peak memory of one picture upload: checking it and writing its renditions.

    python bench/image_memory.py [--code PATH] [--mode RGB|RGBA]

Makes a 39.7-megapixel PNG of one colour (about 150 KB on disk, like the one in issue 17),
then, in a fresh process per step, runs the upload check (``validate_image_file``) and the
renditions (``create_renditions_and_crops`` where the code has crops, else
``create_renditions``) of the project at PATH (default: this checkout; point it
at an older checkout to compare) and prints the peak resident memory. No database needed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 7720, 5142  # 39.7 megapixels

CHILD = r"""
import inspect, json, os, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
try:
    from media import images
    from media.models import Image
except ImportError:  # a checkout from before the media app
    from articles import images
    from media.models import Image

def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

path, step = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
start = peak_mb()
outcome = "ok"
try:
    if step == "check":
        images.validate_image_file(SimpleUploadedFile("big.png", data, "image/png"))
    else:
        image = Image(alt_text="bench", width=1, height=1)
        image.file.save("big.png", SimpleUploadedFile("big.png", data), save=False)
        image.pk = 1
        if hasattr(images, "create_renditions_and_crops"):  # what the worker runs
            images.create_renditions_and_crops(image.file, (0.5, 0.5), owner="image:1")
        elif "old_renditions" in inspect.signature(images.create_renditions).parameters:
            images.create_renditions(image.file)
        else:
            images.create_renditions(image)
except ValidationError as error:
    outcome = "refused: " + error.code
print(json.dumps({"step": step, "before_mb": round(start), "peak_mb": round(peak_mb()),
                  "outcome": outcome}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(BASE_DIR), help="checkout whose code to measure")
    parser.add_argument("--mode", default="RGB", choices=["RGB", "RGBA"])
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "big.png"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from PIL import Image; Image.MAX_IMAGE_PIXELS = None; "
                f"Image.new({arguments.mode!r}, ({WIDTH}, {HEIGHT}), 'white')"
                ".save(sys.argv[1], optimize=True)",
                str(png),
            ],
            check=True,
        )
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "PYTHONPATH": arguments.code,
            "DEBUG": "true",
            "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://unused@127.0.0.1/unused"),
            "MEDIA_ROOT": str(Path(folder) / "media"),
            "ORIGINALS_ROOT": str(Path(folder) / "originals"),
        }
        print(
            f"{arguments.mode} PNG {WIDTH}x{HEIGHT} ({WIDTH * HEIGHT / 1e6:.1f} MP, "
            f"{png.stat().st_size // 1024} KB) with the code in {arguments.code}"
        )
        for step in ("check", "renditions"):
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(png), step],
                cwd=arguments.code,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                print(result.stderr[-2000:])
                sys.exit(result.returncode)
            print(json.dumps(json.loads(result.stdout.strip().splitlines()[-1])))


if __name__ == "__main__":
    main()
