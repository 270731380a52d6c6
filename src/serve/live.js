// baton serve: live reload. Served pages only; `baton build` output never includes this file.
//
// Listens for rebuilds over server-sent events and reloads this page only when the rebuild
// changed it (or changed a stylesheet or static file), keeping the scroll position. While the
// last change does not build, shows its errors over the page; removes them once it builds.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  var here = location.pathname.replace(/^\//, "").replace(/index\.html$/, "");
  var scrollKey = "baton-scroll:" + here;

  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      window.scrollTo(0, Number(saved) || 0);
    }
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function showErrors(report) {
    var overlay = document.getElementById("baton-overlay");
    if (!report) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "baton-overlay";
      overlay.setAttribute("role", "alert");
      var box = document.createElement("div");
      box.className = "baton-overlay-box";
      var title = document.createElement("p");
      title.className = "baton-overlay-title";
      title.textContent = "The last change does not build. You are seeing the last good version.";
      box.appendChild(title);
      box.appendChild(document.createElement("pre"));
      overlay.appendChild(box);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = report;
  }

  // A rebuild may have landed between loading this page and connecting: ask once on connect.
  function checkStale() {
    fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
      var now = response.headers.get("x-baton-version");
      if (version !== null && now !== null && now !== version) reload();
    }).catch(function () {});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restoreScroll);
  } else {
    restoreScroll();
  }

  // Naming the page lets the server render it first after a change.
  var events = new EventSource("/__baton/events?page=" + encodeURIComponent(here));
  events.addEventListener("open", checkStale);
  events.addEventListener("rebuild", function (message) {
    var rebuild = JSON.parse(message.data);
    showErrors(rebuild.errors);
    if (rebuild.reload_all || rebuild.changed.indexOf(here) !== -1) reload();
  });
})();
