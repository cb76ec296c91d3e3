"""Every JSON success answer of the API is documented by a schema (so a client can be generated from
``/api/v1/openapi.json``, and schemathesis checks the bodies against it: tests/fuzz)."""

from __future__ import annotations

from sqlalchemy import create_engine

from orken.web.app import create_app


def _document() -> dict:
    return create_app(create_engine("sqlite://")).openapi()


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def test_every_json_success_response_has_a_schema():
    document = _document()
    missing, seen = [], 0
    for path, item in document["paths"].items():
        for method, op in item.items():
            for code, response in op.get("responses", {}).items():
                body = response.get("content", {}).get("application/json")
                if not code.startswith("2") or body is None:
                    continue
                seen += 1
                schema = _resolve(document, body.get("schema") or {})
                if not schema or schema == {"type": "object"} and "properties" not in schema:
                    missing.append(f"{method.upper()} {path} {code}")
    assert seen >= 55  # the walk is not vacuous
    assert not missing, f"{len(missing)} JSON success responses without a schema: {missing}"
