// Facilitator dashboard: draws the group radar and refreshes the live panels by polling a JSON
// endpoint (aggregates only). No inline scripts; works under a strict Content-Security-Policy.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var seconds = parseInt(live.dataset.pollSeconds || "0", 10);
  var lastSubmitted = null;

  function drawRadar(figure) {
    var container = document.getElementById("live-radar");
    if (!container || !figure || !window.Plotly) { return; }
    window.Plotly.react(container, figure.data, figure.layout, {
      responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"],
    }).then(function () { container.dataset.rendered = "true"; });
  }

  function initial() {
    var source = document.getElementById("live-radar-data");
    drawRadar(source ? JSON.parse(source.textContent) : null);
  }

  function refresh() {
    var url = live.dataset.liveUrl + "?submitted=" + encodeURIComponent(lastSubmitted);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        document.getElementById("live-progress").innerHTML = data.progress_html;
        if (data.figures_html !== undefined) {
          document.getElementById("live-figures").innerHTML = data.figures_html;
          drawRadar(data.radar);
          lastSubmitted = data.submitted;
        }
        var stamp = document.getElementById("live-updated");
        if (stamp) { stamp.textContent = "Updated " + new Date().toLocaleTimeString(); }
        if (data.status !== "open") { window.location.reload(); return; }
        window.setTimeout(refresh, seconds * 1000);
      })
      .catch(function () {
        var stamp = document.getElementById("live-updated");
        if (stamp) { stamp.textContent = "Connection lost; retrying…"; }
        window.setTimeout(refresh, seconds * 2000);
      });
  }

  initial();
  if (seconds > 0) {
    lastSubmitted = parseInt((document.querySelector("[data-count=submitted]") || {}).textContent || "0", 10);
    window.setTimeout(refresh, seconds * 1000);
  }
})();
