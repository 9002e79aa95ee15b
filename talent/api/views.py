from flask import jsonify

from talent.api import bp
from talent.api.openapi import build_document
from talent.auth.policy import public

API_VERSION = "1.0.0"


@bp.get("/openapi.json")
@public
def openapi_document():
    return jsonify(build_document(API_VERSION))
