// Starts Swagger UI (static/vendor/swagger-ui, from npm) on /api/v1/docs; no inline script under the CSP.
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root) return;
  if (typeof window.SwaggerUIBundle !== "function") {
    root.insertAdjacentHTML("beforeend", "<p>Swagger UI is not installed (run <code>make assets</code>); the API " +
      "description is at <a href=\"" + root.dataset.url + "\">" + root.dataset.url + "</a>.</p>");
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.url, dom_id: "#swagger-ui", deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout"
  });
})();
