// Show the informal group's members only when "informal group" is chosen.
(function () {
  var select = document.getElementById("id_legal_form");
  var members = document.getElementById("group-members");
  var sponsor = document.getElementById("div_id_sponsor");
  if (!select || !members) return;
  function update() {
    var isGroup = select.value === "informal_group";
    members.hidden = !isGroup;
    if (sponsor) sponsor.hidden = !isGroup;
  }
  select.addEventListener("change", update);
  update();
})();
