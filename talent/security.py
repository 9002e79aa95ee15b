"""Security headers on every response, with a per-request nonce for the one inline script, and
refusal of input no part of the service can store."""

import secrets

from flask import Flask, abort, g, jsonify, request

from talent.api.schemas import safe_field_path


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


NUL = "\x00"


def _nul_paths(value, path: str):
    """Paths of the values inside ``value`` (parsed JSON) that contain the NUL character."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_paths(key, path)
            yield from _nul_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{index}")


def refuse_nul_characters():
    """No text anywhere in the service may hold the NUL character: PostgreSQL cannot store it,
    and nobody types it. Refused before any view runs, with the field named."""
    found = [f"query.{k}" for k, v in request.args.items(multi=True) if NUL in k or NUL in v]
    if request.is_json:
        found += list(_nul_paths(request.get_json(silent=True), "body"))
    else:
        found += [k for k, v in request.form.items(multi=True) if NUL in k or NUL in v]
    if not found:
        return None
    message = "Text must not contain the NUL character"
    if request.path.startswith("/api/"):
        errors = [{"field": safe_field_path(path), "message": message} for path in found]
        return jsonify(message=message, errors=errors), 400
    abort(400, description=message)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def set_security_headers(response):
        nonce = csp_nonce()
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; "
            f"script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Pages, JSON, CSV and downloads carry personal data: no shared cache or back button may
        # keep any of them. Only the design system's files, the same for everyone, are cached.
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
