"""Scheduled jobs: one registry, one scheduler process, idempotent jobs with a run lock."""

import logging

from flask import Blueprint

bp = Blueprint("jobs", __name__)
logger = logging.getLogger(__name__)
