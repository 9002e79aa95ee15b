"""The OpenAPI 3.1 document, built from the operations that ``api_route`` registered."""

import re

from pydantic.json_schema import models_json_schema

from talent.api.routing import OPERATIONS
from talent.api.schemas import Error
from talent.routing import MAX_ID

_REF = "#/components/schemas/{model}"
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _models():
    models = {Error}
    for operation in OPERATIONS:
        models |= {model for model in (operation.body, operation.response, operation.query) if model is not None}
    return sorted(models, key=lambda model: model.__name__)


#: The service refuses NUL characters in any text (see talent.security); the document says so.
NO_NUL = "^[^\\u0000]*$"


def _no_nul(schema):
    """Add the no-NUL pattern to every free-text string schema inside ``schema``."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and not ({"enum", "format", "pattern", "const"} & schema.keys()):
            schema["pattern"] = NO_NUL
        for value in schema.values():
            _no_nul(value)
    elif isinstance(schema, list):
        for value in schema:
            _no_nul(value)
    return schema


def build_document(version: str) -> dict:
    modes = []
    for model in _models():
        modes.append((model, "validation"))
        modes.append((model, "serialization"))
    keys, definitions = models_json_schema(modes, ref_template=_REF)
    schemas = definitions.get("$defs", {})

    def ref(model, mode="serialization"):
        return keys[(model, mode)]

    def error(description):
        return {"description": description, "content": {"application/json": {"schema": ref(Error)}}}

    paths: dict = {}
    for operation in OPERATIONS:
        path = "/api/v1" + _CONVERTER.sub(r"{\2}", operation.rule)
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}
                if converter == "id"
                else {"type": "string"},
            }
            for converter, name in _CONVERTER.findall(operation.rule)
        ]
        if operation.query is not None:
            query_schema = operation.query.model_json_schema(ref_template=_REF)
            required = set(query_schema.get("required", []))
            for name, schema in query_schema["properties"].items():
                schema = {key: value for key, value in schema.items() if key not in ("title", "description")}
                parameters.append({"name": name, "in": "query", "required": name in required, "schema": schema})
        responses = _responses(operation, any(p["in"] == "path" for p in parameters), ref, error)
        entry = {
            "operationId": operation.operation_id,
            "summary": operation.summary,
            "tags": operation.tags,
            "parameters": parameters,
            "responses": responses,
        }
        if operation.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref(operation.body, "validation")}},
            }
        if operation.permission is None:
            entry["security"] = []
        paths.setdefault(path, {})[operation.method.lower()] = entry
    return _no_nul(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "Talent API",
                "version": version,
                "description": "Leadership development and talent management for the NHS in England.",
            },
            "servers": [{"url": "/"}],
            "paths": paths,
            "components": {
                "schemas": schemas,
                "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            },
            "security": [{"bearerAuth": []}],
        }
    )


def _responses(operation, has_path: bool, ref, error) -> dict:
    responses = {}
    if operation.response is None:
        responses[str(operation.status)] = {"description": "Done"}
    else:
        responses[str(operation.status)] = {
            "description": operation.summary,
            "content": {"application/json": {"schema": ref(operation.response)}},
        }
        if operation.links:
            # So that clients, and stateful fuzzers, can follow a created record to what uses it.
            responses[str(operation.status)]["links"] = {
                target: {"operationId": target, "parameters": parameters}
                for target, parameters in sorted(operation.links.items())
            }
    if operation.body is not None or operation.query is not None or operation.method != "GET":
        responses["400"] = error("Bad input (errors name each field by its path) or refused by a rule")
    if operation.permission is not None:
        responses["401"] = error("No valid API token")
        responses["403"] = error("Your roles do not allow this")
    elif operation.body is not None:
        responses["403"] = error("Wrong email or password, or the account is locked")
    names_objects = operation.body is not None and any(name.endswith("_id") for name in operation.body.model_fields)
    if has_path or names_objects:
        responses["404"] = error("Not found, or outside what you may see")
    if operation.conflict:
        responses["409"] = error("Changed by someone else since you read it: read it again and retry")
    return responses
