// The centres' maps: list, home, detail and "which centre is mine?".
// Markers, popups and the area layer come from the portal's own GeoJSON, so the map works
// when the tile server cannot be reached; the tiles are only the background.
(function () {
  "use strict";

  // A div icon with an accessible name: Leaflet makes keyboard markers role="button".
  var LabelledIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.setAttribute("aria-label", this.options.label);
      return div;
    },
  });

  function centreIcon(props) {
    var cls = "centre-marker centre-marker--" + props.kind + (props.mobile ? " centre-marker--mobile" : "");
    return new LabelledIcon({
      className: "centre-marker-wrap",
      html: '<span class="' + cls + '" aria-hidden="true"></span>',
      iconSize: [24, 24],
      iconAnchor: [12, 12],
      popupAnchor: [0, -12],
      label: props.name,
    });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function popupContent(props, labels) {
    var box = el("div", null, { class: "centre-popup" });
    var title = el("p", null, { class: "fw-semibold mb-1" });
    title.appendChild(el("a", props.name, { href: props.url }));
    box.appendChild(title);
    var facts = [props.kind_label];
    if (props.mobile) facts.push(labels.mobile);
    if (props.area) facts.push(props.area);
    box.appendChild(el("p", facts.join(" · "), { class: "mb-1" }));
    if (props.address) box.appendChild(el("p", props.address, { class: "mb-0" }));
    return box;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function relabelCloseButton(map, labels) {
    map.on("popupopen", function (e) {
      var button = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) button.setAttribute("aria-label", labels.closePopup);
    });
  }

  // A popup opened from the keyboard (Enter on a marker) takes the focus, so that its link
  // is the next thing read; Escape or its close button closes it and gives the focus back
  // to the marker. A popup opened by a pointer leaves the focus where it was.
  function keyboardPopups(map) {
    var container = map.getContainer();
    var keyed = false;
    var opener = null;
    container.addEventListener("keydown", function (e) {
      keyed = e.key === "Enter" || e.key === " ";
      if (e.key === "Escape" && map._popup && map._popup.isOpen()) {
        e.preventDefault();
        map.closePopup();
      }
    }, true);
    container.addEventListener("pointerdown", function () { keyed = false; }, true);
    map.on("popupopen", function (e) {
      if (!keyed) { opener = null; return; }
      keyed = false;
      opener = document.activeElement;
      var element = e.popup.getElement();
      var target = element.querySelector(".leaflet-popup-content a, .leaflet-popup-content button") ||
        element.querySelector(".leaflet-popup-close-button");
      if (target) target.focus();
    });
    map.on("popupclose", function (e) {
      var element = e.popup.getElement();
      var inside = element && element.contains(document.activeElement);
      if (opener && (inside || document.activeElement === document.body) && document.contains(opener)) {
        opener.focus();
      }
      opener = null;
    });
  }

  function baseMap(container, config) {
    var map = L.map(container, { zoomControl: false, keyboard: true });
    L.control.zoom({ zoomInTitle: config.labels.zoomIn, zoomOutTitle: config.labels.zoomOut }).addTo(map);
    L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.fitBounds(config.bounds);
    relabelCloseButton(map, config.labels);
    keyboardPopups(map);
    return map;
  }

  function centresMap(container, config) {
    var map = baseMap(container, config);
    var overlays = {};
    var layers = L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        return new LabelledIcon({
          className: "centre-cluster-wrap",
          html: '<span class="centre-cluster" aria-hidden="true">' + n + "</span>",
          iconSize: [36, 36],
          label: config.labels.cluster.replace("%(count)s", n),
        });
      },
    });
    map.addLayer(clusters);
    layers.addOverlay(clusters, config.labels.centres);
    container.centresMap = map;

    var centres = getJSON(config.centresUrl).then(function (data) {
      data.features.forEach(function (f) {
        if (!f.geometry) return;
        var c = f.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], { icon: centreIcon(f.properties), keyboard: true, title: f.properties.name });
        marker.bindPopup(popupContent(f.properties, config.labels));
        marker.feature = f;
        clusters.addLayer(marker);
      });
      container.setAttribute("data-centres-loaded", String(data.features.length));
    });

    var areas = getJSON(config.areasUrl).then(function (data) {
      if (!data.features.length) return;
      var layer = L.geoJSON(data, {
        style: { color: "#0b4f8a", weight: 1, opacity: 0.7, fillOpacity: 0.04 },
        interactive: !config.mine,
        onEachFeature: function (f, l) {
          if (config.mine) return;
          var box = el("div");
          var title = el("p", null, { class: "fw-semibold mb-1" });
          title.appendChild(el("a", f.properties.name, { href: f.properties.url }));
          box.appendChild(title);
          var page = el("p", null, { class: "mb-1" });
          page.appendChild(el("a", config.labels.areaPage, { href: f.properties.url }));
          box.appendChild(page);
          var link = el("a", config.labels.whichCentre, { href: config.mineUrl + "?area=" + encodeURIComponent(f.properties.slug) });
          box.appendChild(link);
          l.bindPopup(box);
        },
      });
      layer.addTo(map);
      layer.bringToBack();
      layers.addOverlay(layer, config.labels.areas);
    });

    Promise.all([centres, areas]).catch(function (e) { console.error(e); }).then(function () {
      container.setAttribute("data-map-ready", "true");
    });

    if (config.mine) mineInteractions(map, config);
  }

  // "Which centre is mine?": a click or the visitor's location fills the form's hidden
  // lat/lon; the answer comes from the server (point-in-area there). The page fetches it
  // and puts it into the live region, which announces it; without scripts the form is sent.
  function mineInteractions(map, config) {
    var form = document.getElementById("mine-form");
    var region = document.getElementById("mine-result");
    if (!form) return;
    function ask() {
      var query = new URLSearchParams(new FormData(form)).toString();
      var url = form.action + "?" + query;
      if (!region || !window.fetch || !window.DOMParser) { form.submit(); return; }
      fetch(url, { headers: { Accept: "text/html" } }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.text();
      }).then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var answer = next.getElementById("mine-result");
        var area = next.querySelector("#mine-form [name=area]");
        if (!answer) throw new Error("no answer in " + url);
        region.innerHTML = answer.innerHTML;
        // The osiedle found for a point is shown in the form; the point is dropped, as the
        // server does, so that choosing another osiedle next is not overridden by it.
        if (area) form.querySelector("[name=area]").value = area.value;
        form.querySelector("[name=lat]").value = "";
        form.querySelector("[name=lon]").value = "";
        history.replaceState(null, "", url);
      }).catch(function (e) { console.error(e); form.submit(); });
    }
    function submitPoint(lat, lon) {
      form.querySelector("[name=lat]").value = lat.toFixed(6);
      form.querySelector("[name=lon]").value = lon.toFixed(6);
      var area = form.querySelector("[name=area]");
      if (area) area.value = "";
      ask();
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      form.querySelector("[name=lat]").value = "";
      form.querySelector("[name=lon]").value = "";
      ask();
    });
    map.on("click", function (e) { submitPoint(e.latlng.lat, e.latlng.lng); });
    var locate = document.querySelector("[data-locate-me]");
    var status = document.querySelector("[data-locate-status]");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        if (status) status.textContent = config.labels.locating;
        navigator.geolocation.getCurrentPosition(
          function (pos) { if (status) status.textContent = ""; submitPoint(pos.coords.latitude, pos.coords.longitude); },
          function () { if (status) status.textContent = config.labels.locateFailed; },
          { timeout: 10000 }
        );
      });
    }
  }

  function centreMap(container, config, point) {
    var map = baseMap(container, config);
    if (point.boundary) {
      L.geoJSON(point.boundary, { style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.06 }, interactive: false }).addTo(map);
    }
    L.marker([point.lat, point.lng], { icon: centreIcon({ kind: point.kind, name: point.name }), keyboard: true, title: point.name }).addTo(map);
    map.setView([point.lat, point.lng], 15);
    container.setAttribute("data-map-ready", "true");
  }

  document.querySelectorAll("[data-centres-map]").forEach(function (container) {
    var config = JSON.parse(document.getElementById(container.getAttribute("data-centres-map")).textContent);
    var pointNode = container.id === "centre-map" && document.getElementById("centre-point");
    if (pointNode) centreMap(container, config, JSON.parse(pointNode.textContent));
    else centresMap(container, config);
  });
})();
