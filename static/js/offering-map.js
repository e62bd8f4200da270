// The place of a training or event on a map (Leaflet from the portal's own files).
(function () {
  var el = document.getElementById("offering-map");
  if (!el || !window.L) return;
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
  var map = L.map(el, { scrollWheelZoom: false }).setView(point, 15);
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  L.marker(point, { keyboard: false }).addTo(map).bindPopup(el.dataset.label);
})();
