/* Seizure statistics: draws the chart beside the table from the JSON the page renders
 * (json_script, id "stats-chart-data"); loaded from /static/ because the CSP forbids
 * inline scripts. Without JavaScript the table and the exports work the same. */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997",
    "#d63384", "#ffc107", "#0dcaf0", "#6c757d", "#6610f2", "#adb5bd", "#343a40"];

  function draw() {
    var canvas = document.getElementById("stats-chart");
    var source = document.getElementById("stats-chart-data");
    if (!canvas || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var line = data.kind === "line";
    var datasets = data.datasets.map(function (series, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: series.label,
        data: series.data,
        backgroundColor: colour,
        borderColor: colour,
        fill: false
      };
    });
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 || !!(datasets[0] && datasets[0].label) } },
        scales: {
          x: { stacked: !!data.stacked },
          y: { stacked: !!data.stacked, beginAtZero: true }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
