"""Request ids and structured logs.

Every request has an id: the one the load balancer sent in ``X-Request-ID`` if it looks like an
id, otherwise a new one. It goes back in the response header, into gunicorn's access log (which
logs that response header) and, with ``LOG_FORMAT = "json"`` (production), onto every
application log line, written as one JSON object, so one request can be followed across the
access log, the application log and the load balancer's. Text logs (development) leave it out.
"""

import json
import logging
import re
import uuid

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Puts the request id (or "-" outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def init_app(app: Flask) -> None:
    @app.before_request
    def assign_request_id():
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if _ACCEPTABLE.match(offered) else uuid.uuid4().hex

    @app.after_request
    def return_request_id(response):
        if "request_id" in g:
            response.headers[HEADER] = g.request_id
        return response

    if app.config.get("LOG_FORMAT") == "json" and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler.addFilter(RequestIdFilter())
        root = logging.getLogger()
        root.handlers = [handler]
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
