/* Behaviour the pages used to declare inline (the Content-Security-Policy forbids inline handlers):
   <select data-autosubmit> submits its form on change; <button data-print> prints the page. */
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
})();
