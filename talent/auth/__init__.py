"""Accounts, sign-in, roles with scopes, and the permission policy."""

import logging

from flask import Blueprint

bp = Blueprint("auth", __name__)
logger = logging.getLogger(__name__)
