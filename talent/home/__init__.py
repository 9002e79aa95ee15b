"""Each role's home page, and the health check."""

import logging

from flask import Blueprint

bp = Blueprint("home", __name__)
logger = logging.getLogger(__name__)
