/* Small maps: a project's location in its region, and a region's districts coloured by projects. */
(function () {
  "use strict";
  if (!window.L) return;
  function boundaries(level, parent) {
    return fetch("/api/v1/geo/regions.geojson?level=" + level + (parent ? "&parent=" + parent : ""))
      .then(function (r) { return r.json(); });
  }
  function base(el) {
    var map = L.map(el, {preferCanvas: true, zoomControl: true, scrollWheelZoom: false, attributionControl: true, zoomSnap: 0.25})
      .setView([48.3, 67.3], 4);  // a view before any layer: the canvas renderer needs one
    map.attributionControl.setPrefix(false);
    return map;
  }
  var mini = document.getElementById("mini-map");
  if (mini) {
    var map = base(mini), lat = Number(mini.dataset.lat), lon = Number(mini.dataset.lon);
    boundaries(1).then(function (geo) {
      map.attributionControl.addAttribution(geo.attribution || "");
      var own = geo.features.filter(function (f) { return f.properties.kato === mini.dataset.region; });
      var layer = L.geoJSON({type: "FeatureCollection", features: own},
        {style: {weight: 1.5, color: "#40606a", fillColor: "#ccece6", fillOpacity: 0.6}}).addTo(map);
      L.circleMarker([lat, lon], {radius: 8, weight: 2, color: "#fff", fillColor: "#d73027", fillOpacity: 1}).addTo(map);
      map.fitBounds(layer.getBounds(), {padding: [6, 6]});
      mini.dataset.state = "ready";
    });
  }
  var region = document.getElementById("region-map");
  if (region) {
    var info = JSON.parse(document.getElementById("region-data").textContent);
    var values = {}, max = 1;
    info.districts.forEach(function (k, i) { values[k] = info.values[i]; if (info.values[i] > max) max = info.values[i]; });
    var rmap = base(region);
    boundaries(2, info.kato).then(function (geo) {
      rmap.attributionControl.addAttribution(geo.attribution || "");
      var own = geo.features;
      var layer = L.geoJSON({type: "FeatureCollection", features: own}, {
        style: function (f) {
          var v = values[f.properties.kato] || 0, t = Math.sqrt(v / max);
          return {weight: 1, color: "#40606a", fillOpacity: 0.85,
            fillColor: v ? ["#ccece6", "#99d8c9", "#66c2a4", "#2ca25f", "#006d2c"][Math.min(4, Math.floor(t * 5))] : "#f7f9f9"};
        },
        onEachFeature: function (f, l) {
          var name = f.properties["name_" + document.documentElement.lang] || f.properties.name_ru;
          var tip = document.createElement("span");  // text from data, never HTML
          tip.textContent = name + ": " + (values[f.properties.kato] || 0) + " " + info.label;
          l.bindTooltip(tip, {sticky: true});
          l.on("click", function () { window.location.href = "/projects?region=" + f.properties.kato; });
        }
      }).addTo(rmap);
      if (own.length) rmap.fitBounds(layer.getBounds(), {padding: [6, 6]});
      region.dataset.districts = String(own.length);
      region.dataset.state = "ready";
    });
  }
})();
