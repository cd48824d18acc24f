/* Kernfoto: draws the "Ontwikkeling" line chart with the vendored vega-embed.
   The spec is JSON in a <script type="application/json"> element named by data-kf-trend on the
   (initially hidden) figure. Without JavaScript, or if drawing fails, the figure stays hidden and
   the table with the same numbers is what everybody reads. */
(function () {
  "use strict";

  function draw(figure) {
    var specElement = document.getElementById(figure.getAttribute("data-kf-trend"));
    var target = figure.querySelector(".kf-trend-chart");
    if (!specElement || !target || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(specElement.textContent);
    } catch (error) {
      return;
    }
    figure.hidden = false; // the chart takes the width of its container, so show it first
    window.vegaEmbed(target, spec, { actions: false, renderer: "svg", mode: "vega-lite" })
      .then(function () {
        // one accessible name for the whole chart; the table below has the numbers
        target.setAttribute("role", "img");
        target.setAttribute("aria-label", target.getAttribute("data-label") || spec.description || "Grafiek");
      })
      .catch(function () {
        figure.hidden = true;
      });
  }

  function init() {
    var figures = document.querySelectorAll("[data-kf-trend]");
    for (var i = 0; i < figures.length; i += 1) {
      draw(figures[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
