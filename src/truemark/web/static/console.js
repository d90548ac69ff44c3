/* truemark console behaviour: charts (Chart.js), the review queue's keyboard, network graphs
   (cytoscape.js). Plain script, no build step; each part runs only where its markup is. */
(function () {
  "use strict";
  var PALETTE = ["#0b5cad", "#b3261e", "#146c2e", "#7a4d00", "#6639ba", "#0f766e", "#9a3412", "#4d5561"];

  function drawCharts() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.source);
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var kind = canvas.dataset.chart, names = Object.keys(data.series);
      var config = { type: "bar", data: { labels: data.labels, datasets: names.map(function (name, i) {
          return { label: name, data: data.series[name], backgroundColor: PALETTE[i], borderColor: PALETTE[i] };
        }) },
        options: { indexAxis: kind === "hbar" ? "y" : "x", plugins: { legend: { display: names.length > 1 } } } };
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
      new window.Chart(canvas, config);
    });
  }

  /* The review queue: j/k move, c confirm, r reject, x select; the decision posts with htmx. */
  function queueRows() { return Array.prototype.slice.call(document.querySelectorAll("#queue-rows tr[data-case]")); }
  function current() { return document.querySelector("#queue-rows tr.current"); }
  function move(step) {
    var rows = queueRows(); if (!rows.length) return;
    var at = rows.indexOf(current()), next = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
    rows.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-selected"); });
    next.classList.add("current"); next.setAttribute("aria-selected", "true"); next.focus();
  }
  var pendingIndex = null;
  function decide(outcome) {
    var row = current(); if (!row) return;
    pendingIndex = queueRows().indexOf(row);
    var button = row.querySelector("button[data-outcome='" + outcome + "']");
    if (button) button.click();
  }
  function onKey(event) {
    if (!document.getElementById("queue-rows")) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) return;
    var actions = { j: function () { move(1); }, k: function () { move(-1); }, c: function () { decide("confirm"); },
      r: function () { decide("reject"); }, x: function () { var row = current(); if (row) { var box = row.querySelector("input[type=checkbox]"); box.checked = !box.checked; } } };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  }
  function keepCurrent() {
    /* after a decision swaps its row, the next row becomes current */
    if (pendingIndex === null || !document.getElementById("queue-rows")) return;
    var rows = queueRows(), at = Math.min(pendingIndex + 1, rows.length - 1);
    pendingIndex = null;
    rows.forEach(function (row) { row.classList.remove("current"); row.removeAttribute("aria-selected"); });
    if (at >= 0) { rows[at].classList.add("current"); rows[at].setAttribute("aria-selected", "true"); rows[at].focus(); }
  }

  function drawGraph() {
    var box = document.getElementById("graph");
    if (!box || !window.cytoscape) return;
    fetch(box.dataset.source, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (elements) {
      var cy = window.cytoscape({ container: box, elements: elements, wheelSensitivity: 0.3,
        maxZoom: 1.6, minZoom: 0.2,
        layout: elements.filter(function (e) { return !e.data.source; }).length <= 8
          ? { name: "circle", animate: false, padding: 40 }
          : { name: "cose", animate: false, padding: 30, nodeRepulsion: 9000, idealEdgeLength: 120 },
        style: [
          { selector: "node", style: { "label": "data(label)", "font-size": 11, "background-color": "data(colour)", "color": "#1b1f24", "text-valign": "bottom", "text-margin-y": 4, "width": "data(size)", "height": "data(size)", "border-width": 2, "border-color": "#1b1f24" } },
          { selector: "edge", style: { "label": "data(label)", "font-size": 9, "color": "#4d5561", "width": "data(width)", "line-color": "#8c959f", "curve-style": "bezier", "text-rotation": "autorotate", "text-background-color": "#fbfcfd", "text-background-opacity": 1 } },
          { selector: ":selected", style: { "border-color": "#f59e0b", "border-width": 4, "line-color": "#f59e0b" } }
        ] });
      cy.on("tap", "node", function (event) { var target = document.getElementById("member-" + event.target.id()); if (target) { target.scrollIntoView({ block: "center" }); target.focus(); } });
      window.addEventListener("resize", function () { cy.resize(); cy.fit(undefined, 30); });
      box.dataset.ready = String(cy.nodes().length);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(); drawGraph(); if (document.getElementById("queue-rows")) move(0); });
  document.addEventListener("keydown", onKey);
  document.addEventListener("htmx:afterSettle", keepCurrent);
  document.addEventListener("htmx:responseError", function (event) {
    /* a refused decision (already decided, not allowed) is said, not swallowed */
    var page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    var said = page.querySelector("main .card p"), box = document.getElementById("live-message");
    if (box) { box.textContent = said ? said.textContent : "The action failed (" + event.detail.xhr.status + ")."; box.hidden = false; }
    pendingIndex = null;
  });
})();
