/* The ranking page's bar chart of totals (Chart.js 4, vendored: no CDN).
   The data comes from a <script type="application/json"> block written by
   json_script: the Content-Security-Policy forbids inline scripts. Without
   JavaScript the ranking table above shows the same totals. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("ranking-chart-data");
    var canvas = document.getElementById("ranking-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.totals.length) {
      canvas.parentNode.hidden = true;
      return;
    }
    // One bar per unit, long names on the left: the box grows with the units.
    canvas.parentNode.style.height = 60 + data.totals.length * 34 + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: data.label,
            data: data.totals,
            backgroundColor: "#a3161a",
            borderRadius: 3
          }
        ]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, ticks: { font: { size: 14 } } },
          y: { ticks: { font: { size: 14 } } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
