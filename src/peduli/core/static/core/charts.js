/* Draws every <canvas data-chart="ID"> from the Chart.js configuration in
   <script id="ID"> (core.charts.chartjs): the server decides what a chart
   shows; this writes its numbers the Indonesian way (as core.formatting
   does), draws its reference lines, switches its year span and follows a
   click on a bar. */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") return;
  var Chart = window.Chart;

  function fixed(value, decimals) {
    return value.toLocaleString("id-ID", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  // The same words as core.formatting: 1.234, 51,64%, Rp 1,5 M, Rp 15 jt.
  var WRITE = {
    count: function (v) { return fixed(v, 0); },
    percent: function (v) { return fixed(v, 2) + "%"; },
    rupiah: function (v) {
      if (Math.abs(v) >= 1e9) return "Rp " + fixed(v / 1e9, 1) + " M";
      if (Math.abs(v) >= 1e6) return "Rp " + fixed(v / 1e6, 0) + " jt";
      return "Rp " + fixed(v, 0);
    },
    year: function (v) { return Number.isInteger(v) ? String(v) : ""; },
  };
  // An axis's ticks drop the decimals a round tick does not need.
  var TICK = {
    count: WRITE.count,
    percent: function (v) { return v.toLocaleString("id-ID", { maximumFractionDigits: 2 }) + "%"; },
    rupiah: WRITE.rupiah,
    year: WRITE.year,
  };

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.color = "#495057";
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

  /* Horizontal reference lines (a target), labelled at the left, so a target
     beyond the years shown is still marked. */
  var referenceLines = {
    id: "peduliReferences",
    afterDatasetsDraw: function (chart, args, options) {
      var lines = options.lines || [];
      if (!lines.length) return;
      var area = chart.chartArea;
      var y = chart.scales.y;
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "600 11px " + Chart.defaults.font.family;
      ctx.fillStyle = ctx.strokeStyle = "#b00020";
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      lines.forEach(function (line) {
        var top = y.getPixelForValue(line.y);
        if (top < area.top || top > area.bottom) return;
        ctx.beginPath();
        ctx.moveTo(area.left, top);
        ctx.lineTo(area.right, top);
        ctx.stroke();
        ctx.textAlign = "left";
        ctx.fillText(line.text, area.left + 6, top - 4);
      });
      ctx.restore();
    },
  };

  function unitOf(config, axis) {
    return (config.peduliUnits || {})[axis] || "count";
  }

  // Only the axes with a unit carry numbers; a category axis's ticks are its labels.
  function writeAxes(config) {
    var scales = (config.options && config.options.scales) || {};
    Object.keys(config.peduliUnits || {}).forEach(function (axis) {
      var tick = TICK[config.peduliUnits[axis]];
      if (!scales[axis] || !tick) return;
      scales[axis].ticks = Object.assign({}, scales[axis].ticks, { callback: function (v) { return tick(v); } });
    });
  }

  function tooltips(config) {
    var callbacks = {};
    if (config.type === "doughnut") {
      var word = config.peduliValueWord || "";
      callbacks.label = function (item) { return item.label + ": " + WRITE.count(item.raw) + " " + word; };
    } else if (config.peduliNotes) {
      callbacks.label = function (item) { return config.peduliNotes[item.dataIndex]; };
    } else if (config.options.parsing === false) {
      callbacks.title = function (items) { return items[0].raw.label; };
      callbacks.label = function (item) {
        var write = WRITE[unitOf(config, item.dataset.yAxisID)] || String;
        var text = item.dataset.label + ": " + write(item.raw.y);
        return item.raw.note ? text + " (" + item.raw.note + ")" : text;
      };
    } else {
      var write = WRITE[unitOf(config, "y")] || String;
      callbacks.label = function (item) { return item.dataset.label + ": " + write(item.parsed.y); };
    }
    config.options.plugins = Object.assign({}, config.options.plugins, { tooltip: { callbacks: callbacks } });
  }

  function links(config) {
    var hrefs = config.peduliLinks || [];
    if (!hrefs.some(Boolean)) return;
    config.options.onHover = function (event, elements) {
      event.native.target.style.cursor = elements.length && hrefs[elements[0].index] ? "pointer" : "default";
    };
    config.options.onClick = function (event, elements) {
      var href = elements.length && hrefs[elements[0].index];
      if (href) window.location.href = href;
    };
  }

  function spans(canvas, chart, ranges) {
    var buttons = document.querySelectorAll('[data-chart-range="' + canvas.id + '"]');
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var range = ranges.filter(function (r) { return String(r.until) === button.dataset.until; })[0];
        if (!range) return;
        chart.options.scales.x.max = range.xMax;
        if (range.yMax !== null) chart.options.scales.y.max = range.yMax;
        chart.update();
        buttons.forEach(function (other) {
          other.classList.toggle("active", other === button);
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
      });
    });
  }

  function draw(canvas) {
    var config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    writeAxes(config);
    tooltips(config);
    links(config);
    config.plugins = [referenceLines];
    config.options.plugins.peduliReferences = { lines: config.peduliReferences || [] };
    // A ranking is as tall as its rows.
    if (config.peduliRowHeight) {
      canvas.parentElement.style.height = Math.max(160, config.data.labels.length * config.peduliRowHeight + 60) + "px";
    }
    var chart = new Chart(canvas, config);
    spans(canvas, chart, config.peduliRanges || []);
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();

  // Charts size themselves to the paper when printing.
  function resizeAll() {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);
})();
