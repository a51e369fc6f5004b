"""Middleware every response goes through: a request id for the logs, and policy headers."""

import re
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings

from newsroom.logs import start_request_context
from newsroom.network import client_ip

# An id our own proxy may pass on (letters, digits, dashes); anything else gets a fresh one,
# so a client cannot write what it likes into our logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def request_id(request):
    """The id of this request: a trusted proxy's, else a fresh one."""
    if settings.TRUSTED_PROXY_COUNT > 0:
        incoming = request.headers.get("x-request-id", "")
        if REQUEST_ID.fullmatch(incoming):
            return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id, put it and the client's address on each log line written
    while handling it, and send it back as ``X-Request-ID`` for support and tracing.

    The id of a trusted proxy (``X-Request-ID`` with ``TRUSTED_PROXY_COUNT`` above 0) is kept
    so a request can be followed from the load balancer's log into ours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The page cache, in front, may have given it already (articles/middleware.py).
        if not getattr(request, "id", None):
            request.id = request_id(request)
        # Left set until the response is closed (request_finished): Django logs errors such
        # as "Not Found" after the middleware has returned.
        start_request_context(request.id, client_ip(request))
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class PolicyHeadersMiddleware:
    """``Permissions-Policy`` and ``Cross-Origin-Resource-Policy`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class StableCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy's directives always in one order.

    django-csp joins them in the order of a set of their names, which changes with each
    process's hash seed: two app servers would send the same page with two policies, and a
    page stored by one carries another policy than the same page rendered by the next.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        for header in (HEADER, HEADER_REPORT_ONLY):
            if header in response:
                response[header] = "; ".join(sorted(response[header].split("; ")))
        return response
