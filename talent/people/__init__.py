"""People, their posts and bands, and the reporting lines between posts."""

import logging

from flask import Blueprint

bp = Blueprint("people", __name__)
logger = logging.getLogger(__name__)
