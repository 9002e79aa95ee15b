"""Invented demo data built on the real ODS organisation list."""

import logging

logger = logging.getLogger(__name__)
