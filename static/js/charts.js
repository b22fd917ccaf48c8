// Draws every Plotly figure on the page from its JSON, embedded as <script type="application/json">.
// No inline scripts: the page works under a strict Content-Security-Policy.
(function () {
  "use strict";
  function draw(container) {
    var source = document.getElementById(container.dataset.figure);
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(container, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d"],
    }).then(function () { container.dataset.rendered = "true"; });
  }
  function drawAll() {
    document.querySelectorAll("[data-figure]").forEach(draw);
  }
  window.vnaCharts = { draw: draw, drawAll: drawAll };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
