// "Add a row" on the application's list steps (schedule, results, budget): a blank row
// from the page's <template>, numbered as the formset expects. Without script the page
// offers blank rows and "Save and add more rows" instead.
(function () {
  "use strict";
  var button = document.getElementById("add-row");
  var rows = document.getElementById("rows");
  var template = document.getElementById("empty-row");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var most = document.querySelector("input[name$='-MAX_NUM_FORMS']");
  if (!button || !rows || !template || !total) return;

  button.hidden = false;
  var more = document.querySelector("button[name=more]");
  if (more) more.hidden = true;

  button.addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    if (most && n >= parseInt(most.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(n)).replace(/__num__/g, String(n + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var first = rows.lastElementChild.querySelector("input, select, textarea");
    if (first) first.focus();
  });
})();
