// Admin: pick a centre's location on a map; suggest the area that holds the point.
(function () {
  "use strict";
  function init() {
    var box = document.getElementById("centre-admin-map");
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var area = document.getElementById("id_area");
    var kind = document.getElementById("id_kind");
    if (!box || !lat || !lon || typeof L === "undefined") return;
    var config = JSON.parse(box.getAttribute("data-config"));
    var note = document.createElement("p");
    note.setAttribute("role", "status");
    box.parentNode.appendChild(note);
    var map = L.map(box);
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;

    function suggestArea(latlng) {
      if (!area || (kind && kind.value === "regranting")) return;
      var url = config.areaUrl + "?lat=" + latlng.lat + "&lon=" + latlng.lng;
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        if (data.id) {
          area.value = String(data.id);
          area.dispatchEvent(new Event("change"));
          note.textContent = config.suggested.replace("%(name)s", data.name);
        } else {
          note.textContent = config.noArea;
        }
      });
    }

    function place(latlng, suggest) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: "", keyboard: false }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(latlng);
      }
      if (suggest) {
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
        suggestArea(latlng);
      }
    }

    if (lat.value && lon.value) {
      var start = L.latLng(parseFloat(lat.value.replace(",", ".")), parseFloat(lon.value.replace(",", ".")));
      map.setView(start, 15);
      place(start, false);
    } else {
      map.fitBounds(config.bounds);
    }
    map.on("click", function (e) { place(e.latlng, true); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
