"""Every response carries the policy headers and a request id; logs are JSON lines."""

import json
import logging

import pytest

from newsroom.logs import JsonLinesFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/search/?q=harbour", "/no-such-page/", "/robots.txt", "/admin/login/"]
)
def test_permissions_policy_denies_features_we_do_not_use(client, path):
    policy = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("path", ["/", "/no-such-page/", "/healthz"])
def test_cross_origin_resource_policy_is_same_origin(client, path):
    assert client.get(path)["Cross-Origin-Resource-Policy"] == "same-origin"


def test_static_files_carry_the_policy_headers_too(client, settings):
    # WhiteNoise answers static files before the rest of the middleware runs.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/js/read-beacon.js")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_every_response_has_its_own_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_trusted_proxy_request_id_is_kept(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c21-0001")
    assert response["X-Request-ID"] == "lb-7f3a9c21-0001"


@pytest.mark.parametrize("incoming", ["lb-7f3a9c21-0001", "evil\nline", "x" * 200])
def test_a_client_cannot_choose_its_request_id(client, settings, incoming):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.get("/", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] != incoming


def test_a_proxy_request_id_in_a_strange_form_is_replaced(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/", HTTP_X_REQUEST_ID="bad id;")["X-Request-ID"] != "bad id;"


def test_log_lines_of_a_request_are_json_with_its_id_and_client_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get(
            "/no-such-page/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
    finally:
        logger.removeHandler(handler)
    entry = json.loads(lines[-1])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert "Not Found" in entry["message"]
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["client_ip"] == "203.0.113.7"
    assert entry["status"] == 404
    assert entry["time"].endswith("+00:00")


def test_log_lines_outside_a_request_have_no_request_fields():
    record = logging.LogRecord("newsroom", logging.INFO, __file__, 1, "started %s", ("ok",), None)
    RequestContextFilter().filter(record)
    entry = json.loads(JsonLinesFormatter().format(record))
    assert entry["message"] == "started ok"
    assert entry["request_id"] is None
    assert entry["client_ip"] is None
