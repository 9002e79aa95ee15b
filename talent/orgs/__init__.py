"""NHS England regions, organisations (by ODS code) and their oversight segments."""

import logging

from flask import Blueprint

bp = Blueprint("orgs", __name__)
logger = logging.getLogger(__name__)
