// The budget's totals and the call's rules as the user types, computed by the server
// (grants/budget.py, through the step's check address): the page shows what the portal
// itself reads from the form, so the sums shown are the sums saved. Nothing is saved here.
(function () {
  "use strict";
  var rows = document.getElementById("rows");
  var url = rows && rows.dataset.checkUrl;
  var form = rows && rows.closest("form");
  if (!url || !form) return;
  var timer = null;
  var sent = 0;
  var shown = 0;

  // Replace a message box's contents only when they change, so that a screen reader
  // announces a message once, not at every key.
  function setMessages(box, messages, className) {
    if (!box) return;
    var now = Array.prototype.map.call(box.children, function (p) { return p.textContent; });
    if (now.join("\n") === messages.join("\n")) return;
    box.replaceChildren.apply(box, messages.map(function (text) {
      var p = document.createElement("p");
      p.className = className;
      p.textContent = text;
      return p;
    }));
  }

  function show(data) {
    rows.querySelectorAll(".budget-row").forEach(function (row) {
      var line = data.lines[parseInt(row.dataset.row, 10)] || { total: "–", error: "" };
      row.querySelector(".line-total").textContent = line.total;
      setMessages(row.querySelector("[data-line-check]"), line.error ? [line.error] : [],
        "alert alert-danger py-2 mb-2");
    });
    Object.keys(data.totals).forEach(function (id) {
      var output = document.getElementById(id);
      if (output) output.textContent = data.totals[id];
    });
    document.querySelectorAll("[data-rule-messages]").forEach(function (box) {
      setMessages(box, data.messages[box.dataset.ruleMessages] || [], "errorlist mb-0");
    });
  }

  function check() {
    var number = ++sent;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        // Answers may come back out of order: only the newest is shown.
        if (data && number > shown) { shown = number; show(data); }
      })
      .catch(function () { /* offline: the server checks again on saving */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  rows.addEventListener("input", later);
  rows.addEventListener("change", later);
})();
