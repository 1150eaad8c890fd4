/* The seizure map: province boundaries from static GeoJSON (no tile server), provinces
 * coloured by seized kg, the server's clusters, single incidents (grouped further by
 * Leaflet.markercluster) and the drug hotspots as a layer that can be switched off.
 * Loaded from /static/ because the CSP forbids inline scripts: the page passes its
 * settings in <script type="application/json" id="map-config"> and its words in data-
 * attributes of #seizure-map. Names and references are user data: always textContent. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function formatKg(kg) {
    return (Math.round(kg * 1000) / 1000).toLocaleString();
  }

  function formatDate(iso) {
    if (!iso) return "";
    var bits = iso.split("-");
    return bits[2] + "/" + bits[1] + "/" + bits[0]; // dd/mm/yyyy, as the partners write
  }

  function start() {
    var container = document.getElementById("seizure-map");
    var configNode = document.getElementById("map-config");
    if (!container || !configNode || !window.L) return;
    var config = JSON.parse(configNode.textContent);
    var words = container.dataset;
    var status = document.getElementById("map-status");
    var totals = document.getElementById("map-totals");

    var map = L.map(container, {
      center: config.center,
      zoom: config.zoom,
      minZoom: config.min_zoom,
      maxZoom: config.max_zoom,
      zoomSnap: 1,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(words.i18nAttribution);

    var colours = {}; // shape id -> fill colour
    var boundaries = {}; // edition -> L.geoJSON layer (fetched once)
    var shownEdition = null;
    var provinces = L.layerGroup().addTo(map);
    var clusters = L.layerGroup().addTo(map);
    var points = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var incidents = L.layerGroup([clusters, points]).addTo(map);
    var hotspots = L.layerGroup().addTo(map);
    var overlays = {};
    overlays[words.i18nProvinces] = provinces;
    overlays[words.i18nIncidentsLayer] = incidents;
    overlays[words.i18nHotspots] = hotspots;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      this.box = el("div", "map-legend");
      this.box.setAttribute("data-testid", "map-legend");
      return this.box;
    };
    legend.addTo(map);

    function styleProvince(feature) {
      var colour = colours[feature.properties.id];
      return {
        color: "#555",
        weight: 0.8,
        fillOpacity: colour ? 0.75 : 0.35,
        fillColor: colour || "#f2f2f2",
      };
    }

    function showBoundaries(edition) {
      if (shownEdition === edition) {
        boundaries[edition].setStyle(styleProvince);
        return;
      }
      shownEdition = edition;
      provinces.clearLayers();
      if (boundaries[edition]) {
        boundaries[edition].setStyle(styleProvince);
        provinces.addLayer(boundaries[edition]);
        return;
      }
      fetch(config.boundaries[edition], { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (geojson) {
          boundaries[edition] = L.geoJSON(geojson, {
            style: styleProvince,
            onEachFeature: function (feature, layer) {
              var p = feature.properties;
              layer.bindTooltip(function () {
                var box = el("div");
                box.appendChild(el("strong", null, p.name));
                if (p.name_en && p.name_en !== p.name) box.appendChild(el("div", null, p.name_en));
                var figures = layer.figures;
                if (figures) {
                  box.appendChild(el("div", null, figures.count + " " + words.i18nIncidents +
                    " · " + formatKg(figures.kg) + " " + words.i18nKg));
                }
                return box;
              }, { sticky: true });
            },
          });
          if (shownEdition === edition) provinces.addLayer(boundaries[edition]);
          applyFigures();
        });
    }

    var lastData = null;
    function applyFigures() {
      if (!lastData || !boundaries[lastData.edition]) return;
      var byShape = {};
      lastData.provinces.forEach(function (row) { byShape[row.shape] = row; });
      boundaries[lastData.edition].eachLayer(function (layer) {
        layer.figures = byShape[layer.feature.properties.id] || null;
      });
      boundaries[lastData.edition].setStyle(styleProvince);
    }

    function drawLegend(rows) {
      var box = legend.box;
      box.textContent = "";
      box.appendChild(el("strong", null, words.i18nProvinces));
      rows.forEach(function (row) {
        var line = el("div");
        var swatch = el("i");
        swatch.style.background = row.colour;
        line.appendChild(swatch);
        line.appendChild(document.createTextNode(formatKg(row.min) + " – " + formatKg(row.max) + " kg"));
        box.appendChild(line);
      });
      var none = el("div");
      var blank = el("i");
      blank.style.background = "#f2f2f2";
      none.appendChild(blank);
      none.appendChild(document.createTextNode(words.i18nNoSeizure));
      box.appendChild(none);
    }

    function clusterIcon(count) {
      var size = Math.round(26 + Math.min(34, Math.log(count + 1) * 6));
      return L.divIcon({
        html: "<span>" + String(count) + "</span>",
        className: "map-cluster",
        iconSize: [size, size],
      });
    }

    function pointPopup(point) {
      var box = el("div");
      box.appendChild(el("strong", null, point.ref));
      box.appendChild(el("div", null, formatDate(point.date)));
      box.appendChild(el("div", null, formatKg(point.kg) + " " + words.i18nKg));
      var link = el("a", null, words.i18nOpen);
      link.href = point.url;
      box.appendChild(link);
      return box;
    }

    function hotspotPopup(spot) {
      var box = el("div");
      var title = el(spot.url ? "a" : "strong", null, spot.name);
      if (spot.url) title.href = spot.url;
      box.appendChild(title);
      return box;
    }

    function draw(data) {
      lastData = data;
      colours = {};
      data.provinces.forEach(function (row) { if (row["class"] !== null) colours[row.shape] = row.colour; });
      showBoundaries(data.edition);
      applyFigures();
      drawLegend(data.legend);
      totals.textContent = data.totals.incidents + " " + words.i18nIncidents + " · " +
        formatKg(data.totals.kg) + " " + words.i18nKg;

      clusters.clearLayers();
      data.clusters.forEach(function (cluster) {
        var marker = L.marker([cluster.lat, cluster.lng], { icon: clusterIcon(cluster.count) });
        marker.bindTooltip(cluster.count + " " + words.i18nIncidents + " · " + formatKg(cluster.kg) + " " + words.i18nKg);
        marker.on("click", function () {
          map.setView([cluster.lat, cluster.lng], Math.min(map.getZoom() + 2, config.max_zoom));
        });
        clusters.addLayer(marker);
      });
      points.clearLayers();
      points.addLayers(data.points.map(function (point) {
        var marker = L.circleMarker([point.lat, point.lng], {
          radius: 7, color: "#fff", weight: 2, fillColor: "#bd0026", fillOpacity: 0.9,
        });
        marker.bindPopup(function () { return pointPopup(point); });
        return marker;
      }));
      hotspots.clearLayers();
      data.hotspots.forEach(function (spot) {
        var marker = L.marker([spot.lat, spot.lng], {
          icon: L.divIcon({ className: "map-hotspot", iconSize: [12, 12] }),
          title: spot.name,
        });
        marker.bindPopup(function () { return hotspotPopup(spot); });
        hotspots.addLayer(marker);
      });
      container.dataset.loaded = String(Number(container.dataset.loaded || "0") + 1);
    }

    var pending = null;
    var timer = null;
    function load() {
      var params = new URLSearchParams(config.params);
      params.set("zoom", String(map.getZoom()));
      params.set("bbox", map.getBounds().pad(0.2).toBBoxString());
      if (pending) pending.abort();
      pending = new AbortController();
      status.textContent = words.i18nLoading;
      fetch(config.data_url + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          status.textContent = "";
          draw(data);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") status.textContent = words.i18nError;
        });
    }

    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150); // one request after a burst of pans and zooms
    });
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
