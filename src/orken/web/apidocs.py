"""The API documentation page, ``/api/v1/docs``: Swagger UI from the npm package ``swagger-ui-dist``
(copied into ``static/vendor/swagger-ui`` by ``make assets``), served by the app itself, so it works
without internet and under the same strict Content-Security-Policy as every page (no CDN, no
inline script: ``static/apidocs.js`` starts it)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

DOCS_PATH = "/api/v1/docs"
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} · API</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
  <link rel="stylesheet" href="/static/apidocs.css">
</head>
<body>
  <header class="apidocs-header"><a href="/">Orken</a> · <a href="{openapi}">OpenAPI (JSON)</a></header>
  <div id="swagger-ui" data-url="{openapi}">
    <noscript><p>The interactive documentation needs JavaScript; the API's description is at
      <a href="{openapi}">{openapi}</a>.</p></noscript>
  </div>
  <script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/static/apidocs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    html = PAGE.format(title=app.title, openapi=app.openapi_url)

    @app.get(DOCS_PATH, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(html)
