// Live budget totals, mirroring grants/budget.py in exact integer arithmetic (BigInt
// hundredths, never floats). The server recomputes everything when the form is saved.
(function () {
  "use strict";
  var rows = document.getElementById("rows");
  if (!rows) return;
  var nonFinancialCounts = rows.dataset.nonFinancialCounts === "1";

  // "12,5" or "12.5" -> 1250n (hundredths); anything else -> null.
  function hundredths(text) {
    var s = (text || "").trim().replace(",", ".");
    var m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt(((m[2] || "") + "00").slice(0, 2));
  }

  function format(cents) {
    var negative = cents < 0n;
    if (negative) cents = -cents;
    var whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var frac = (cents % 100n).toString().padStart(2, "0");
    return (negative ? "-" : "") + whole + "," + frac + "\u00a0zł";
  }

  function value(row, name) {
    var input = row.querySelector("[name$='-" + name + "']");
    return input ? hundredths(input.value) : null;
  }

  function update() {
    var total = 0n, requested = 0n, ownFin = 0n, ownNon = 0n;
    rows.querySelectorAll(".budget-row").forEach(function (row) {
      var out = row.querySelector(".line-total");
      var unit = value(row, "unit_cost"), qty = value(row, "quantity");
      if (unit === null || qty === null) { if (out) out.textContent = "–"; return; }
      // unit × quantity is in ten-thousandths; round half up to hundredths.
      var line = (unit * qty + 50n) / 100n;
      if (out) out.textContent = format(line);
      total += line;
      requested += value(row, "requested") || 0n;
      ownFin += value(row, "own_financial") || 0n;
      ownNon += value(row, "own_non_financial") || 0n;
    });
    var counted = ownFin + (nonFinancialCounts ? ownNon : 0n);
    var share = "0.00";
    if (total > 0n) {
      var basisPoints = (counted * 10000n * 2n + total) / (total * 2n); // half up
      share = (basisPoints / 100n).toString() + "." + (basisPoints % 100n).toString().padStart(2, "0");
    }
    document.getElementById("total-cost").textContent = format(total);
    document.getElementById("total-requested").textContent = format(requested);
    document.getElementById("total-own-financial").textContent = format(ownFin);
    document.getElementById("total-own-non-financial").textContent = format(ownNon);
    document.getElementById("own-share").textContent = share.replace(".", ",") + "%";
  }

  rows.addEventListener("input", update);
  update();
})();
