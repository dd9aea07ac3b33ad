/* Peduli dashboards: the map (Leaflet, no tiles: offices run on closed
   intranets, so only the outlines are drawn) from the JSON the page embeds
   as #dashboard-data, coloured on the scale the ranking beside it uses; the
   charts are drawn by core/charts.js. Every chart and map has a table or
   figures beside it, so nothing is told by the picture alone. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var places = data.places || { places: [], legend: [] };
  var maps = [];

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML;
  }

  function placesMap(element) {
    var byCode = {};
    places.places.forEach(function (p) { byCode[p.code] = p; });
    // No tiles and no attribution to a tile server: only the outlines.
    var map = L.map(element, { attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(data.boundaries, {
      style: function (feature) {
        var place = byCode[feature.properties.code];
        return { color: "#495057", weight: 1, fillOpacity: 0.85, fillColor: place ? place.colour : "#dee2e6" };
      },
      onEachFeature: function (feature, shape) {
        var place = byCode[feature.properties.code];
        shape.bindTooltip(
          "<strong>" + escapeHtml(feature.properties.name) + "</strong>" + (place ? "<br>" + escapeHtml(place.note) : ""),
          { sticky: true }
        );
        shape.on("mouseover", function () { shape.setStyle({ weight: 3, color: "#212529" }); shape.bringToFront(); });
        shape.on("mouseout", function () { layer.resetStyle(shape); });
        var href = place ? place.link : "";
        if (href) shape.on("click", function () { window.location.href = href; });
      },
    }).addTo(map);
    // Room at the lower right for the legend.
    var fit = places.places.length ? { paddingTopLeft: [8, 8], paddingBottomRight: [110, 8] } : { padding: [8, 8] };
    map.fitBounds(layer.getBounds(), fit);
    maps.push({ map: map, bounds: layer.getBounds(), fit: fit });
    if (!places.places.length) return map;

    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      var lines = ["<strong>" + escapeHtml(places.legend_title) + "</strong>"];
      places.legend.forEach(function (entry) {
        lines.push('<i style="background:' + entry.colour + '"></i>' + escapeHtml(entry.text));
      });
      box.innerHTML = lines.join("<br>");
      return box;
    };
    legend.addTo(map);
    return map;
  }

  // Wiring ---------------------------------------------------------------------

  var mapElement = document.getElementById("places-map");
  if (mapElement && data.boundaries && typeof L !== "undefined") placesMap(mapElement);

  // The district picker goes straight to the district's page when JavaScript runs.
  document.querySelectorAll("select[data-navigate]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (!select.value) return;
      var month = document.getElementById("bulan");
      window.location.href = select.dataset.navigate.replace("CODE", select.value) +
        (month && month.value ? "?bulan=" + encodeURIComponent(month.value) : "");
    });
  });

  // Maps size themselves to the paper when printing.
  function resizeAll() {
    maps.forEach(function (entry) { entry.map.invalidateSize(); entry.map.fitBounds(entry.bounds, entry.fit); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);
})();
