"""Non-executive director appointments (Messenger recommendation 6): vacancies on boards,
applications with monitoring kept apart, panels with declarations of interest, and independent
scoring with moderation."""

from flask import Blueprint

bp = Blueprint("ned", __name__)
