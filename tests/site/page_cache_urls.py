"""Public pages that each read something about their visitor, for the page cache tests:
none of them may be stored. (Mounted with the site's own URLs by ``urls.settings``.)"""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from articles.caching import public_page

BODY = "<p>" + "A page read by one visitor only. " * 20 + "</p>"


@public_page
def sets_a_cookie(request):
    response = HttpResponse(BODY)
    response.set_cookie("seen", "1")
    return response


@public_page
def with_a_csrf_token(request):
    return HttpResponse(BODY + get_token(request))


@public_page
def with_a_csp_nonce(request):
    return HttpResponse(BODY + str(request.csp_nonce))


@public_page
def for_everyone(request):
    return HttpResponse(BODY)


urlpatterns = [
    path("visitor/cookie/", sets_a_cookie),
    path("visitor/csrf/", with_a_csrf_token),
    path("visitor/nonce/", with_a_csp_nonce),
    path("visitor/none/", for_everyone),
    path("", include("newsroom.urls")),
]
