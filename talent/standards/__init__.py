"""Unified leadership and management standards: versioned frameworks, domains, standards and
behaviour statements, each framework with its own rating scale."""

from flask import Blueprint

bp = Blueprint("standards", __name__)
