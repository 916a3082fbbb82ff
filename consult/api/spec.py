"""The API's OpenAPI 3.1 document, built by apispec from the views themselves: each view is marked with `operation`
(what it does, the schema of its query and of its answer, the errors it may give), its path and path parameters are
read from its route, and the schemas are those that write its JSON (consult.api.schemas).

The document is built once per app and language (summaries and descriptions are translated), and the reference
page (/api/v1/) is rendered from the same document.
"""

import re
from dataclasses import dataclass

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.http import HTTP_STATUS_CODES

from consult.api.schemas import ArticleSchema, DivisionSchema, ProblemSchema

VERSION = "1.0.0"
PROBLEM = "application/problem+json"
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@dataclass(frozen=True)
class Operation:
    """What a view of the API is, for its entry in the document."""

    summary: object
    description: object
    response: object  # the marshmallow schema of its answer, or a JSON Schema dict
    query: object = None  # the marshmallow schema of its query parameters
    errors: tuple = (429, 500)
    media_type: str = "application/json"
    body: object = None  # the schema of a JSON request body (an operation that is not a GET)
    status: int = 200  # the status of its answer when all goes well
    security: bool = False  # it needs a partner key (Authorization: Bearer ck_…)


def operation(summary, description, response, query=None, not_found=False, media_type="application/json", **more):
    """Mark a view as an operation of the API, described in the document. `more` may give its request `body`, its
    success `status` and further error codes (`errors`: each a problem document)."""
    errors = (*((400,) if query is not None else ()), *((404,) if not_found else ()), *more.pop("errors", ()))

    def mark(view):
        view.api_operation = Operation(
            summary, description, response, query, (*sorted(errors), 429, 500), media_type, **more
        )
        return view

    return mark


PATH_PARAMETERS = {"slug": _l("The draft's slug, as in its address on the site.")}

ERRORS = {
    400: ("BadRequest", _l("A parameter is not valid; invalid_params says which and why.")),
    404: ("NotFound", _l("There is no public draft with this slug.")),
    429: ("TooManyRequests", _l("Too many requests from this client: wait for the seconds in Retry-After.")),
    500: ("ServerError", _l("Something went wrong on the server.")),
}


def openapi_document(app, language):
    """Return the document (a dict) in `language`, built once per app and language."""
    documents = app.extensions.setdefault("api_documents", {})
    if language not in documents:
        with force_locale(language):
            documents[language] = _plain(_build(app))
    return documents[language]


def _build(app):
    """Build the document from the routes of the API's blueprint that are marked as operations."""
    spec = APISpec(
        title=str(_l("Consult open data API")),
        version=VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": _l(
                "Public drafts, their text, approved opinions (without contact details) and the drafting agencies' "
                "published answers, read-only. Lists come in pages: pass the next_cursor of a page as cursor to "
                "get the next one. Every answer has an ETag: send it back in If-None-Match to get 304 Not Modified "
                "when nothing changed. Errors are problem documents (RFC 9457)."
            ),
        },
    )
    spec.components.security_scheme(
        "partnerKey",
        {"type": "http", "scheme": "bearer", "description": _l("A partner key, issued by the site's administrators.")},
    )
    spec.components.schema("Problem", schema=ProblemSchema)
    spec.components.schema("Article", schema=ArticleSchema)
    spec.components.schema("Division", schema=DivisionSchema)
    for code, (name, description) in ERRORS.items():
        response = {"description": description, "content": {PROBLEM: {"schema": "Problem"}}}
        if code == 429:
            response["headers"] = {"Retry-After": {"description": _l("Seconds to wait."), "schema": {"type": "string"}}}
        spec.components.response(name, response)
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        marked = getattr(app.view_functions.get(rule.endpoint), "api_operation", None)
        if marked is not None:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            operations = {method.lower(): _operation(rule, method, marked) for method in methods}
            spec.path(path=_ARGUMENT.sub(r"{\1}", rule.rule), operations=operations)
    return spec.to_dict()


def _operation(rule, method, marked):
    """Return the document's entry of one operation."""
    parameters = [
        {
            "in": "path",
            "name": name,
            "required": True,
            "description": PATH_PARAMETERS.get(name, ""),
            "schema": {"type": "string", "minLength": 1},
        }
        for name in sorted(rule.arguments)
    ]
    if marked.query is not None:
        parameters.append({"in": "query", "schema": marked.query})
    success = {"description": _l("OK"), "content": {marked.media_type: {"schema": marked.response}}}
    responses = {str(marked.status): success}
    if method == "GET":  # answers to a GET are conditional (consult.api.http)
        success["headers"] = {
            "ETag": {
                "description": _l("Send it back in If-None-Match to be told when nothing changed."),
                "required": True,
                "schema": {"type": "string"},
            },
        }
        responses["304"] = {
            "description": _l("Not modified: the copy whose ETag was sent in If-None-Match is current.")
        }
    for code in marked.errors:
        if code in ERRORS:
            responses[str(code)] = ERRORS[code][0]
        else:
            problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            responses[str(code)] = {"description": HTTP_STATUS_CODES.get(code, ""), "content": problem}
    entry = {
        "operationId": rule.endpoint.removeprefix("api.") + ("" if method == "GET" else f"_{method.lower()}"),
        "summary": marked.summary,
        "description": marked.description,
        "parameters": parameters,
        "responses": responses,
    }
    if marked.body is not None:
        entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": marked.body}}}
    if marked.security:
        entry["security"] = [{"partnerKey": []}]
    return entry


def _plain(value):
    """Return the document with every lazily translated string made a plain one (in the language in force)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "__html__") and not isinstance(value, str):  # flask_babel's LazyString
        return str(value)
    return value


def reference(document, example_slug):
    """Return the operations of a document for the reference page, each a dict: id, path, summary, description,
    parameters (name, in, required, type, description), responses ([(code, description)]) and an example
    address (with `example_slug`, and limit=2 for a list)."""
    shared = document["components"]["responses"]
    operations = []
    for path, item in document["paths"].items():
        entry = item["get"]
        parameters = [
            {
                "name": parameter["name"],
                "in": parameter["in"],
                "required": parameter.get("required", False),
                "type": _type_name(parameter.get("schema", {})),
                "description": parameter.get("description", ""),
            }
            for parameter in entry.get("parameters", [])
        ]
        responses = [
            (code, shared[answer["$ref"].rsplit("/", 1)[1]] if "$ref" in answer else answer)
            for code, answer in entry["responses"].items()
        ]
        example = path.replace("{slug}", example_slug)
        if any(parameter["name"] == "limit" for parameter in parameters):
            example += "?limit=2"
        operations.append(
            {
                "id": entry["operationId"],
                "path": path,
                "summary": entry["summary"],
                "description": entry["description"],
                "parameters": parameters,
                "responses": [(code, answer["description"]) for code, answer in responses],
                "example": example,
            }
        )
    return operations


def _type_name(schema):
    """Return a short name of a parameter's type: integer, string, date-time, or its choices."""
    if "enum" in schema:
        return " | ".join(str(choice) for choice in schema["enum"])
    return schema.get("format") or schema.get("type", "")


def current_document(language):
    """Return the current app's document in `language`."""
    return openapi_document(current_app._get_current_object(), language)
