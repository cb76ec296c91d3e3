/* Behaviour the pages used to declare inline (the Content-Security-Policy forbids inline handlers):
   <select data-autosubmit> submits its form on change; <button data-print> prints the page;
   the map legend folds on phones. */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target && e.target.closest ? e.target.closest("[data-print]") : null;
    if (el) window.print();
  });
  // the map's legend starts folded on phones (it is a <details>: a tap opens it)
  var legend = document.getElementById("legend");
  if (legend && legend.tagName === "DETAILS" && window.matchMedia && window.matchMedia("(max-width: 820px)").matches) {
    legend.open = false;
  }
})();
