"""Friendly error pages in the site's design."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from articles.caching import is_anonymous_request


def page_not_found(request, exception):
    if is_anonymous_request(request):
        # As on public pages: a reader without a session gets no session lookup and no cookie.
        request.user = AnonymousUser()
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors here: the error may have come from the database they would query.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
