// While the draft's PDF is being prepared, ask every few seconds whether it is ready and
// say so when it is. The link works without this script: it asks the same address again.
(function () {
  "use strict";
  var status = document.getElementById("report-pdf-status");
  var link = document.getElementById("report-pdf-link");
  var ready = document.getElementById("report-pdf-ready");
  if (!status || !link || !ready || !window.fetch) { return; }
  var url = status.dataset.pdfUrl;
  var tries = 0;
  function check() {
    tries += 1;
    fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 200) {
          status.textContent = ready.content.textContent;
          link.textContent = ready.dataset.link || link.textContent;
        } else if (tries < 120) {
          window.setTimeout(check, 5000);
        }
      })
      .catch(function () { if (tries < 120) { window.setTimeout(check, 5000); } });
  }
  window.setTimeout(check, 3000);
})();
