"""``api_route``: one decorator that authenticates, authorises, validates and documents.

Each endpoint declares its operationId, permission (or ``public=True``), request body and query
models and response model. The same declarations drive request handling here and the OpenAPI
document in :mod:`talent.api.openapi`, so the document cannot drift from the code.
"""

from dataclasses import dataclass, field
from functools import wraps

from flask import g, jsonify, request
from pydantic import BaseModel, ValidationError

from talent.api import bp
from talent.api.schemas import Error, FieldError
from talent.auth.policy import build_principal, can, check_known
from talent.auth.tokens import account_for_bearer
from talent.errors import NotFound, TalentError
from talent.transactions import service_call


@dataclass
class Operation:
    operation_id: str
    method: str
    rule: str
    summary: str
    permission: str | None
    response: type[BaseModel] | None
    status: int = 200
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    tags: list[str] = field(default_factory=list)
    #: The operation checks a version and may answer 409 when someone else changed the record.
    conflict: bool = False
    #: OpenAPI links from this operation's response to operations that use an id in it:
    #: {operationId: {parameter: runtime expression such as "$response.body#/id"}}.
    links: dict[str, dict[str, str]] = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def error_response(status: int, message: str, errors: list[FieldError] | None = None):
    return jsonify(Error(message=message, errors=errors or []).model_dump(mode="json")), status


def _field_errors(error: ValidationError, where: str) -> list[FieldError]:
    return [
        FieldError(field=".".join([where, *(str(part) for part in item["loc"])]), message=item["msg"])
        for item in error.errors(include_url=False)
    ]


def _authenticate(permission: str):
    """(principal, None) for a live token whose roles allow ``permission``; else (None, refusal)."""
    account = account_for_bearer(request.headers.get("Authorization", ""))
    if account is None:
        return None, error_response(401, "Send a valid API token: Authorization: Bearer <token>")
    g.api_account = account
    principal = g.principal = build_principal(account)
    if not can(principal, permission):
        return None, error_response(403, "Your roles do not allow this")
    return principal, None


def _load(load, kwargs: dict, principal, permission: str | None):
    """The object the URL names, or None if it does not exist or is outside the caller's reach."""
    try:
        obj = load(**kwargs)
    except NotFound:
        return None
    if principal is not None and not can(principal, permission, obj):
        return None
    return obj


def _validate(query: type[BaseModel] | None, body: type[BaseModel] | None):
    """Validated ``query`` and ``body`` models, or a 400 naming each bad field by its path."""
    extras = {}
    for name, model in (("query", query), ("body", body)):
        if model is None:
            continue
        payload = request.args.to_dict() if name == "query" else request.get_json(silent=True)
        if not isinstance(payload, dict):
            return None, error_response(400, "Send a JSON object in the request body")
        try:
            extras[name] = model.model_validate(payload)
        except ValidationError as error:
            return None, error_response(400, "Check the fields named in errors", _field_errors(error, name))
    return extras, None


def api_route(
    rule: str,
    *,
    method: str,
    operation_id: str,
    summary: str,
    response: type[BaseModel] | None,
    permission: str | None = None,
    public: bool = False,
    load=None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    status: int = 200,
    tag: str,
    conflict: bool = False,
    links: dict[str, dict[str, str]] | None = None,
):
    """Register an API endpoint. The view receives the loaded object (if ``load``), then
    ``body=`` and ``query=`` as validated models, and returns a model of ``response``."""
    if not public:
        check_known(permission)
    operation = Operation(
        operation_id, method, rule, summary, permission, response, status, body, query, [tag], conflict, links or {}
    )
    OPERATIONS.append(operation)

    def decorator(view):
        @wraps(view)
        def handle(**kwargs):
            principal, refusal = (None, None) if public else _authenticate(permission)
            if refusal:
                return refusal
            arguments = []
            if load is not None:
                obj = _load(load, kwargs, principal, permission)
                if obj is None:
                    return error_response(404, "Not found")
                arguments.append(obj)
            extras, refusal = _validate(query, body)
            if refusal:
                return refusal
            try:
                with service_call():
                    result = view(*arguments, **extras)
            except TalentError as error:
                # A service names a body field bare; a view checking its query names it "query.…".
                field = error.field if (error.field or "").startswith("query.") else f"body.{error.field}"
                errors = [FieldError(field=field, message=error.message)] if error.field else None
                return error_response(error.status_code, error.message, errors)
            if result is None:
                return "", status
            return jsonify(result.model_dump(mode="json")), status

        handle.required_permission = permission
        if public:
            handle.is_public = True
        bp.add_url_rule(rule, endpoint=operation_id, view_func=handle, methods=[method])
        return handle

    return decorator
