import pytest

from masthead.models import SiteSettings


@pytest.mark.django_db
def test_admin_shows_the_publication_name(admin_client):
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Herald"
    site_settings.save()

    response = admin_client.get("/admin/")

    assert "The Harbour Herald admin</a>" in response.text
    assert "Django administration" not in response.text
