"""Our own demo pictures, drawn with Pillow: abstract landscapes and initial portraits."""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

# Two colours per section: sky (top) and ground (bottom) of the abstract landscape.
PALETTES = {
    "politics": ("#2b2d42", "#c9a227"),
    "world": ("#0b3c5d", "#8ecae6"),
    "business": ("#1f4e3d", "#e9c46a"),
    "technology": ("#240046", "#48cae4"),
    "science": ("#023e44", "#a7c957"),
    "sport": ("#6a040f", "#f4a261"),
    "culture": ("#5a189a", "#ffafcc"),
    "opinion": ("#3d2c2e", "#e5c07b"),
}
SHAPE_WORDS = {
    "politics": "a row of pale columns",
    "world": "a horizon of hills",
    "business": "stacked blocks like containers",
    "technology": "a grid of glowing lines",
    "science": "circles like cells under a lens",
    "sport": "sweeping curved tracks",
    "culture": "overlapping soft circles",
    "opinion": "a low sun over layered hills",
}


def _mix(first, second, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(first, second, strict=True))


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def landscape(section_slug, seed, size=(1600, 900)):
    """A gradient landscape with simple shapes; returns (JPEG file, alt text)."""
    rng = random.Random(seed)
    top, bottom = (_rgb(colour) for colour in PALETTES[section_slug])
    # Every picture gets its own tint, so two stories in one section do not look the same.
    tint = tuple(rng.randrange(256) for _ in range(3))
    top, bottom = _mix(top, tint, rng.uniform(0.1, 0.35)), _mix(bottom, tint, rng.uniform(0.1, 0.3))
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    picture = ImageOps.colorize(gradient, top, bottom).convert("RGB")
    draw = ImageDraw.Draw(picture, "RGBA")
    light = (*_mix(bottom, (255, 255, 255), 0.5), 150)
    dark = (*_mix(top, (0, 0, 0), 0.3), 170)
    if section_slug in ("world", "opinion"):
        sun_x = rng.uniform(0.15, 0.75)
        draw.ellipse(
            (width * sun_x, height * 0.18, width * (sun_x + 0.16), height * 0.46), fill=light
        )
        for layer in range(4):
            base = height * (0.55 + layer * 0.1)
            points = [(0, height)]
            for x in range(0, width + 100, 100):
                points.append((x, base + rng.uniform(-60, 60)))
            points.append((width, height))
            draw.polygon(points, fill=(*_mix(top, (0, 0, 0), 0.1 + layer * 0.12), 200))
    elif section_slug == "politics":
        columns = rng.randint(4, 8)
        step = 0.8 / columns
        for index in range(columns):
            x = width * (0.12 + index * step)
            draw.rectangle((x, height * 0.3, x + width * step * 0.45, height * 0.85), fill=light)
        draw.rectangle((width * 0.08, height * 0.22, width * 0.92, height * 0.3), fill=light)
        draw.polygon(
            [
                (width * 0.08, height * 0.22),
                (width * 0.5, height * 0.08),
                (width * 0.92, height * 0.22),
            ],
            fill=light,
        )
        draw.rectangle((0, height * 0.85, width, height), fill=dark)
    elif section_slug == "business":
        for _ in range(28):
            x = rng.randrange(0, width, 80)
            y = rng.randrange(int(height * 0.45), height, 60)
            colour = (*_mix(rng.choice([top, bottom]), (255, 255, 255), rng.random() * 0.4), 210)
            draw.rectangle((x, y, x + 150, y + 55), fill=colour, outline=dark)
    elif section_slug == "technology":
        for x in range(0, width, 80):
            draw.line((x, 0, width / 2 + (x - width / 2) * 3, height), fill=light, width=2)
        for y in range(int(height * 0.5), height, 45):
            draw.line((0, y, width, y), fill=light, width=2)
    elif section_slug == "sport":
        for index in range(6):
            inset = index * height * 0.06
            draw.arc(
                (-width * 0.3 + inset, height * 0.2 + inset, width * 1.3 - inset, height * 2),
                180,
                360,
                fill=light,
                width=max(2, height // 64),
            )
    else:
        for _ in range(14):
            radius = rng.randint(40, 220)
            x, y = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=light, outline=dark)
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    alt_text = f"Abstract illustration: {SHAPE_WORDS[section_slug]} in muted colours."
    return ContentFile(buffer.getvalue(), name=f"demo-{section_slug}-{seed}.jpg"), alt_text


def portrait(initials, colours, size=400):
    """A square portrait placeholder with the author's initials."""
    background, foreground = (_rgb(colour) for colour in colours)
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    draw.ellipse(
        (size * 0.1, size * 0.1, size * 0.9, size * 0.9), fill=_mix(background, foreground, 0.25)
    )
    font = ImageFont.load_default(size=size * 0.36)
    draw.text((size / 2, size / 2), initials, fill=foreground, font=font, anchor="mm")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name=f"portrait-{initials.lower()}.jpg")
