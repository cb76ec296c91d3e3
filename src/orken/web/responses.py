"""A JSON response for the hot read endpoints, serialised directly with the standard library.

FastAPI walks every plain ``dict`` an endpoint returns with ``jsonable_encoder`` before rendering
it; on a list page of 50 projects that walk costs as much as the database queries. The bodies we
build (``orken.registry.serialize``) are already made of JSON types, so the endpoints that list
and aggregate return ``json_response(body)`` and skip it. The few non-JSON values that can
appear (dates, Decimals) are converted by ``_default`` the way ``jsonable_encoder`` would.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi.responses import JSONResponse


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class FastJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=_default).encode("utf-8")


def json_response(body: Any, status_code: int = 200, media_type: str | None = None) -> FastJSONResponse:
    return FastJSONResponse(body, status_code=status_code, media_type=media_type)
