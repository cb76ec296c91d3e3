/* The Industrialization Map: region choropleth, districts when zoomed in, server-side project
   clusters coloured by status, zones; filters update map, counts and list together, and the URL.
   Leaflet with the canvas renderer: no WebGL, no tiles needed (the boundaries are the base map). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  document.documentElement.classList.add("js");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var UNCERTAIN_COLOUR = "#7b1fa2";  /* the ring of a status not confirmed for a long time */
  var STATUS_COLOURS = {planned: "#6b7fd7", under_construction: "#e0a100", launched: "#1a9850",
    at_design_capacity: "#006837", suspended: "#d73027", restoring: "#f46d43", cancelled: "#7f7f7f"};
  var PALETTE = ["#edf8f5", "#ccece6", "#99d8c9", "#66c2a4", "#41ae76", "#238b45", "#006d2c", "#00441b"];
  var DISTRICT_ZOOM = 7;
  var renderer = L.canvas({padding: 0.4});
  /* the view (centre and zoom) lives in the URL beside the filters: ?view=lat,lon,zoom */
  function readView(text) {
    var parts = String(text || "").split(",").map(Number);
    if (parts.length !== 3 || parts.some(function (v) { return !isFinite(v); })) return null;
    if (Math.abs(parts[0]) > 90 || Math.abs(parts[1]) > 180) return null;
    return {center: [parts[0], parts[1]], zoom: Math.max(3, Math.min(14, parts[2]))};
  }
  var initialView = readView(new URLSearchParams(window.location.search).get("view"));
  var map = L.map(el, {preferCanvas: true, renderer: renderer, minZoom: 3, maxZoom: 14, zoomSnap: 0.25,
    attributionControl: true}).setView(initialView ? initialView.center : [48.3, 67.3], initialView ? initialView.zoom : 5);
  if (data.tile_url) {
    L.tileLayer(data.tile_url, {maxZoom: 18, attribution: "© OpenStreetMap contributors", opacity: 0.55}).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(data.attribution);
  var regions = null, districts = null, districtValues = {};
  var clusterLayer = L.layerGroup().addTo(map), zoneLayer = L.layerGroup().addTo(map);
  var pending = 0;

  function busy(delta) {
    pending += delta;
    el.dataset.state = pending > 0 ? "loading" : "ready";
  }
  function maxOf(values) {
    var m = 0;
    for (var k in values) if (values[k] > m) m = values[k];
    return m || 1;
  }
  function colour(value, max) {
    if (!value) return "#f7f9f9";
    var t = Math.sqrt(value / max);
    return PALETTE[Math.max(1, Math.min(PALETTE.length - 1, Math.round(t * (PALETTE.length - 1))))];
  }
  function regionValues() {
    var v = {};
    for (var k in data.regions) v[k] = data.regions[k].value;
    return v;
  }
  function styleRegion(feature) {
    var zoomed = map.getZoom() >= DISTRICT_ZOOM;
    var r = data.regions[feature.properties.kato] || {};
    return {renderer: renderer, weight: zoomed ? 2 : 1, color: "#40606a", opacity: 0.9,
      fillOpacity: zoomed ? 0 : 0.85, fillColor: colour(r.value, maxOf(regionValues()))};
  }
  function styleDistrict(feature) {
    var v = districtValues[feature.properties.kato] || 0;
    return {renderer: renderer, weight: 0.6, color: "#7a9499", fillOpacity: 0.8,
      fillColor: colour(v, maxOf(districtValues))};
  }
  function filterQuery(extra) {
    var params = new URLSearchParams(window.location.search);
    params.delete("metric"); params.delete("lang"); params.delete("format"); params.delete("view");
    for (var k in extra) params.set(k, extra[k]);
    return params.toString();
  }
  function localName(props) {
    var order = {kk: ["kk", "ru", "en"], ru: ["ru", "kk", "en"], en: ["en", "ru", "kk"]}[data.lang];
    for (var i = 0; i < order.length; i++) if (props["name_" + order[i]]) return props["name_" + order[i]];
    return "";
  }
  /* a tooltip's content from data: DOM text nodes, never HTML (Leaflet sets a string as innerHTML);
     the first line bold unless ``plain`` */
  function textTip(lines, plain) {
    var box = document.createElement("span");
    lines.forEach(function (line, i) {
      if (i) box.appendChild(document.createElement("br"));
      var part = i || plain ? document.createElement("span") : document.createElement("strong");
      part.textContent = line == null ? "" : String(line);
      box.appendChild(part);
    });
    return box;
  }
  function getJSON(url) {
    busy(1);
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    }).finally(function () { busy(-1); });
  }

  /* regions: the base map and the choropleth */
  getJSON("/api/v1/geo/regions.geojson?level=1").then(function (geo) {
    regions = L.geoJSON(geo, {
      renderer: renderer, style: styleRegion,
      onEachFeature: function (feature, layer) {
        layer.on("click", function () { window.location.href = "/regions/" + feature.properties.kato; });
        layer.bindTooltip(function () {
          var r = data.regions[feature.properties.kato] || {};
          return textTip([localName(feature.properties), data.metric_label + ": " + (r.text || "0"),
            (r.projects || 0) + " " + data.text.projects]);
        }, {sticky: true});
      }
    }).addTo(map);
    regions.bringToBack();
    el.dataset.regions = String(geo.features.length);
    if (!initialView) map.fitBounds(regions.getBounds(), {padding: [8, 8]});
  }).catch(report);

  /* districts: coloured by the same metric once zoomed in */
  function loadDistricts() {
    var field = data.field;
    var stats = getJSON("/api/v1/stats?" + filterQuery({group_by: "district"}));
    var shapes = districts ? Promise.resolve(null) : getJSON("/api/v1/geo/regions.geojson?level=2");
    return Promise.all([stats, shapes]).then(function (res) {
      districtValues = {};
      res[0].items.forEach(function (row) { districtValues[row.key] = Number(row[field]) || 0; });
      if (!districts) {
        districts = L.geoJSON(res[1], {renderer: renderer, style: styleDistrict,
          onEachFeature: function (feature, layer) {
            layer.bindTooltip(function () {
              return textTip([localName(feature.properties),
                (districtValues[feature.properties.kato] || 0).toLocaleString(data.lang)]);
            }, {sticky: true});
          }});
      }
      districts.setStyle(styleDistrict);
    });
  }
  function showLevel() {
    var zoomed = map.getZoom() >= DISTRICT_ZOOM;
    if (zoomed) {
      loadDistricts().then(function () {
        if (map.getZoom() >= DISTRICT_ZOOM && !map.hasLayer(districts)) { districts.addTo(map); districts.bringToBack(); }
        if (regions) regions.setStyle(styleRegion);
      }).catch(report);
    } else if (districts && map.hasLayer(districts)) {
      map.removeLayer(districts);
    }
    if (regions) regions.setStyle(styleRegion);
  }

  /* project clusters from /api/v1/geo/clusters */
  var clusterTimer = null, clusterSeq = 0;
  function shortCount(n) {
    if (n >= 10000) return Math.round(n / 1000) + "k";
    if (n >= 1000) return (n / 1000).toFixed(1).replace(".", data.lang === "en" ? "." : ",") + "k";
    return String(n);
  }
  function loadClusters() {
    var seq = ++clusterSeq;
    var b = map.getBounds().pad(0.3);
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(3); }).join(",");
    return getJSON("/api/v1/geo/clusters?" + filterQuery({zoom: Math.round(map.getZoom()), bbox: bbox, lang: data.lang}))
      .then(function (res) {
        if (seq !== clusterSeq) return;
        clusterLayer.clearLayers();
        res.clusters.forEach(function (c, index) {
          var lat = c[0], lon = c[1], n = c[2], id = c[3], by = c[4], best = 0;
          var approx = (res.approximate || [])[index] || 0, precision = (res.precision || [])[index];
          var uncertain = (res.uncertain || [])[index] || 0;  /* open tasks of quiet projects (orken.tasks) */
          for (var i = 1; i < by.length; i++) if (by[i] > by[best]) best = i;
          var status = res.statuses[best], fill = STATUS_COLOURS[status] || "#555";
          if (n === 1) {
            /* a project known only to its district or region sits at that unit's centre: drawn hollow
               and dashed (a region-level one larger), with the precision in its tooltip */
            var placed = !approx;
            var m = L.circleMarker([lat, lon], {renderer: renderer, radius: placed ? 6 : (precision === "region" ? 9 : 7),
              weight: placed ? 1.5 : 2, color: placed ? "#fff" : fill, dashArray: placed ? null : "3 3",
              fillColor: fill, fillOpacity: placed ? 0.95 : 0.25});
            var label = c[5] || data.text.project + " #" + id;
            if (!placed) label += " (" + (data.text["precision_" + (precision || "region")] || data.text.approximate) + ")";
            var lines = [label];
            if (uncertain) {
              /* status not confirmed for a long time: a violet ring round the dot, and a line in the tooltip */
              lines.push(data.text.uncertain);
              clusterLayer.addLayer(L.circleMarker([lat, lon], {renderer: renderer, radius: (placed ? 6 : 8) + 4,
                weight: 3, color: UNCERTAIN_COLOUR, fill: false, dashArray: "2 3", interactive: false,
                className: "marker-uncertain"}));
            }
            m.bindTooltip(textTip(lines, true));
            m.on("click", function () { window.location.href = "/projects/" + id; });
            clusterLayer.addLayer(m);
          } else {
            var size = Math.round(24 + 7 * Math.log10(n));
            var box = document.createElement("div");  // styled through the DOM: no inline style markup (CSP)
            box.className = "cluster-icon";
            box.style.width = box.style.height = size + "px";
            box.style.background = fill;
            box.textContent = shortCount(n);
            if (approx) box.className += " cluster-approximate";  /* some of its projects sit at a unit's centre */
            if (uncertain) box.className += " cluster-uncertain";  /* some of its statuses are not confirmed */
            box.title = [approx ? approx + " / " + n + " " + data.text.approximate_count : "",
                         uncertain ? uncertain + " / " + n + " " + data.text.uncertain_count : ""].filter(Boolean).join("; ");
            var icon = L.divIcon({className: "", iconSize: [size, size], html: box});
            var marker = L.marker([lat, lon], {icon: icon, keyboard: true, title: n + " " + data.text.projects});
            marker.on("click", function () { map.setView([lat, lon], Math.min(map.getZoom() + 2, 14)); });
            clusterLayer.addLayer(marker);
          }
        });
        el.dataset.points = String(res.total);
        el.dataset.clusters = String(res.clusters.length);
      }).catch(report);
  }
  function scheduleClusters() {
    clearTimeout(clusterTimer);
    clusterTimer = setTimeout(loadClusters, 120);
  }

  /* zones: the boundary when there is one, and a marker (dashed when the place is only the
     centre of the zone's district or region) */
  function drawZones() {
    zoneLayer.clearLayers();
    var shown = 0;
    data.zones.forEach(function (z) {
      function open() { window.location.href = "/zones/" + z.id; }
      var title = data.text.zone + ": " + z.name + (z.approximate ? " (" + data.text.approximate + ")" : "");
      if (z.boundary) {
        var shape = L.geoJSON(z.boundary, {renderer: renderer, style: {weight: 2, color: "#0d3b45", dashArray: "4 3",
          fillColor: "#0d3b45", fillOpacity: 0.12}});
        shape.bindTooltip(textTip([title], true), {sticky: true});
        shape.on("click", open);
        zoneLayer.addLayer(shape);
      }
      if (z.lat == null || z.lon == null) return;
      var icon = L.divIcon({className: "zone-icon" + (z.approximate ? " approximate" : ""), iconSize: [14, 14],
        html: "<i></i>"});
      var m = L.marker([z.lat, z.lon], {icon: icon, title: title, alt: title, keyboard: true, zIndexOffset: 500});
      m.on("click", open);
      zoneLayer.addLayer(m);
      shown++;
    });
    el.dataset.zones = String(shown);
  }

  function viewParam() {
    var c = map.getCenter(), z = map.getZoom();
    return c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + (Math.round(z * 100) / 100);
  }
  /* the filters (from the form, else the current URL) and the view, into the address bar and the
     language links, so that a shared or reloaded link opens the same map */
  function syncURL(params) {
    params = params || new URLSearchParams(window.location.search);
    params.delete("view"); params.delete("lang"); params.delete("format");
    params.set("view", viewParam());
    var url = "/?" + params.toString();
    window.history.replaceState(null, "", url);
    document.querySelectorAll(".langs a").forEach(function (a) {
      a.href = url + "&lang=" + a.getAttribute("hreflang");
    });
    return url;
  }
  /* place names: the three cities of republican significance from zoom 5, cities of regional
     significance from 6, districts (at their centre) from 7.5; offline, from the shipped units */
  var placeLayer = L.layerGroup().addTo(map);
  var PLACE_ZOOM = {capital: 4.5, city: 6, district: 7.5, city_district: 9};
  function drawPlaces() {
    placeLayer.clearLayers();
    var z = map.getZoom();
    (data.places || []).forEach(function (p) {
      if (z < (PLACE_ZOOM[p.kind] || 99) || p.lat == null) return;
      var label = document.createElement("span");
      label.className = "place-label place-" + p.kind;
      label.textContent = p.name;
      placeLayer.addLayer(L.marker([p.lat, p.lon], {icon: L.divIcon({className: "place-icon", html: label,
        iconSize: null}), interactive: false, keyboard: false, zIndexOffset: -1000}));
    });
    el.dataset.places = String(placeLayer.getLayers().length);
  }
  map.on("zoomend", drawPlaces);
  var overlays = {};
  overlays[data.text.zones] = zoneLayer;
  overlays[data.text.places] = placeLayer;
  L.control.layers(null, overlays, {collapsed: false, position: "topleft"}).addTo(map);
  drawPlaces();
  map.on("zoomend", showLevel);
  map.on("moveend", scheduleClusters);
  map.on("moveend", function () { syncURL(); });
  drawZones();
  loadClusters();
  if (initialView) showLevel();  // a shared view may open zoomed in to the districts

  /* filters: fetch the page for the new URL, swap the sidebar parts, restyle the map */
  var form = document.getElementById("filters");
  var typing = null;
  function apply() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (String(value).trim() !== "") params.append(key, value); });
    var query = params.toString();
    var url = "/" + (query ? "?" + query : "");
    busy(1);
    return fetch(url, {headers: {Accept: "text/html"}}).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      ["results", "top-list"].forEach(function (id) {
        var fresh = doc.getElementById(id), old = document.getElementById(id);
        if (fresh && old) old.innerHTML = fresh.innerHTML;
      });
      form.querySelectorAll("fieldset[data-facet]").forEach(function (fs) {
        var fresh = doc.querySelector('fieldset[data-facet="' + fs.dataset.facet + '"]');
        if (fresh && !fs.contains(document.activeElement)) fs.innerHTML = fresh.innerHTML;
      });
      var table = doc.querySelector(".map-pane > .table-wrap"), oldTable = document.querySelector(".map-pane > .table-wrap");
      if (table && oldTable) oldTable.innerHTML = table.innerHTML;
      var legend = doc.querySelector(".legend-title");
      if (legend) document.querySelector(".legend-title").textContent = legend.textContent;
      data = JSON.parse(doc.getElementById("map-data").textContent);
      syncURL(params);
      if (regions) regions.setStyle(styleRegion);
      drawZones();
      showLevel();
      return loadClusters();
    }).catch(report).finally(function () { busy(-1); });
  }
  if (form) {
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("change", function (e) { if (e.target.type !== "search") apply(); });
    form.addEventListener("input", function (e) {
      if (e.target.type !== "search") return;
      clearTimeout(typing);
      typing = setTimeout(apply, 350);
    });
  }
  function report(err) { if (window.console) console.warn("map:", err && err.message ? err.message : err); }
  window.orkenMap = map;
})();
