/* The province overview's two charts (Chart.js 4, vendored: no CDN). The data comes
   from <script type="application/json"> blocks written by json_script: the
   Content-Security-Policy forbids inline scripts. The tables on the page hold the
   same figures. */
(function () {
  "use strict";

  var COLOURS = ["#a3161a", "#0b4f8a", "#1d6b3a", "#8a5a00", "#5a2d82", "#00707a", "#7a4a00", "#444"];

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function documents() {
    var data = read("documents-chart-data");
    var canvas = document.getElementById("documents-chart");
    if (!data || !canvas) {
      return;
    }
    if (!data.labels.length) {
      canvas.parentNode.hidden = true;
      return;
    }
    canvas.parentNode.style.height = 80 + data.labels.length * 34 + "px";
    var colours = { on_time: "#1d6b3a", late: "#c98a00", missing: "#a3161a" };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: ["on_time", "late", "missing"].map(function (key) {
          return { label: data.names[key], data: data.series[key], backgroundColor: colours[key] };
        })
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 14 } } },
          y: { stacked: true, ticks: { font: { size: 14 } } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function results() {
    var data = read("results-chart-data");
    var canvas = document.getElementById("results-chart");
    if (!data || !canvas) {
      return;
    }
    if (!data.series.length) {
      canvas.parentNode.hidden = true;
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.models, backgroundColor: COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { title: { display: true, text: data.title } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0, font: { size: 14 } } } }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    documents();
    results();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
