"""In-app notifications and email over SMTP, one service for every module."""

import logging

from flask import Blueprint

bp = Blueprint("notifications", __name__)
logger = logging.getLogger(__name__)
