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
    // The legend is the map's sibling, not a Leaflet control: the style sheet
    // lays it over the lower right of a wide map and below the map on a
    // phone, where over the map it would hide the eastern districts.
    var legend = places.places.length ? mapLegend(element) : null;
    var entry = { map: map, bounds: layer.getBounds(), legend: legend };
    maps.push(entry);
    fitMap(entry);
    return map;
  }

  function mapLegend(element) {
    var box = document.createElement("div");
    box.className = "map-legend";
    var lines = ["<strong>" + escapeHtml(places.legend_title) + "</strong>"];
    places.legend.forEach(function (entry) {
      // The colour comes from the server's scale (a hex code), the text is escaped.
      lines.push('<span class="map-legend-entry"><i data-colour="' + escapeHtml(entry.colour) + '"></i>' +
        escapeHtml(entry.text) + "</span>");
    });
    box.innerHTML = lines.join(" ");
    // Set through the DOM, not a style attribute, so the page's CSP has nothing inline to allow.
    box.querySelectorAll("i[data-colour]").forEach(function (swatch) { swatch.style.background = swatch.dataset.colour; });
    element.insertAdjacentElement("afterend", box);
    return box;
  }

  // Room beside an overlaid legend, so no outline lies under it.
  function fitMap(entry) {
    var overlaid = entry.legend && window.getComputedStyle(entry.legend).position === "absolute";
    var right = overlaid ? entry.legend.offsetWidth + 16 : 8;
    var size = entry.map.getSize();
    // A map laid out too small for the room (hidden, or mid-way through a
    // print's reflow) keeps its view: fitting it would compute no zoom.
    if (size.x - right - 8 < 40 || size.y < 56) return;
    entry.map.fitBounds(entry.bounds, { paddingTopLeft: [8, 8], paddingBottomRight: [right, 8] });
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

  // Maps size themselves to the paper when printing, and to a turned phone.
  function resizeAll() {
    maps.forEach(function (entry) { entry.map.invalidateSize(); fitMap(entry); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);
  window.matchMedia("(max-width: 575.98px)").addEventListener("change", resizeAll);
})();
