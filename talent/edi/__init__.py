"""A person's own equality monitoring answers (protected characteristics), kept apart from HR
data and readable by that person alone; statistics reach them only through talent.insights."""

from flask import Blueprint

bp = Blueprint("edi", __name__)
