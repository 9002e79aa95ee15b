"""The regional talent pipeline (Messenger recommendation 5): talent conversations in the Scope
for Growth way, talent pools per region and nationally, calibration meetings and the region's
pipeline dashboard."""

from flask import Blueprint

bp = Blueprint("pipeline", __name__)
