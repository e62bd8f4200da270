// Show the informal group's members only when "informal group" is chosen.
(function () {
  var select = document.getElementById("id_legal_form");
  var members = document.getElementById("group-members");
  var sponsor = document.getElementById("div_id_sponsor");
  var krs = document.getElementById("div_id_krs");
  if (!select || !members) return;
  function update() {
    var isGroup = select.value === "informal_group";
    members.hidden = !isGroup;
    if (sponsor) sponsor.hidden = !isGroup;
    // An informal group has no legal personality, so no KRS number.
    if (krs) krs.hidden = isGroup;
  }
  select.addEventListener("change", update);
  update();
})();
