"""The JSON API under /api/v1: bearer tokens, the shared policy, and a generated OpenAPI document."""

import logging

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
logger = logging.getLogger(__name__)
