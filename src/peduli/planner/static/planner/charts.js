// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID">
// (planner.charts.chartjs_config), writing numbers the Indonesian way.
(function () {
  "use strict";
  var formats = {
    percent: function (v) { return v.toLocaleString("id-ID", { maximumFractionDigits: 2 }) + "%"; },
    rupiah: function (v) {
      if (Math.abs(v) >= 1e9) { return "Rp " + (v / 1e9).toLocaleString("id-ID", { maximumFractionDigits: 1 }) + " M"; }
      if (Math.abs(v) >= 1e6) { return "Rp " + (v / 1e6).toLocaleString("id-ID", { maximumFractionDigits: 1 }) + " jt"; }
      return "Rp " + v.toLocaleString("id-ID");
    }
  };
  function draw() {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
      var write = formats[config.peduliUnit] || String;
      config.options.scales.y.ticks = { callback: function (v) { return write(v); } };
      config.options.plugins.tooltip = { callbacks: { label: function (c) { return c.dataset.label + ": " + write(c.parsed.y); } } };
      new window.Chart(canvas, config);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
