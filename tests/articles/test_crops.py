"""Crops around the focal point: the window arithmetic, the files the worker writes (16:9
cards, the 1200x630 social card, 1:1 thumbnails, each in WebP and JPEG), new crops when the
focal point moves, and the pages that show them."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PillowImage

import media.tasks
from media.images import CROPS, crop_box, crop_renditions, crop_sizes
from media.models import Image
from media.tasks import create_image_renditions
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db

SIXTEEN_NINE = (16, 9)
SQUARE = (1, 1)
SOCIAL = (1200, 630)


# The window ----------------------------------------------------------------------------


def test_a_centred_focal_point_cuts_the_middle_of_a_landscape():
    assert crop_box(1600, 1200, SIXTEEN_NINE) == (0, 150, 1600, 1050)


def test_the_window_is_the_largest_of_its_ratio():
    left, top, right, bottom = crop_box(3000, 1000, SQUARE, (0.5, 0.5))

    assert (right - left, bottom - top) == (1000, 1000)  # the full height


def test_a_focal_point_in_the_top_left_corner_keeps_the_window_inside():
    assert crop_box(3000, 1000, SQUARE, (0, 0)) == (0, 0, 1000, 1000)
    assert crop_box(1000, 3000, SIXTEEN_NINE, (0, 0)) == (0, 0, 1000, 562)


def test_a_focal_point_in_the_bottom_right_corner_keeps_the_window_inside():
    assert crop_box(3000, 1000, SQUARE, (1, 1)) == (2000, 0, 3000, 1000)
    assert crop_box(1000, 3000, SIXTEEN_NINE, (1, 1)) == (0, 2438, 1000, 3000)


def test_the_window_is_centred_on_the_focal_point_where_it_fits():
    left, _top, right, _bottom = crop_box(3000, 1000, SQUARE, (0.3, 0.5))

    assert (left + right) / 2 == 900  # 0.3 of 3000


def test_a_portrait_gets_a_full_width_card_around_the_subject():
    left, top, right, bottom = crop_box(900, 1600, SIXTEEN_NINE, (0.5, 0.25))

    assert (left, right) == (0, 900)
    assert bottom - top == 506
    assert top == 400 - 253  # centred on a quarter of the height


def test_a_picture_of_exactly_the_ratio_is_kept_whole_wherever_the_point():
    for focal in [(0, 0), (0.5, 0.5), (1, 1), (0.2, 0.9)]:
        assert crop_box(1920, 1080, SIXTEEN_NINE, focal) == (0, 0, 1920, 1080)


def test_the_window_of_a_tiny_picture_is_at_least_a_pixel():
    assert crop_box(1, 1, SIXTEEN_NINE) == (0, 0, 1, 1)
    assert crop_box(2, 300, SIXTEEN_NINE, (0.5, 0.5)) == (0, 150, 2, 151)


# Sizes --------------------------------------------------------------------------------


def test_crops_are_written_at_each_width_that_fits():
    assert crop_sizes(2000, CROPS["16:9"]) == [(480, 270), (960, 540), (1280, 720)]
    assert crop_sizes(1600, CROPS["1200x630"]) == [(1200, 630)]
    assert crop_sizes(1000, CROPS["1:1"]) == [(160, 160), (320, 320)]


def test_a_window_smaller_than_the_target_is_never_enlarged():
    # A picture too small for a 1200x630 card gets a smaller card of the same shape.
    assert crop_sizes(600, CROPS["1200x630"]) == [(600, 315)]
    assert crop_sizes(700, CROPS["16:9"]) == [(480, 270), (700, 394)]
    assert crop_sizes(100, CROPS["1:1"]) == [(100, 100)]


# Files --------------------------------------------------------------------------------


def halves(width, height, left="blue", right="red"):
    """A JPEG whose left half is one colour and right half another."""
    picture = PillowImage.new("RGB", (width, height), left)
    picture.paste(PillowImage.new("RGB", (width - width // 2, height), right), (width // 2, 0))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("halves.jpg", buffer.getvalue(), content_type="image/jpeg")


def opened(path):
    with default_storage.open(path) as stored:
        picture = PillowImage.open(stored)
        picture.load()
    return picture


def main_colour(path):
    red, _green, blue = opened(path).convert("RGB").resize((1, 1), PillowImage.BOX).getpixel((0, 0))
    return "red" if red > blue else "blue"


def test_every_crop_is_written_in_webp_and_jpeg_at_the_stored_size():
    image = ImageFactory(file__width=2000, file__height=1500)

    assert set(image.crops) == {"focal", "16:9", "1200x630", "1:1"}
    assert image.crops["focal"] == [0.5, 0.5]
    sizes = {key: [(r["width"], r["height"]) for r in image.crops[key]] for key in CROPS}
    assert sizes == {
        "16:9": [(480, 270), (960, 540), (1280, 720)],
        "1200x630": [(1200, 630)],
        "1:1": [(160, 160), (320, 320)],
    }
    for rendition in crop_renditions(image.crops):
        webp, jpeg = opened(rendition["webp"]), opened(rendition["jpeg"])
        assert (webp.format, jpeg.format) == ("WEBP", "JPEG")
        assert webp.size == jpeg.size == (rendition["width"], rendition["height"])
        assert rendition["jpeg_bytes"] == default_storage.size(rendition["jpeg"])
        assert not jpeg.getexif()


def test_crop_names_say_the_ratio_and_reveal_nothing_of_the_upload():
    image = ImageFactory(file=SimpleUploadedFile("secret-source-name.jpg", halves(800, 600).read()))

    names = [rendition["jpeg"] for rendition in crop_renditions(image.crops)]
    assert [Path(name).name.split("-", 1)[1] for name in names] == [
        "16x9-480.jpg",
        "16x9-800.jpg",
        "1200x630-800.jpg",
        "1x1-160.jpg",
        "1x1-320.jpg",
    ]
    assert not any("secret" in name for name in names)


def test_the_crops_are_cut_around_the_focal_point():
    # A 3:1 picture, blue on the left, red on the right: a square holds only one colour.
    image = ImageFactory(file=halves(3000, 1000), focal_x=0.9, focal_y=0.5)

    (thumbnail, larger) = image.crops["1:1"]
    assert main_colour(thumbnail["jpeg"]) == main_colour(larger["webp"]) == "red"

    left = ImageFactory(file=halves(3000, 1000), focal_x=0.1, focal_y=0.5)
    assert main_colour(left.crops["1:1"][0]["jpeg"]) == "blue"


def test_a_tiny_original_gets_crops_no_larger_than_itself():
    image = ImageFactory(file__width=200, file__height=100)

    sizes = {key: [(r["width"], r["height"]) for r in image.crops[key]] for key in CROPS}
    assert sizes == {"16:9": [(178, 100)], "1200x630": [(190, 100)], "1:1": [(100, 100)]}
    for rendition in crop_renditions(image.crops):
        assert opened(rendition["jpeg"]).size == (rendition["width"], rendition["height"])


def test_a_portrait_taken_upright_is_cropped_as_it_is_shown():
    # The camera stores the pixels on their side and says so in the EXIF orientation.
    stored = PillowImage.new("RGB", (1600, 900), "blue")
    stored.paste(PillowImage.new("RGB", (800, 900), "red"), (0, 0))  # the shown top half
    exif = PillowImage.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to show
    buffer = BytesIO()
    stored.save(buffer, "JPEG", exif=exif, quality=95)
    upload = SimpleUploadedFile("upright.jpg", buffer.getvalue(), content_type="image/jpeg")

    image = ImageFactory(file=upload, focal_x=0.5, focal_y=0.1)

    card = image.crops["16:9"][-1]
    assert (card["width"], card["height"]) == (900, 506)
    assert main_colour(card["jpeg"]) == "red"  # the top of the picture as shown


# A moved focal point ------------------------------------------------------------------


def test_moving_the_focal_point_cuts_new_crops_and_keeps_the_widths(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory(file=halves(3000, 1000), focal_x=0.1)
    widths, old_crops = image.renditions, crop_renditions(image.crops)

    image.focal_x = 0.9
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    image.refresh_from_db()

    assert image.renditions == widths
    assert image.crops["focal"] == [0.9, 0.5]
    new_crops = crop_renditions(image.crops)
    assert {r["jpeg"] for r in new_crops}.isdisjoint({r["jpeg"] for r in old_crops})
    assert main_colour(image.crops["1:1"][0]["jpeg"]) == "red"
    assert not any(default_storage.exists(r[key]) for r in old_crops for key in ("webp", "jpeg"))
    assert all(default_storage.exists(r[key]) for r in new_crops for key in ("webp", "jpeg"))


def test_a_moved_focal_point_enqueues_the_crops_once_it_commits(
    database_queue_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    image = ImageFactory()
    image.focal_y = 0.2
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    queued = DBTaskResult.objects.get(task_path="media.tasks.create_image_renditions")
    assert queued.args_kwargs["args"] == [image.pk, image.file.name]


def test_saving_the_caption_leaves_current_crops_alone(
    database_queue_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    image = ImageFactory()
    image.caption = "A new caption."
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert not DBTaskResult.objects.exists()


def test_the_task_writes_nothing_when_the_crops_are_current():
    image = ImageFactory()
    crops = image.crops

    assert create_image_renditions.call(image.pk, image.file.name) == 0
    image.refresh_from_db()
    assert image.crops == crops


def test_crops_cut_for_a_focal_point_that_moved_meanwhile_are_dropped(monkeypatch):
    image = ImageFactory()
    Image.objects.filter(pk=image.pk).update(focal_x=0.8)  # as a save whose task is pending
    kept = image.crops

    real = media.tasks.create_crops

    def moved_while_cutting(*args, **kwargs):
        made = real(*args, **kwargs)
        Image.objects.filter(pk=image.pk).update(focal_x=0.1)  # another save meanwhile
        return made

    monkeypatch.setattr(media.tasks, "create_crops", moved_while_cutting)

    assert create_image_renditions.call(image.pk, image.file.name) == 0
    image.refresh_from_db()
    assert image.crops == kept  # the newer focal point's own task cuts its crops
    in_use = {r[key] for r in image.renditions + crop_renditions(kept) for key in ("webp", "jpeg")}
    root = Path(default_storage.path(""))
    files = {str(path.relative_to(root)) for path in (root / "renditions").rglob("*.*")}
    assert files == in_use


def test_an_image_without_crops_gets_them_from_the_command(
    database_queue_settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    current = ImageFactory()
    older = ImageFactory()
    Image.objects.filter(pk=older.pk).update(crops={})  # uploaded before focal points

    call_command("make_crops")

    queued = DBTaskResult.objects.get(task_path="media.tasks.create_image_renditions")
    assert queued.args_kwargs["args"] == [older.pk, older.file.name]
    assert current.pk != older.pk


def test_deleting_a_picture_deletes_its_crops(django_capture_on_commit_callbacks):
    image = ImageFactory()
    files = [r[key] for r in crop_renditions(image.crops) for key in ("webp", "jpeg")]

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert files and not any(default_storage.exists(path) for path in files)


# Pages --------------------------------------------------------------------------------


def test_a_listing_card_shows_the_16_9_crop(client):
    image = ImageFactory(file__width=2000, file__height=1500, alt_text="The ferry at the quay")
    article = ArticleFactory(published=True, lead_image=image)

    page = client.get(article.section.get_absolute_url()).text

    card = image.crops["16:9"]
    assert f"{default_storage.url(card[0]['webp'])} 480w" in page
    assert f"{default_storage.url(card[-1]['jpeg'])} 1280w" in page
    assert 'width="1280" height="720"' in page
    assert default_storage.url(image.renditions[0]["jpeg"]) not in page  # not the uncropped
    assert "card__image--uncropped" not in page


def test_the_home_lead_card_shows_the_16_9_crop(client):
    image = ImageFactory(file__width=2000, file__height=1500)
    ArticleFactory(published=True, lead_image=image)

    page = client.get("/").text

    assert default_storage.url(image.crops["16:9"][0]["webp"]) in page


def test_a_card_shows_the_whole_picture_centred_until_its_crops_are_made(client):
    image = ImageFactory()
    Image.objects.filter(pk=image.pk).update(crops={})
    article = ArticleFactory(published=True, lead_image=image)

    page = client.get(article.section.get_absolute_url()).text

    assert "card__image card__image--uncropped" in page
    assert default_storage.url(image.renditions[0]["webp"]) in page


def test_the_article_page_shows_the_whole_picture_and_shares_the_social_card(client):
    image = ImageFactory(file__width=2000, file__height=1500)
    article = ArticleFactory(published=True, lead_image=image)

    page = client.get(article.get_absolute_url()).text

    social = default_storage.url(image.crops["1200x630"][0]["jpeg"])
    assert f'<meta property="og:image" content="http://testserver{social}">' in page
    assert f'<meta name="twitter:image" content="http://testserver{social}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    # The lead figure is not a card: the picture as the photographer framed it.
    assert f"{default_storage.url(image.renditions[-1]['webp'])} 1600w" in page


def test_an_author_photo_is_cut_square_from_its_middle():
    from tests.factories import AuthorProfileFactory

    profile = AuthorProfileFactory()
    portrait = PillowImage.new("RGB", (400, 600), "blue")
    portrait.paste(PillowImage.new("RGB", (400, 400), "red"), (0, 100))  # the face, mid-height
    buffer = BytesIO()
    portrait.save(buffer, "JPEG", quality=95)
    profile.photo = SimpleUploadedFile("portrait.jpg", buffer.getvalue())
    profile.save()

    sizes = [(r["width"], r["height"]) for r in profile.photo_renditions]
    assert sizes == [(120, 120), (240, 240), (400, 400)]  # never wider than the photo
    for rendition in profile.photo_renditions:
        assert opened(rendition["jpeg"]).size == (rendition["width"], rendition["height"])
        assert main_colour(rendition["webp"]) == "red"


def test_the_upload_check_decodes_at_the_scale_the_crops_need(settings):
    from django.core.exceptions import ValidationError

    from media.images import validate_image_file

    # A panorama: shrunk to 1600 px across it would be 120 px tall, too short for the
    # crops, so the worker decodes it larger; the check must ask the same memory, not less.
    panorama = BytesIO()
    PillowImage.new("RGB", (4000, 300), "navy").save(panorama, "JPEG")
    settings.IMAGE_MAX_DECODED_BYTES = 2_000_000  # 4000 x 300 x 3 bytes would not fit

    with pytest.raises(ValidationError) as refused:
        validate_image_file(SimpleUploadedFile("panorama.jpg", panorama.getvalue()))
    assert refused.value.code == "too_large_to_decode"
