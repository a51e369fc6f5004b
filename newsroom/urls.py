from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from masthead.favicon import favicon
from newsroom.health import healthz

# One door for staff: /admin/login/ sends to the site's login (with its rate limits, second
# factor and audit log) and comes back to the admin page asked for.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("publishing.urls")),
    path("", include("readership.urls")),
    # The public site last: its article URLs are /<section>/<slug>/.
    path("", include("articles.urls")),
]

# The benchmark's trivial constant page (bench/ceiling.py), only in servers the benchmark
# starts with BENCH_CEILING=1; a normal deployment never routes it.
if settings.BENCH_CEILING:
    urlpatterns.insert(0, path("bench/", include("bench.ceiling")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "articles.views.errors.page_not_found"
handler500 = "articles.views.errors.server_error"
