/* The floor plan's tools: zoom (buttons, wheel), pan (drag), and a search that finds a booth
   by its code or an exhibitor by name, plus "free booths only". It changes only the SVG's
   viewBox and classes (no inline style, under the CSP). Without script the plan is the
   whole drawing, and the list of free booths below it still books. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.querySelector("svg.floorplan");
    var tools = document.querySelector(".plan-tools");
    if (!svg || !tools) return;
    tools.hidden = false;
    var box = svg.viewBox.baseVal;
    var full = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: full.x, y: full.y, w: full.w, h: full.h };
    var status = tools.querySelector(".plan-tools__status");

    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      svg.classList.toggle("is-zoomed", view.w < full.w);  // then a drag pans the plan, not the page
    }

    function zoomTo(width, cx, cy) {
      var w = Math.max(full.w / 12, Math.min(full.w, width));
      var h = w * full.h / full.w;
      view.w = w;
      view.h = h;
      view.x = Math.max(full.x, Math.min(full.x + full.w - w, cx - w / 2));
      view.y = Math.max(full.y, Math.min(full.y + full.h - h, cy - h / 2));
      apply();
    }

    function centre() {
      return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    }

    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) return;
      var c = centre();
      if (button.dataset.zoom === "in") zoomTo(view.w / 1.6, c.x, c.y);
      else if (button.dataset.zoom === "out") zoomTo(view.w * 1.6, c.x, c.y);
      else zoomTo(full.w, full.x + full.w / 2, full.y + full.h / 2);
    });

    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;  // plain wheel scrolls the page
      event.preventDefault();
      var c = centre();
      zoomTo(event.deltaY < 0 ? view.w / 1.25 : view.w * 1.25, c.x, c.y);
    }, { passive: false });

    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (view.w >= full.w) return;
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var scale = view.w / svg.getBoundingClientRect().width;
      var dx = (event.clientX - drag.x) * scale;
      var dy = (event.clientY - drag.y) * scale;
      if (Math.abs(dx) + Math.abs(dy) > scale * 4) drag.moved = true;
      view.x = Math.max(full.x, Math.min(full.x + full.w - view.w, drag.vx - dx));
      view.y = Math.max(full.y, Math.min(full.y + full.h - view.h, drag.vy - dy));
      apply();
    });
    svg.addEventListener("click", function (event) {
      if (drag && drag.moved) event.preventDefault();  // a drag is not a click on a booth
      drag = null;
    }, true);
    window.addEventListener("pointerup", function () {
      if (drag && !drag.moved) drag = null;
    });

    var booths = Array.prototype.slice.call(svg.querySelectorAll("a.booth"));
    var search = tools.querySelector("#plan-search");
    var freeOnly = tools.querySelector("#plan-free");

    function filter() {
      var text = search.value.trim().toLowerCase();
      var found = [];
      booths.forEach(function (booth) {
        var title = booth.querySelector("title");
        var words = (booth.dataset.code + " " + (title ? title.textContent : "")).toLowerCase();
        var match = text !== "" && words.indexOf(text) !== -1;
        var shown = (!freeOnly.checked || booth.dataset.state === "free") && (text === "" || match);
        booth.classList.toggle("is-match", match);
        booth.classList.toggle("is-dim", !shown);
        if (match) found.push(booth);
      });
      if (text === "") {
        status.textContent = "";
        return;
      }
      status.textContent = (found.length ? tools.dataset.found : tools.dataset.none).replace("{n}", found.length);
      if (found.length) {
        var rect = found[0].querySelector("rect");
        var b = rect.getBBox();
        zoomTo(Math.min(full.w, Math.max(b.width * 8, full.w / 4)), b.x + b.width / 2, b.y + b.height / 2);
      }
    }

    search.addEventListener("input", filter);
    freeOnly.addEventListener("change", filter);
  });
})();
