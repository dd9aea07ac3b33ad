/* Peduli dashboards: draws the charts (Chart.js) and the map (Leaflet, no
   tiles: offices run on closed intranets, so only the outlines are drawn) from
   the JSON the page embeds as #dashboard-data. Every chart has a table or
   figures beside it, so nothing is told by the picture alone. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);

  var count = new Intl.NumberFormat("id-ID");
  var pct = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var PEDULI = "#1f5f8b";
  var TARGET = "#b03a2e";
  // Sequential blues (ColorBrewer), light = low coverage; legible for colour-blind readers.
  var CLASSES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  // Okabe–Ito, distinguishable by colour-blind readers.
  var CATEGORIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.color = "#495057";
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

  var charts = [];
  var maps = [];

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML;
  }

  function percentText(value) {
    return value === null || value === undefined ? "–" : pct.format(value) + "%";
  }

  // Trend ----------------------------------------------------------------------

  /* Horizontal reference lines for the targets, labelled, so a target outside
     the years shown (2045 while showing up to 2029) is still marked. */
  var targetLines = {
    id: "targetLines",
    afterDatasetsDraw: function (chart) {
      var targets = (data.trend && data.trend.targets) || [];
      var area = chart.chartArea;
      var y = chart.scales.y;
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "600 11px " + Chart.defaults.font.family;
      ctx.fillStyle = TARGET;
      ctx.strokeStyle = TARGET;
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      targets.forEach(function (t) {
        var top = y.getPixelForValue(t.y);
        if (top < area.top || top > area.bottom) return;
        ctx.beginPath();
        ctx.moveTo(area.left, top);
        ctx.lineTo(area.right, top);
        ctx.stroke();
        // Written at the left, clear of the target's marker at the right.
        ctx.textAlign = "left";
        ctx.fillText("Target " + t.year + ": " + pct.format(t.y) + "%", area.left + 6, top - 4);
      });
      ctx.restore();
    },
  };

  function trendChart(canvas) {
    var trend = data.trend;
    var years = function (until) {
      var visible = trend.targets.filter(function (t) { return t.year <= until; });
      var highest = Math.max.apply(null, [10].concat(
        visible.map(function (t) { return t.y; }),
        trend.coverage.map(function (p) { return p.y; })
      ));
      return { max: until + 1, yMax: Math.ceil((highest + 5) / 10) * 10 };
    };
    var range = years(2029);
    var chart = new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: "Cakupan (%)", data: trend.coverage, borderColor: PEDULI, backgroundColor: "rgba(31,95,139,.12)",
            fill: "origin", pointRadius: 0, pointHitRadius: 6, borderWidth: 2, tension: 0.2,
          },
          {
            label: "Lintasan target (%)", data: trend.trajectory, borderColor: TARGET, borderDash: [6, 4],
            pointRadius: 0, pointHitRadius: 6, borderWidth: 2, fill: false,
          },
          {
            type: "scatter", label: "Target", data: trend.targets, pointStyle: "rectRot", pointRadius: 7,
            pointHoverRadius: 9, backgroundColor: TARGET, borderColor: "#fff", borderWidth: 1,
          },
        ],
      },
      options: {
        parsing: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: {
            type: "linear", min: trend.first_year, max: range.max,
            ticks: { stepSize: 1, callback: function (v) { return Number.isInteger(v) ? String(v) : ""; }, maxRotation: 0, autoSkip: true },
            grid: { color: "#eef0f2" },
          },
          y: {
            min: 0, max: range.yMax,
            title: { display: true, text: "% pekerja informal" },
            ticks: { callback: function (v) { return count.format(v) + "%"; } },
            grid: { color: "#eef0f2" },
          },
        },
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true, boxWidth: 8 } },
          tooltip: {
            callbacks: {
              title: function (items) {
                var raw = items[0].raw;
                return raw.label || (raw.year ? "Akhir " + raw.year : "");
              },
              label: function (item) {
                var raw = item.raw;
                var text = item.dataset.label.replace(" (%)", "") + ": " + percentText(raw.y);
                return raw.source ? text + " (" + raw.source + ")" : text;
              },
            },
          },
        },
      },
      plugins: [targetLines],
    });
    document.querySelectorAll("[data-trend-until]").forEach(function (button) {
      button.addEventListener("click", function () {
        var r = years(Number(button.dataset.trendUntil));
        chart.options.scales.x.max = r.max;
        chart.options.scales.y.max = r.yMax;
        chart.update();
        document.querySelectorAll("[data-trend-until]").forEach(function (other) {
          other.classList.toggle("active", other === button);
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
      });
    });
    return chart;
  }

  // A short series shows its points: a single month would otherwise draw nothing.
  function dots(series) {
    return series.length < 24 ? 3 : 0;
  }

  function agencyTrendChart(canvas) {
    var trend = data.trend;
    var lastYear = trend.protected.length ? Math.ceil(trend.protected[trend.protected.length - 1].x) : trend.first_year + 1;
    return new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: "Pekerja dibiayai ASN", data: trend.covered_by_civil_servants, borderColor: PEDULI,
            backgroundColor: "rgba(31,95,139,.12)", fill: "origin", pointRadius: dots(trend.covered_by_civil_servants),
            pointHitRadius: 6, yAxisID: "y",
          },
          {
            label: "Partisipasi ASN (%)", data: trend.participation, borderColor: "#E69F00", borderDash: [4, 3],
            backgroundColor: "#E69F00", pointRadius: dots(trend.participation), pointHitRadius: 6, yAxisID: "y1",
          },
        ],
      },
      options: {
        parsing: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: {
            type: "linear", min: trend.first_year, max: lastYear,
            ticks: { stepSize: 1, callback: function (v) { return Number.isInteger(v) ? String(v) : ""; }, maxRotation: 0 },
          },
          y: { beginAtZero: true, title: { display: true, text: "pekerja" }, ticks: { callback: function (v) { return count.format(v); } } },
          y1: {
            beginAtZero: true, position: "right", grid: { drawOnChartArea: false },
            title: { display: true, text: "%" }, ticks: { callback: function (v) { return count.format(v) + "%"; } },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) { return items[0].raw.label; },
              label: function (item) {
                return item.dataset.yAxisID === "y1"
                  ? "Partisipasi ASN: " + percentText(item.raw.y)
                  : item.dataset.label + ": " + count.format(item.raw.y);
              },
            },
          },
        },
      },
    });
  }

  // Places: ranked bars and the map share one colour scale ---------------------

  var places = data.places || { places: [], metric: "count" };
  var highest = Math.max.apply(null, [0].concat(places.places.map(function (p) { return p.value || 0; })));
  var step = highest > 0 ? highest / CLASSES.length : 1;

  function classOf(value) {
    if (value === null || value === undefined) return -1;
    return Math.min(CLASSES.length - 1, Math.floor(value / step));
  }

  var NO_DATA = "#dee2e6";

  function colourOf(value) {
    var index = classOf(value);
    return index < 0 ? NO_DATA : CLASSES[index];
  }

  function valueText(place) {
    if (places.metric === "percent") {
      return percentText(place.pct) + " (" + count.format(place.protected) + " dari " +
        (place.informal === null ? "–" : count.format(place.informal)) + ")";
    }
    return count.format(place.protected) + " pekerja terlindungi";
  }

  function linkOf(place) {
    if (!places.link) return null;
    var month = new URLSearchParams(window.location.search).get("bulan");
    return places.link.replace("CODE", place.code) + (month ? "?bulan=" + encodeURIComponent(month) : "");
  }

  function placesChart(canvas) {
    var rows = places.places;
    canvas.parentElement.style.height = Math.max(160, rows.length * 22 + 60) + "px";
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (p) { return p.name; }),
        datasets: [{
          label: places.metric === "percent" ? "Cakupan (%)" : "Pekerja terlindungi",
          data: rows.map(function (p) { return p.value; }),
          backgroundColor: rows.map(function (p) { return colourOf(p.value); }),
          borderColor: "#3182bd", borderWidth: 1, barPercentage: 0.85, categoryPercentage: 0.9,
        }],
      },
      options: {
        indexAxis: "y",
        scales: {
          x: {
            beginAtZero: true,
            title: { display: true, text: places.metric === "percent" ? "% pekerja informal terlindungi" : "pekerja terlindungi" },
            ticks: { callback: function (v) { return count.format(v) + (places.metric === "percent" ? "%" : ""); } },
          },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return valueText(rows[item.dataIndex]); } } },
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && places.link ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var href = linkOf(rows[elements[0].index]);
          if (href) window.location.href = href;
        },
      },
    });
  }

  function placesMap(element) {
    var byCode = {};
    places.places.forEach(function (p) { byCode[p.code] = p; });
    // No tiles and no attribution to a tile server: only the outlines.
    var map = L.map(element, { attributionControl: false, scrollWheelZoom: false, zoomSnap: 0.25 });
    var layer = L.geoJSON(data.boundaries, {
      style: function (feature) {
        var place = byCode[feature.properties.code];
        return { color: "#495057", weight: 1, fillOpacity: 0.85, fillColor: colourOf(place ? place.value : null) };
      },
      onEachFeature: function (feature, shape) {
        var place = byCode[feature.properties.code];
        shape.bindTooltip(
          "<strong>" + escapeHtml(feature.properties.name) + "</strong>" + (place ? "<br>" + valueText(place) : ""),
          { sticky: true }
        );
        shape.on("mouseover", function () { shape.setStyle({ weight: 3, color: "#212529" }); shape.bringToFront(); });
        shape.on("mouseout", function () { layer.resetStyle(shape); });
        var href = place ? linkOf(place) : null;
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
      var unit = places.metric === "percent" ? "%" : "";
      var lines = ["<strong>" + (places.metric === "percent" ? "Cakupan" : "Terlindungi") + "</strong>"];
      CLASSES.forEach(function (colour, i) {
        var low = step * i;
        var high = i === CLASSES.length - 1 ? highest : step * (i + 1);
        var format = places.metric === "percent" ? pct : count;
        lines.push('<i style="background:' + colour + '"></i>' + format.format(low) + "–" + format.format(high) + unit);
      });
      if (places.places.some(function (p) { return p.value === null; })) {
        lines.push('<i style="background:' + NO_DATA + '"></i>tanpa data');
      }
      box.innerHTML = lines.join("<br>");
      return box;
    };
    legend.addTo(map);
    return map;
  }

  // Funding mix ----------------------------------------------------------------

  function fundingChart(canvas) {
    var rows = data.funding;
    return new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: rows.map(function (s) { return s.label; }),
        datasets: [{
          data: rows.map(function (s) { return s.workers; }),
          backgroundColor: rows.map(function (s, i) { return CATEGORIES[i % CATEGORIES.length]; }),
          borderColor: "#fff", borderWidth: 2,
        }],
      },
      options: {
        cutout: "55%",
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, font: { size: 11 } } },
          tooltip: { callbacks: { label: function (item) { return item.label + ": " + count.format(item.raw) + " pekerja"; } } },
        },
      },
    });
  }

  // Wiring ---------------------------------------------------------------------

  var drawers = {
    "trend-chart": trendChart,
    "agency-trend-chart": agencyTrendChart,
    "places-chart": placesChart,
    "funding-chart": fundingChart,
  };
  Object.keys(drawers).forEach(function (id) {
    var canvas = document.getElementById(id);
    if (canvas) charts.push(drawers[id](canvas));
  });
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
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Charts and maps size themselves to the paper when printing.
  function resizeAll() {
    charts.forEach(function (chart) { chart.resize(); });
    maps.forEach(function (entry) { entry.map.invalidateSize(); entry.map.fitBounds(entry.bounds, entry.fit); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);
})();
