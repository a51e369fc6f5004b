"""Logs as JSON lines: one object per line, for a log collector to index.

Each line has the time (UTC, ISO 8601), level, logger and message, and while a request is
being handled its id (also sent as the ``X-Request-ID`` response header) and the client's
address (``newsroom.network.client_ip``). ``LOG_FORMAT=text`` gives plain lines instead for
reading in a terminal.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished

_request_id = ContextVar("request_id", default=None)
_client_ip = ContextVar("client_ip", default=None)


def start_request_context(request_id, address):
    """From now until the response is closed, log records carry the request's id and the
    client's address (the context of the thread or task handling the request)."""
    _request_id.set(request_id)
    _client_ip.set(address)


def end_request_context(**kwargs):
    _request_id.set(None)
    _client_ip.set(None)


request_finished.connect(end_request_context, dispatch_uid="newsroom.logs.end_request_context")


class RequestContextFilter(logging.Filter):
    """Copy the current request's id and client address onto the record."""

    def filter(self, record):
        record.request_id = _request_id.get()
        record.client_ip = _client_ip.get()
        return True


class JsonLinesFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "client_ip": getattr(record, "client_ip", None),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
