/* The zones catalogue's and matcher's small map: one marker per zone (dashed: position approximate). */
(function () {
  "use strict";
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
