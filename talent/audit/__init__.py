"""The append-only, hash-chained audit log of sign-ins, role changes and sensitive reads and writes."""

import logging

from flask import Blueprint

bp = Blueprint("audit", __name__)
logger = logging.getLogger(__name__)
