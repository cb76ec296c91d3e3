/* The zones catalogue's and matcher's small map: one marker per zone (dashed: position approximate). */
(function () {
  "use strict";
  /* on a phone the results come first: the filters fold (open without JavaScript) */
  if (window.matchMedia && window.matchMedia("(max-width: 820px)").matches) {
    document.querySelectorAll("details[data-fold-on-phone]").forEach(function (d) { d.open = false; });
  }
  /* a zone's page: the zone and its participants as points */
  var zoneEl = document.getElementById("zone-map");
  if (zoneEl && window.L) {
    var zinfo = JSON.parse(document.getElementById("zone-data").textContent);
    var zmap = L.map(zoneEl, {preferCanvas: true, scrollWheelZoom: false, zoomSnap: 0.25}).setView([zinfo.zone.lat, zinfo.zone.lon], zinfo.zone.approximate ? 7 : 10);
    zmap.attributionControl.setPrefix(false);
    var zl = document.documentElement.lang;
    fetch("/api/v1/geo/regions.geojson?level=2").then(function (r) { return r.json(); }).then(function (geo) {
      zmap.attributionControl.addAttribution(geo.attribution || "");
      L.geoJSON(geo, {interactive: false, style: {weight: 1, color: "#7a9aa5", fillColor: "#eef4f6", fillOpacity: 0.7}}).addTo(zmap).bringToBack();
    });
    if (zinfo.zone.boundary) L.geoJSON(zinfo.zone.boundary, {style: {weight: 2, color: "#0d3b45", dashArray: "4 3", fillOpacity: 0.12}}).addTo(zmap);
    L.marker([zinfo.zone.lat, zinfo.zone.lon], {icon: L.divIcon({className: "zone-icon" + (zinfo.zone.approximate ? " approximate" : ""),
      html: "<i></i>", iconSize: [14, 14]}), keyboard: false}).addTo(zmap);
    var bounds = [[zinfo.zone.lat, zinfo.zone.lon]];
    zinfo.participants.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {radius: 7, weight: 1.5, color: "#fff", fillColor: zinfo.colours[p.status] || "#555", fillOpacity: 0.95}).addTo(zmap);
      var tip = document.createElement("span");
      tip.textContent = p.name[zl] || p.name.ru || p.name.kk || p.name.en || "";
      m.bindTooltip(tip);
      m.on("click", function () { window.location.href = "/projects/" + p.id; });
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) zmap.fitBounds(bounds, {padding: [24, 24], maxZoom: 11});
    zoneEl.dataset.points = String(zinfo.participants.length);
    zoneEl.dataset.state = "ready";
  }
  var el = document.getElementById("zones-map");
  if (!el || !window.L) return;
  var info = JSON.parse(document.getElementById("zones-data").textContent);
  var lang = document.documentElement.lang;
  var map = L.map(el, {preferCanvas: true, scrollWheelZoom: false, zoomSnap: 0.25}).setView([48.3, 67.3], 4);
  map.attributionControl.setPrefix(false);
  fetch("/api/v1/geo/regions.geojson?level=1").then(function (r) { return r.json(); }).then(function (geo) {
    map.attributionControl.addAttribution(geo.attribution || "");
    L.geoJSON(geo, {interactive: false, style: {weight: 1, color: "#7a9aa5", fillColor: "#eef4f6", fillOpacity: 0.7}}).addTo(map).bringToBack();
  });
  var points = [];
  info.points.forEach(function (z) {
    var icon = L.divIcon({className: "zone-icon" + (z.approximate ? " approximate" : ""), html: "<i></i>", iconSize: [14, 14]});
    var name = z.name[lang] || z.name.ru || z.name.kk || z.name.en || "";
    var m = L.marker([z.lat, z.lon], {icon: icon, title: name, keyboard: false}).addTo(map);
    var tip = document.createElement("span");
    tip.textContent = name + (z.approximate ? " (" + info.approximate + ")" : "");
    m.bindTooltip(tip);
    m.on("click", function () { window.location.href = "/zones/" + z.id; });
    points.push([z.lat, z.lon]);
  });
  if (points.length) map.fitBounds(points, {padding: [20, 20], maxZoom: 7});
  el.dataset.points = String(points.length);
  el.dataset.state = "ready";
})();
