"""The site icon: /favicon.ico answers (never a 404) and the admin names the icon too."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ICON_LINK = '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    # The target is a real static file (served by WhiteNoise after collectstatic).
    assert b"<svg" in Path(finders.find("img/favicon.svg")).read_bytes()


def test_favicon_ico_may_be_kept_by_browsers_and_caches(client):
    response = client.get("/favicon.ico")
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    assert not response.cookies


def test_admin_login_page_names_the_site_icon(client):
    # /admin/login/ leads to the site's one login page.
    html = client.get("/admin/login/", follow=True).content.decode()
    assert ICON_LINK in html


def test_admin_change_form_keeps_its_own_head_and_names_the_site_icon(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/articles/section/add/").content.decode()
    assert html.count(ICON_LINK) == 1
    assert "admin/js/vendor/jquery/jquery" in html  # the change form's own extrahead scripts
