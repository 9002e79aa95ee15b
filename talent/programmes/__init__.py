"""National induction, the mid-career programme, accredited courses and national leadership
programmes: cohorts, enrolment, completion, and the prerequisites for senior posts."""

from flask import Blueprint

bp = Blueprint("programmes", __name__)
