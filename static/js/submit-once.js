// A second click while the first request is on its way does nothing. The server makes a
// repeated submission harmless anyway; this only spares the user a confusing reload.
(function () {
  "use strict";
  document.querySelectorAll("form.transition-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
      });
    });
  });
})();
