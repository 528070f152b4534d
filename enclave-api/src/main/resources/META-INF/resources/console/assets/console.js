// The console's one script (progressive enhancement: every page works without it). It shows each
// <time datetime="..."> in the reader's own time zone (the page's text is UTC), and tells forms
// with local times which zone they are in.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short"
  });
  function localize(root) {
    root.querySelectorAll("time[datetime]").forEach(function (t) {
      var when = new Date(t.getAttribute("datetime"));
      if (!isNaN(when.getTime()) && !t.hasAttribute("data-local")) {
        t.setAttribute("title", t.textContent.trim() + " (UTC)");
        t.textContent = format.format(when);
        t.setAttribute("data-local", "");
      }
    });
  }
  // A form's local times are read in the zone its hidden input.time-zone names (else UTC).
  function zone(root) {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    root.querySelectorAll("input.time-zone").forEach(function (i) { if (tz) { i.value = tz; } });
  }
  document.addEventListener("DOMContentLoaded", function () { localize(document); zone(document); });
})();
