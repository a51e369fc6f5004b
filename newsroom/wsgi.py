"""WSGI entry point for gunicorn: ``gunicorn newsroom.wsgi``.

Django's application behind the page cache's WSGI layer (``articles/wsgi.py``), which
answers fresh cached anonymous pages before Django's request handling. ``runserver`` serves
this too (``WSGI_APPLICATION``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

# Imported once Django is set up: the layer reads the settings and the URL map.
from articles.wsgi import PageCacheApplication  # noqa: E402

application = PageCacheApplication(application)
