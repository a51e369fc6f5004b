"""The writer points at the subject of a picture; the card and the social-network card are
cut again around it, and readers see the new crops."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from playwright.sync_api import expect

from media.models import Image
from tests.e2e.conftest import (
    AXE_SCRIPT,
    PASSWORD,
    log_in_with_login_box,
    update_docs_screenshot,
)
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEEPER = (200, 40, 40)  # the lighthouse keeper's red coat: the subject, far right


def harbour_with_lighthouse():
    """A wide made-up photograph: sea and sky, a grey quay on the left, and on the far right
    a red lighthouse, the subject a centred crop cuts off."""
    picture = PillowImage.new("RGB", (3000, 1000), "#8ecae6")
    drawing = ImageDraw.Draw(picture)
    drawing.rectangle([0, 620, 3000, 1000], fill="#219ebc")
    drawing.rectangle([0, 520, 1300, 1000], fill="#6c757d")
    drawing.rectangle([2600, 250, 2900, 900], fill=KEEPER)
    drawing.polygon([(2560, 250), (2750, 120), (2940, 250)], fill="#023047")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile("lighthouse.jpg", buffer.getvalue(), content_type="image/jpeg")


def redness(page, url):
    """How much of the picture at ``url`` is the subject's red, from 0 to 1."""
    response = page.request.get(url)
    assert response.ok, url
    picture = PillowImage.open(io.BytesIO(response.body())).convert("RGB")
    small = picture.resize((64, 36))
    pixels = [small.getpixel((x, y)) for x in range(64) for y in range(36)]
    red = [p for p in pixels if p[0] > 150 and p[1] < 90 and p[2] < 90]
    return len(red) / len(pixels)


def axe_violations(page, include):
    """axe-core's violations inside the ``include`` selectors (the admin around them is
    Django's own)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (include) => {
            const context = {include: include.map(selector => [selector])};
            const results = await axe.run(context, {resultTypes: ["violations"]});
            return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help}));
        }""",
        include,
    )


def what_readers_see(new_context, problems, article):
    """The card's image on the section page and the article's og:image, as a fresh reader."""
    context = new_context()
    reader = context.new_page()
    problems.watch(reader)
    reader.goto(article.section.get_absolute_url())
    card = reader.locator(".card__image img").first
    expect(card).to_be_visible()
    card_url = card.evaluate("image => image.currentSrc")
    reader.goto(article.get_absolute_url())
    og_image = reader.locator('meta[property="og:image"]').get_attribute("content")
    twitter_image = reader.locator('meta[name="twitter:image"]').get_attribute("content")
    assert og_image == twitter_image
    sizes = [
        reader.locator(f'meta[property="og:image:{side}"]').get_attribute("content")
        for side in ("width", "height")
    ]
    assert sizes == ["1200", "630"]
    return reader, card_url, og_image


def test_a_writer_points_at_the_subject_and_the_crops_follow(
    new_context, problems, shots, newsroom
):
    writer = newsroom["writer"]
    image = ImageFactory(
        file=harbour_with_lighthouse(),
        uploaded_by=writer,
        alt_text="The red lighthouse at the end of the east quay",
        caption="The east quay lighthouse, lit again since March.",
    )
    article = ArticleFactory(
        published=True,
        author=writer,
        section=newsroom["sections"]["politics"],
        title="The lighthouse gets a keeper again",
        lead_image=image,
    )

    reader, card_before, social_before = what_readers_see(new_context, problems, article)
    assert "-16x9-" in card_before and "-1200x630-" in social_before
    # Cut from the centre, the crops miss the lighthouse.
    assert redness(reader, card_before) < 0.01
    assert redness(reader, social_before) < 0.01

    context = new_context()
    page = context.new_page()
    problems.watch(page)
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    page.goto(f"/admin/media/image/{image.pk}/change/")
    picker = page.locator("[data-focal-picker]")
    expect(picker).to_be_visible()
    marker = picker.locator(".focal-picker__marker")
    expect(marker).to_have_accessible_name("Focal point: 50% across, 50% down.")

    picture = picker.locator(".focal-picker__picture")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.915, "y": box["height"] * 0.55})
    across, down = page.get_by_label("Focal point across"), page.get_by_label("Focal point down")
    expect(across).not_to_have_value("0.5")
    x, y = float(across.input_value()), float(down.input_value())
    assert abs(x - 0.915) < 0.01 and abs(y - 0.55) < 0.01  # where it was clicked
    # The keyboard moves it too (marker focused after the click): one step up.
    expect(marker).to_be_focused()
    page.keyboard.press("ArrowUp")
    y = round(y - 0.01, 3)
    expect(down).to_have_value(f"{y:.3f}")
    status = f"Focal point: {round(x * 100)}% across, {round(y * 100)}% down."
    expect(picker.locator(".focal-picker__status")).to_have_text(status)
    expect(marker).to_have_accessible_name(status)
    picker.scroll_into_view_if_needed()
    shot = shots.take(page, "focal-point-picker")
    update_docs_screenshot(shot, "admin-focal-point.png")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    image.refresh_from_db()
    assert image.focal_point == (x, y)
    assert image.crops["focal"] == [x, y]
    assert Image.objects.get(pk=image.pk).renditions == image.renditions
    # The form shows the crops as cut, the card first.
    card_preview = page.locator(".focal-crop img").first.get_attribute("src")
    assert card_preview.endswith(image.crops["16:9"][0]["jpeg"])

    reader, card_after, social_after = what_readers_see(new_context, problems, article)
    assert card_after != card_before and social_after != social_before
    # Cut around the point, both show the lighthouse.
    assert redness(reader, card_after) > 0.05
    assert redness(reader, social_after) > 0.05
    shots.take(reader, "article-after")
    assert problems.page_errors == []
    assert problems.script_errors == []


def test_the_picker_works_from_the_keyboard_and_passes_axe(new_context, problems, newsroom):
    image = ImageFactory(file=harbour_with_lighthouse(), uploaded_by=newsroom["writer"])
    # axe is injected as a script, which the strict CSP would block: off for this context.
    page = new_context(bypass_csp=True).new_page()
    problems.watch(page)
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    page.goto(f"/admin/media/image/{image.pk}/change/")
    marker = page.locator(".focal-picker__marker")
    expect(marker).to_be_visible()

    # Tab from the last field before the picker reaches the marker.
    page.get_by_label("Credit").focus()
    page.keyboard.press("Tab")
    expect(marker).to_be_focused()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Focal point across")).to_have_value("0.600")
    expect(page.get_by_label("Focal point down")).to_have_value("0.510")
    # Typing a number moves the marker too.
    page.get_by_label("Focal point across").fill("0.1")
    expect(marker).to_have_accessible_name("Focal point: 10% across, 51% down.")

    violations = axe_violations(page, [".field-focal_point", ".field-focal_x", ".field-focal_y"])
    assert violations == []
    assert problems.page_errors == []
    assert problems.script_errors == []
